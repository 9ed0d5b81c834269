package org.tagllm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.tagllm.knime.engine.LocalModel;
import org.tagllm.knime.engine.memory.Workload;
import org.tagllm.knime.engine.data.BadRowPolicy;
import org.tagllm.knime.engine.io.AtomicFiles;
import org.tagllm.knime.engine.method.DomainCorpus;
import org.tagllm.knime.engine.method.DomainPretraining;
import org.tagllm.knime.engine.train.TrainingCancelledException;
import org.tagllm.knime.engine.train.TrainingCheckpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tagllm pretrain-domain}: stage 1, domain tags from unlabelled in-domain text. */
@Command(name = "pretrain-domain", mixinStandardHelpOptions = true,
        description = {"Stage 1: learn domain tags by next-token prediction on unlabelled in-domain text, the model "
                + "frozen. Several --corpus options train several domains in one run with mixed batches.",
            "Writes a tag bank to --out, its loss curve beside it (OUT.loss.png), and reports the held-out "
                    + "next-token loss with the tag against the untagged model."})
final class PretrainDomainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Option(names = "--corpus", required = true, paramLabel = "TAG=FILE[:KIND[:COLUMN[:TOKENS]]]",
            description = {"A domain and its text, e.g. '<SMILES>=smiles.txt:smiles' or '<Protein>=chains.fasta'.",
                "KIND: ${bundle:kinds}; default from the extension (.fasta protein, .smi "
                        + "smiles, else text). TOKENS: 'character' (default for smiles and protein) or 'model' "
                        + "(default for text)."})
    List<String> corpora;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The tag bank to write.")
    Path out;

    @Option(names = "--vectors", paramLabel = "N", defaultValue = "" + DomainPretraining.Settings.DEFAULT_VECTORS, description = "Vectors per tag, p (default: ${DEFAULT-VALUE}).")
    int vectors;

    @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "" + DomainPretraining.Settings.DEFAULT_MAX_TOKENS, description = "Data tokens per example at most; longer are cut (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--max-examples", paramLabel = "N", defaultValue = "0", description = "Training examples per corpus at most (0 = all).")
    int maxExamples;

    @Option(names = "--holdout", paramLabel = "SHARE", defaultValue = "" + DomainPretraining.Settings.DEFAULT_HOLDOUT_FRACTION, description = "Share of each corpus held out (default: ${DEFAULT-VALUE}).")
    double holdout;

    @Option(names = "--max-holdout", paramLabel = "N", defaultValue = "" + DomainPretraining.Settings.DEFAULT_MAX_HOLDOUT, description = "Held-out examples per corpus at most (default: ${DEFAULT-VALUE}).")
    int maxHoldout;

    @Option(names = "--bad-rows", paramLabel = "POLICY", defaultValue = "skip", converter = EnumOptions.BadRows.class,
            description = "skip (report and drop) or fail (stop at the first) (default: ${DEFAULT-VALUE}).")
    BadRowPolicy badRows;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
    Path json;

    @Mixin
    TrainingOptions training;

    @Override
    public Integer call() throws Exception {
        try (TrainingOutputs outputs = TrainingOutputs.claim("tagllm pretrain-domain", out, json, training)) {
            return pretrain(outputs);
        }
    }

    private int pretrain(TrainingOutputs outputs) throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        List<DomainCorpus> domains = new ArrayList<>();
        corpora.forEach(c -> domains.add(CorpusOption.parse(c)));
        BadRowPolicy policy = badRows;
        if (policy == BadRowPolicy.KEEP) {
            throw new IllegalArgumentException("--bad-rows keep has no meaning for unlabelled text; use skip or fail");
        }
        var settings = new DomainPretraining.Settings(vectors, maxTokens, maxExamples, holdout, maxHoldout, policy,
                training.settings(out));
        Path resumeFrom = training.resume ? TrainingCheckpoint.latest(training.checkpointDir(out)).orElseThrow(
                () -> new IllegalArgumentException("--resume: no checkpoint in " + training.checkpointDir(out)))
                : null;
        DomainPretraining.Result result;
        try (var notice = InterruptNotice.install("pretrain-domain", training.checkpointDir(out), err);
                var threads = model.threads(); LocalModel lm = model.open(Workload.training(training.microBatch > 0 ? training.microBatch : training.batch, maxTokens), err);
                TrainingProgressBar bar = new TrainingProgressBar("stage 1", err)) {
            result = DomainPretraining.run(lm, domains, settings, bar, notice.cancellation(), resumeFrom);
        } catch (TrainingCancelledException e) {
            return ExitCodes.INTERRUPTED; // the notice's hook says what was kept
        }
        result.bank().write(out);
        Path png = outputs.lossCurve;
        TrainingPlots.write(png, "stage 1 " + String.join(" ", domains.stream().map(DomainCorpus::tag).toList()),
                result.training());
        PrintWriter stdout = spec.commandLine().getOut();
        for (DomainPretraining.DomainOutcome o : result.domains()) {
            stdout.printf("%s  %s: %d train, %d held out, %d cut to %d tokens; skipped %d of %d records%n", o.tag(),
                    o.file(), o.trainExamples(), o.heldOutExamples(), o.truncated(), maxTokens,
                    o.report().rowsSkipped(), o.report().rowsRead());
            stdout.printf("%s  held-out next-token loss: untagged %.4f, tag at init %.4f, trained tag %.4f%n",
                    o.tag(), o.heldOutLossUntagged(), o.heldOutLossBefore(), o.heldOutLossAfter());
        }
        stdout.print(EpochTable.text(result.training()));
        stdout.printf("wrote %s (%d steps, %.1f s, %.0f examples/s), loss curve %s%n", out, result.training().steps(),
                result.training().wallTime().toMillis() / 1000.0, result.training().examplesPerSecond(), png);
        if (json != null) {
            AtomicFiles.writeString(json, toJson(result));
        }
        String removed = outputs.removeCheckpoints(training.keepCheckpoints);
        if (removed != null) {
            stdout.println(removed);
        }
        return ExitCodes.OK;
    }

    private String toJson(DomainPretraining.Result r) {
        ObjectNode root = new ObjectMapper().createObjectNode();
        root.put("bank", out.toString()).put("steps", r.training().steps()).put("epochs", r.training().epochs())
                .put("wall_seconds", r.training().wallTime().toMillis() / 1000.0)
                .put("examples_per_second", r.training().examplesPerSecond())
                .put("final_train_loss", r.training().finalLoss());
        root.set("scores", EpochTable.names(r.training(), new ObjectMapper()));
        root.set("history", EpochTable.json(r.training(), new ObjectMapper()));
        ArrayNode domains = root.putArray("domains");
        for (DomainPretraining.DomainOutcome o : r.domains()) {
            domains.addObject().put("tag", o.tag()).put("file", o.file().toString())
                    .put("train_examples", o.trainExamples()).put("heldout_examples", o.heldOutExamples())
                    .put("truncated", o.truncated()).put("heldout_loss_untagged", o.heldOutLossUntagged())
                    .put("heldout_loss_tag_init", o.heldOutLossBefore())
                    .put("heldout_loss_trained", o.heldOutLossAfter())
                    .set("data_report", readTree(o.report().toJson()));
        }
        return root.toPrettyString();
    }

    private static com.fasterxml.jackson.databind.JsonNode readTree(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
