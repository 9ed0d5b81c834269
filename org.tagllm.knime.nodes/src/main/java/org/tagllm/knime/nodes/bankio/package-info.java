/**
 * Tag Model Reader and Tag Model Writer: the command line's bank folders ({@code bank.json},
 * {@code bank.safetensors}) into a tag-model port and out of one, byte for byte, at portable locations.
 */
package org.tagllm.knime.nodes.bankio;
