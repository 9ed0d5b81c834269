package org.tagllm.knime.nodes.table;

/**
 * What a column holds, as far as the nodes care. The Java value a cell of each type holds is fixed:
 * STRING, SMILES and SDF a {@link String} (an SDF cell holds one mol block), DOUBLE a {@link Double}, INTEGER an
 * {@link Integer}, LONG a {@link Long}, BOOLEAN a {@link Boolean}.
 */
public enum CellType {
    STRING(String.class),
    DOUBLE(Double.class),
    INTEGER(Integer.class),
    LONG(Long.class),
    BOOLEAN(Boolean.class),
    /** A molecule as SMILES text (the KNIME glue turns chemistry cells into it). */
    SMILES(String.class),
    /** A molecule as an SD mol block (V2000 or V3000), turned into SMILES by CDK before use. */
    SDF(String.class);

    private final Class<?> valueClass;

    CellType(Class<?> valueClass) {
        this.valueClass = valueClass;
    }

    /** The Java class of this type's non-missing cell values. */
    public Class<?> valueClass() {
        return valueClass;
    }

    public boolean isNumeric() {
        return this == DOUBLE || this == INTEGER || this == LONG;
    }

    /** SMILES or SDF: a column whose cells are molecules. */
    public boolean isMolecule() {
        return this == SMILES || this == SDF;
    }

    /** Text of any kind: plain strings and molecules written as text. */
    public boolean isText() {
        return valueClass == String.class;
    }
}
