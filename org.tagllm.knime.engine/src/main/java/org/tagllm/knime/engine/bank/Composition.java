package org.tagllm.knime.engine.bank;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.tagllm.knime.engine.tensor.FloatTensor;

/**
 * Builds the bank a predictor needs for one function tag: the function tag, its head and task, and exactly the domain
 * tags the task's fields name, taken from whichever bank holds them. This is what lets a binding-affinity tag trained
 * on one protein and one SMILES run be used, or a QED tag be paired with a SMILES tag it never saw (zero-shot).
 */
public final class Composition {

    private Composition() {}

    /**
     * Composes a prediction bank. The function bank is searched for domain tags too: a domain tag it holds is the one
     * the function tag was trained with. One taken from another bank is a zero-shot pairing; that is allowed, and
     * recorded in the new bank's last provenance entry ({@link Provenance#pairings()}, {@link Provenance#zeroShot()}).
     *
     * @param domainBanks  banks to take domain tags from; banks that hold none of the needed tags are ignored
     * @param functionBank the bank holding the function tag, its task and (optionally) its head
     * @param functionTag  e.g. {@code <BindingAffinity>}
     * @throws BankConflictException when the function bank lacks the tag or its task, a needed domain tag is in no
     *                               bank or in two banks with different values, or a bank offering one was trained on
     *                               another model
     */
    public static TagBank compose(List<TagBank> domainBanks, TagBank functionBank, String functionTag)
            throws BankConflictException {
        TagEntry function = functionBank.tagEntry(functionTag).orElseThrow(() -> new BankConflictException(
                functionBank.describe() + " has no tag " + functionTag + "; its function tags are "
                        + functionBank.tagNames(TagEntry.Kind.FUNCTION)));
        if (function.kind() != TagEntry.Kind.FUNCTION) {
            throw new BankConflictException(functionTag + " in " + functionBank.describe() + " is a domain tag; "
                    + "compose a prediction bank around a function tag");
        }
        TaskEntry task = functionBank.task(functionTag).orElseThrow(() -> new BankConflictException(
                functionBank.describe() + " has no task for " + functionTag + ", so a predictor would not know how "
                        + "to lay out its inputs"));

        List<TagBank> searched = new ArrayList<>();
        searched.add(functionBank);
        searched.addAll(domainBanks);
        TagBank.Builder composed = TagBank.builder(functionBank.baseModel())
                .addTag(functionTag, TagEntry.Kind.FUNCTION, functionBank.tag(functionTag));
        Set<TagBank> contributors = new LinkedHashSet<>();
        contributors.add(functionBank);
        List<Provenance.Pairing> pairings = new ArrayList<>();
        for (Map.Entry<String, List<String>> need : fieldsByDomainTag(task).entrySet()) {
            TagBank source = soleSource(need.getKey(), need.getValue(), functionTag, functionBank, searched);
            composed.addTag(need.getKey(), TagEntry.Kind.DOMAIN, source.tag(need.getKey()));
            contributors.add(source);
            pairings.add(new Provenance.Pairing(need.getKey(), source.contentSha256(), source == functionBank));
        }
        functionBank.head(functionTag).ifPresent(composed::addHead);
        composed.addTask(task);

        // The history of every bank something was taken from, each shared entry once, then this step.
        Set<Provenance> history = new LinkedHashSet<>();
        contributors.forEach(b -> history.addAll(b.manifest().provenance()));
        history.forEach(composed::addProvenance);
        composed.addProvenance(Provenance.now(Provenance.Stage.COMPOSE)
                .withSourceBanks(contributors.stream().map(TagBank::contentSha256).toList())
                .withPairings(pairings));
        return composed.build();
    }

    /** Each domain tag the task needs, with the fields that need it, in field order. */
    private static Map<String, List<String>> fieldsByDomainTag(TaskEntry task) {
        Map<String, List<String>> needs = new LinkedHashMap<>();
        for (FieldEntry field : task.fields()) {
            if (field.domainTag() == null) {
                continue; // untagged text needs no tag
            }
            needs.computeIfAbsent(field.domainTag(), t -> new ArrayList<>()).add(field.name());
        }
        return needs;
    }

    /**
     * The bank to take a domain tag from: the function bank when it holds the tag, else the one domain bank that
     * does. Banks holding bit-identical copies count as one offer; the function bank wins among them.
     */
    private static TagBank soleSource(String domainTag, List<String> fields, String functionTag,
            TagBank functionBank, List<TagBank> searched) throws BankConflictException {
        String neededBy = "field" + (fields.size() > 1 ? "s " : " ")
                + fields.stream().map(f -> "'" + f + "'").collect(Collectors.joining(", ")) + " of the " + functionTag
                + " task";
        Map<FloatTensor, TagBank> offers = new LinkedHashMap<>();
        for (TagBank bank : searched) {
            TagEntry entry = bank.tagEntry(domainTag).orElse(null);
            if (entry == null) {
                continue;
            }
            if (entry.kind() != TagEntry.Kind.DOMAIN) {
                throw new BankConflictException(domainTag + " in " + bank.describe() + " is a function tag, but "
                        + neededBy + " need" + (fields.size() > 1 ? "" : "s") + " it as a domain tag");
            }
            TagBanks.checkSameModel(functionBank, bank);
            offers.putIfAbsent(bank.tag(domainTag), bank);
        }
        if (offers.isEmpty()) {
            throw new BankConflictException(neededBy + " need" + (fields.size() > 1 ? "" : "s") + " the domain tag "
                    + domainTag + ", which none of the banks searched holds: "
                    + searched.stream().map(TagBank::describe).collect(Collectors.joining("; ")));
        }
        if (offers.size() > 1) {
            throw new BankConflictException("the domain tag " + domainTag + " (for " + neededBy + ") is offered with "
                    + "different values by " + offers.values().stream().map(TagBank::describe)
                            .collect(Collectors.joining(" and "))
                    + "; pass only the bank whose " + domainTag + " you mean");
        }
        return offers.values().iterator().next();
    }
}
