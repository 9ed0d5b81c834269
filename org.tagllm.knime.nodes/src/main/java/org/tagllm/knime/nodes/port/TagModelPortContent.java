package org.tagllm.knime.nodes.port;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tagllm.knime.engine.bank.BankFormatException;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.engine.io.AtomicFiles;
import org.tagllm.knime.engine.io.StagedDirectory;

/**
 * What flows through a tag-model port: the tag bank, the base model folder its nodes run on, the training curves of
 * the runs that made it (upstream runs first), and the last node's final metrics. Immutable.
 *
 * <p>Stored as a folder ({@link #write}, {@link #read}): {@code bank/} in the engine's bank format and
 * {@code port.json} with the folder, curves and metrics. The folder is staged and renamed into place, so a failure
 * leaves the previous content; a read gives back an equal content, the bank bit for bit.
 *
 * @param baseModelFolder the Hugging Face-layout model folder the bank's tags belong to
 */
public record TagModelPortContent(TagBank bank, String baseModelFolder, List<TrainingCurve> curves,
        Map<String, Double> metrics) {

    static final String BANK_DIR = "bank";
    static final String PORT_JSON = "port.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The part of the content beside the bank, as stored in {@code port.json}. */
    private record Stored(String baseModelFolder, List<TrainingCurve> curves, Map<String, Double> metrics) {}

    public TagModelPortContent {
        Objects.requireNonNull(bank, "bank");
        Objects.requireNonNull(baseModelFolder, "baseModelFolder");
        curves = List.copyOf(curves);
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public Path baseModelPath() {
        return Path.of(baseModelFolder);
    }

    /** The spec downstream nodes see. */
    public TagModelSpec spec() {
        return TagModelSpec.of(bank, baseModelFolder);
    }

    /** Writes the content as the folder {@code dir}, replacing what was there. */
    public void write(Path dir) throws IOException {
        try (StagedDirectory stage = StagedDirectory.beside(dir)) {
            bank.write(stage.dir().resolve(BANK_DIR));
            AtomicFiles.write(stage.dir().resolve(PORT_JSON),
                    out -> JSON.writeValue(out, new Stored(baseModelFolder, curves, metrics)));
            stage.commit();
        }
    }

    /**
     * Reads a folder written by {@link #write}.
     *
     * @throws BankFormatException when the bank is damaged (naming the file and the tag or field at fault)
     */
    public static TagModelPortContent read(Path dir) throws IOException, BankFormatException {
        Path json = dir.resolve(PORT_JSON);
        if (!Files.isRegularFile(json)) {
            throw new IOException(dir + " is not a stored tag-model port: " + PORT_JSON + " is missing");
        }
        Stored stored = JSON.readValue(json.toFile(), Stored.class);
        TagBank bank = TagBank.read(dir.resolve(BANK_DIR));
        return new TagModelPortContent(bank, stored.baseModelFolder(),
                stored.curves() == null ? List.of() : stored.curves(),
                stored.metrics() == null ? Map.of() : stored.metrics());
    }

    /** Lines for the port view: the spec, then each curve's last losses, then the metrics. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>(spec().describe());
        for (TrainingCurve c : curves) {
            lines.add(c.run() + ": " + c.stepLosses().size() + " steps, epoch losses " + c.epochLosses()
                    + (c.validations().isEmpty() ? "" : ", validation " + c.validations()));
        }
        metrics.forEach((k, v) -> lines.add(k + " = " + v));
        return lines;
    }
}
