package org.tagllm.knime.nodes.knime.exec;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Optional;
import org.knime.core.node.workflow.NodeContext;
import org.knime.core.node.workflow.WorkflowManager;
import org.knime.core.node.workflow.contextv2.AnalyticsPlatformExecutorInfo;
import org.knime.core.node.workflow.contextv2.ExecutorInfo;
import org.knime.core.node.workflow.contextv2.WorkflowContextV2;
import org.knime.core.util.FileUtil;
import org.knime.core.util.Pair;
import org.tagllm.knime.nodes.model.ModelLocation;

/**
 * The folders {@code knime://} locations are anchored at for the node executing now: the workflow's local folder (on
 * KNIME Server or Hub, the job's copy) and its mount point's root, from KNIME's workflow context; a named mount point
 * through KNIME's own URL resolution. Null or empty where KNIME has no local folder.
 */
public final class KnimeRoots implements ModelLocation.Roots {

    private final ExecutorInfo executor;

    private KnimeRoots(ExecutorInfo executor) {
        this.executor = executor;
    }

    /** The roots of the node the calling thread executes or configures (KNIME's {@link NodeContext}). */
    public static ModelLocation.Roots current() {
        NodeContext context = NodeContext.getContext();
        WorkflowManager wfm = context == null ? null : context.getWorkflowManager();
        WorkflowContextV2 workflow = wfm == null ? null : wfm.getContextV2();
        return workflow == null ? ModelLocation.Roots.NONE : new KnimeRoots(workflow.getExecutorInfo());
    }

    @Override
    public Path workflowFolder() {
        return executor.getLocalWorkflowPath();
    }

    @Override
    public Path mountpointRoot() {
        if (executor instanceof AnalyticsPlatformExecutorInfo ap) {
            return ap.getMountpoint().map(Pair::getSecond).orElse(null);
        }
        return null;
    }

    @Override
    public Optional<Path> mountpoint(String id) {
        try {
            URL root = new URI(ModelLocation.KNIME_SCHEME, id, "/", null).toURL();
            return Optional.ofNullable(FileUtil.resolveToPath(root));
        } catch (IOException | URISyntaxException | IllegalArgumentException e) {
            return Optional.empty(); // not a mount point KNIME knows here, or not a local one
        }
    }
}
