package org.tagllm.knime.engine.bank;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.tagllm.knime.engine.tensor.FloatTensor;

/**
 * The checks that make a manifest and a set of tensors one bank: every tag and head has its tensors with the declared
 * shapes, widths equal the base model's, heads and tasks belong to function tags, no tensor is unaccounted for, and
 * every value is finite. Messages name the tag, head or tensor; callers add the bank's folder.
 */
final class BankValidation {

    private BankValidation() {}

    /** @throws IllegalArgumentException describing the first problem found */
    static void check(BankManifest manifest, Map<String, FloatTensor> tensors) {
        Set<String> expected = new TreeSet<>();
        Map<String, TagEntry> tags = checkTags(manifest, tensors, expected);
        checkHeads(manifest, tensors, tags, expected);
        checkTasks(manifest, tags);
        checkCalibrations(manifest, tensors, tags, expected);
        checkEnsembles(manifest, tags);
        Set<String> stray = new TreeSet<>(tensors.keySet());
        stray.removeAll(expected);
        if (!stray.isEmpty()) {
            throw new IllegalArgumentException("stray tensor(s) " + stray + " belong to no tag or head in the "
                    + "manifest");
        }
        tensors.forEach(BankValidation::checkFinite);
    }

    private static Map<String, TagEntry> checkTags(BankManifest manifest, Map<String, FloatTensor> tensors,
            Set<String> expected) {
        int hidden = manifest.baseModel().hiddenSize();
        Map<String, TagEntry> tags = new HashMap<>();
        for (TagEntry tag : manifest.tags()) {
            if (tags.put(tag.name(), tag) != null) {
                throw new IllegalArgumentException("tag " + tag.name() + " is listed twice");
            }
            if (tag.hidden() != hidden) {
                throw new IllegalArgumentException("tag " + tag.name() + " has hidden size " + tag.hidden()
                        + " but the base model's hidden_size is " + hidden);
            }
            String name = TagEntry.tensorName(tag.name());
            FloatTensor values = tensors.get(name);
            if (values == null) {
                throw new IllegalArgumentException("tensor '" + name + "' is missing; the manifest lists tag "
                        + tag.name() + " with shape " + Arrays.toString(tag.shape()));
            }
            if (!values.hasShape(tag.shape())) {
                throw new IllegalArgumentException("tensor '" + name + "' has shape " + Arrays.toString(values.shape())
                        + " but tag " + tag.name() + " declares " + Arrays.toString(tag.shape())
                        + " (vectors, hidden)");
            }
            expected.add(name);
        }
        return tags;
    }

    private static void checkHeads(BankManifest manifest, Map<String, FloatTensor> tensors, Map<String, TagEntry> tags,
            Set<String> expected) {
        Set<String> seen = new TreeSet<>();
        for (HeadEntry head : manifest.heads()) {
            String tag = head.functionTag();
            checkFunctionTag(tags, tag, "the head");
            if (!seen.add(tag)) {
                throw new IllegalArgumentException("function tag " + tag + " has two heads");
            }
            if (head.type() == HeadEntry.Type.GENERATION) {
                // The LM head decodes a generation head's output: its dims are the model's.
                BaseModelFingerprint model = manifest.baseModel();
                if (head.inputDim() != model.hiddenSize() || head.outputDim() != model.vocabSize()) {
                    throw new IllegalArgumentException("the generation head of " + tag + " declares input_dim "
                            + head.inputDim() + " and output_dim " + head.outputDim() + ", but a generation head uses "
                            + "the model's LM head: hidden_size " + model.hiddenSize() + " and vocab_size "
                            + model.vocabSize());
                }
            }
            String weight = HeadEntry.weightTensorName(tag);
            String bias = HeadEntry.biasTensorName(tag);
            // Head's constructor checks presence and shapes, naming the tensor.
            new Head(head, Optional.ofNullable(tensors.get(weight)), Optional.ofNullable(tensors.get(bias)));
            if (head.storesWeights()) {
                expected.add(weight);
            }
            if (head.bias()) {
                expected.add(bias);
            }
        }
    }

    private static void checkTasks(BankManifest manifest, Map<String, TagEntry> tags) {
        Set<String> seen = new TreeSet<>();
        for (TaskEntry task : manifest.tasks()) {
            checkFunctionTag(tags, task.functionTag(), "the task");
            if (!seen.add(task.functionTag())) {
                throw new IllegalArgumentException("function tag " + task.functionTag() + " has two tasks");
            }
            // A field's domain tag may live in another bank (composition finds it); if it is here, it must be one.
            for (FieldEntry field : task.fields()) {
                TagEntry domain = field.domainTag() == null ? null : tags.get(field.domainTag());
                if (domain != null && domain.kind() != TagEntry.Kind.DOMAIN) {
                    throw new IllegalArgumentException("field '" + field.name() + "' of the task of "
                            + task.functionTag() + " names " + field.domainTag() + " as its domain tag, but this bank "
                            + "lists " + field.domainTag() + " as a function tag");
                }
            }
        }
    }

    /** A calibration belongs to a function tag with a head and task; its tensors agree in rows and width. */
    private static void checkCalibrations(BankManifest manifest, Map<String, FloatTensor> tensors,
            Map<String, TagEntry> tags, Set<String> expected) {
        Set<String> seen = new TreeSet<>();
        for (CalibrationEntry c : manifest.calibrations()) {
            String tag = c.functionTag();
            checkFunctionTag(tags, tag, "the calibration");
            if (!seen.add(tag)) {
                throw new IllegalArgumentException("function tag " + tag + " has two calibrations");
            }
            HeadEntry head = manifest.heads().stream().filter(h -> h.functionTag().equals(tag)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("the calibration of " + tag + " belongs to a "
                            + "function tag without a head"));
            boolean regression = head.type() == HeadEntry.Type.REGRESSION;
            // A calibration of the applicability domain alone holds neither quantile.
            if (c.hasConformal() && (regression != (c.intervalQuantile() != null)
                    || (head.type() == HeadEntry.Type.CLASSIFICATION) != (c.setQuantile() != null))) {
                throw new IllegalArgumentException("the calibration of " + tag + " must hold 'interval_quantile' for a "
                        + "regression head and 'set_quantile' for a classification head; its head is "
                        + head.type().name().toLowerCase(Locale.ROOT));
            }
            if (c.setClassQuantiles() != null && c.setClassQuantiles().size() != head.classLabels().size()) {
                throw new IllegalArgumentException("the calibration of " + tag + " holds "
                        + c.setClassQuantiles().size() + " 'set_class_quantiles' for a head of "
                        + head.classLabels().size() + " classes");
            }
            if (!c.hasDomain()) {
                if (c.fingerprintField() != null) {
                    throw new IllegalArgumentException("the calibration of " + tag + " leaves out the applicability "
                            + "domain ('domain': false) but names the fingerprint field " + c.fingerprintField());
                }
                continue; // no domain tensors, no reference sequences
            }
            String readouts = CalibrationEntry.readoutsTensorName(tag);
            String distances = CalibrationEntry.distancesTensorName(tag);
            FloatTensor r = require(tensors, readouts, tag);
            long rows = r.shape().length == 2 ? r.shape()[0] : -1;
            if (rows < 2 || r.shape()[1] != manifest.baseModel().hiddenSize()) {
                throw new IllegalArgumentException("tensor '" + readouts + "' has shape " + Arrays.toString(r.shape())
                        + "; it must be [rows >= 2, " + manifest.baseModel().hiddenSize() + "]");
            }
            if (!require(tensors, distances, tag).hasShape(rows)) {
                throw new IllegalArgumentException("tensor '" + distances + "' has shape "
                        + Arrays.toString(tensors.get(distances).shape()) + "; it must be [" + rows + "]");
            }
            expected.add(readouts);
            expected.add(distances);
            if (c.fingerprintField() != null) {
                String fingerprints = CalibrationEntry.fingerprintsTensorName(tag);
                if (!require(tensors, fingerprints, tag).hasShape(rows, 128)) {
                    throw new IllegalArgumentException("tensor '" + fingerprints + "' has shape "
                            + Arrays.toString(tensors.get(fingerprints).shape()) + "; it must be [" + rows + ", 128]");
                }
                expected.add(fingerprints);
            }
            String sequences = ReferenceSequences.tensorName(tag);
            FloatTensor q = tensors.get(sequences);
            if (q != null) {
                if (q.shape().length != 2 || q.shape()[0] < 1) {
                    throw new IllegalArgumentException("tensor '" + sequences + "' has shape "
                            + Arrays.toString(q.shape()) + "; it must be [sequences >= 1, length]");
                }
                expected.add(sequences);
            }
        }
    }

    private static FloatTensor require(Map<String, FloatTensor> tensors, String name, String tag) {
        FloatTensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("tensor '" + name + "' is missing; the manifest lists a calibration "
                    + "of " + tag);
        }
        return t;
    }

    /** Every member of an ensemble is a function tag with a head of the first member's type and output size. */
    private static void checkEnsembles(BankManifest manifest, Map<String, TagEntry> tags) {
        Set<String> seen = new TreeSet<>();
        for (EnsembleEntry e : manifest.ensembles()) {
            if (!seen.add(e.functionTag())) {
                throw new IllegalArgumentException("function tag " + e.functionTag() + " has two ensembles");
            }
            HeadEntry first = null;
            for (String member : e.members()) {
                checkFunctionTag(tags, member, "the ensemble member");
                HeadEntry head = manifest.heads().stream().filter(h -> h.functionTag().equals(member)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("ensemble member " + member + " of "
                                + e.functionTag() + " has no head"));
                if (first == null) {
                    first = head;
                } else if (head.type() != first.type() || head.outputDim() != first.outputDim()
                        || !head.classLabels().equals(first.classLabels())) {
                    throw new IllegalArgumentException("ensemble member " + member + " of " + e.functionTag()
                            + " has another kind of head than " + e.functionTag());
                }
            }
        }
    }

    private static void checkFunctionTag(Map<String, TagEntry> tags, String tag, String what) {
        TagEntry entry = tags.get(tag);
        if (entry == null) {
            throw new IllegalArgumentException(what + " of " + tag + " has no tag " + tag + " in this bank");
        }
        if (entry.kind() != TagEntry.Kind.FUNCTION) {
            throw new IllegalArgumentException(what + " of " + tag + " belongs to a domain tag; heads and tasks "
                    + "belong to function tags");
        }
    }

    private static void checkFinite(String name, FloatTensor tensor) {
        int i = tensor.firstNonFinite();
        if (i >= 0) {
            float bad = tensor.values()[i];
            throw new IllegalArgumentException("tensor '" + name + "' holds " + bad + " at element " + i + " of "
                    + Arrays.toString(tensor.shape()) + "; tags and heads must be finite (did training diverge?)");
        }
    }
}
