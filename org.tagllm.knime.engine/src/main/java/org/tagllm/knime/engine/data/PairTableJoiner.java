package org.tagllm.knime.engine.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tagllm.knime.engine.data.read.DataFileException;
import org.tagllm.knime.engine.data.read.ParseError;
import org.tagllm.knime.engine.data.read.ReaderFactory;
import org.tagllm.knime.engine.data.read.ReaderOptions;
import org.tagllm.knime.engine.data.read.RecordReader;
import org.tagllm.knime.engine.data.read.RecordReaders;

/**
 * Pair data joined with the small tables its ids point into, e.g. Davis' drug–target pairs with the drugs' SMILES and
 * the kinases' sequences. The pair table streams; each {@link KeyedTable} is read once, whole, into memory when the
 * joiner is built. A pair whose id is not a key of its table is a bad record ({@value #UNKNOWN_KEY}) naming the
 * column, the id and the table, and the run's {@link BadRowPolicy} decides what becomes of it.
 *
 * <pre>{@code
 * PairTableJoiner davis = PairTableJoiner.builder()
 *         .join("drug_idx", KeyedTable.of(Path.of("davis_drugs.csv"), "drug_idx", "smiles"))
 *         .join("target_idx", KeyedTable.of(Path.of("davis_targets.csv"), "target_idx", "sequence"))
 *         .build();
 * Dataset pairs = loader.load(TableSpec.of(Path.of("davis_pairs.csv"), mapping), davis);
 * }</pre>
 *
 * Joined records carry the pair table's fields and the joined columns; a joined column must not share a name with
 * any other. Immutable and reusable.
 */
public final class PairTableJoiner implements ReaderFactory {

    public static final String UNKNOWN_KEY = "unknown key";

    /** A pair column and the table its values are keys of. */
    record Join(String pairColumn, LookupTable table) {}

    private final List<Join> joins;
    private final RecordReaders readers;

    private PairTableJoiner(List<Join> joins, RecordReaders readers) {
        this.joins = List.copyOf(joins);
        this.readers = readers;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Opens the pair table by its extension and joins each record as it is read.
     *
     * @throws IllegalArgumentException when the pair table lacks a join column, or shares a column name with a
     *     joined table
     */
    @Override
    public RecordReader open(Path pairs, ReaderOptions options) throws IOException {
        RecordReader records = readers.read(pairs, options);
        try {
            return new AddedColumnsReader(records, joinedColumns(records), this::join);
        } catch (RuntimeException e) {
            records.close();
            throw e;
        }
    }

    /** The joined tables' columns of one pair, or the error naming the first id that is not a key. */
    private ParseError join(Map<String, String> pair, Map<String, String> fields) {
        for (Join join : joins) {
            String id = pair.get(join.pairColumn());
            String key = id == null ? "" : id.strip();
            String[] values = join.table().get(key);
            if (values == null) {
                return unknownKey(join, key);
            }
            List<String> names = join.table().spec().columns();
            for (int i = 0; i < values.length; i++) {
                fields.put(names.get(i), values[i]);
            }
        }
        return null;
    }

    private static ParseError unknownKey(Join join, String key) {
        KeyedTable table = join.table().spec();
        return new ParseError(UNKNOWN_KEY, join.pairColumn() + " '" + key + "' is not a key of " + table.file()
                + " (column '" + table.key() + "', " + join.table().size() + " keys)", join.pairColumn() + "=" + key);
    }

    private List<String> joinedColumns(RecordReader pairs) {
        List<String> columns = new ArrayList<>(pairs.columns());
        Set<String> seen = new HashSet<>(columns);
        for (Join join : joins) {
            if (!seen.contains(join.pairColumn())) {
                throw new IllegalArgumentException(pairs.source() + " has no column '" + join.pairColumn()
                        + "' to join " + join.table().spec().file() + " on; its columns are: "
                        + String.join(", ", pairs.columns()));
            }
        }
        for (Join join : joins) {
            for (String column : join.table().spec().columns()) {
                if (!seen.add(column)) {
                    throw new IllegalArgumentException("column '" + column + "' of " + join.table().spec().file()
                            + " would hide the column of that name already in " + pairs.source()
                            + " or another joined table; bring in other columns");
                }
                columns.add(column);
            }
        }
        return columns;
    }

    /** Joins to make; at least one. */
    public static final class Builder {
        private final Map<String, KeyedTable> tables = new LinkedHashMap<>();
        private RecordReaders readers = RecordReaders.standard();

        private Builder() {}

        /** Each value of {@code pairColumn} is a key of {@code table}; its chosen columns join the pair. */
        public Builder join(String pairColumn, KeyedTable table) {
            if (tables.putIfAbsent(pairColumn, table) != null) {
                throw new IllegalArgumentException("column '" + pairColumn + "' is joined twice");
            }
            return this;
        }

        /** How the pair table and the keyed tables are opened; default {@link RecordReaders#standard()}. */
        public Builder readers(RecordReaders registry) {
            this.readers = registry;
            return this;
        }

        /**
         * Reads the keyed tables.
         *
         * @throws DataFileException when one cannot be read whole, or has an empty or repeated key
         * @throws IllegalArgumentException when one lacks a named column
         */
        public PairTableJoiner build() throws IOException {
            if (tables.isEmpty()) {
                throw new IllegalArgumentException("a pair table joiner needs at least one keyed table");
            }
            List<Join> joins = new ArrayList<>();
            for (Map.Entry<String, KeyedTable> e : tables.entrySet()) {
                joins.add(new Join(e.getKey(), LookupTable.load(e.getValue(), readers)));
            }
            return new PairTableJoiner(joins, readers);
        }
    }
}
