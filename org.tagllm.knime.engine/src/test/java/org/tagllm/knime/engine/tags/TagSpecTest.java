package org.tagllm.knime.engine.tags;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TagSpecTest {

    @ParameterizedTest
    @ValueSource(strings = {"<Protein>", "<SMILES>", "<QED>", "<BindingAffinity>", "<a>", "<Tox21_NR-AR>", "<x+y>"})
    void acceptsWellFormedNames(String name) {
        TagSpec spec = TagSpec.function(name);
        assertEquals(name, spec.name());
        assertEquals(TagSpec.DEFAULT_VECTORS, spec.vectors());
        assertEquals("tag." + name, spec.tensorName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Protein", "<Protein", "Protein>", "<>", "<1abc>", "<_x>", "<Pro tein>", "<Pro>tein>",
            "<Protéine>", "<<P>>", "<P.Q>", " <P>"})
    void refusesMalformedNamesNamingThem(String name) {
        String message = assertThrows(IllegalArgumentException.class, () -> TagSpec.domain(name)).getMessage();
        assertTrue(message.contains("'" + name + "'") && message.contains("expected '<', a letter"), message);
    }

    @Test
    void refusesMissingKindAndNonPositiveVectorCounts() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new TagSpec("<P>", TagKind.DOMAIN, 0))
                .getMessage().contains("tag <P>: the number of vectors must be positive, got 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new TagSpec("<P>", null, 3))
                .getMessage().contains("kind"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TagSpec.domain(null))
                .getMessage().contains("bad tag name null"));
    }
}
