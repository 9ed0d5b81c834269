package org.tagllm.spark.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The children's heap flags: a fixed, pre-touched heap on request, so that heap growth cannot pass for a leak. */
class BenchmarkArgsTest {

    private static final String[] REQUIRED = {"--model", "m", "--bank", "b", "--smiles", "s.csv", "--work", "w",
        "--json", "j.json"};

    @Test
    void fixedHeapReservesAndTouchesTheWholeHeapUpFront() {
        PredictionBenchmark.Args a = parse("--xmx", "512m", "--fixed-heap", "yes");
        assertEquals(List.of("-Xms512m", "-Xmx512m", "-XX:+AlwaysPreTouch"), a.heapFlags());
    }

    @Test
    void byDefaultOnlyTheMaximumIsSet() {
        assertEquals(List.of("-Xmx1g"), parse().heapFlags());
    }

    @Test
    void anUnknownFixedHeapValueIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse("--fixed-heap", "maybe"));
        assertEquals("--fixed-heap maybe: give yes or no", e.getMessage());
    }

    private static PredictionBenchmark.Args parse(String... extra) {
        String[] args = new String[REQUIRED.length + extra.length];
        System.arraycopy(REQUIRED, 0, args, 0, REQUIRED.length);
        System.arraycopy(extra, 0, args, REQUIRED.length, extra.length);
        return PredictionBenchmark.Args.parse(args);
    }
}
