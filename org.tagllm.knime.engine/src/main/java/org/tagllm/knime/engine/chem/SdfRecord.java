package org.tagllm.knime.engine.chem;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One record of an SD file, read or not.
 *
 * @param index      1-based record number: the n-th record between {@code $$$$} delimiters, broken ones included
 * @param firstLine  1-based line number of the record's first (title) line in the file
 * @param smiles     isomeric SMILES in the file's atom order (Kekulé, not canonical); null when the record is broken
 * @param properties title line under {@link #NAME}, then the SD data items in file order (tag → value, lines of a
 *                   multi-line value joined with {@code \n}); present for broken records too
 * @param error      why the molecule could not be read; null when it was
 */
public record SdfRecord(long index, long firstLine, String smiles, Map<String, String> properties, String error) {

    /** Property holding the record's title line (first line of the molfile), as in RDKit. */
    public static final String NAME = "_Name";

    public SdfRecord {
        if (index < 1 || firstLine < 1) {
            throw new IllegalArgumentException("index and firstLine are 1-based, got " + index + " and " + firstLine);
        }
        if ((smiles == null) == (error == null)) {
            throw new IllegalArgumentException("a record has either SMILES or an error, got " + smiles + " / " + error);
        }
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    public boolean isValid() {
        return error == null;
    }
}
