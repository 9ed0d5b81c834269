package org.tagllm.knime.engine.data.normalize;

import org.tagllm.knime.engine.chem.InvalidMoleculeException;
import org.tagllm.knime.engine.chem.MoleculeOptions;
import org.tagllm.knime.engine.chem.MoleculeStandardizer;

/**
 * SMILES checked by CDK and written as the options ask, through {@link MoleculeStandardizer}: a SMILES CDK cannot
 * parse, or with an impossible charge or valence, is an {@value #INVALID} value whose detail is the standardiser's
 * reason (naming the character or atom). An empty value is {@value TextNormalizer#EMPTY}, as in every other kind.
 * Thread-safe, like the standardiser.
 */
public final class SmilesNormalizer implements FieldNormalizer {

    public static final String INVALID = "invalid SMILES";

    private final MoleculeStandardizer standardizer;

    public SmilesNormalizer(MoleculeOptions options) {
        this.standardizer = new MoleculeStandardizer(options);
    }

    public MoleculeOptions options() {
        return standardizer.options();
    }

    @Override
    public String normalize(String value) throws InvalidValueException {
        if (value.isBlank()) {
            throw new InvalidValueException(TextNormalizer.EMPTY);
        }
        try {
            return standardizer.standardize(value);
        } catch (InvalidMoleculeException e) {
            throw new InvalidValueException(INVALID, e.reason(), e);
        }
    }
}
