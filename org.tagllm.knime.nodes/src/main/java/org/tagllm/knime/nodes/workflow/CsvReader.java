package org.tagllm.knime.nodes.workflow;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.tagllm.knime.nodes.exec.SettingsException;
import org.tagllm.knime.nodes.table.CellType;
import org.tagllm.knime.nodes.table.CsvTable;
import org.tagllm.knime.nodes.table.InMemoryTable;
import org.tagllm.knime.nodes.table.Row;

/**
 * CSV Reader: a CSV file with a header line; types inferred over all rows (integer, double, boolean, else
 * string) unless declared. Row keys are {@code Row<n>}, n the data row's number in the file from 0, so rows
 * keep their key however many are skipped.
 *
 * @param file        the file ({@code ${shared}/molecules/qed.csv})
 * @param skipRows    data rows to skip first (KNIME: "Skip first data rows")
 * @param limitRows   data rows to read at most after those; 0 = all (KNIME: "Limit data rows")
 * @param columnTypes declared column types, e.g. {@code {"smiles": "SMILES"}}
 */
record CsvReader(String file, int skipRows, int limitRows, Map<String, CellType> columnTypes) implements SourceNode {

    static CsvReader defaults() {
        return new CsvReader(null, 0, 0, Map.of());
    }

    CsvReader {
        columnTypes = columnTypes == null ? Map.of() : Map.copyOf(columnTypes);
    }

    @Override
    public List<Object> configure(List<Object> inputs) throws SettingsException, IOException {
        return List.of(read().shape());
    }

    @Override
    public Outcome execute(List<Object> inputs, Context context) throws SettingsException, IOException {
        InMemoryTable t = read();
        context.progress().progress(1, "read " + t.size() + " rows from " + file);
        return Outcome.of(t);
    }

    private InMemoryTable read() throws SettingsException, IOException {
        Path path = SettingChecks.existingFile("file", file);
        SettingChecks.atLeast("skipRows", skipRows, 0);
        SettingChecks.atLeast("limitRows", limitRows, 0);
        InMemoryTable all;
        try {
            all = CsvTable.read(path, columnTypes);
        } catch (IllegalArgumentException e) {
            throw new SettingsException("file", file, e.getMessage(), e);
        }
        List<Row> rows = all.rowList();
        int from = Math.min(skipRows, rows.size());
        int to = limitRows == 0 ? rows.size() : (int) Math.min(rows.size(), (long) from + limitRows);
        InMemoryTable.Builder b = InMemoryTable.builder(all.shape());
        rows.subList(from, to).forEach(b::add);
        return b.build();
    }
}
