package org.tagllm.knime.nodes.model;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.tagllm.knime.nodes.exec.SettingsException;

/**
 * A base model's location as a node setting holds it, in the forms KNIME's file handling knows:
 * <ul>
 * <li>{@code knime://knime.workflow/../models/tiny} — relative to the workflow's folder (moves with the workflow);</li>
 * <li>{@code knime://knime.mountpoint/models/tiny} — relative to the mount point the workflow lives in (a KNIME
 * Server, a Hub space or the local workspace);</li>
 * <li>{@code knime://My-Server/models/tiny} — a named mount point: only KNIME can resolve it (see
 * {@link Roots#mountpoint(String)});</li>
 * <li>a local folder, absolute ({@code /data/models/tiny}, {@code C:\models\tiny}) or a {@code file:} URL.</li>
 * </ul>
 * Parsed when the settings are checked; resolved at execution against the {@link Roots} of the machine that runs the
 * node, so a workflow moved to a server or a colleague's machine keeps working.
 *
 * @param kind where the path is anchored
 * @param host for {@link Kind#MOUNTPOINT_NAMED}, the mount point's id; otherwise null
 * @param path the path below the anchor, '/'-separated and URL-decoded (for {@link Kind#LOCAL}, the local path)
 * @param text the location as written
 */
public record ModelLocation(Kind kind, String host, String path, String text) {

    /** The scheme of KNIME's own URLs. */
    public static final String KNIME_SCHEME = "knime";
    static final String WORKFLOW_HOST = "knime.workflow";
    static final String MOUNTPOINT_HOST = "knime.mountpoint";

    /** Where a location is anchored. */
    public enum Kind {
        /** A folder of this machine's file system. */
        LOCAL,
        /** {@code knime://knime.workflow/…}: the workflow's folder. */
        WORKFLOW_RELATIVE,
        /** {@code knime://knime.mountpoint/…}: the workflow's mount point. */
        MOUNTPOINT_RELATIVE,
        /** {@code knime://<id>/…}: a mount point by name. */
        MOUNTPOINT_NAMED
    }

    /**
     * The folders a location is anchored at on this machine, supplied by KNIME at execution (the workflow's context).
     * A null folder means "not known here" (e.g. a workflow not saved yet, or no KNIME at all).
     */
    public interface Roots {
        /** No workflow, no mount points: only local folders resolve. */
        Roots NONE = new Roots() {
            @Override
            public Path workflowFolder() {
                return null;
            }

            @Override
            public Path mountpointRoot() {
                return null;
            }
        };

        Path workflowFolder();

        Path mountpointRoot();

        /** The local folder of the mount point {@code id}, when KNIME has it as a local folder. */
        default Optional<Path> mountpoint(String id) {
            return Optional.empty();
        }
    }

    /**
     * @param setting the setting's name for messages, e.g. {@code base model folder}
     * @throws SettingsException when the text is blank, a malformed URL, another scheme, or a relative local path
     */
    public static ModelLocation parse(String setting, String text) throws SettingsException {
        if (text == null || text.isBlank()) {
            throw new SettingsException(setting, null, "choose a base model folder (a Hugging Face-layout folder with "
                    + "config.json, model.safetensors and tokenizer.json), on this machine or as knime://knime.workflow/"
                    + "… relative to the workflow");
        }
        String t = text.strip();
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.startsWith(KNIME_SCHEME + ":")) {
            URI uri = uri(setting, t);
            String host = uri.getHost() != null ? uri.getHost() : uri.getAuthority();
            if (host == null || host.isEmpty()) {
                throw new SettingsException(setting, t, "a knime:// URL names its anchor after the two slashes: "
                        + "knime://knime.workflow/… or knime://knime.mountpoint/… or knime://<mount point>/…");
            }
            String path = decode(uri.getRawPath() == null ? "" : uri.getRawPath()).replaceFirst("^/+", "");
            return switch (host.toLowerCase(Locale.ROOT)) {
                case WORKFLOW_HOST -> new ModelLocation(Kind.WORKFLOW_RELATIVE, null, path, t);
                case MOUNTPOINT_HOST -> new ModelLocation(Kind.MOUNTPOINT_RELATIVE, null, path, t);
                default -> new ModelLocation(Kind.MOUNTPOINT_NAMED, host, path, t);
            };
        }
        if (lower.startsWith("file:")) {
            try {
                return new ModelLocation(Kind.LOCAL, null, Path.of(uri(setting, t)).toString(), t);
            } catch (IllegalArgumentException e) {
                throw new SettingsException(setting, t, "not a local file URL: " + e.getMessage());
            }
        }
        if (lower.matches("^[a-z][a-z0-9+.-]+://.*")) {
            throw new SettingsException(setting, t, "only local folders and knime:// URLs are supported; copy the model"
                    + " to a folder this machine reads");
        }
        Path p;
        try {
            p = Path.of(t);
        } catch (InvalidPathException e) {
            throw new SettingsException(setting, t, "not a path on this machine: " + e.getReason());
        }
        if (!p.isAbsolute()) {
            throw new SettingsException(setting, t, "a relative folder depends on where KNIME was started; give an "
                    + "absolute folder or knime://knime.workflow/" + t.replace('\\', '/'));
        }
        return new ModelLocation(Kind.LOCAL, null, p.toString(), t);
    }

    private static URI uri(String setting, String t) throws SettingsException {
        try {
            return new URI(t.replace(" ", "%20").replace('\\', '/'));
        } catch (URISyntaxException e) {
            throw new SettingsException(setting, t, "not a valid URL: " + e.getReason());
        }
    }

    private static String decode(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /**
     * The folder on this machine, or empty when the anchor is unknown here (no workflow folder, no such mount point
     * as a local folder). Not checked for existence: {@link ModelLookup} does that.
     */
    public Optional<Path> resolve(Roots roots) {
        Optional<Path> anchor = switch (kind) {
            case LOCAL -> Optional.of(Path.of(path));
            case WORKFLOW_RELATIVE -> Optional.ofNullable(roots.workflowFolder());
            case MOUNTPOINT_RELATIVE -> Optional.ofNullable(roots.mountpointRoot());
            case MOUNTPOINT_NAMED -> roots.mountpoint(host);
        };
        if (kind == Kind.LOCAL) {
            return anchor.map(Path::normalize);
        }
        return anchor.map(a -> (path.isEmpty() ? a : a.resolve(path)).normalize());
    }

    /** How the anchor is said in messages, e.g. {@code the workflow's folder}. */
    String anchor() {
        return switch (kind) {
            case LOCAL -> "this machine's file system";
            case WORKFLOW_RELATIVE -> "the workflow's folder";
            case MOUNTPOINT_RELATIVE -> "the workflow's mount point";
            case MOUNTPOINT_NAMED -> "mount point '" + host + "'";
        };
    }

    @Override
    public String toString() {
        return text;
    }
}
