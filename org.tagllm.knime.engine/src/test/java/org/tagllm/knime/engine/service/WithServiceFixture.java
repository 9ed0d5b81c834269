package org.tagllm.knime.engine.service;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** A test class whose tests share one {@link ServiceFixture}, made once for the class in its own folder. */
abstract class WithServiceFixture {

    @TempDir
    static Path tmp;

    static ServiceFixture fixture;

    @BeforeAll
    static void createFixture() throws Exception {
        fixture = ServiceFixture.create(tmp);
    }
}
