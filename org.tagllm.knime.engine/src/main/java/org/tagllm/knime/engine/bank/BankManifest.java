package org.tagllm.knime.engine.bank;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The content of {@code bank.json}: what a bank's tensors are, which model they belong to and where they came from.
 * The entries' order is kept as written. Consistency with the tensors and between entries is checked by
 * {@link TagBank}, not here.
 *
 * @param format        always {@value #FORMAT}
 * @param formatVersion the major version of the format; readers refuse a newer one
 * @param tags          every tag, domain and function
 * @param heads         at most one per function tag
 * @param tasks         at most one per function tag
 * @param baseModel     the model the tags were trained for
 * @param provenance    the bank's history, oldest first
 * @param calibrations  at most one per function tag: intervals or sets and the applicability domain; absent in banks
 *                      trained without calibration (which then predict without them)
 * @param ensembles     at most one per function tag: the member tags whose mean it predicts; absent without ensembles
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BankManifest(
        @JsonProperty(value = "format", required = true) String format,
        @JsonProperty(value = "format_version", required = true) int formatVersion,
        @JsonProperty(value = "tags", required = true) List<TagEntry> tags,
        @JsonProperty(value = "heads", required = true) List<HeadEntry> heads,
        @JsonProperty(value = "tasks", required = true) List<TaskEntry> tasks,
        @JsonProperty(value = "base_model", required = true) BaseModelFingerprint baseModel,
        @JsonProperty(value = "provenance", required = true) List<Provenance> provenance,
        @JsonProperty("calibrations") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<CalibrationEntry> calibrations,
        @JsonProperty("ensembles") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<EnsembleEntry> ensembles) {

    public static final String FORMAT = "tagllm-bank";

    /**
     * The version this code writes and the newest it reads. Additions that older readers may ignore (a new optional
     * field) keep the version; anything that changes the meaning of existing content raises it.
     */
    public static final int FORMAT_VERSION = 1;

    @JsonCreator
    public BankManifest {
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("'format' is '" + format + "', expected '" + FORMAT + "'");
        }
        if (formatVersion < 1 || formatVersion > FORMAT_VERSION) {
            throw new IllegalArgumentException("'format_version' " + formatVersion + " is not one this Tag-LLM "
                    + "reads (1 to " + FORMAT_VERSION + ")");
        }
        tags = Require.listOrEmpty(Require.present(tags, "tags"), "tags");
        heads = Require.listOrEmpty(Require.present(heads, "heads"), "heads");
        tasks = Require.listOrEmpty(Require.present(tasks, "tasks"), "tasks");
        Require.present(baseModel, "base_model");
        provenance = Require.listOrEmpty(Require.present(provenance, "provenance"), "provenance");
        calibrations = Require.listOrEmpty(calibrations, "calibrations");
        ensembles = Require.listOrEmpty(ensembles, "ensembles");
    }

    /** A manifest without calibrations or ensembles. */
    public BankManifest(String format, int formatVersion, List<TagEntry> tags, List<HeadEntry> heads,
            List<TaskEntry> tasks, BaseModelFingerprint baseModel, List<Provenance> provenance) {
        this(format, formatVersion, tags, heads, tasks, baseModel, provenance, List.of(), List.of());
    }

    /** A manifest of the current format version. */
    public static BankManifest of(List<TagEntry> tags, List<HeadEntry> heads, List<TaskEntry> tasks,
            BaseModelFingerprint baseModel, List<Provenance> provenance) {
        return new BankManifest(FORMAT, FORMAT_VERSION, tags, heads, tasks, baseModel, provenance);
    }
}
