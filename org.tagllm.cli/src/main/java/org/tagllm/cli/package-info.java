/**
 * The {@code tagllm} command line: picocli commands that parse options, call the engine and print what it returns
 * (tables, CSV and JSON files, plots). Bad input is one line and exit 1, usage errors exit 2.
 */
package org.tagllm.cli;
