package org.tagllm.knime.nodes.knime.common;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import org.knime.core.node.BufferedDataTable;
import org.knime.core.node.CanceledExecutionException;
import org.knime.core.node.ExecutionContext;
import org.knime.core.node.ExecutionMonitor;
import org.knime.core.node.InvalidSettingsException;
import org.knime.core.node.NodeModel;
import org.knime.core.node.NodeSettingsRO;
import org.knime.core.node.NodeSettingsWO;
import org.knime.core.node.port.PortObject;
import org.knime.core.node.port.PortType;
import org.knime.core.util.FileUtil;
import org.knime.core.webui.node.dialog.defaultdialog.NodeParametersUtil;
import org.knime.node.parameters.NodeParameters;
import org.tagllm.knime.nodes.common.ModelOutput;
import org.tagllm.knime.nodes.knime.exec.EngineServiceAccess;
import org.tagllm.knime.nodes.knime.exec.KnimeProgress;
import org.tagllm.knime.nodes.knime.port.TagModelPortObject;
import org.tagllm.knime.nodes.knime.table.KnimeTableOutput;

import org.tagllm.knime.nodes.common.FlowVariables;
import org.tagllm.knime.nodes.knime.exec.KnimeRoots;
import org.tagllm.knime.nodes.knime.prefs.KnimePreferences;
import org.tagllm.knime.nodes.model.ModelLookup;
import org.tagllm.knime.nodes.monitor.LearningMonitor;
/**
 * What the four node models share, none of it a decision of its own:
 * <ul>
 * <li>settings: one {@link NodeParameters} object, saved and loaded with {@link NodeParametersUtil} (the same
 * persistence the modern dialog writes), so that settings survive save/load and flow-variable overrides;</li>
 * <li>the engine: a {@link EngineServiceAccess.Lease} taken on first execution, released on reset and dispose;</li>
 * <li>warnings collected by {@link KnimeProgress} set as the node's warning, final metrics pushed as double flow
 * variables;</li>
 * <li>a temporary work folder in the workflow's temp space, removed after execution;</li>
 * <li>no internals: everything a node outputs lives in its output tables and the tag model's file store.</li>
 * </ul>
 *
 * @param <P> the node's parameters class
 */
public abstract class GlueNodeModel<P extends NodeParameters> extends NodeModel {

    private final Class<P> parametersClass;

    private P parameters;

    private EngineServiceAccess.Lease lease;

    private final LearningMonitor monitor = new LearningMonitor();

    protected GlueNodeModel(PortType[] in, PortType[] out, Class<P> parametersClass) {
        super(in, out);
        this.parametersClass = parametersClass;
        this.parameters = NodeParametersUtil.createSettings(parametersClass);
    }

    /** The current parameters. */
    protected final P parameters() {
        return parameters;
    }

    /** The engine service, taking this node's lease on first use. */
    protected final synchronized org.tagllm.knime.engine.service.TagEngineService engine()
            throws InterruptedException {
        if (lease == null) {
            lease = EngineServiceAccess.acquire();
        }
        return lease.service();
    }

    /** Ends execution: the collected warnings become the node's warning, the metrics flow variables. */
    protected final void finish(KnimeProgress progress, Map<String, Double> flowVariables) {
        String warning = progress.warningMessage();
        if (warning != null) {
            setWarningMessage(warning);
        }
        flowVariables.forEach((name, value) -> {
            if (value != null) {
                pushFlowVariableDouble(FlowVariables.name(name), value);
            }
        });
    }

    /**
     * A training node's two outputs, the tag model (in a file store) and the metrics table, after {@link #finish}
     * has set the warnings and flow variables.
     */
    protected final PortObject[] trainingOutputs(ModelOutput out, KnimeProgress progress, ExecutionContext exec)
            throws IOException, CanceledExecutionException {
        TagModelPortObject model = TagModelPortObject.create(out.port(), exec);
        BufferedDataTable metrics = KnimeTableOutput.of(out.metrics(), exec);
        finish(progress, out.flowVariables());
        return new PortObject[] {model, metrics};
    }

    /** Where this node finds base models: the preferences' model folders, locations resolved for this workflow. */
    protected static ModelLookup modelLookup() {
        return KnimePreferences.current().modelLookup(KnimeRoots.current());
    }

    /** What a training node's learning monitor view shows; idle for the other nodes. */
    public final LearningMonitor monitor() {
        return monitor;
    }

    /** A fresh folder in the workflow's temp space for the node's temporary files. */
    protected static Path workDir() throws IOException {
        return FileUtil.createTempDir("tagllm-").toPath();
    }

    /** Removes a work folder and what the node left in it. */
    protected static void deleteWorkDir(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            getLoggerStatic().debug("could not remove " + dir + ": " + e.getMessage());
        }
    }

    private static org.knime.core.node.NodeLogger getLoggerStatic() {
        return org.knime.core.node.NodeLogger.getLogger(GlueNodeModel.class);
    }

    @Override
    protected final void saveSettingsTo(NodeSettingsWO settings) {
        NodeParametersUtil.saveSettings(parametersClass, parameters, settings);
    }

    @Override
    protected final void validateSettings(NodeSettingsRO settings) throws InvalidSettingsException {
        NodeParametersUtil.loadSettings(settings, parametersClass).validate();
    }

    @Override
    protected final void loadValidatedSettingsFrom(NodeSettingsRO settings) throws InvalidSettingsException {
        parameters = NodeParametersUtil.loadSettings(settings, parametersClass);
    }

    @Override
    protected void reset() {
        releaseEngine();
    }

    @Override
    protected void onDispose() {
        releaseEngine();
        super.onDispose();
    }

    private synchronized void releaseEngine() {
        if (lease != null) {
            lease.close();
            lease = null;
        }
    }

    @Override
    protected final void loadInternals(File nodeInternDir, ExecutionMonitor exec)
            throws IOException, CanceledExecutionException {
        // no internals: outputs are tables and the tag model's file store, which KNIME saves and loads
    }

    @Override
    protected final void saveInternals(File nodeInternDir, ExecutionMonitor exec)
            throws IOException, CanceledExecutionException {
        // no internals
    }
}
