package org.tagllm.cli;

import java.util.List;

/** Data the command-line tests share, so that each test names only what it varies. */
final class CliFixtures {

    /** Small, valid molecules of varied carbon counts; a test takes as many as it needs from the front. */
    private static final List<String> MOLECULES = List.of("CCO", "CCN", "c1ccccc1", "CC(=O)O", "CCCC", "OCCO",
            "c1ccccc1O", "CCOC", "NCCN", "CC(C)O", "CCCCO", "c1ccccc1N", "OC(=O)CC", "CCNCC", "COC", "CCCN");

    private CliFixtures() {}

    /** The first {@code n} of the shared molecules. */
    static List<String> molecules(int n) {
        return MOLECULES.subList(0, n);
    }
}
