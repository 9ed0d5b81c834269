package org.tagllm.knime.nodes.workflow;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tagllm.knime.nodes.common.ModelOutput;
import org.tagllm.knime.nodes.common.ModelOutputSpec;
import org.tagllm.knime.nodes.compose.ComposerNode;
import org.tagllm.knime.nodes.compose.ComposerSettings;
import org.tagllm.knime.nodes.exec.NodeCancelledException;
import org.tagllm.knime.nodes.exec.NodeFailedException;
import org.tagllm.knime.nodes.exec.SettingsException;
import org.tagllm.knime.nodes.port.TagModelPortContent;
import org.tagllm.knime.nodes.port.TagModelSpec;
import org.tagllm.knime.nodes.predict.PredictionSummary;
import org.tagllm.knime.nodes.predict.PredictorNode;
import org.tagllm.knime.nodes.predict.PredictorSettings;
import org.tagllm.knime.nodes.pretrain.DomainPretrainNode;
import org.tagllm.knime.nodes.pretrain.DomainPretrainSettings;
import org.tagllm.knime.nodes.table.InMemoryTable;
import org.tagllm.knime.nodes.table.TableShape;
import org.tagllm.knime.nodes.train.TagTrainerNode;
import org.tagllm.knime.nodes.train.TagTrainerSettings;

/**
 * The four Tag-LLM nodes as workflow nodes, with the ports of their KNIME counterparts. Each adapter only moves port
 * contents in and out of the node layer's static {@code configure} and {@code execute}.
 */
final class TagNodes {

    private TagNodes() {}

    /** Domain Tag Pretrain: in 0 the corpus table; out 0 the tag model, out 1 the metrics table. */
    record Pretrain(DomainPretrainSettings settings) implements WorkflowNode {

        @Override
        public int minInputs() {
            return 1;
        }

        @Override
        public int maxInputs() {
            return 1;
        }

        @Override
        public List<Object> configure(List<Object> inputs) throws SettingsException {
            ModelOutputSpec spec = DomainPretrainNode.configure(WorkflowNode.shape(inputs, 0), settings);
            return List.of(spec.model(), spec.metrics());
        }

        @Override
        public Outcome execute(List<Object> inputs, Context context)
                throws SettingsException, NodeCancelledException, NodeFailedException, IOException {
            ModelOutput out = DomainPretrainNode.execute(WorkflowNode.table(inputs, 0), settings, context.engine(),
                    context.progress(), context.workDir());
            return new Outcome(List.of(out.port(), out.metrics()), out.flowVariables());
        }
    }

    /**
     * Tag Trainer, with the ports of the KNIME node: in 0… the tag models with the domain tags, then the training
     * table, then optionally the validation table; out as Pretrain.
     */
    record Trainer(TagTrainerSettings settings) implements WorkflowNode {

        @Override
        public int minInputs() {
            return 2;
        }

        @Override
        public int maxInputs() {
            return Integer.MAX_VALUE;
        }

        /** How many tag models lead the inputs (at least one: the first input is read as one). */
        static int models(List<Object> inputs) {
            int n = 1;
            while (n < inputs.size() && (inputs.get(n) instanceof TagModelSpec
                    || inputs.get(n) instanceof TagModelPortContent)) {
                n++;
            }
            return n;
        }

        @Override
        public List<Object> configure(List<Object> inputs) throws SettingsException {
            int models = models(inputs);
            List<TagModelSpec> ports = WorkflowNode.all(inputs.subList(0, models), 0, WorkflowNode::modelSpec);
            TableShape validation = inputs.size() > models + 1 ? WorkflowNode.shape(inputs, models + 1) : null;
            ModelOutputSpec spec = TagTrainerNode.configure(ports, WorkflowNode.shape(inputs, models), validation,
                    settings);
            return List.of(spec.model(), spec.metrics());
        }

        @Override
        public Outcome execute(List<Object> inputs, Context context)
                throws SettingsException, NodeCancelledException, NodeFailedException, IOException {
            int models = models(inputs);
            List<TagModelPortContent> ports = WorkflowNode.all(inputs.subList(0, models), 0, WorkflowNode::model);
            InMemoryTable validation = inputs.size() > models + 1 ? WorkflowNode.table(inputs, models + 1) : null;
            ModelOutput out = TagTrainerNode.execute(ports, WorkflowNode.table(inputs, models), validation, settings,
                    context.engine(), context.progress(), context.workDir());
            return new Outcome(List.of(out.port(), out.metrics()), out.flowVariables());
        }
    }

    /** Tag Composer: in 0… two or more tag models; out 0 the composed tag model; flow variable zero_shot. */
    record Composer(ComposerSettings settings) implements WorkflowNode {

        @Override
        public int minInputs() {
            return 2;
        }

        @Override
        public int maxInputs() {
            return Integer.MAX_VALUE;
        }

        @Override
        public List<Object> configure(List<Object> inputs) throws SettingsException {
            List<TagModelSpec> ports = WorkflowNode.all(inputs, 0, WorkflowNode::modelSpec);
            return List.of(ComposerNode.configure(ports, settings));
        }

        @Override
        public Outcome execute(List<Object> inputs, Context context)
                throws SettingsException, NodeCancelledException, NodeFailedException {
            List<TagModelPortContent> ports = WorkflowNode.all(inputs, 0, WorkflowNode::model);
            TagModelPortContent out = ComposerNode.execute(ports, settings, context.engine(), context.progress());
            Double zeroShot = out.metrics().get(ComposerNode.ZERO_SHOT);
            return new Outcome(List.of(out), zeroShot == null ? Map.of() : Map.of(ComposerNode.ZERO_SHOT, zeroShot));
        }
    }

    /**
     * Tag-LLM Predictor: in 0 the tag model, in 1 the table; out 0 the table with predictions and reasons; flow
     * variables rows_predicted and rows_failed.
     */
    record Predictor(PredictorSettings settings) implements WorkflowNode {

        @Override
        public int minInputs() {
            return 2;
        }

        @Override
        public int maxInputs() {
            return 2;
        }

        @Override
        public List<Object> configure(List<Object> inputs) throws SettingsException {
            Optional<TableShape> shape = PredictorNode.configure(WorkflowNode.modelSpec(inputs, 0),
                    WorkflowNode.shape(inputs, 1), settings);
            return Collections.singletonList(shape.orElse(null));
        }

        @Override
        public Outcome execute(List<Object> inputs, Context context)
                throws SettingsException, NodeCancelledException, NodeFailedException {
            TagModelPortContent model = WorkflowNode.model(inputs, 0);
            InMemoryTable table = WorkflowNode.table(inputs, 1);
            // Executed, the tag model knows its outputs (a classifier's classes), so the shape is known now.
            TableShape shape = PredictorNode.configure(model.spec(), table.shape(), settings).orElseThrow(
                    () -> new NodeFailedException("the tag model's outputs are unknown even after execution"));
            InMemoryTable.Builder out = InMemoryTable.builder(shape);
            PredictionSummary summary = PredictorNode.execute(model, table, settings, context.engine(),
                    context.progress(), out);
            return new Outcome(List.of(out.build()), summary.flowVariables());
        }
    }
}
