package org.tagllm.knime.engine.predict;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.tagllm.knime.engine.bank.ReferenceSequences;
import org.tagllm.knime.engine.domain.SequenceIdentity;
import org.tagllm.knime.engine.method.TagPredictor;

/**
 * {@value #NAME}: a protein input's similarity to the nearest training sequence ({@link SequenceIdentity}, the 3-mer
 * estimate), beside the readout-distance domain of a calibrated bank whose task reads a protein. Missing for a row
 * without a prediction or without the sequence.
 */
public final class SequenceIdentityGroup implements PredictionColumns.Group {

    public static final String NAME = "ad_identity";

    private final String field;
    private final SequenceIdentity identity;

    /** @param reference null for a layout only (names and types, no cells: a node's configure) */
    public SequenceIdentityGroup(ReferenceSequences reference) {
        this.field = reference == null ? null : reference.field();
        this.identity = reference == null ? null : new SequenceIdentity(reference.sequences());
    }

    /** The predictor's column: when its bank holds reference sequences and the calibrated columns are wanted. */
    static Optional<SequenceIdentityGroup> of(TagPredictor predictor) {
        return predictor.referenceSequences().map(SequenceIdentityGroup::new);
    }

    @Override
    public List<String> names() {
        return List.of(NAME);
    }

    @Override
    public List<PredictionColumns.Type> types() {
        return List.of(PredictionColumns.Type.DOUBLE);
    }

    @Override
    public List<Object> cells(TagPredictor.Prediction prediction, long index) {
        if (identity == null) {
            throw new IllegalStateException("a layout-only " + NAME + " column has no cells");
        }
        String sequence = prediction.inputs() == null ? null : prediction.inputs().get(field);
        return Arrays.asList(prediction.values() == null || sequence == null || sequence.isBlank() ? null
                : (Object) identity.nearest(sequence));
    }

    @Override
    public String toString() {
        return NAME + " column of field '" + field + "'";
    }
}
