/**
 * The Tag Composer node: one tag model from several, the function tag and head from one port and the domain tags its
 * task needs from the others (pairings never trained together allowed: zero-shot).
 */
package org.tagllm.knime.nodes.compose;
