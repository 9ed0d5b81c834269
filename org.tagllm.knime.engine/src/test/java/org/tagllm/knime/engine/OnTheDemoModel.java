package org.tagllm.knime.engine;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.demo.DemoModel;

/**
 * A test class whose tests share the demo model (tiny, random weights), opened once for the class in its own folder,
 * with the bits of its base weights as they were before any test (to prove that no stage changes them).
 */
public abstract class OnTheDemoModel {

    @TempDir
    protected static Path tmp;

    protected static LocalModel model;
    protected static Map<String, int[]> baseBits;

    @BeforeAll
    static void openTheDemoModel() throws Exception {
        model = LocalModel.open(DemoModel.ensure(tmp.resolve("demo")));
        baseBits = BaseWeightBits.of(model.decoder().weights());
    }

    @AfterAll
    static void closeTheDemoModel() {
        model.close();
    }
}
