package org.tagllm.knime.nodes.knime.port;

import java.io.IOException;
import java.lang.ref.SoftReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;

import javax.swing.JComponent;

import org.knime.core.data.filestore.FileStore;
import org.knime.core.data.filestore.FileStorePortObject;
import org.knime.core.node.CanceledExecutionException;
import org.knime.core.node.ExecutionContext;
import org.knime.core.node.ExecutionMonitor;
import org.knime.core.node.port.PortObjectSpec;
import org.knime.core.node.port.PortObjectZipInputStream;
import org.knime.core.node.port.PortObjectZipOutputStream;
import org.knime.core.node.port.PortType;
import org.knime.core.node.port.PortTypeRegistry;
import org.tagllm.knime.engine.bank.BankFormatException;
import org.tagllm.knime.nodes.port.TagModelPortContent;

/**
 * The tag-model port object: a {@link TagModelPortContent} (bank, base model folder, curves, metrics) written by
 * {@link TagModelPortContent#write} into a KNIME {@link FileStore} folder. The file store is saved and loaded with the
 * workflow by KNIME itself, so the bank never goes through the node settings or the port's own zip stream; the
 * serializer only writes a marker. The content is read back lazily and kept softly.
 */
public final class TagModelPortObject extends FileStorePortObject {

    /** The port type, registered in plugin.xml (extension org.knime.core.PortType). */
    public static final PortType TYPE = PortTypeRegistry.getInstance().getPortType(TagModelPortObject.class);

    /** The same type as an optional port. */
    public static final PortType TYPE_OPTIONAL =
        PortTypeRegistry.getInstance().getPortType(TagModelPortObject.class, true);

    /** The name of the file store folder within the node's file stores. */
    static final String FILE_STORE_NAME = "tag-model";

    static final String MARKER_ENTRY = "tag-model.txt";

    private final TagModelPortObjectSpec spec;

    private SoftReference<TagModelPortContent> content = new SoftReference<>(null);

    private TagModelPortObject(TagModelPortObjectSpec spec, FileStore fileStore, TagModelPortContent content) {
        super(List.of(fileStore));
        this.spec = spec;
        this.content = new SoftReference<>(content);
    }

    /** Framework constructor (deserialization); the file store is attached by KNIME afterwards. */
    private TagModelPortObject(TagModelPortObjectSpec spec) {
        this.spec = spec;
    }

    /** Writes {@code content} into a new file store of the executing node and wraps it. */
    public static TagModelPortObject create(TagModelPortContent content, ExecutionContext exec) throws IOException {
        FileStore fileStore = exec.createFileStore(FILE_STORE_NAME);
        content.write(fileStore.getFile().toPath());
        return new TagModelPortObject(new TagModelPortObjectSpec(content.spec()), fileStore, content);
    }

    /** The content, read from the file store when not in memory. */
    public synchronized TagModelPortContent content() throws IOException {
        TagModelPortContent c = content.get();
        if (c == null) {
            try {
                c = TagModelPortContent.read(folder());
            } catch (BankFormatException e) {
                throw new IOException("the stored tag model in " + folder() + " is damaged: " + e.getMessage(), e);
            }
            content = new SoftReference<>(c);
        }
        return c;
    }

    /** The folder the content lives in. */
    Path folder() {
        return getFileStore(0).getFile().toPath();
    }

    @Override
    public TagModelPortObjectSpec getSpec() {
        return spec;
    }

    @Override
    public String getSummary() {
        var s = spec.spec();
        return "Tag model: " + s.tags().size() + " tags (" + String.join(", ", s.domainTags()) + " domain; "
                + String.join(", ", s.functionTags()) + " function), " + s.tasks().size() + " heads";
    }

    @Override
    public JComponent[] getViews() {
        try {
            return new JComponent[] {TagModelPortView.ofContent(content())};
        } catch (IOException e) {
            // the view shows what is wrong instead of failing to open
            return new JComponent[] {TagModelPortView.ofError(e.getMessage())};
        }
    }

    /** Writes a marker entry only: the content is in the file store, which KNIME saves with the workflow. */
    public static final class Serializer extends PortObjectSerializer<TagModelPortObject> {

        @Override
        public void savePortObject(TagModelPortObject portObject, PortObjectZipOutputStream out,
                ExecutionMonitor exec) throws IOException, CanceledExecutionException {
            out.putNextEntry(new ZipEntry(MARKER_ENTRY));
            out.write("Tag-LLM tag model; content in the port's file store (folder bank/ and port.json)\n"
                    .getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }

        @Override
        public TagModelPortObject loadPortObject(PortObjectZipInputStream in, PortObjectSpec spec,
                ExecutionMonitor exec) throws IOException, CanceledExecutionException {
            ZipEntry entry = in.getNextEntry();
            if (entry == null || !MARKER_ENTRY.equals(entry.getName())) {
                throw new IOException("not a stored tag-model port: expected zip entry " + MARKER_ENTRY + ", found "
                        + (entry == null ? "none" : entry.getName()));
            }
            return new TagModelPortObject((TagModelPortObjectSpec) spec);
        }
    }
}
