package org.tagllm.knime.engine.method;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tagllm.knime.engine.bank.ClassBalanceEntry;
import org.tagllm.knime.engine.bank.DecisionEntry;
import org.tagllm.knime.engine.bank.FieldEntry;
import org.tagllm.knime.engine.bank.InputSettings;
import org.tagllm.knime.engine.data.ColumnKind;
import org.tagllm.knime.engine.bank.Head;
import org.tagllm.knime.engine.bank.HeadEntry;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.engine.bank.TagEntry;
import org.tagllm.knime.engine.bank.TaskEntry;
import org.tagllm.knime.engine.tags.ClassificationHead;
import org.tagllm.knime.engine.tags.RegressionHead;
import org.tagllm.knime.engine.tags.TagKind;
import org.tagllm.knime.engine.tags.TagSpec;
import org.tagllm.knime.engine.tags.TagTable;
import org.tagllm.knime.engine.tags.TargetScaling;
import org.tagllm.knime.engine.tags.TaskField;
import org.tagllm.knime.engine.tags.TaskHead;
import org.tagllm.knime.engine.tags.TaskTemplate;
import org.tagllm.knime.engine.tags.Tokenization;
import org.tagllm.knime.engine.tensor.FloatTensor;

/** Moves tags, heads and task layouts between a tag bank (plain arrays on disk) and the engine's live objects. */
final class BankTensors {

    private BankTensors() {}

    /** Puts a bank's tag into the table, trainable or frozen. */
    static void loadTag(TagBank bank, String name, TagTable table, boolean trainable) {
        TagEntry entry = bank.tagEntry(name).orElseThrow(() -> new IllegalArgumentException(
                "the bank " + bank.describe() + " has no tag " + name));
        FloatTensor t = bank.tag(name);
        TagKind kind = entry.kind() == TagEntry.Kind.DOMAIN ? TagKind.DOMAIN : TagKind.FUNCTION;
        table.put(new TagSpec(name, kind, (int) t.shape()[0]), t, trainable);
    }

    static Head head(TaskHead head, int hidden) {
        return head(head, hidden, null, null);
    }

    /** The bank's form of a live head; a classification head with its decision threshold and class balance. */
    static Head head(TaskHead head, int hidden, DecisionEntry decision, ClassBalanceEntry balance) {
        if (head instanceof RegressionHead r) {
            RegressionHead.State s = r.export();
            return Head.linear(HeadEntry.regression(s.functionTag(), hidden, false, boxed(s.targetMean()),
                    boxed(s.targetStd())), s.weight());
        }
        ClassificationHead.State s = ((ClassificationHead) head).export();
        return Head.linear(HeadEntry.classification(s.functionTag(), hidden, true, s.classes(), s.temperature())
                .withImbalance(decision, balance), s.weight(), s.bias());
    }

    /** The same head under another function tag's name (an ensemble member read as the tag it stands for). */
    static Head renamed(Head head, String functionTag) {
        HeadEntry e = head.entry();
        HeadEntry entry = new HeadEntry(functionTag, e.type(), e.inputDim(), e.outputDim(), e.bias(), e.targetMean(),
                e.targetStd(), e.classLabels(), e.temperature());
        return new Head(entry, head.weight(), head.bias());
    }

    /** The live head of a bank's function tag, frozen, on the model's device. */
    static TaskHead restoreHead(Head head, Device device) {
        HeadEntry e = head.entry();
        String tag = e.functionTag();
        FloatTensor weight = head.weight().orElseThrow(() -> new IllegalArgumentException(
                "the head of " + tag + " has no weight tensor"));
        return switch (e.type()) {
            case REGRESSION -> RegressionHead.restore(new RegressionHead.State(tag, weight,
                    unboxed(e.targetMean()), unboxed(e.targetStd())), false, device);
            case CLASSIFICATION -> ClassificationHead.restore(new ClassificationHead.State(tag, weight,
                    head.bias().orElseThrow(), e.classLabels(), e.temperature()), false, device);
            case GENERATION -> throw new IllegalArgumentException("generation heads are not supported by this "
                    + "command yet; " + tag + " generates with the LM head");
        };
    }

    static TaskEntry task(TaskTemplate template, String taskType, Map<String, ColumnKind> kinds,
            InputSettings inputs) {
        List<FieldEntry> fields = new ArrayList<>();
        for (TaskField f : template.fields()) {
            ColumnKind kind = kinds.get(f.field());
            fields.add(new FieldEntry(f.field(), f.domainTag(), f.tokenization() == Tokenization.CHARACTER
                    ? FieldEntry.Tokenization.CHARACTER : FieldEntry.Tokenization.MODEL,
                    kind == null ? null : kind.name().toLowerCase(Locale.ROOT)));
        }
        return new TaskEntry(template.functionTag(), taskType, fields, template.isolateSegments(), inputs);
    }

    static TaskTemplate template(TaskEntry task) {
        List<TaskField> fields = new ArrayList<>();
        for (FieldEntry f : task.fields()) {
            fields.add(new TaskField(f.name(), f.domainTag(), f.tokenization() == FieldEntry.Tokenization.CHARACTER
                    ? Tokenization.CHARACTER : Tokenization.MODEL));
        }
        return new TaskTemplate(fields, task.functionTag(), task.segmentIsolation());
    }

    static TargetScaling scaling(HeadEntry e) {
        return new TargetScaling(unboxed(e.targetMean()), unboxed(e.targetStd()));
    }

    private static List<Double> boxed(double[] values) {
        List<Double> out = new ArrayList<>(values.length);
        for (double v : values) {
            out.add(v);
        }
        return out;
    }

    private static double[] unboxed(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
