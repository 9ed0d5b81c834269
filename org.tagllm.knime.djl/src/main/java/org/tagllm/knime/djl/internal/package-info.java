/**
 * The DJL wrapper bundle's activator: registers DJL's PyTorch engine by hand, since {@code ServiceLoader} sees nothing
 * inside OSGi.
 */
package org.tagllm.knime.djl.internal;
