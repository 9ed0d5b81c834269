package org.tagllm.knime.nodes.bankio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tagllm.knime.nodes.exec.NodeFailedException;
import org.tagllm.knime.nodes.exec.SettingsException;
import org.tagllm.knime.nodes.model.ModelLocation;
import org.tagllm.knime.nodes.port.TagModelPortContent;

/**
 * Tag Model Writer: a tag-model port's bank as a folder the command line reads ({@code --bank}), byte for byte what
 * the command line itself would write for that bank. Only the bank leaves: the training curves and metrics stay in the
 * workflow.
 */
public final class TagModelWriterNode {

    private TagModelWriterNode() {}

    public static void configure(TagModelWriterSettings settings) throws SettingsException {
        settings.validate();
    }

    /** @return the folder written */
    public static Path execute(TagModelPortContent port, TagModelWriterSettings settings, ModelLocation.Roots roots)
            throws SettingsException, NodeFailedException {
        settings.validate();
        Path dir = TagModelReaderNode.folder("bank folder", settings.bankFolder(), roots);
        if (Files.exists(dir) && !settings.overwrite()) {
            throw new NodeFailedException("bank folder '" + settings.bankFolder() + "': " + dir + " exists; tick "
                    + "'Overwrite' to replace the bank there");
        }
        try {
            port.bank().write(dir);
        } catch (IOException e) {
            throw new NodeFailedException("bank folder '" + settings.bankFolder() + "': cannot write " + dir + ": "
                    + e.getMessage(), e);
        }
        return dir;
    }
}
