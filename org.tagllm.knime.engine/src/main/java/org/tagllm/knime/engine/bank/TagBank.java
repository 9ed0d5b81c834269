package org.tagllm.knime.engine.bank;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.tagllm.knime.engine.io.OutputPreflight;
import org.tagllm.knime.engine.tensor.FloatTensor;

/**
 * A tag bank: learned tags and task heads for one frozen base model, with the manifest that says what they are, what
 * inputs their tasks take and where they came from. Immutable; every instance has passed the same checks as a bank
 * read from disk, so code that receives a {@code TagBank} can use it without checking again.
 *
 * <pre>{@code
 * TagBank smiles = TagBank.builder(BaseModelFingerprint.of(model))
 *         .addTag("<SMILES>", TagEntry.Kind.DOMAIN, FloatTensor.matrix(p, d, vectors))
 *         .addProvenance(Provenance.now(Provenance.Stage.STAGE_1).withDataFiles(files))
 *         .build();
 * smiles.write(Path.of("banks/smiles"));
 * TagBank again = TagBank.read(Path.of("banks/smiles"));
 * }</pre>
 *
 * See the package documentation for the folder format.
 */
public final class TagBank {

    private final BankManifest manifest;
    private final SortedMap<String, FloatTensor> tensors;
    private final Path origin;

    private TagBank(BankManifest manifest, SortedMap<String, FloatTensor> tensors, Path origin) {
        this.manifest = manifest;
        this.tensors = tensors;
        this.origin = origin;
    }

    /**
     * A checked bank.
     *
     * @param origin the folder it was read from, or null
     * @throws IllegalArgumentException when manifest and tensors do not form a valid bank
     */
    static TagBank of(BankManifest manifest, Map<String, FloatTensor> tensors, Path origin) {
        Objects.requireNonNull(manifest, "manifest");
        SortedMap<String, FloatTensor> copy = Collections.unmodifiableSortedMap(new TreeMap<>(tensors));
        BankValidation.check(manifest, copy);
        return new TagBank(manifest, copy, origin);
    }

    /** Starts a bank for the model with this fingerprint. */
    public static Builder builder(BaseModelFingerprint baseModel) {
        return new Builder(baseModel);
    }

    /**
     * Reads and checks a bank folder.
     *
     * @throws BankFormatException naming the folder (or file) and the tag, tensor or field at fault
     * @throws IOException         when a file cannot be read at all
     */
    public static TagBank read(Path dir) throws BankFormatException, IOException {
        return BankFiles.read(dir);
    }

    /**
     * Writes the bank as a folder. The files are written beside {@code dir} and renamed into place, so a failure
     * leaves the previous bank there intact. Refuses to replace a file, or a folder that holds anything but a bank.
     */
    public void write(Path dir) throws IOException {
        BankFiles.write(this, dir, BankFiles::writeSafetensors);
    }

    /**
     * Checks, before any work, that {@link #write} could put a bank at {@code dir}: a folder can be made there, and
     * what is there already is a bank (or nothing).
     */
    public static void checkWritable(Path dir) throws IOException {
        OutputPreflight.folder(dir);
        BankFiles.refuseToReplaceNonBank(dir);
    }

    public BankManifest manifest() {
        return manifest;
    }

    public BaseModelFingerprint baseModel() {
        return manifest.baseModel();
    }

    /** The folder this bank was read from; empty for a bank made in memory (including copies of a read bank). */
    public Optional<Path> origin() {
        return Optional.ofNullable(origin);
    }

    /** Every tensor by its name in {@code bank.safetensors}, sorted. */
    public SortedMap<String, FloatTensor> tensors() {
        return tensors;
    }

    public List<TagEntry> tags() {
        return manifest.tags();
    }

    /** The names of the tags of one kind, in manifest order. */
    public List<String> tagNames(TagEntry.Kind kind) {
        return manifest.tags().stream().filter(t -> t.kind() == kind).map(TagEntry::name).toList();
    }

    public boolean hasTag(String name) {
        return tagEntry(name).isPresent();
    }

    public Optional<TagEntry> tagEntry(String name) {
        return manifest.tags().stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /**
     * A tag's vectors, shape {@code [p, d]}.
     *
     * @throws IllegalArgumentException when the bank has no such tag; the message lists the tags it has
     */
    public FloatTensor tag(String name) {
        if (!hasTag(name)) {
            throw new IllegalArgumentException(describe() + " has no tag " + name);
        }
        return tensors.get(TagEntry.tensorName(name));
    }

    /** The head of a function tag with its tensors; empty when the tag has none. */
    public Optional<Head> head(String functionTag) {
        return manifest.heads().stream().filter(h -> h.functionTag().equals(functionTag)).findFirst()
                .map(h -> new Head(h, Optional.ofNullable(tensors.get(HeadEntry.weightTensorName(functionTag))),
                        Optional.ofNullable(tensors.get(HeadEntry.biasTensorName(functionTag)))));
    }

    /** How to lay out the inputs of a function tag's task; empty when the bank has no task for it. */
    public Optional<TaskEntry> task(String functionTag) {
        return manifest.tasks().stream().filter(t -> t.functionTag().equals(functionTag)).findFirst();
    }

    /** A function tag's calibration with its tensors; empty when the bank was trained without one. */
    public Optional<Calibration> calibration(String functionTag) {
        return manifest.calibrations().stream().filter(c -> c.functionTag().equals(functionTag)).findFirst()
                .map(c -> new Calibration(c, tensors.get(CalibrationEntry.readoutsTensorName(functionTag)),
                        tensors.get(CalibrationEntry.distancesTensorName(functionTag)),
                        tensors.get(CalibrationEntry.fingerprintsTensorName(functionTag))));
    }

    /** A calibrated protein task's training sequences (the sequence-identity domain); empty without them. */
    public Optional<ReferenceSequences> referenceSequences(String functionTag) {
        FloatTensor t = tensors.get(ReferenceSequences.tensorName(functionTag));
        String field = task(functionTag).map(ReferenceSequences::proteinField).orElse(null);
        return t == null || field == null ? Optional.empty()
                : Optional.of(new ReferenceSequences(field, ReferenceSequences.fromTensor(t)));
    }

    /**
     * A copy with a calibrated function tag's reference sequences added or replaced.
     *
     * @throws IllegalArgumentException when the tag has no calibration or its task no protein field of that name
     */
    public TagBank withReferenceSequences(String functionTag, ReferenceSequences reference) {
        if (calibration(functionTag).isEmpty() || !reference.field().equals(task(functionTag)
                .map(ReferenceSequences::proteinField).orElse(null))) {
            throw new IllegalArgumentException(describe() + ": reference sequences of " + functionTag + " need its "
                    + "calibration and a task whose first protein field is '" + reference.field() + "'");
        }
        SortedMap<String, FloatTensor> t = new TreeMap<>(tensors);
        t.put(ReferenceSequences.tensorName(functionTag), reference.toTensor());
        return copyOf(manifest, t);
    }

    /** The ensemble a function tag heads; empty when it is a single tag. */
    public Optional<EnsembleEntry> ensemble(String functionTag) {
        return manifest.ensembles().stream().filter(e -> e.functionTag().equals(functionTag)).findFirst();
    }

    /** True when the tag is a further member of another tag's ensemble (not to be applied on its own by default). */
    public boolean isEnsembleMember(String tag) {
        return manifest.ensembles().stream().anyMatch(e -> e.members().indexOf(tag) > 0);
    }

    /** A copy with this calibration added, or replacing the calibration of the same function tag. */
    public TagBank withCalibration(Calibration calibration) {
        String tag = calibration.entry().functionTag();
        SortedMap<String, FloatTensor> t = new TreeMap<>(tensors);
        removeCalibrationTensors(t, tag);
        if (calibration.readouts() != null) { // null: the domain left out
            t.put(CalibrationEntry.readoutsTensorName(tag), calibration.readouts());
            t.put(CalibrationEntry.distancesTensorName(tag), calibration.readoutDistances());
        }
        if (calibration.fingerprints() != null) {
            t.put(CalibrationEntry.fingerprintsTensorName(tag), calibration.fingerprints());
        }
        return copyOf(copy(manifest.tags(), manifest.heads(), manifest.tasks(), manifest.provenance(),
                replaced(manifest.calibrations(), calibration.entry(), e -> e.functionTag().equals(tag)),
                manifest.ensembles()), t);
    }

    /** A copy with this ensemble added, or replacing the ensemble of the same function tag. */
    public TagBank withEnsemble(EnsembleEntry ensemble) {
        return copyOf(copy(manifest.tags(), manifest.heads(), manifest.tasks(), manifest.provenance(),
                manifest.calibrations(), replaced(manifest.ensembles(), ensemble,
                        e -> e.functionTag().equals(ensemble.functionTag()))), tensors);
    }

    private static void removeCalibrationTensors(Map<String, FloatTensor> t, String tag) {
        t.remove(CalibrationEntry.readoutsTensorName(tag));
        t.remove(CalibrationEntry.distancesTensorName(tag));
        t.remove(CalibrationEntry.fingerprintsTensorName(tag));
        t.remove(ReferenceSequences.tensorName(tag));
    }

    /** A copy with this tag added, or replacing the tag of the same name (same position). */
    public TagBank withTag(String name, TagEntry.Kind kind, FloatTensor values) {
        TagEntry entry = entryFor(name, kind, values);
        SortedMap<String, FloatTensor> t = new TreeMap<>(tensors);
        t.put(TagEntry.tensorName(name), values);
        return copyOf(copy(replaced(manifest.tags(), entry, e -> e.name().equals(name)), manifest.heads(),
                manifest.tasks(), manifest.provenance()), t);
    }

    /** A copy without this tag; a function tag takes its head and task with it. */
    public TagBank withoutTag(String name) {
        if (!hasTag(name)) {
            throw new IllegalArgumentException(describe() + " has no tag " + name);
        }
        SortedMap<String, FloatTensor> t = new TreeMap<>(tensors);
        t.remove(TagEntry.tensorName(name));
        t.remove(HeadEntry.weightTensorName(name));
        t.remove(HeadEntry.biasTensorName(name));
        removeCalibrationTensors(t, name);
        return copyOf(copy(without(manifest.tags(), e -> e.name().equals(name)),
                without(manifest.heads(), e -> e.functionTag().equals(name)),
                without(manifest.tasks(), e -> e.functionTag().equals(name)), manifest.provenance(),
                without(manifest.calibrations(), e -> e.functionTag().equals(name)),
                without(manifest.ensembles(), e -> e.members().contains(name))), t);
    }

    /** A copy with this head added, or replacing the head of the same function tag. */
    public TagBank withHead(Head head) {
        String tag = head.functionTag();
        SortedMap<String, FloatTensor> t = new TreeMap<>(tensors);
        t.remove(HeadEntry.weightTensorName(tag));
        t.remove(HeadEntry.biasTensorName(tag));
        head.weight().ifPresent(w -> t.put(HeadEntry.weightTensorName(tag), w));
        head.bias().ifPresent(b -> t.put(HeadEntry.biasTensorName(tag), b));
        return copyOf(copy(manifest.tags(), replaced(manifest.heads(), head.entry(),
                e -> e.functionTag().equals(tag)), manifest.tasks(), manifest.provenance()), t);
    }

    /** A copy with this task added, or replacing the task of the same function tag. */
    public TagBank withTask(TaskEntry task) {
        return copyOf(copy(manifest.tags(), manifest.heads(),
                replaced(manifest.tasks(), task, e -> e.functionTag().equals(task.functionTag())),
                manifest.provenance()), tensors);
    }

    /** A copy with this entry appended to the history. */
    public TagBank withProvenance(Provenance entry) {
        List<Provenance> history = new ArrayList<>(manifest.provenance());
        history.add(entry);
        return copyOf(copy(manifest.tags(), manifest.heads(), manifest.tasks(), history), tensors);
    }

    /**
     * Checks that this bank was trained for the given model.
     *
     * @throws BankConflictException naming this bank, the model it was trained on and the model given
     */
    public void checkCompatible(BaseModelFingerprint model) throws BankConflictException {
        if (!baseModel().equals(model)) {
            throw new BankConflictException(describe() + " was trained on " + baseModel().describe()
                    + ", but the model given is " + model.describe() + ": the " + baseModel().differenceFrom(model)
                    + ". Tags only work with the model they were trained on");
        }
    }

    /**
     * A SHA-256 of everything the bank holds (every tensor's name, shape and float32 bits, and the manifest), used to
     * name source banks in provenance. Where the bank is stored plays no part.
     */
    public String contentSha256() {
        Sha256 digest = new Sha256();
        tensors.forEach((name, t) -> {
            digest.update(name.length()).update(name);
            long[] shape = t.shape();
            digest.update(shape.length);
            for (long d : shape) {
                digest.update(d);
            }
            digest.update(FloatBuffer.wrap(t.values()));
        });
        return digest.update(ManifestJson.toJson(manifest)).hex();
    }

    /** For messages: where the bank was read from and its tags, e.g. {@code bank /banks/smiles (tags [<SMILES>])}. */
    public String describe() {
        return (origin != null ? "bank " + origin : "unsaved bank") + " (tags " + tagList() + ")";
    }

    /** Same manifest and bit-identical tensors; where the bank came from does not matter. */
    @Override
    public boolean equals(Object o) {
        return o instanceof TagBank b && manifest.equals(b.manifest) && tensors.equals(b.tensors);
    }

    @Override
    public int hashCode() {
        return 31 * manifest.hashCode() + tensors.hashCode();
    }

    @Override
    public String toString() {
        return "TagBank[" + (origin != null ? origin + ", " : "") + "tags " + tagList() + ", heads "
                + manifest.heads().stream().map(HeadEntry::functionTag).toList() + "]";
    }

    private String tagList() {
        return manifest.tags().stream().map(TagEntry::name).collect(Collectors.joining(", ", "[", "]"));
    }

    /** A checked copy; a failure names this bank, since the caller was changing it. */
    private TagBank copyOf(BankManifest changed, Map<String, FloatTensor> changedTensors) {
        try {
            return of(changed, changedTensors, null);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the changed copy of " + describe() + " is not a valid bank: "
                    + e.getMessage(), e);
        }
    }

    private BankManifest copy(List<TagEntry> tags, List<HeadEntry> heads, List<TaskEntry> tasks,
            List<Provenance> provenance) {
        return copy(tags, heads, tasks, provenance, manifest.calibrations(), manifest.ensembles());
    }

    private BankManifest copy(List<TagEntry> tags, List<HeadEntry> heads, List<TaskEntry> tasks,
            List<Provenance> provenance, List<CalibrationEntry> calibrations, List<EnsembleEntry> ensembles) {
        return new BankManifest(manifest.format(), manifest.formatVersion(), tags, heads, tasks, manifest.baseModel(),
                provenance, calibrations, ensembles);
    }

    private static <T> List<T> replaced(List<T> entries, T replacement, Predicate<T> same) {
        List<T> out = new ArrayList<>(entries);
        for (int i = 0; i < out.size(); i++) {
            if (same.test(out.get(i))) {
                out.set(i, replacement);
                return out;
            }
        }
        out.add(replacement);
        return out;
    }

    private static <T> List<T> without(List<T> entries, Predicate<T> drop) {
        return entries.stream().filter(drop.negate()).toList();
    }

    /** The manifest entry for a tag's tensor, whose shape gives p and d. */
    private static TagEntry entryFor(String name, TagEntry.Kind kind, FloatTensor values) {
        long[] shape = values.shape();
        if (shape.length != 2) {
            throw new IllegalArgumentException("tag " + name + ": its vectors must be a [p, d] matrix, got shape "
                    + Arrays.toString(shape));
        }
        return new TagEntry(name, kind, Math.toIntExact(shape[0]), Math.toIntExact(shape[1]));
    }

    /** Collects a bank's parts; {@link #build()} checks them together. */
    public static final class Builder {

        private final BaseModelFingerprint baseModel;
        private final Map<String, TagEntry> tags = new LinkedHashMap<>();
        private final Map<String, Head> heads = new LinkedHashMap<>();
        private final Map<String, TaskEntry> tasks = new LinkedHashMap<>();
        private final Map<String, FloatTensor> tensors = new TreeMap<>();
        private final List<Provenance> provenance = new ArrayList<>();

        private Builder(BaseModelFingerprint baseModel) {
            this.baseModel = Objects.requireNonNull(baseModel, "baseModel");
        }

        /** Adds a tag; its vectors' shape {@code [p, d]} gives its size. */
        public Builder addTag(String name, TagEntry.Kind kind, FloatTensor values) {
            TagEntry entry = entryFor(name, kind, values);
            if (tags.putIfAbsent(name, entry) != null) {
                throw new IllegalArgumentException("tag " + name + " added twice");
            }
            tensors.put(TagEntry.tensorName(name), values);
            return this;
        }

        public Builder addHead(Head head) {
            String tag = head.functionTag();
            if (heads.putIfAbsent(tag, head) != null) {
                throw new IllegalArgumentException("a head for " + tag + " added twice");
            }
            head.weight().ifPresent(w -> tensors.put(HeadEntry.weightTensorName(tag), w));
            head.bias().ifPresent(b -> tensors.put(HeadEntry.biasTensorName(tag), b));
            return this;
        }

        public Builder addTask(TaskEntry task) {
            if (tasks.putIfAbsent(task.functionTag(), task) != null) {
                throw new IllegalArgumentException("a task for " + task.functionTag() + " added twice");
            }
            return this;
        }

        /** Appends to the history; add the entries of source banks first, oldest first. */
        public Builder addProvenance(Provenance entry) {
            provenance.add(Objects.requireNonNull(entry, "entry"));
            return this;
        }

        /**
         * The bank.
         *
         * @throws IllegalArgumentException when the parts do not fit together (a head for a tag not added, a tag
         *                                  narrower than the model, a NaN …)
         */
        public TagBank build() {
            BankManifest manifest = BankManifest.of(List.copyOf(tags.values()),
                    heads.values().stream().map(Head::entry).toList(), List.copyOf(tasks.values()), baseModel,
                    provenance);
            try {
                return of(manifest, tensors, null);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the bank built is not valid: " + e.getMessage(), e);
            }
        }
    }
}
