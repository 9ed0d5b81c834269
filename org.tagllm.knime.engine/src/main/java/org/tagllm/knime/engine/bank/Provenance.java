package org.tagllm.knime.engine.bank;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One step in a bank's history: a training stage, a merge or a composition. A bank keeps the entries of every bank it
 * was made from, oldest first, so that a prediction can be traced back to its data.
 *
 * @param stage           which step this was
 * @param created         when the step finished
 * @param toolVersion     the Tag-LLM version that ran it
 * @param dataFiles       the training data it read (none for merges and compositions)
 * @param hyperparameters settings, each a number, a string or a boolean
 * @param metrics         results, e.g. {@code validation_loss}
 * @param sourceBanks     content fingerprints ({@link TagBank#contentSha256()}) of the banks it started from
 * @param pairings        compositions only: where each domain tag came from, and whether the function tag was
 *                        trained with it
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Provenance(
        @JsonProperty(value = "stage", required = true) Stage stage,
        @JsonProperty(value = "created", required = true) Instant created,
        @JsonProperty(value = "tool_version", required = true) String toolVersion,
        @JsonProperty("data_files") List<DataFile> dataFiles,
        @JsonProperty("hyperparameters") Map<String, Object> hyperparameters,
        @JsonProperty("metrics") Map<String, Double> metrics,
        @JsonProperty("source_banks") List<String> sourceBanks,
        @JsonProperty("pairings") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Pairing> pairings) {

    /** The step that made a bank; stages are numbers in JSON, the other steps words. */
    public enum Stage {
        /** Domain tags from unlabelled data. */
        STAGE_1(1),
        /** A function tag (and head) on one domain. */
        STAGE_2(2),
        /** A function tag (and head) across domains, domain tags frozen. */
        STAGE_3(3),
        /** Banks merged into one, see {@link TagBanks#merge}. */
        MERGE("merge"),
        /** A function tag paired with domain tags for prediction, see {@link Composition#compose}. */
        COMPOSE("compose");

        private final Object json;

        Stage(Object json) {
            this.json = json;
        }

        @JsonValue
        Object json() {
            return json;
        }

        @JsonCreator
        static Stage fromJson(Object value) {
            for (Stage s : values()) {
                if (s.json.equals(value)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("'stage' is " + value + "; known stages are 1, 2, 3, \"merge\" and "
                    + "\"compose\"");
        }
    }

    /**
     * One training data file.
     *
     * @param path   where it was, as the user gave it
     * @param sha256 its content hash
     * @param rows   records used from it
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DataFile(
            @JsonProperty(value = "path", required = true) String path,
            @JsonProperty(value = "sha256", required = true) String sha256,
            @JsonProperty(value = "rows", required = true) long rows) {

        public DataFile {
            Require.text(path, "path");
            Require.text(sha256, "sha256");
            if (rows < 0) {
                throw new IllegalArgumentException("'rows' must not be negative, got " + rows);
            }
        }
    }

    /**
     * Where a composed bank's domain tag came from.
     *
     * @param domainTag       the domain tag, e.g. {@code <SMILES>}
     * @param sourceBank      content fingerprint of the bank it was taken from
     * @param trainedTogether true when the function bank itself holds this tag, i.e. the function tag was trained
     *                        with it; false for a zero-shot pairing
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Pairing(
            @JsonProperty(value = "domain_tag", required = true) String domainTag,
            @JsonProperty(value = "source_bank", required = true) String sourceBank,
            @JsonProperty(value = "trained_together", required = true) boolean trainedTogether) {

        public Pairing {
            TagEntry.checkName(domainTag, "domain_tag");
            Require.text(sourceBank, "source_bank");
        }
    }

    private static final Pattern KEY = Pattern.compile("\\S+");

    public Provenance {
        Require.present(stage, "stage");
        Require.present(created, "created");
        Require.text(toolVersion, "tool_version");
        dataFiles = Require.listOrEmpty(dataFiles, "data_files");
        hyperparameters = scalars(hyperparameters);
        metrics = metrics == null ? Map.of() : Collections.unmodifiableSortedMap(new TreeMap<>(metrics));
        metrics.forEach((k, v) -> checkKey(k, "metrics", v));
        sourceBanks = Require.listOrEmpty(sourceBanks, "source_banks");
        pairings = Require.listOrEmpty(pairings, "pairings");
    }

    /** An entry for a step of this Tag-LLM version that finished now; add details with the {@code with…} copies. */
    public static Provenance now(Stage stage) {
        return new Provenance(stage, Instant.now(), ToolVersion.current(), null, null, null, null, null);
    }

    public Provenance withDataFiles(List<DataFile> files) {
        return new Provenance(stage, created, toolVersion, files, hyperparameters, metrics, sourceBanks, pairings);
    }

    public Provenance withHyperparameters(Map<String, ?> values) {
        return new Provenance(stage, created, toolVersion, dataFiles, new HashMap<String, Object>(values), metrics,
                sourceBanks, pairings);
    }

    public Provenance withMetrics(Map<String, Double> values) {
        return new Provenance(stage, created, toolVersion, dataFiles, hyperparameters, values, sourceBanks, pairings);
    }

    public Provenance withSourceBanks(List<String> fingerprints) {
        return new Provenance(stage, created, toolVersion, dataFiles, hyperparameters, metrics, fingerprints,
                pairings);
    }

    public Provenance withPairings(List<Pairing> values) {
        return new Provenance(stage, created, toolVersion, dataFiles, hyperparameters, metrics, sourceBanks, values);
    }

    /** True for a composition that paired its function tag with a domain tag it was not trained with. */
    public boolean zeroShot() {
        return pairings.stream().anyMatch(p -> !p.trainedTogether());
    }

    /**
     * Hyperparameters sorted by name, integers as {@code Long} and other numbers as {@code Double}, so that an entry
     * equals itself after a trip through JSON (which reads 3 back as an Integer and 0.5f as a Double).
     */
    private static SortedMap<String, Object> scalars(Map<String, ?> values) {
        SortedMap<String, Object> out = new TreeMap<>();
        if (values == null) {
            return Collections.unmodifiableSortedMap(out);
        }
        values.forEach((k, v) -> {
            checkKey(k, "hyperparameters", v);
            Object normal;
            if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
                normal = ((Number) v).longValue();
            } else if (v instanceof BigInteger b && b.bitLength() < Long.SIZE) {
                normal = b.longValue();
            } else if (v instanceof Float f) {
                // Through the float's shortest decimal, so 1e-4f is recorded as 1.0E-4, not 9.999999747378752E-5.
                normal = Double.valueOf(f.toString());
            } else if (v instanceof Double || v instanceof BigDecimal) {
                normal = ((Number) v).doubleValue();
            } else if (v instanceof String || v instanceof Boolean) {
                normal = v;
            } else {
                throw new IllegalArgumentException("'hyperparameters' value of '" + k + "' must be a number, a "
                        + "string or a boolean, got " + v);
            }
            out.put(k, normal);
        });
        return Collections.unmodifiableSortedMap(out);
    }

    private static void checkKey(String key, String field, Object value) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("'" + field + "' has an invalid name '" + key + "'");
        }
        if (value == null) {
            throw new IllegalArgumentException("'" + field + "' value of '" + key + "' is missing");
        }
    }
}
