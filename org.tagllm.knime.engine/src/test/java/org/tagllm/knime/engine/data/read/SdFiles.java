package org.tagllm.knime.engine.data.read;

/**
 * Small SD records for tests: two good molecules and one CDK cannot read, each with data items; and the molfiles of
 * the good ones (up to {@code M  END}) for tests that add data items of their own.
 */
public final class SdFiles {

    public static final String ETHANOL_MOLFILE = """
            ethanol
              handmade

              3  2  0  0  0  0  0  0  0  0999 V2000
                0.0000    0.0000    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0
                1.2990    0.7500    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0
                2.5981    0.0000    0.0000 O   0  0  0  0  0  0  0  0  0  0  0  0
              1  2  1  0  0  0  0
              2  3  1  0  0  0  0
            M  END
            """;

    public static final String ACETIC_ACID_MOLFILE = """
            acetic acid
              handmade

              4  3  0  0  0  0  0  0  0  0999 V2000
                0.0000    0.0000    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0
                1.2990    0.7500    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0
                1.2990    2.2500    0.0000 O   0  0  0  0  0  0  0  0  0  0  0  0
                2.5981    0.0000    0.0000 O   0  0  0  0  0  0  0  0  0  0  0  0
              1  2  1  0  0  0  0
              2  3  2  0  0  0  0
              2  4  1  0  0  0  0
            M  END
            """;

    public static final String ETHANOL = ETHANOL_MOLFILE + """
            >  <ID>
            M1

            > <logS> (1)
            1.1

            $$$$
            """;

    /** The bond block names atom 7 of two: CDK cannot read the molfile. */
    public static final String BROKEN_BOND = """
            broken
              handmade

              2  1  0  0  0  0  0  0  0  0999 V2000
                0.0000    0.0000    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0
                1.2990    0.7500    0.0000 N   0  0  0  0  0  0  0  0  0  0  0  0
              1  7  1  0  0  0  0
            M  END
            > <ID>
            M2

            > <logS>
            -0.5

            $$$$
            """;

    public static final String ACETIC_ACID = ACETIC_ACID_MOLFILE + """
            > <ID>
            M3

            > <logS>
            0.9

            > <source>
            > 98% pure, from a vendor

            $$$$
            """;

    private SdFiles() {}

    public static long lines(String text) {
        return text.lines().count();
    }
}
