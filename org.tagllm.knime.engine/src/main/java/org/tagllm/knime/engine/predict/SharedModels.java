package org.tagllm.knime.engine.predict;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.tagllm.knime.engine.LocalModel;
import org.tagllm.knime.engine.ModelFormatException;
import org.tagllm.knime.engine.bank.BankFormatException;
import org.tagllm.knime.engine.bank.TagBank;

/**
 * One base model and one read of each bank per JVM, kept for the JVM's life: every partition and task of a Spark
 * executor (or every call of a long-lived service) reuses them instead of loading the model again. A model's weights
 * are only read by prediction, so concurrent tasks share one; each opens its own {@link
 * org.tagllm.knime.engine.method.TagPredictor} (its tags and head, small) from the shared bank.
 */
public final class SharedModels {

    private static final Map<Path, LocalModel> MODELS = new HashMap<>();
    private static final Map<Path, TagBank> BANKS = new HashMap<>();

    private SharedModels() {}

    /**
     * The model in {@code dir}, loaded on first use in this JVM.
     *
     * @throws IOException naming the folder and this host when the folder is not there (a path not every executor
     *     sees)
     */
    public static synchronized LocalModel model(Path dir) throws IOException, ModelFormatException {
        Path key = dir.toAbsolutePath().normalize();
        LocalModel model = MODELS.get(key);
        if (model == null) {
            requireFolder("model folder", key);
            model = LocalModel.open(key);
            MODELS.put(key, model);
        }
        return model;
    }

    /** The bank in {@code dir}, read on first use in this JVM. */
    public static synchronized TagBank bank(Path dir) throws IOException, BankFormatException {
        Path key = dir.toAbsolutePath().normalize();
        TagBank bank = BANKS.get(key);
        if (bank == null) {
            requireFolder("bank folder", key);
            bank = TagBank.read(key);
            BANKS.put(key, bank);
        }
        return bank;
    }

    private static void requireFolder(String what, Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new java.nio.file.NoSuchFileException(dir.toString(), null, "no " + what + " " + dir + " on host "
                    + host() + " (it must be on a path every executor sees)");
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "(unknown host: " + e.getMessage() + ")";
        }
    }
}
