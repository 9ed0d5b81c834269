package org.tagllm.knime.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.Test;

/** The intra-op thread scope works on a running engine and gives the count back. */
class IntraOpThreadsTest {

    @Test
    void setsTheCountAndRestoresIt() {
        DjlRuntime.engine();
        int before = JniUtils.getNumThreads();
        try (DjlRuntime.IntraOpThreads one = DjlRuntime.intraOpThreads(1)) {
            assertEquals(1, JniUtils.getNumThreads());
            try (DjlRuntime.IntraOpThreads two = DjlRuntime.intraOpThreads(2)) {
                assertEquals(2, JniUtils.getNumThreads());
            }
            assertEquals(1, JniUtils.getNumThreads(), "scopes nest");
        }
        assertEquals(before, JniUtils.getNumThreads());
        assertThrows(IllegalArgumentException.class, () -> DjlRuntime.intraOpThreads(0));
    }
}
