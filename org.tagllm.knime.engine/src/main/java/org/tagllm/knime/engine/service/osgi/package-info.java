/** OSGi wiring of the engine service: a Declarative Services component; nothing else in the engine imports OSGi. */
package org.tagllm.knime.engine.service.osgi;
