package org.tagllm.knime.nodes.knime.port;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.zip.ZipEntry;

import javax.swing.JComponent;

import org.knime.core.node.port.PortObjectSpec;
import org.knime.core.node.port.PortObjectSpecZipInputStream;
import org.knime.core.node.port.PortObjectSpecZipOutputStream;
import org.tagllm.knime.nodes.port.TagModelSpec;

/**
 * The spec of a tag-model port: a {@link TagModelSpec} (base-model fingerprint, tags, tasks and heads), known at
 * configure time so that downstream nodes configure before execution. Stored as the spec's own JSON.
 */
public final class TagModelPortObjectSpec implements PortObjectSpec {

    /** The zip entry the serializer writes. */
    static final String ENTRY = "tag-model-spec.json";

    private final TagModelSpec spec;

    public TagModelPortObjectSpec(TagModelSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
    }

    /** The KNIME-free spec. */
    public TagModelSpec spec() {
        return spec;
    }

    @Override
    public JComponent[] getViews() {
        return new JComponent[] {TagModelPortView.ofSpec(spec)};
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TagModelPortObjectSpec s && spec.equals(s.spec);
    }

    @Override
    public int hashCode() {
        return spec.hashCode();
    }

    @Override
    public String toString() {
        return String.join("; ", spec.describe());
    }

    /** Writes and reads the spec as one zip entry of JSON (registered in plugin.xml, extension org.knime.core.PortType). */
    public static final class Serializer extends PortObjectSpecSerializer<TagModelPortObjectSpec> {

        @Override
        public void savePortObjectSpec(TagModelPortObjectSpec portObjectSpec, PortObjectSpecZipOutputStream out)
                throws IOException {
            out.putNextEntry(new ZipEntry(ENTRY));
            out.write(portObjectSpec.spec.toJson().getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }

        @Override
        public TagModelPortObjectSpec loadPortObjectSpec(PortObjectSpecZipInputStream in) throws IOException {
            ZipEntry entry = in.getNextEntry();
            if (entry == null || !ENTRY.equals(entry.getName())) {
                throw new IOException("not a stored tag-model spec: expected zip entry " + ENTRY + ", found "
                        + (entry == null ? "none" : entry.getName()));
            }
            ByteArrayOutputStream json = new ByteArrayOutputStream();
            in.transferTo(json);
            return new TagModelPortObjectSpec(TagModelSpec.fromJson(json.toString(StandardCharsets.UTF_8)));
        }
    }
}
