package org.tagllm.knime.engine.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 18: a classification head's decision threshold and class balance in bank.json; older banks read as before. */
class ImbalanceFieldsTest {

    @TempDir
    Path tmp;

    private static TagBank bank(HeadEntry head) {
        return TagBank.builder(TestBanks.model("base"))
                .addTag("<Active>", TagEntry.Kind.FUNCTION, TestBanks.random(8, 1, TestBanks.HIDDEN))
                .addHead(Head.linear(head, TestBanks.random(12, 2, TestBanks.HIDDEN)))
                .build();
    }

    private static HeadEntry plain() {
        return HeadEntry.classification("<Active>", TestBanks.HIDDEN, false, List.of("0", "1"), 1.5);
    }

    @Test
    void decisionAndClassBalanceRoundTrip() throws Exception {
        HeadEntry head = plain().withImbalance(new DecisionEntry("1", 0.125, "mcc", 0.4),
                new ClassBalanceEntry("balanced", List.of(0.5, 12.5), "shuffle", List.of(0.6931, -2.5257)));
        bank(head).write(tmp.resolve("b"));
        String json = Files.readString(tmp.resolve("b").resolve(BankFiles.MANIFEST), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"decision\"") && json.contains("\"class_balance\""), json);
        HeadEntry read = TagBank.read(tmp.resolve("b")).head("<Active>").orElseThrow().entry();
        assertEquals(head, read);
        assertEquals(0.125, read.decision().threshold());
        assertEquals(List.of(0.5, 12.5), read.classBalance().classWeights());
    }

    @Test
    void aBankWithoutThemWritesNeitherAndReadsThemAsAbsent() throws Exception {
        bank(plain()).write(tmp.resolve("b"));
        String json = Files.readString(tmp.resolve("b").resolve(BankFiles.MANIFEST), StandardCharsets.UTF_8);
        assertFalse(json.contains("decision") || json.contains("class_balance"), json);
        HeadEntry read = TagBank.read(tmp.resolve("b")).head("<Active>").orElseThrow().entry();
        assertNull(read.decision());
        assertNull(read.classBalance());
        assertEquals(plain(), read);
    }

    @Test
    void inconsistentFieldsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> plain().withImbalance(new DecisionEntry("0", 0.5, "f1", 0.1), null));
        assertTrue(e.getMessage().contains("positive class '0'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new DecisionEntry("1", 1.5, "f1", 0.1));
        assertTrue(e.getMessage().contains("'threshold'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new DecisionEntry("1", 0.5, "accuracy", 0.1));
        assertTrue(e.getMessage().contains("'criterion'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> plain().withImbalance(null,
                new ClassBalanceEntry("given", List.of(1.0), "shuffle", List.of(0.0))));
        assertTrue(e.getMessage().contains("one weight per class"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new ClassBalanceEntry("given", List.of(1.0, -2.0), "shuffle", List.of(0.0, 0.0)));
        assertTrue(e.getMessage().contains("'class_weights'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> HeadEntry.regression("<QED>", 8, false,
                List.of(0.0), List.of(1.0)).withImbalance(null, null).withImbalance(
                        new DecisionEntry("1", 0.5, "f1", 0.1), null));
        assertTrue(e.getMessage().contains("classification heads"), e.getMessage());
    }
}
