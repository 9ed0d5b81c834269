package org.tagllm.knime.nodes.workflow;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.tagllm.knime.nodes.exec.SettingsException;
import org.tagllm.knime.nodes.table.CellType;
import org.tagllm.knime.nodes.table.ColumnSpec;
import org.tagllm.knime.nodes.table.InMemoryTable;
import org.tagllm.knime.nodes.table.Row;
import org.tagllm.knime.nodes.table.TableShape;

/**
 * Line Reader: each line of a text file becomes a row of one string column; like KNIME's node it can keep only
 * the lines that match a regular expression (for a FASTA file: the sequence lines) and skip empty lines.
 *
 * @param file      the file
 * @param column    the column's name
 * @param regex     lines to keep (whole line), or null for all
 * @param limitRows rows at most; 0 = all
 */
record LineReader(String file, String column, String regex, int limitRows) implements SourceNode {

    static LineReader defaults() {
        return new LineReader(null, "Column", null, 0);
    }

    @Override
    public List<Object> configure(List<Object> inputs) throws SettingsException {
        check();
        return List.of(shape());
    }

    private TableShape shape() {
        return TableShape.of(ColumnSpec.of(column, CellType.STRING));
    }

    private Pattern check() throws SettingsException {
        SettingChecks.existingFile("file", file);
        if (column == null || column.isEmpty()) {
            throw new SettingsException("column", column, "name the column");
        }
        SettingChecks.atLeast("limitRows", limitRows, 0);
        return regex == null ? null : SettingChecks.pattern("regex", regex);
    }

    @Override
    public Outcome execute(List<Object> inputs, Context context) throws SettingsException, IOException {
        Pattern keep = check();
        InMemoryTable.Builder b = InMemoryTable.builder(shape());
        int n = 0;
        try (BufferedReader in = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null && (limitRows == 0 || n < limitRows);
                    line = in.readLine()) {
                if (!line.isEmpty() && (keep == null || keep.matcher(line).matches())) {
                    b.add(Row.of("Row" + n++, line));
                }
            }
        }
        context.progress().progress(1, "read " + n + " lines from " + file);
        return Outcome.of(b.build());
    }
}
