package org.tagllm.knime.engine.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;
import org.tagllm.knime.engine.io.AtomicFiles;
import org.tagllm.knime.engine.split.Partition;
import org.tagllm.knime.engine.split.SplitFractions;
import org.tagllm.knime.engine.split.Splits;

/**
 * The quickstart's data files, made from {@link DemoMolecules} in the formats a user's own data takes: a labelled
 * table, an unlabelled SMILES list for stage 1 and the held-out test rows. Labelled and unlabelled molecules are
 * distinct (one seeded stream: the labelled rows first, then the corpus), and the same arguments give the same bytes.
 *
 * <ul>
 *   <li>{@code molecules.csv}: {@code smiles}, the three {@link Property} columns and {@code split}
 *       ({@code train}/{@code valid}/{@code test}, a seeded 80/10/10 split);</li>
 *   <li>{@code corpus.smi}: one SMILES per line, no header;</li>
 *   <li>{@code test.csv}: the {@code test} rows of {@code molecules.csv} without the split column.</li>
 * </ul>
 */
public final class DemoData {

    /** The numeric columns of {@code molecules.csv}; each can be the regression target. */
    public enum Property {
        /** Heavy atoms other than carbon over all heavy atoms: a molecule's polar share, 0 to 1. */
        HETEROATOM_SHARE("heteroatom_share", "<HeteroatomShare>", DemoMolecules.Molecule::heteroatomShare, "%.4f"),
        /** Atoms other than hydrogen. */
        HEAVY_ATOMS("heavy_atoms", "<HeavyAtoms>", DemoMolecules.Molecule::heavyAtoms, "%.0f"),
        /** Average molecular weight in g/mol, implicit hydrogens included. */
        MOL_WEIGHT("mol_weight", "<MolWeight>", DemoMolecules.Molecule::molecularWeight, "%.2f");

        private final String column;
        private final String functionTag;
        private final ToDoubleFunction<DemoMolecules.Molecule> value;
        private final String format;

        Property(String column, String functionTag, ToDoubleFunction<DemoMolecules.Molecule> value, String format) {
            this.column = column;
            this.functionTag = functionTag;
            this.value = value;
            this.format = format;
        }

        /** The column name in {@code molecules.csv}, e.g. {@code heteroatom_share}. */
        public String column() {
            return column;
        }

        /** A function tag named after the property, e.g. {@code <HeteroatomShare>}. */
        public String functionTag() {
            return functionTag;
        }

        /** The value as written in the table (rounded as the column is), so figures match the file. */
        public double of(DemoMolecules.Molecule m) {
            return Double.parseDouble(text(m));
        }

        String text(DemoMolecules.Molecule m) {
            return String.format(Locale.ROOT, format, value.applyAsDouble(m));
        }

        /** The property whose column is {@code name}. */
        public static Property ofColumn(String name) {
            for (Property p : values()) {
                if (p.column.equals(name)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("no demo column '" + name + "'; the columns are "
                    + Arrays.stream(values()).map(Property::column).toList());
        }
    }

    /** Fractions of the labelled rows for training, validation and test. */
    public static final SplitFractions FRACTIONS = new SplitFractions(0.8, 0.1, 0.1);

    /**
     * What was written: the files, the labelled molecules with their parts, the corpus.
     *
     * @param parts one partition per labelled molecule, in file order
     */
    public record Files(Path labelled, Path corpus, Path test, List<DemoMolecules.Molecule> molecules,
            Partition[] parts, List<DemoMolecules.Molecule> corpusMolecules) {

        /** The labelled molecules of one part, in file order. */
        public List<DemoMolecules.Molecule> part(Partition p) {
            return IntStream.range(0, molecules.size()).filter(i -> parts[i] == p)
                    .mapToObj(molecules::get).toList();
        }
    }

    public static final String LABELLED = "molecules.csv";
    public static final String CORPUS = "corpus.smi";
    public static final String TEST = "test.csv";
    /** The split column of {@code molecules.csv}. */
    public static final String SPLIT_COLUMN = "split";
    /** The SMILES column of the tables. */
    public static final String SMILES_COLUMN = "smiles";

    private DemoData() {}

    /**
     * Writes the three files into {@code dir}, each atomically.
     *
     * @param rows       labelled molecules, at least 10 (so every part has a row)
     * @param corpusRows unlabelled molecules for stage 1, at least 2
     */
    public static Files write(Path dir, int rows, int corpusRows, long seed) throws IOException {
        Objects.requireNonNull(dir, "dir");
        if (rows < 10 || corpusRows < 2) {
            throw new IllegalArgumentException("the demo data needs at least 10 labelled rows and 2 corpus rows, got "
                    + rows + " and " + corpusRows);
        }
        List<DemoMolecules.Molecule> all = DemoMolecules.generate(rows + corpusRows, seed);
        List<DemoMolecules.Molecule> labelled = all.subList(0, rows);
        List<DemoMolecules.Molecule> corpus = all.subList(rows, all.size());
        Partition[] parts = Splits.random(rows, FRACTIONS, seed);

        StringBuilder table = new StringBuilder(header(true));
        StringBuilder test = new StringBuilder(header(false));
        for (int i = 0; i < rows; i++) {
            String row = row(labelled.get(i));
            table.append(row).append(',').append(parts[i].name().toLowerCase(Locale.ROOT)).append('\n');
            if (parts[i] == Partition.TEST) {
                test.append(row).append('\n');
            }
        }
        StringBuilder smiles = new StringBuilder();
        corpus.forEach(m -> smiles.append(m.smiles()).append('\n'));

        Path labelledFile = dir.resolve(LABELLED);
        Path corpusFile = dir.resolve(CORPUS);
        Path testFile = dir.resolve(TEST);
        AtomicFiles.writeString(labelledFile, table.toString());
        AtomicFiles.writeString(corpusFile, smiles.toString());
        AtomicFiles.writeString(testFile, test.toString());
        return new Files(labelledFile, corpusFile, testFile, List.copyOf(labelled), parts, List.copyOf(corpus));
    }

    private static String header(boolean split) {
        StringBuilder b = new StringBuilder(SMILES_COLUMN);
        for (Property p : Property.values()) {
            b.append(',').append(p.column());
        }
        return b.append(split ? "," + SPLIT_COLUMN : "").append('\n').toString();
    }

    private static String row(DemoMolecules.Molecule m) {
        StringBuilder b = new StringBuilder(m.smiles()); // canonical SMILES hold no comma or quote
        for (Property p : Property.values()) {
            b.append(',').append(p.text(m));
        }
        return b.toString();
    }
}
