package org.tagllm.knime.nodes.workflow;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.tagllm.knime.nodes.table.InMemoryTable;
import org.tagllm.knime.nodes.table.Row;

/**
 * A table as CSV, as KNIME's CSV Writer writes it by default: a header line with the column names, no row keys,
 * missing cells empty, numbers as Java prints them (they parse back to the same value).
 */
final class TableCsv {

    private TableCsv() {}

    static void write(InMemoryTable table, Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get())) {
            csv.printRecord(table.shape().names());
            for (Row r : table.rowList()) {
                List<String> cells = new ArrayList<>(r.cells().size());
                r.cells().forEach(c -> cells.add(c == null ? "" : c.toString()));
                csv.printRecord(cells);
            }
        }
    }
}
