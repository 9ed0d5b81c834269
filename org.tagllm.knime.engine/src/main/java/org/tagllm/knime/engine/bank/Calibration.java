package org.tagllm.knime.engine.bank;

import java.util.Objects;
import org.tagllm.knime.engine.tensor.FloatTensor;

/**
 * A function tag's calibration with its tensors (see {@link CalibrationEntry}).
 *
 * @param readouts         the training rows' readout hidden states, {@code [n, hidden]}; null without the domain
 * @param readoutDistances each training row's k-nearest-neighbour distance, ascending, {@code [n]}; null without the
 *                         domain
 * @param fingerprints     the training rows' packed ECFP4 bits, {@code [n, 128]}, or null without a SMILES field
 */
public record Calibration(CalibrationEntry entry, FloatTensor readouts, FloatTensor readoutDistances,
        FloatTensor fingerprints) {

    public Calibration {
        Objects.requireNonNull(entry, "entry");
        if (entry.hasDomain()) {
            Objects.requireNonNull(readouts, "readouts");
            Objects.requireNonNull(readoutDistances, "readoutDistances");
        } else if (readouts != null || readoutDistances != null || fingerprints != null) {
            throw new IllegalArgumentException("the calibration of " + entry.functionTag() + " leaves out the "
                    + "applicability domain but has its tensors");
        }
        if ((fingerprints == null) != (entry.fingerprintField() == null)) {
            throw new IllegalArgumentException("the calibration of " + entry.functionTag() + " names the fingerprint "
                    + "field " + entry.fingerprintField() + " but " + (fingerprints == null ? "has no" : "has")
                    + " fingerprints");
        }
    }
}
