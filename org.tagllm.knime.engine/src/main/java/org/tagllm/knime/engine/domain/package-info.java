/**
 * The applicability domain of a trained function tag: is a new row like the rows it learned from? Two measures, both
 * against the training rows: the Tanimoto similarity of CDK ECFP4 fingerprints to the nearest training molecule
 * (SMILES inputs), and the distance of the row's readout hidden state to its k nearest training readouts, as a
 * percentile of the training rows' own k-nearest-neighbour distances (every input kind). A row is flagged outside the
 * domain when its percentile passes a threshold chosen on the validation rows.
 */
package org.tagllm.knime.engine.domain;
