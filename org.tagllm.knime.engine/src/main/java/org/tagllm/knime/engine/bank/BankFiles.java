package org.tagllm.knime.engine.bank;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.tagllm.knime.engine.ModelFormatException;
import org.tagllm.knime.engine.io.AtomicFiles;
import org.tagllm.knime.engine.io.StagedDirectory;
import org.tagllm.knime.engine.safetensors.SafetensorsFile;
import org.tagllm.knime.engine.safetensors.SafetensorsWriter;
import org.tagllm.knime.engine.safetensors.TensorInfo;
import org.tagllm.knime.engine.tensor.FloatTensor;

/** A bank's folder on disk: {@value #MANIFEST} and {@value #TENSORS}, written together or not at all. */
final class BankFiles {

    static final String MANIFEST = "bank.json";
    static final String TENSORS = "bank.safetensors";

    /** Writes the tensors file; a seam so that tests can make a write fail half-way. */
    @FunctionalInterface
    interface TensorFileWriter {
        void write(SortedMap<String, FloatTensor> tensors, Path file) throws IOException;
    }

    private BankFiles() {}

    static void write(TagBank bank, Path dir, TensorFileWriter tensorWriter) throws IOException {
        refuseToReplaceNonBank(dir);
        try (StagedDirectory stage = StagedDirectory.beside(dir)) {
            Path tensors = stage.dir().resolve(TENSORS);
            tensorWriter.write(bank.tensors(), tensors);
            AtomicFiles.writeString(stage.dir().resolve(MANIFEST), ManifestJson.toJson(bank.manifest(),
                    Map.of(TENSORS, Sha256.hex(tensors))));
            stage.commit();
        }
    }

    static void writeSafetensors(SortedMap<String, FloatTensor> tensors, Path file) throws IOException {
        SafetensorsWriter writer = new SafetensorsWriter().metadata("format", BankManifest.FORMAT);
        tensors.forEach((name, t) -> writer.put(name, t.shape(), t.values()));
        writer.write(file);
    }

    /** Committing replaces the whole folder, so it must hold a bank and nothing else the user might want. */
    static void refuseToReplaceNonBank(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw new FileAlreadyExistsException(dir.toString(), null, "this is a file, not a bank folder; refusing "
                    + "to replace it");
        }
        List<String> entries;
        try (Stream<Path> list = Files.list(dir)) {
            entries = list.map(p -> p.getFileName().toString()).sorted().toList();
        }
        if (entries.isEmpty()) {
            return;
        }
        List<String> foreign = entries.stream().filter(n -> !Set.of(MANIFEST, TENSORS).contains(n)).toList();
        if (!foreign.isEmpty() || !entries.contains(MANIFEST)) {
            throw new FileAlreadyExistsException(dir.toString(), null, "the folder exists and is not a tag bank "
                    + "(it holds " + (foreign.isEmpty() ? entries : foreign) + "); writing a bank would replace "
                    + "it, so choose a new or empty folder");
        }
    }

    static TagBank read(Path dir) throws BankFormatException, IOException {
        if (!Files.isDirectory(dir)) {
            throw new BankFormatException(dir + (Files.exists(dir) ? ": this is a file; a tag bank is a folder"
                    : ": the bank folder does not exist"));
        }
        Path manifestFile = requireFile(dir, MANIFEST);
        Path tensorFile = requireFile(dir, TENSORS);
        ManifestJson.Stored stored = ManifestJson.read(manifestFile);
        verifyDigest(tensorFile, stored.fileDigests().get(TENSORS));
        BankManifest manifest = stored.manifest();
        Map<String, FloatTensor> tensors = readTensors(tensorFile);
        try {
            return TagBank.of(manifest, tensors, dir);
        } catch (IllegalArgumentException e) {
            throw new BankFormatException(dir + ": " + e.getMessage(), e);
        }
    }

    /** A file changed after the bank was written is refused; a bank from before digests were recorded is not checked. */
    private static void verifyDigest(Path file, String expected) throws BankFormatException, IOException {
        if (expected == null) {
            return;
        }
        String actual = Sha256.hex(file);
        if (!actual.equals(expected)) {
            throw new BankFormatException(file + ": its SHA-256 is " + actual + ", but " + MANIFEST + " records "
                    + expected + "; the file was changed or damaged after the bank was written");
        }
    }

    private static Path requireFile(Path dir, String name) throws BankFormatException {
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new BankFormatException(dir + ": there is no " + name + "; a tag bank folder holds " + MANIFEST
                    + " and " + TENSORS);
        }
        return file;
    }

    /** Every tensor as float32 (F16 and BF16 files are widened: a bank written elsewhere may use them). */
    private static Map<String, FloatTensor> readTensors(Path file) throws BankFormatException, IOException {
        SortedMap<String, FloatTensor> tensors = new TreeMap<>();
        try (SafetensorsFile in = SafetensorsFile.open(file)) {
            for (TensorInfo info : in.infos().values()) {
                FloatBuffer data = in.readFloats(info.name());
                float[] values = new float[data.remaining()];
                data.get(values);
                tensors.put(info.name(), new FloatTensor(values, info.shape()));
            }
        } catch (ModelFormatException e) {
            // The safetensors reader's message already names the file, inside the bank folder.
            throw new BankFormatException(e.getMessage(), e);
        }
        return tensors;
    }
}
