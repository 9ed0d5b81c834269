package org.tagllm.knime.engine.method;

import org.tagllm.knime.engine.chem.InvalidMoleculeException;
import org.tagllm.knime.engine.chem.MoleculeOptions;
import org.tagllm.knime.engine.chem.MoleculeStandardizer;
import org.tagllm.knime.engine.data.ColumnKind;
import org.tagllm.knime.engine.data.InvalidValueException;
import org.tagllm.knime.engine.data.NormalizerRegistry;
import org.tagllm.knime.engine.protein.InvalidSequenceException;
import org.tagllm.knime.engine.protein.ProteinOptions;
import org.tagllm.knime.engine.protein.ProteinSequences;

/** The data layer's checks for molecules (CDK) and proteins, wired into its normaliser registry. */
public final class InputNormalizers {

    private InputNormalizers() {}

    /** SMILES parsed by CDK and kept as written; protein sequences of the 20 standard residues. */
    public static NormalizerRegistry standard() {
        return with(MoleculeOptions.asGiven(), ProteinOptions.standard());
    }

    public static NormalizerRegistry with(MoleculeOptions molecules, ProteinOptions proteins) {
        // CDK's parser is not thread-safe: one standardiser per thread.
        ThreadLocal<MoleculeStandardizer> standardizer = ThreadLocal.withInitial(
                () -> new MoleculeStandardizer(molecules));
        return NormalizerRegistry.defaults()
                .with(ColumnKind.SMILES, value -> {
                    try {
                        return standardizer.get().standardize(value);
                    } catch (InvalidMoleculeException e) {
                        throw new InvalidValueException("invalid SMILES", e.reason(), e);
                    }
                })
                .with(ColumnKind.PROTEIN, value -> {
                    try {
                        return ProteinSequences.normalize(value, proteins);
                    } catch (InvalidSequenceException e) {
                        throw new InvalidValueException("invalid protein sequence", e.getMessage(), e);
                    }
                });
    }
}
