package org.tagllm.knime.nodes.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.tagllm.knime.engine.ModelFormatException;
import org.tagllm.knime.engine.bank.BaseModelFingerprint;
import org.tagllm.knime.engine.model.ModelDirectory;
import org.tagllm.knime.nodes.exec.NodeFailedException;
import org.tagllm.knime.nodes.exec.SettingsException;

/**
 * Finds a base model on the machine that runs a node. The location the settings or the tag-model port name is
 * resolved first ({@link ModelLocation#resolve}); when that folder is missing here, or holds another model than the
 * tag model's fingerprint names, the model is looked up by its fingerprint in the preference's model folders: each
 * folder, its sub-folders and theirs (two levels, in name order) that hold a {@code config.json}. Nothing found: a
 * message naming the location, where it resolved, and every folder searched.
 *
 * @param roots         the workflow's and mount point's folders on this machine
 * @param searchFolders the model folders of the preferences, in their order
 */
public record ModelLookup(ModelLocation.Roots roots, List<Path> searchFolders) {

    /** Plain local folders, nothing searched: the command line's and the tests' lookup. */
    public static final ModelLookup LOCAL = new ModelLookup(ModelLocation.Roots.NONE, List.of());

    /** How deep below a preference folder model folders are looked for. */
    static final int SEARCH_DEPTH = 2;

    public ModelLookup {
        Objects.requireNonNull(roots, "roots");
        searchFolders = List.copyOf(searchFolders);
    }

    /**
     * The model folder for {@code location} on this machine.
     *
     * @param setting  the setting or port the location comes from, for messages
     * @param expected the fingerprint the tag model was trained on, or null when any model will do (Domain Pretrain)
     * @throws SettingsException   when the location is not a valid location
     * @throws NodeFailedException when neither the location nor the search finds the model
     */
    public Path locate(String setting, String location, BaseModelFingerprint expected)
            throws SettingsException, NodeFailedException {
        ModelLocation where = ModelLocation.parse(setting, location);
        Optional<Path> resolved = where.resolve(roots);
        String problem;
        if (resolved.isEmpty()) {
            problem = "it cannot be resolved here (" + where.anchor() + " is not known on this machine)";
        } else if (!Files.isRegularFile(resolved.get().resolve(ModelDirectory.CONFIG_FILE_NAME))) {
            problem = Files.isDirectory(resolved.get()) ? "resolved to " + resolved.get() + ", which has no "
                    + ModelDirectory.CONFIG_FILE_NAME : "resolved to " + resolved.get() + ", which does not exist";
        } else if (expected == null) {
            return resolved.get();
        } else {
            BaseModelFingerprint actual = fingerprint(resolved.get());
            if (expected.equals(actual)) {
                return resolved.get();
            }
            problem = "resolved to " + resolved.get() + ", which holds another model ("
                    + (actual == null ? "unreadable" : actual.describe()) + ")";
        }
        if (expected != null) {
            Optional<Path> found = search(expected);
            if (found.isPresent()) {
                return found.get();
            }
        }
        throw new NodeFailedException(setting + " '" + location + "': " + problem + (expected == null
                ? "; choose a model folder this machine reads"
                : "; no model with the tag model's fingerprint (" + expected.describe() + ") in the model folders "
                        + "searched: " + (searchFolders.isEmpty() ? "none are set"
                                : searchFolders.stream().map(Path::toString).collect(Collectors.joining(", ")))
                        + ". Add the folder holding the model to the Tag-LLM preferences' model folders"));
    }

    /** The first model folder under the search folders whose fingerprint is {@code expected}. */
    public Optional<Path> search(BaseModelFingerprint expected) {
        for (Path root : searchFolders) {
            for (Path candidate : candidates(root)) {
                if (expected.equals(fingerprint(candidate))) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** The folder and its sub-folders down to {@link #SEARCH_DEPTH} that hold a config.json, in name order. */
    static List<Path> candidates(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root, SEARCH_DEPTH)) {
            return walk.filter(Files::isDirectory)
                    .filter(d -> Files.isRegularFile(d.resolve(ModelDirectory.CONFIG_FILE_NAME))).sorted().toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            return List.of(); // an unreadable folder holds no model we can use; the message lists it as searched
        }
    }

    /** The folder's fingerprint, or null when it is no readable model. */
    static BaseModelFingerprint fingerprint(Path folder) {
        try (ModelDirectory model = ModelDirectory.open(folder)) {
            return BaseModelFingerprint.of(model);
        } catch (IOException | ModelFormatException | RuntimeException e) {
            return null;
        }
    }
}
