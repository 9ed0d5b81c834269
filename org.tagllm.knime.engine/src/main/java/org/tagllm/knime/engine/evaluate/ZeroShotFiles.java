package org.tagllm.knime.engine.evaluate;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.tagllm.knime.engine.chem.InvalidMoleculeException;
import org.tagllm.knime.engine.chem.SmilesNotations;
import org.tagllm.knime.engine.data.BadRowPolicy;
import org.tagllm.knime.engine.data.ColumnKind;
import org.tagllm.knime.engine.data.ColumnMapping;
import org.tagllm.knime.engine.data.DataReport;
import org.tagllm.knime.engine.data.Dataset;
import org.tagllm.knime.engine.data.DatasetLoader;
import org.tagllm.knime.engine.data.Example;
import org.tagllm.knime.engine.data.NormalizerRegistry;
import org.tagllm.knime.engine.data.TableSpec;
import org.tagllm.knime.engine.io.AtomicFiles;
import org.tagllm.knime.engine.method.CorpusReader;
import org.tagllm.knime.engine.method.DomainCorpus;
import org.tagllm.knime.engine.split.Partition;
import org.tagllm.knime.engine.split.SplitFractions;
import org.tagllm.knime.engine.split.Splits;
import org.tagllm.knime.engine.tags.Tokenization;

/**
 * The files one seed of {@link ZeroShotExperiment} trains and tests on, derived from the shared corpus and labelled
 * table and written into the seed's folder (each file atomically):
 * <ul>
 * <li>{@code corpus-canonical.txt}, {@code corpus-randomized.txt}: the same sampled corpus molecules, as written and
 * as randomised SMILES, line by line;
 * <li>{@code train.csv}: the sampled training and validation rows as written, with a {@code split} column;
 * <li>{@code test-canonical.csv}, {@code test-randomized.csv}: the same sampled test rows, as written and randomised.
 * </ul>
 *
 * @param canonicalTargets the test rows' targets, in file order (both test files share them)
 * @param trainTargets     the training rows' targets (not validation), for the mean predictor
 */
record ZeroShotFiles(Path canonicalCorpus, Path randomizedCorpus, int corpusMolecules, Path train, int trainRows,
        int validRows, Path canonicalTest, Path randomizedTest, double[] canonicalTargets, double[] trainTargets,
        List<String> canonicalTestSmiles, List<String> randomizedTestSmiles, DataReport corpusReport,
        DataReport labelledReport) {

    /** The input column of every derived table, as the function tag's task names it. */
    static final String FIELD = "smiles";
    static final String SPLIT = "split";

    /** Random split of the labelled table before the caps, as the train command's default. */
    static final SplitFractions FRACTIONS = new SplitFractions(0.8, 0.1, 0.1);

    static ZeroShotFiles prepare(ZeroShotExperiment.Data data, ZeroShotExperiment.Settings s, long seed, Path dir)
            throws IOException {
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom corpusSample = root.split();
        SplittableRandom corpusWriting = root.split();
        SplittableRandom rowSample = root.split();
        SplittableRandom testWriting = root.split();

        // Stage 1: one sample of corpus molecules, written twice.
        CorpusReader.Texts texts = CorpusReader.read(new DomainCorpus(ZeroShotExperiment.CANONICAL_TAG, data.corpus(),
                null, ColumnKind.SMILES, Tokenization.CHARACTER), BadRowPolicy.SKIP);
        int wanted = s.stage1Examples() + s.stage1HeldOut();
        List<String> canonical = new ArrayList<>(wanted);
        List<String> randomized = new ArrayList<>(wanted);
        for (String smiles : sample(texts.values(), wanted, corpusSample)) {
            String r = randomizedOrNull(smiles, corpusWriting);
            if (r != null) {
                canonical.add(smiles);
                randomized.add(r);
            }
        }
        if (canonical.size() <= s.stage1HeldOut()) {
            throw new IllegalArgumentException(data.corpus() + ": " + canonical.size() + " usable molecule(s), but "
                    + "stage 1 holds out " + s.stage1HeldOut() + " and needs more to train on");
        }
        Path canonicalCorpus = dir.resolve("corpus-canonical.txt");
        Path randomizedCorpus = dir.resolve("corpus-randomized.txt");
        AtomicFiles.writeString(canonicalCorpus, String.join("\n", canonical) + "\n");
        AtomicFiles.writeString(randomizedCorpus, String.join("\n", randomized) + "\n");

        // Stages 2 and evaluation: a seeded split of the labelled table, each part capped by a seeded sample.
        Dataset table = DatasetLoader.builder().badRows(BadRowPolicy.SKIP).normalizers(NormalizerRegistry.defaults())
                .build().load(TableSpec.of(data.labelled(), ColumnMapping.builder()
                        .input(data.smilesColumn(), ColumnKind.SMILES).numericTarget(data.targetColumn()).build()));
        List<Example> rows = table.examples();
        Partition[] parts = Splits.random(rows.size(), FRACTIONS, seed);
        List<List<Example>> byPart = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < rows.size(); i++) {
            byPart.get(parts[i].ordinal()).add(rows.get(i));
        }
        List<Example> train = sample(byPart.get(Partition.TRAIN.ordinal()), s.trainRows(), rowSample);
        List<Example> valid = sample(byPart.get(Partition.VALID.ordinal()), s.validRows(), rowSample);
        List<Example> test = new ArrayList<>();
        List<String> testRandomized = new ArrayList<>();
        for (Example e : sample(byPart.get(Partition.TEST.ordinal()), s.testRows(), rowSample)) {
            String r = randomizedOrNull(e.inputs().get(data.smilesColumn()), testWriting);
            if (r != null) {
                test.add(e);
                testRandomized.add(r);
            }
        }
        if (train.isEmpty() || test.isEmpty()) {
            throw new IllegalArgumentException(data.labelled() + ": " + rows.size() + " usable row(s) give "
                    + train.size() + " training and " + test.size() + " test rows; both parts need rows");
        }
        String target = data.targetColumn();
        Path trainFile = dir.resolve("train.csv");
        writeCsv(trainFile, List.of(FIELD, target, SPLIT), printer -> {
            for (Example e : train) {
                printer.printRecord(e.inputs().get(data.smilesColumn()), e.numericTarget()[0], "train");
            }
            for (Example e : valid) {
                printer.printRecord(e.inputs().get(data.smilesColumn()), e.numericTarget()[0], "valid");
            }
        });
        List<String> testCanonical = test.stream().map(e -> e.inputs().get(data.smilesColumn())).toList();
        Path canonicalTest = dir.resolve("test-canonical.csv");
        Path randomizedTest = dir.resolve("test-randomized.csv");
        double[] targets = test.stream().mapToDouble(e -> e.numericTarget()[0]).toArray();
        writeTest(canonicalTest, target, testCanonical, targets);
        writeTest(randomizedTest, target, testRandomized, targets);
        return new ZeroShotFiles(canonicalCorpus, randomizedCorpus, canonical.size(), trainFile, train.size(),
                valid.size(), canonicalTest, randomizedTest, targets,
                train.stream().mapToDouble(e -> e.numericTarget()[0]).toArray(), testCanonical,
                List.copyOf(testRandomized), texts.report(), table.report());
    }

    /** CDK parsed it once already; a molecule it cannot rewrite is left out of both writings. */
    private static String randomizedOrNull(String smiles, SplittableRandom random) {
        try {
            return SmilesNotations.randomized(smiles, random);
        } catch (InvalidMoleculeException e) {
            return null;
        }
    }

    /** At most {@code max} items drawn by {@code random}, kept in their original order (all of them if fewer). */
    static <T> List<T> sample(List<T> items, int max, SplittableRandom random) {
        int n = items.size();
        int[] index = new int[n];
        for (int i = 0; i < n; i++) {
            index[i] = i;
        }
        int take = Math.min(max, n);
        for (int i = 0; i < take; i++) { // partial Fisher–Yates: the first `take` slots are the sample
            int j = i + random.nextInt(n - i);
            int t = index[i];
            index[i] = index[j];
            index[j] = t;
        }
        int[] chosen = Arrays.copyOf(index, take);
        Arrays.sort(chosen);
        List<T> out = new ArrayList<>(take);
        for (int i : chosen) {
            out.add(items.get(i));
        }
        return out;
    }

    private static void writeTest(Path file, String target, List<String> smiles, double[] targets) throws IOException {
        writeCsv(file, List.of(FIELD, target), printer -> {
            for (int i = 0; i < smiles.size(); i++) {
                printer.printRecord(smiles.get(i), targets[i]);
            }
        });
    }

    private interface Rows {
        void print(CSVPrinter printer) throws IOException;
    }

    private static void writeCsv(Path file, List<String> header, Rows rows) throws IOException {
        AtomicFiles.write(file, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            CSVPrinter printer = CSVFormat.DEFAULT.print(w);
            printer.printRecord(header);
            rows.print(printer);
            printer.flush(); // AtomicFiles closes the stream
        });
    }
}
