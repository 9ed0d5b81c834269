package org.tagllm.knime.engine.method;

import java.util.Random;
import java.util.function.Function;

/**
 * Small seeded tables for method tests on the demo model: valid SMILES chained from fragments, random protein
 * sequences, and labels learnable from the characters alone.
 */
final class DemoTables {

    private DemoTables() {}

    /** Fragments that chain into valid molecules in any order (each bonds on both ends). */
    static final String[] FRAGMENTS = {"C", "CC", "O", "N", "c1ccccc1", "C(=O)O", "CCO", "C(Cl)", "C(C#N)"};

    static String smiles(Random r) {
        StringBuilder s = new StringBuilder("C");
        for (int i = 0, n = 1 + r.nextInt(5); i < n; i++) {
            s.append(FRAGMENTS[r.nextInt(FRAGMENTS.length)]);
        }
        return s.toString();
    }

    static String smilesLines(int n, long seed) {
        Random r = new Random(seed);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(smiles(r)).append('\n');
        }
        return b.toString();
    }

    static String proteinLines(int n, long seed) {
        Random r = new Random(seed);
        String residues = "ACDEFGHIKLMNPQRSTVWY";
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            for (int j = 0, len = 10 + r.nextInt(20); j < len; j++) {
                b.append(residues.charAt(r.nextInt(residues.length())));
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** SMILES with their count of the letter C as target: learnable from the characters alone. */
    static String regressionTable(int n, long seed) {
        return smilesTable(n, seed, "carbons", s -> Long.toString(s.chars().filter(c -> c == 'C').count()));
    }

    static String classTable(int n, long seed) {
        return smilesTable(n, seed, "size", s -> s.length() > 9 ? "many" : "few");
    }

    static String answerTable(int n, long seed) {
        return smilesTable(n, seed, "answer", s -> s.length() > 9 ? "long" : "short");
    }

    /** A {@code smiles} column and a {@code target} column of what {@code label} makes of each molecule. */
    private static String smilesTable(int n, long seed, String target, Function<String, String> label) {
        Random r = new Random(seed);
        StringBuilder b = new StringBuilder("smiles,").append(target).append('\n');
        for (int i = 0; i < n; i++) {
            String s = smiles(r);
            b.append(s).append(',').append(label.apply(s)).append('\n');
        }
        return b.toString();
    }

    static String pairTable(int n, long seed) {
        Random r = new Random(seed);
        String[] proteins = proteinLines(8, seed).split("\n");
        StringBuilder b = new StringBuilder("sequence,smiles,affinity\n");
        for (int i = 0; i < n; i++) {
            String p = proteins[r.nextInt(proteins.length)];
            String s = smiles(r);
            b.append(p).append(',').append(s).append(',').append(p.length() * 0.1 + s.length() * 0.2).append('\n');
        }
        return b.toString();
    }
}
