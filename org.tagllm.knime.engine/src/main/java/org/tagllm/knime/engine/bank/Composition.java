package org.tagllm.knime.engine.bank;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
     * Composes a prediction bank. Each domain tag the task needs comes from the domain banks when one offers it, else
     * from the function bank, whose domain tags are the ones the function tag was trained with ({@code train} keeps
     * them in its bank). A domain bank's tag thus replaces the function bank's own: naming a domain bank is how a user
     * asks for that pairing (the documented zero-shot swap); {@link #swaps} lists what was replaced. A tag taken from
     * another bank than the function bank's own copy is a zero-shot pairing, recorded in the new bank's last
     * provenance entry ({@link Provenance#pairings()}, {@link Provenance#zeroShot()}).
     *
     * <p>An ensemble's further members come along (same task, same domain tags). The calibration (conformal quantile,
     * applicability-domain reference) was fitted on the function tag as trained with its domain tags: it is kept when
     * every domain tag is the function bank's own, bit for bit, and dropped otherwise ({@link #calibrationNote}).
     *
     * @param domainBanks  banks to take domain tags from; banks that hold none of the needed tags are ignored
     * @param functionBank the bank holding the function tag, its task and (optionally) its head
     * @param functionTag  e.g. {@code <BindingAffinity>}
     * @throws BankConflictException when the function bank lacks the tag or its task, a needed domain tag is in no
     *                               bank or in two domain banks with different values, or a bank offering one was
     *                               trained on another model
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

        TagBank.Builder composed = TagBank.builder(functionBank.baseModel())
                .addTag(functionTag, TagEntry.Kind.FUNCTION, functionBank.tag(functionTag));
        Set<TagBank> contributors = new LinkedHashSet<>();
        contributors.add(functionBank);
        List<Provenance.Pairing> pairings = new ArrayList<>();
        for (Map.Entry<String, List<String>> need : fieldsByDomainTag(task).entrySet()) {
            TagBank source = source(need.getKey(), need.getValue(), functionTag, functionBank, domainBanks);
            composed.addTag(need.getKey(), TagEntry.Kind.DOMAIN, source.tag(need.getKey()));
            contributors.add(source);
            pairings.add(new Provenance.Pairing(need.getKey(), source.contentSha256(), source == functionBank));
        }
        functionBank.head(functionTag).ifPresent(composed::addHead);
        composed.addTask(task);
        EnsembleEntry ensemble = functionBank.ensemble(functionTag).orElse(null);
        if (ensemble != null) {
            for (String member : ensemble.members().subList(1, ensemble.members().size())) {
                composed.addTag(member, TagEntry.Kind.FUNCTION, functionBank.tag(member));
                functionBank.head(member).ifPresent(composed::addHead);
                functionBank.task(member).ifPresent(composed::addTask);
            }
        }

        // The history of every bank something was taken from, each shared entry once, then this step.
        Set<Provenance> history = new LinkedHashSet<>();
        contributors.forEach(b -> history.addAll(b.manifest().provenance()));
        history.forEach(composed::addProvenance);
        composed.addProvenance(Provenance.now(Provenance.Stage.COMPOSE)
                .withSourceBanks(contributors.stream().map(TagBank::contentSha256).toList())
                .withPairings(pairings));
        TagBank out = composed.build();
        if (ensemble != null) {
            out = out.withEnsemble(ensemble);
        }
        Calibration calibration = functionBank.calibration(functionTag).orElse(null);
        if (calibration != null && pairings.stream().allMatch(Provenance.Pairing::trainedTogether)) {
            out = out.withCalibration(calibration);
            ReferenceSequences sequences = functionBank.referenceSequences(functionTag).orElse(null);
            if (sequences != null) {
                out = out.withReferenceSequences(functionTag, sequences);
            }
        }
        return out;
    }

    /**
     * One line on what became of the function tag's calibration in {@code composed}: kept (every domain tag the one it
     * was trained with), or dropped (a domain tag replaced, or taken from another bank); empty when the function bank
     * had none.
     */
    public static Optional<String> calibrationNote(TagBank composed, TagBank functionBank, String functionTag) {
        if (functionBank.calibration(functionTag).isEmpty()) {
            return Optional.empty();
        }
        if (composed.calibration(functionTag).isPresent()) {
            return Optional.of("kept the calibration of " + functionTag + " (intervals or sets, applicability "
                    + "domain): its domain tags are the ones it was trained with");
        }
        List<Provenance> history = composed.manifest().provenance();
        List<String> others = history.isEmpty() ? List.of() : history.get(history.size() - 1).pairings().stream()
                .filter(p -> !p.trainedTogether()).map(Provenance.Pairing::domainTag).toList();
        return Optional.of("dropped the calibration of " + functionTag + " (intervals or sets, applicability domain): "
                + "it was fitted with other values of " + String.join(", ", others) + " than these, so it does not "
                + "hold for this pairing; predictions carry no interval, set or domain columns");
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
     * A domain tag of the function bank that gave way to another bank's in a composition.
     *
     * @param domainTag e.g. {@code <SMILES>}
     * @param from      the domain bank whose tag took its place
     */
    public record Swap(String domainTag, TagBank from) {}

    /**
     * The function bank's domain tags that {@code composed} holds with another bank's values, each with the domain
     * bank it was taken from, in the task's field order; empty when every tag is the function bank's own or one it
     * lacked.
     */
    public static List<Swap> swaps(TagBank composed, TagBank functionBank, List<TagBank> domainBanks) {
        List<Provenance> history = composed.manifest().provenance();
        if (history.isEmpty() || history.get(history.size() - 1).stage() != Provenance.Stage.COMPOSE) {
            return List.of();
        }
        List<Swap> swaps = new ArrayList<>();
        for (Provenance.Pairing p : history.get(history.size() - 1).pairings()) {
            if (p.trainedTogether() || !functionBank.hasTag(p.domainTag())) {
                continue;
            }
            domainBanks.stream().filter(b -> b.hasTag(p.domainTag()) && b.contentSha256().equals(p.sourceBank()))
                    .findFirst().ifPresent(b -> swaps.add(new Swap(p.domainTag(), b)));
        }
        return List.copyOf(swaps);
    }

    /**
     * The bank to take a domain tag from: the one domain bank that offers it, else the function bank. Banks holding
     * bit-identical copies count as one offer, and the function bank wins when its own copy is that offer (the
     * pairing it was trained with). Two domain banks offering different values are refused: nothing is chosen
     * silently.
     */
    private static TagBank source(String domainTag, List<String> fields, String functionTag,
            TagBank functionBank, List<TagBank> domainBanks) throws BankConflictException {
        String neededBy = "field" + (fields.size() > 1 ? "s " : " ")
                + fields.stream().map(f -> "'" + f + "'").collect(Collectors.joining(", ")) + " of the " + functionTag
                + " task";
        Map<FloatTensor, TagBank> offers = new LinkedHashMap<>();
        for (TagBank bank : domainBanks) {
            if (offersDomainTag(bank, domainTag, fields, neededBy, functionBank)) {
                offers.putIfAbsent(bank.tag(domainTag), bank);
            }
        }
        boolean own = offersDomainTag(functionBank, domainTag, fields, neededBy, functionBank);
        if (offers.size() > 1) {
            throw new BankConflictException("the domain tag " + domainTag + " (for " + neededBy + ") is offered with "
                    + "different values by " + offers.values().stream().map(TagBank::describe)
                            .collect(Collectors.joining(" and "))
                    + "; pass only the bank whose " + domainTag + " you mean");
        }
        if (offers.size() == 1) {
            TagBank offer = offers.values().iterator().next();
            return own && functionBank.tag(domainTag).equals(offer.tag(domainTag)) ? functionBank : offer;
        }
        if (own) {
            return functionBank;
        }
        List<TagBank> searched = new ArrayList<>();
        searched.add(functionBank);
        searched.addAll(domainBanks);
        throw new BankConflictException(neededBy + " need" + (fields.size() > 1 ? "" : "s") + " the domain tag "
                + domainTag + ", which none of the banks searched holds: "
                + searched.stream().map(TagBank::describe).collect(Collectors.joining("; ")));
    }

    /** True when {@code bank} holds {@code domainTag} as a domain tag of the function bank's model. */
    private static boolean offersDomainTag(TagBank bank, String domainTag, List<String> fields, String neededBy,
            TagBank functionBank) throws BankConflictException {
        TagEntry entry = bank.tagEntry(domainTag).orElse(null);
        if (entry == null) {
            return false;
        }
        if (entry.kind() != TagEntry.Kind.DOMAIN) {
            throw new BankConflictException(domainTag + " in " + bank.describe() + " is a function tag, but "
                    + neededBy + " need" + (fields.size() > 1 ? "" : "s") + " it as a domain tag");
        }
        TagBanks.checkSameModel(functionBank, bank);
        return true;
    }
}
