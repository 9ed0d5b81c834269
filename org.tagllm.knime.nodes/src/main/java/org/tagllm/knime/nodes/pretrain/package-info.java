/** The Domain Tag Pretrain node (stage 1): a domain tag learned from one text, SMILES or sequence column. */
package org.tagllm.knime.nodes.pretrain;
