package org.tagllm.knime.engine.train;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.tagllm.knime.engine.ModelFormatException;
import org.tagllm.knime.engine.io.StagedDirectory;
import org.tagllm.knime.engine.safetensors.SafetensorsFile;
import org.tagllm.knime.engine.safetensors.SafetensorsWriter;
import org.tagllm.knime.engine.safetensors.TensorInfo;
import org.tagllm.knime.engine.tensor.FloatTensor;

/**
 * A training checkpoint: one folder {@code checkpoint-<step>} holding
 *
 * <ul>
 *   <li>{@value #PARAMETERS_FILE}: the trainables (float32 safetensors, named as in the {@link TrainableSet});</li>
 *   <li>{@value #OPTIMIZER_FILE}: AdamW's moments, as {@code exp_avg/<name>} and {@code exp_avg_sq/<name>};</li>
 *   <li>{@value #BEST_FILE}: the parameters of the best validation score so far, when there is one;</li>
 *   <li>{@value #STATE_FILE}: step, epoch, position in the epoch, shuffle seed, schedule, early-stopping record,
 *       loss histories, the run's settings with their SHA-256, and the SHA-256 of every tensor file.</li>
 * </ul>
 *
 * <p>The folder is written beside its final place and renamed into it once complete, so a crash leaves the previous
 * checkpoint and no half-written one. Reading checks every file against its recorded hash.
 */
public final class TrainingCheckpoint {

    public static final String STATE_FILE = "state.json";
    public static final String PARAMETERS_FILE = "parameters.safetensors";
    public static final String OPTIMIZER_FILE = "optimizer.safetensors";
    public static final String BEST_FILE = "best-parameters.safetensors";

    private static final Pattern NAME = Pattern.compile("checkpoint-(\\d+)");
    private static final String FIRST_MOMENT = "exp_avg/";
    private static final String SECOND_MOMENT = "exp_avg_sq/";

    private final Path folder;
    private final CheckpointJson.Content content;
    private final Map<String, FloatTensor> parameters;
    private final AdamWState optimizer;

    private TrainingCheckpoint(Path folder, CheckpointJson.Content content, Map<String, FloatTensor> parameters,
            AdamWState optimizer) {
        this.folder = folder;
        this.content = content;
        this.parameters = Collections.unmodifiableMap(parameters);
        this.optimizer = optimizer;
    }

    /** The folder name of the checkpoint after {@code step} optimizer steps. */
    public static String folderName(long step) {
        return String.format("checkpoint-%08d", step);
    }

    /** The checkpoint folders in {@code dir}, oldest (fewest steps) first; empty when {@code dir} does not exist. */
    public static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> found = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            entries.filter(p -> NAME.matcher(p.getFileName().toString()).matches() && Files.isDirectory(p))
                    .forEach(found::add);
        }
        found.sort((a, b) -> Long.compare(stepOf(a), stepOf(b)));
        return found;
    }

    /** The checkpoint with the most steps in {@code dir}, if any. */
    public static Optional<Path> latest(Path dir) throws IOException {
        List<Path> all = list(dir);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    private static long stepOf(Path folder) {
        Matcher m = NAME.matcher(folder.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    /**
     * Reads and verifies a checkpoint folder.
     *
     * @throws CheckpointException when the folder is missing, incomplete or corrupt; the message names the file
     */
    public static TrainingCheckpoint read(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new CheckpointException(folder + ": there is no checkpoint folder here");
        }
        Path stateFile = folder.resolve(STATE_FILE);
        String text;
        try {
            text = Files.readString(stateFile, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(folder + ": " + STATE_FILE + " is missing; this is not a complete training "
                    + "checkpoint", e);
        }
        CheckpointJson.Content content;
        try {
            content = CheckpointJson.read(text);
        } catch (IOException | IllegalArgumentException e) {
            throw new CheckpointException(stateFile + " is corrupt: " + e.getMessage(), e);
        }
        String hash = RunFingerprint.hash(content.settings());
        if (!hash.equals(content.settingsHash())) {
            throw new CheckpointException(stateFile + " is corrupt: its settings do not match their recorded hash");
        }
        List<String> expectedFiles = new ArrayList<>(List.of(PARAMETERS_FILE, OPTIMIZER_FILE));
        if (content.hasBestParameters()) {
            expectedFiles.add(BEST_FILE);
        }
        for (String name : expectedFiles) {
            verifyHash(folder, name, content.fileHashes().get(name));
        }
        List<String> names = content.trainableNames();
        Map<String, FloatTensor> parameters = readTensors(folder.resolve(PARAMETERS_FILE), names, "");
        AdamWState optimizer = new AdamWState(content.optimizerStep(),
                readTensors(folder.resolve(OPTIMIZER_FILE), names, FIRST_MOMENT),
                readTensors(folder.resolve(OPTIMIZER_FILE), names, SECOND_MOMENT));
        if (content.hasBestParameters()) {
            content.state().bestParameters = Collections.unmodifiableMap(
                    readTensors(folder.resolve(BEST_FILE), names, ""));
        }
        return new TrainingCheckpoint(folder, content, parameters, optimizer);
    }

    private static void verifyHash(Path folder, String file, String expected) throws CheckpointException {
        Path path = folder.resolve(file);
        if (expected == null) {
            throw new CheckpointException(folder.resolve(STATE_FILE) + " records no hash for " + file);
        }
        String actual;
        try {
            actual = sha256(path);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(path + " is missing; the checkpoint is incomplete", e);
        } catch (IOException e) {
            throw new CheckpointException(path + " cannot be read: " + e.getMessage(), e);
        }
        if (!actual.equals(expected)) {
            throw new CheckpointException(path + " is corrupt: its SHA-256 differs from the one recorded in "
                    + STATE_FILE);
        }
    }

    private static Map<String, FloatTensor> readTensors(Path file, List<String> names, String prefix)
            throws CheckpointException {
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            for (String name : names) {
                TensorInfo info = f.info(prefix + name);
                if (info == null) {
                    throw new CheckpointException(file + " has no tensor '" + prefix + name + "'");
                }
                FloatBuffer buffer = f.readFloats(prefix + name);
                float[] values = new float[buffer.remaining()];
                buffer.get(values);
                out.put(name, new FloatTensor(values, info.shape()));
            }
        } catch (ModelFormatException | IOException e) {
            if (e instanceof CheckpointException c) {
                throw c;
            }
            throw new CheckpointException(file + " cannot be read: " + e.getMessage(), e);
        }
        return out;
    }

    /** Writes a checkpoint into {@code dir} atomically; returns its folder. An existing one of that step is replaced. */
    static Path write(Path dir, CheckpointJson.Content content, Map<String, FloatTensor> parameters,
            AdamWState optimizer) throws IOException {
        RunState state = content.state();
        Path target = dir.resolve(folderName(state.step));
        try (StagedDirectory stage = StagedDirectory.beside(target)) {
            Path staging = stage.dir();
            Map<String, String> hashes = new LinkedHashMap<>();
            writeTensors(staging.resolve(PARAMETERS_FILE), parameters, "");
            SafetensorsWriter moments = new SafetensorsWriter().metadata("format", "pt");
            optimizer.firstMoments().forEach((n, t) -> moments.put(FIRST_MOMENT + n, t.shape(), t.values()));
            optimizer.secondMoments().forEach((n, t) -> moments.put(SECOND_MOMENT + n, t.shape(), t.values()));
            moments.write(staging.resolve(OPTIMIZER_FILE));
            hashes.put(PARAMETERS_FILE, sha256(staging.resolve(PARAMETERS_FILE)));
            hashes.put(OPTIMIZER_FILE, sha256(staging.resolve(OPTIMIZER_FILE)));
            if (state.hasBest()) {
                writeTensors(staging.resolve(BEST_FILE), state.bestParameters, "");
                hashes.put(BEST_FILE, sha256(staging.resolve(BEST_FILE)));
            }
            CheckpointJson.Content complete = new CheckpointJson.Content(content.settings(), content.settingsHash(),
                    content.trainableNames(), content.totalSteps(), content.schedule(), optimizer.step(),
                    content.seed(), state, state.hasBest(), hashes);
            Files.writeString(staging.resolve(STATE_FILE), CheckpointJson.write(complete), StandardCharsets.UTF_8);
            stage.commit();
        }
        return target;
    }

    /**
     * Deletes every checkpoint in {@code dir}, then {@code dir} itself when nothing else is left in it (a folder the
     * user shares with other files stays).
     *
     * @return whether {@code dir} held a checkpoint
     */
    public static boolean deleteAll(Path dir) throws IOException {
        List<Path> all = list(dir);
        for (Path folder : all) {
            delete(folder);
        }
        if (Files.isDirectory(dir) && StagedDirectory.isEmpty(dir)) {
            Files.delete(dir);
        }
        return !all.isEmpty();
    }

    /** Deletes a checkpoint folder and everything in it. */
    static void delete(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void writeTensors(Path file, Map<String, FloatTensor> tensors, String prefix) throws IOException {
        SafetensorsWriter w = new SafetensorsWriter().metadata("format", "pt");
        tensors.forEach((name, t) -> w.put(prefix + name, t.shape(), t.values()));
        w.write(file);
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    public Path folder() {
        return folder;
    }

    /** Optimizer steps done when the checkpoint was written. */
    public long step() {
        return content.state().step;
    }

    /** The epoch the run was in, counted from 0. */
    public int epoch() {
        return content.state().epoch;
    }

    /** Examples of that epoch's shuffled order already consumed. */
    public int positionInEpoch() {
        return content.state().position;
    }

    /** Whether the run had ended (the last checkpoint of a finished run). */
    public boolean finished() {
        return content.state().stopReason != null;
    }

    /** The run's settings as recorded (trajectory settings, example count, trainables, validation goal). */
    public Map<String, String> settings() {
        return Collections.unmodifiableMap(content.settings());
    }

    /** The trainables' values, by name in training order. */
    public Map<String, FloatTensor> parameters() {
        return parameters;
    }

    public AdamWState optimizerState() {
        return optimizer;
    }

    /** The parameters of the best validation score so far, if there was one. */
    public Optional<Map<String, FloatTensor>> bestParameters() {
        return Optional.ofNullable(content.state().bestParameters);
    }

    /** The best validation score so far, if there was one. */
    public OptionalDouble bestValidation() {
        double best = content.state().bestScore;
        return Double.isNaN(best) ? OptionalDouble.empty() : OptionalDouble.of(best);
    }

    CheckpointJson.Content content() {
        return content;
    }

    @Override
    public String toString() {
        return "TrainingCheckpoint[" + folder + ", step " + step() + ", epoch " + epoch() + "]";
    }
}
