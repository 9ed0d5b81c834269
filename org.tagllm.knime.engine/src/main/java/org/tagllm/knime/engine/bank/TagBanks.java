package org.tagllm.knime.engine.bank;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Operations on several banks at once. */
public final class TagBanks {

    private TagBanks() {}

    /**
     * One bank with every tag, head and task of the given banks, e.g. a protein bank and a SMILES bank from separate
     * stage-1 runs, to train a cross-domain function tag on (stage 3). A tag, head or task that two banks both hold is
     * taken once if it is identical in both; if it differs, the merge is refused: nothing is renamed or chosen
     * silently. The history keeps every source bank's entries, then a {@code merge} entry naming the sources.
     *
     * @throws BankConflictException when the banks were trained on different models, or define a tag, head or task
     *                               differently; the message names both banks
     */
    public static TagBank merge(List<TagBank> banks) throws BankConflictException {
        if (banks.isEmpty()) {
            throw new IllegalArgumentException("nothing to merge: no banks given");
        }
        TagBank first = banks.get(0);
        for (TagBank bank : banks) {
            checkSameModel(first, bank);
        }
        Map<String, Owned<TagEntry>> tags = new LinkedHashMap<>();
        Map<String, Owned<Head>> heads = new LinkedHashMap<>();
        Map<String, Owned<TaskEntry>> tasks = new LinkedHashMap<>();
        Set<Provenance> history = new LinkedHashSet<>();
        for (TagBank bank : banks) {
            for (TagEntry tag : bank.tags()) {
                Owned<TagEntry> prior = tags.putIfAbsent(tag.name(), new Owned<>(tag, bank));
                if (prior != null && !sameTag(prior, bank, tag)) {
                    throw clash("tag " + tag.name(), prior.bank, bank, tagDifference(prior.item, tag));
                }
            }
            for (HeadEntry entry : bank.manifest().heads()) {
                Head head = bank.head(entry.functionTag()).orElseThrow();
                Owned<Head> prior = heads.putIfAbsent(entry.functionTag(), new Owned<>(head, bank));
                if (prior != null && !prior.item.equals(head)) {
                    throw clash("the head of " + entry.functionTag(), prior.bank, bank, "different heads");
                }
            }
            for (TaskEntry task : bank.manifest().tasks()) {
                Owned<TaskEntry> prior = tasks.putIfAbsent(task.functionTag(), new Owned<>(task, bank));
                if (prior != null && !prior.item.equals(task)) {
                    throw clash("the task of " + task.functionTag(), prior.bank, bank, "different tasks");
                }
            }
            // An entry two banks share (both descend from the same run) is one event: keep it once.
            history.addAll(bank.manifest().provenance());
        }
        TagBank.Builder merged = TagBank.builder(first.baseModel());
        tags.values().forEach(t -> merged.addTag(t.item.name(), t.item.kind(), t.bank.tag(t.item.name())));
        heads.values().forEach(h -> merged.addHead(h.item));
        tasks.values().forEach(t -> merged.addTask(t.item));
        history.forEach(merged::addProvenance);
        List<String> sources = new ArrayList<>();
        banks.forEach(b -> sources.add(b.contentSha256()));
        merged.addProvenance(Provenance.now(Provenance.Stage.MERGE).withSourceBanks(sources));
        return merged.build();
    }

    /** Refuses a bank trained on another model than {@code reference}'s, naming both banks and both models. */
    static void checkSameModel(TagBank reference, TagBank bank) throws BankConflictException {
        if (!reference.baseModel().equals(bank.baseModel())) {
            throw new BankConflictException(bank.describe() + " was trained on " + bank.baseModel().describe()
                    + ", but " + reference.describe() + " on " + reference.baseModel().describe() + ": the "
                    + bank.baseModel().differenceFrom(reference.baseModel())
                    + ". Banks of different base models cannot be used together");
        }
    }

    private static boolean sameTag(Owned<TagEntry> prior, TagBank bank, TagEntry tag) {
        return prior.item.equals(tag) && prior.bank.tag(tag.name()).equals(bank.tag(tag.name()));
    }

    private static String tagDifference(TagEntry a, TagEntry b) {
        if (a.kind() != b.kind()) {
            return "different kinds (" + a.kind().name().toLowerCase(Locale.ROOT) + " and "
                    + b.kind().name().toLowerCase(Locale.ROOT) + ")";
        }
        return a.vectors() != b.vectors() ? "different numbers of vectors (" + a.vectors() + " and " + b.vectors()
                + ")" : "different values";
    }

    private static BankConflictException clash(String what, TagBank a, TagBank b, String difference) {
        return new BankConflictException(what + " is defined in both " + a.describe() + " and " + b.describe()
                + ", with " + difference + ". Merging does not choose or rename; remove it from one bank or train "
                + "it under another name");
    }

    /** An item and the bank it was first seen in. */
    private record Owned<T>(T item, TagBank bank) {
        Owned {
            Objects.requireNonNull(item);
        }
    }
}
