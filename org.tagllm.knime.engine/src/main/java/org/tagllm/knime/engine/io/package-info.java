/**
 * Output that survives a failure: atomic file writes, staged folders renamed into place, a per-output lock that names
 * the run holding it, and a preflight that refuses an unwritable output before a long run starts.
 */
package org.tagllm.knime.engine.io;
