package org.tagllm.knime.nodes.bankio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.tagllm.knime.engine.bank.BankFormatException;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.nodes.exec.NodeFailedException;
import org.tagllm.knime.nodes.exec.SettingsException;
import org.tagllm.knime.nodes.model.ModelLocation;
import org.tagllm.knime.nodes.port.TagModelPortContent;
import org.tagllm.knime.nodes.port.TagModelSpec;

/**
 * Tag Model Reader: a bank folder written by the command line ({@code tagllm pretrain-domain/train/compose --out}) or
 * by the Tag Model Writer, as a tag-model port. The bank is read as it is (its tensors bit for bit); the port names
 * the base model by the location in the settings, and carries the bank's fingerprint of it.
 */
public final class TagModelReaderNode {

    private TagModelReaderNode() {}

    /**
     * The port's spec, read from the bank when its folder resolves here (as KNIME's readers do at configure).
     *
     * @throws SettingsException when a location is invalid, or the folder resolves and holds no readable bank
     */
    public static TagModelSpec configure(TagModelReaderSettings settings, ModelLocation.Roots roots)
            throws SettingsException {
        settings.validate();
        TagBank bank = read(settings, roots, SettingsException::ofInputs);
        return TagModelSpec.of(bank, settings.baseModelFolder().strip());
    }

    public static TagModelPortContent execute(TagModelReaderSettings settings, ModelLocation.Roots roots)
            throws SettingsException, NodeFailedException {
        settings.validate();
        TagBank bank = read(settings, roots, NodeFailedException::new);
        return new TagModelPortContent(bank, settings.baseModelFolder().strip(), List.of(), Map.of());
    }

    /** Where the bank folder resolves on this machine. */
    static Path folder(String setting, String location, ModelLocation.Roots roots) throws SettingsException {
        ModelLocation where = ModelLocation.parse(setting, location);
        return where.resolve(roots).orElseThrow(() -> new SettingsException(setting, location, "cannot be "
                + "resolved here: " + (where.kind() == ModelLocation.Kind.MOUNTPOINT_NAMED ? "mount point '"
                        + where.host() + "' is not connected" : "the workflow has not been saved to a folder yet")));
    }

    private interface Failure<E extends Exception> {
        E of(String message);
    }

    private static <E extends Exception> TagBank read(TagModelReaderSettings settings, ModelLocation.Roots roots,
            Failure<E> failure) throws SettingsException, E {
        Path dir = folder("bank folder", settings.bankFolder(), roots);
        if (!Files.isDirectory(dir)) {
            throw failure.of("bank folder '" + settings.bankFolder() + "': " + dir + " does not exist");
        }
        try {
            return TagBank.read(dir);
        } catch (BankFormatException e) {
            throw failure.of("bank folder '" + settings.bankFolder() + "' holds no readable bank: " + e.getMessage());
        } catch (IOException e) {
            throw failure.of("bank folder '" + settings.bankFolder() + "' cannot be read: " + e.getMessage());
        }
    }
}
