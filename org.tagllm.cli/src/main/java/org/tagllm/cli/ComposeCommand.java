package org.tagllm.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.tagllm.knime.engine.bank.Composition;
import org.tagllm.knime.engine.bank.Provenance;
import org.tagllm.knime.engine.bank.TagBank;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tagllm compose}: domain tags from some banks, a function tag and head from another, in one bank. */
@Command(name = "compose", mixinStandardHelpOptions = true,
        description = {"Compose a predictor bank: the function tag, its head and task from --function-bank, and the "
                + "domain tags its task needs from --domain-bank(s); a domain tag the function bank holds gives way to "
                + "the one a --domain-bank offers (said in the output). Pairings never trained together are allowed "
                + "(zero-shot) and recorded as such; two --domain-bank banks offering one tag with different values, "
                + "and foreign base models, are refused. An ensemble's members come along; the calibration (intervals, "
                + "sets, applicability domain) is kept only when every domain tag is the one it was trained with, "
                + "else dropped (said in the output)."})
final class ComposeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--domain-bank", required = true, paramLabel = "DIR", description = "Banks offering domain tags "
            + "(repeatable); each replaces the function bank's own copy of a tag it holds.")
    List<Path> domainBanks;

    @Option(names = "--function-bank", required = true, paramLabel = "DIR", description = "Bank with the function tag.")
    Path functionBank;

    @Option(names = "--function-tag", required = true, paramLabel = "TAG", description = "The function tag to take.")
    String functionTag;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The composed bank.")
    Path out;

    @Override
    public Integer call() throws Exception {
        TagBank.checkWritable(out);
        List<TagBank> domains = new ArrayList<>();
        for (Path p : domainBanks) {
            domains.add(TagBank.read(p));
        }
        TagBank function = TagBank.read(functionBank);
        TagBank composed = Composition.compose(domains, function, functionTag);
        composed.write(out);
        for (Composition.Swap swap : Composition.swaps(composed, function, domains)) {
            spec.commandLine().getOut().printf("replaced %s of %s (the one %s was trained with) by the one from %s%n",
                    swap.domainTag(), functionBank, functionTag,
                    swap.from().origin().map(Path::toString).orElse(swap.from().describe()));
        }
        Composition.calibrationNote(composed, function, functionTag).ifPresent(spec.commandLine().getOut()::println);
        List<Provenance> history = composed.manifest().provenance();
        boolean zeroShot = !history.isEmpty() && history.get(history.size() - 1).zeroShot();
        spec.commandLine().getOut().printf("wrote %s%s%n", TagBank.read(out).describe(),
                zeroShot ? " (zero-shot: domain tags never trained with this function tag)" : "");
        return ExitCodes.OK;
    }
}
