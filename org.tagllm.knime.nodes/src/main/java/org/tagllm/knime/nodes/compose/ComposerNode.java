package org.tagllm.knime.nodes.compose;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tagllm.knime.engine.bank.Composition;
import org.tagllm.knime.engine.bank.EnsembleEntry;
import org.tagllm.knime.engine.bank.Provenance;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.engine.service.CompositionJob;
import org.tagllm.knime.engine.service.TagEngineService;
import org.tagllm.knime.engine.uncertainty.UncertaintyColumns;
import org.tagllm.knime.nodes.common.BaseModels;
import org.tagllm.knime.nodes.exec.EngineJobs;
import org.tagllm.knime.nodes.exec.NodeCancelledException;
import org.tagllm.knime.nodes.exec.NodeFailedException;
import org.tagllm.knime.nodes.exec.NodeProgress;
import org.tagllm.knime.nodes.exec.SettingsException;
import org.tagllm.knime.nodes.port.TagModelPortContent;
import org.tagllm.knime.nodes.port.TagModelSpec;
import org.tagllm.knime.nodes.port.TrainingCurve;

/**
 * Tag Composer: one tag model for prediction from two or more, the function tag, its head and task from one port
 * (the last by default) and each domain tag its task needs from the other ports when one offers it (replacing the
 * function port's own copy), else from the function port (the engine's {@code Composition}). Tag models of different
 * base models are refused, naming the ports and both models. The output's metrics (and flow variable)
 * {@code zero_shot} is 1 when a domain tag comes from another bank than the function tag's (a pairing never trained
 * together), else 0.
 */
public final class ComposerNode {

    public static final String ZERO_SHOT = "zero_shot";

    private ComposerNode() {}

    /**
     * The composed tag model's spec.
     *
     * @throws SettingsException when fewer than two ports are connected, base models differ, the function port has
     *                           no (or no such) function tag, or a domain tag its task needs is in no port
     */
    public static TagModelSpec configure(List<TagModelSpec> ports, ComposerSettings settings)
            throws SettingsException {
        if (ports.size() < 2) {
            throw SettingsException.ofInputs("connect two or more tag models: one with the function tag, the others "
                    + "with domain tags; " + ports.size() + " connected");
        }
        settings.validate(ports.size());
        BaseModels.requireSame(ports);
        int f = settings.functionIndex(ports.size());
        TagModelSpec source = ports.get(f);
        TagModelSpec.Task task = task(source, settings, f + 1);
        List<TagModelSpec.Tag> tags = new ArrayList<>();
        tags.add(source.tag(task.functionTag()).orElseThrow());
        for (int i = 1; source.tag(EnsembleEntry.memberTag(task.functionTag(), i)).isPresent(); i++) {
            tags.add(source.tag(EnsembleEntry.memberTag(task.functionTag(), i)).orElseThrow()); // ensemble members
        }
        boolean otherDomainTag = false;
        for (String domain : task.domainTags()) {
            otherDomainTag |= ports.stream().anyMatch(p -> p != source && p.tag(domain).isPresent());
            TagModelSpec.Tag tag = ports.stream().filter(p -> p != source).flatMap(p -> p.tag(domain).stream())
                    .filter(TagModelSpec.Tag::isDomain).findFirst()
                    .or(() -> source.tag(domain).filter(TagModelSpec.Tag::isDomain))
                    .orElseThrow(() -> SettingsException.ofInputs("the task " + task.functionTag() + " needs the "
                            + "domain tag " + domain + ", which no input tag model holds; they hold "
                            + ports.stream().flatMap(p -> p.domainTags().stream()).distinct().toList()));
            tags.add(tag);
        }
        UncertaintyColumns u = task.uncertainty();
        // The calibration stays only if the other port's tag is the trained one bit for bit, which only the banks
        // tell: the Predictor's columns are then known after execution.
        TagModelSpec.Task composed = otherDomainTag && (u.interval() || u.set() || u.domain())
                ? new TagModelSpec.Task(task.functionTag(), task.headType(), null, task.fields(), u.spreadOnly(), false)
                : task;
        return new TagModelSpec(source.baseModel(), source.baseModelFolder(), tags, List.of(composed));
    }

    private static TagModelSpec.Task task(TagModelSpec port, ComposerSettings settings, int number)
            throws SettingsException {
        if (settings.functionTag() != null) {
            return port.task(settings.functionTag()).orElseThrow(() -> new SettingsException("function tag",
                    settings.functionTag(), "the tag model at port " + number + " has no task for it; its function "
                            + "tags are " + port.functionTags()));
        }
        List<TagModelSpec.Task> tasks = port.tasks();
        if (tasks.isEmpty()) {
            throw new SettingsException("function port", number, "the tag model at port " + number + " holds no "
                    + "function tag; connect the Tag Trainer's output there, or choose another port");
        }
        if (tasks.size() > 1) {
            throw new SettingsException("function tag", null, "the tag model at port " + number + " holds several "
                    + "function tags " + port.functionTags() + "; choose one");
        }
        return tasks.get(0);
    }

    /**
     * Composes the tag model through the engine ({@code Composition}, as {@code tagllm compose} does). A domain tag
     * another port offers replaces the function port's own copy when their values differ: connecting it is how a user
     * asks for that pairing (zero-shot when never trained together), and the node says so in a warning. Two other
     * ports offering one tag with different values are refused by the engine, naming both.
     */
    public static TagModelPortContent execute(List<TagModelPortContent> ports, ComposerSettings settings,
            TagEngineService engine, NodeProgress progress)
            throws SettingsException, NodeCancelledException, NodeFailedException {
        List<TagModelSpec> specs = ports.stream().map(TagModelPortContent::spec).toList();
        TagModelSpec spec = configure(specs, settings);
        int f = settings.functionIndex(ports.size());
        TagModelPortContent function = ports.get(f);
        TagBank functionBank = function.bank();
        List<TagBank> domains = new ArrayList<>();
        List<Integer> domainPorts = new ArrayList<>();
        List<TrainingCurve> curves = new ArrayList<>(function.curves());
        for (int i = 0; i < ports.size(); i++) {
            if (i == f) {
                continue;
            }
            domains.add(ports.get(i).bank());
            domainPorts.add(i + 1);
            ports.get(i).curves().stream().filter(c -> !curves.contains(c)).forEach(curves::add);
        }
        String functionTag = spec.tasks().get(0).functionTag();
        TagBank composed = EngineJobs.run(engine, new CompositionJob(domains, functionBank, functionTag),
                progress, 0, 1);
        for (Composition.Swap swap : Composition.swaps(composed, functionBank, domains)) {
            int port = domainPorts.get(indexOf(domains, swap.from()));
            progress.warning(swap.domainTag() + " from port " + port + " replaces the one " + functionTag
                    + " was trained with (port " + (f + 1) + "): a zero-shot pairing");
        }
        // A dropped calibration changes what the Predictor gives (no interval or domain columns): a warning.
        Composition.calibrationNote(composed, functionBank, functionTag).ifPresent(note -> {
            if (composed.calibration(functionTag).isPresent()) {
                progress.progress(1, note);
            } else {
                progress.warning(note);
            }
        });
        List<Provenance> history = composed.manifest().provenance();
        boolean zeroShot = !history.isEmpty() && history.get(history.size() - 1).zeroShot();
        Map<String, Double> metrics = new LinkedHashMap<>(function.metrics());
        metrics.put(ZERO_SHOT, zeroShot ? 1.0 : 0.0);
        progress.progress(1, "composed " + composed.describe() + (zeroShot ? " (zero-shot)" : ""));
        return new TagModelPortContent(composed, function.baseModelFolder(), curves, metrics);
    }

    /** The position of {@code bank} itself (not an equal copy) in {@code banks}. */
    private static int indexOf(List<TagBank> banks, TagBank bank) {
        for (int i = 0; i < banks.size(); i++) {
            if (banks.get(i) == bank) {
                return i;
            }
        }
        throw new IllegalStateException("the engine named a bank that was not given to it");
    }
}
