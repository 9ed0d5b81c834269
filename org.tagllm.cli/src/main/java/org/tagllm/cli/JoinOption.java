package org.tagllm.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.tagllm.knime.engine.data.KeyedTable;
import org.tagllm.knime.engine.data.PairTableJoiner;
import org.tagllm.knime.engine.method.DataSource;

/**
 * {@code --join ID_COLUMN=FILE:COLUMN[,COLUMN...]}: the data is a pair table whose ID_COLUMN values are keys of
 * FILE's column of the same name; the named columns of FILE are brought into every row.
 */
final class JoinOption {

    private JoinOption() {}

    static DataSource source(Path data, List<String> joins) throws IOException {
        if (joins == null || joins.isEmpty()) {
            return DataSource.of(data);
        }
        PairTableJoiner.Builder joiner = PairTableJoiner.builder();
        for (String spec : joins) {
            int eq = spec.indexOf('=');
            int colon = spec.lastIndexOf(':');
            if (eq <= 0 || colon <= eq + 1 || colon == spec.length() - 1) {
                throw new IllegalArgumentException("--join '" + spec + "': expected ID_COLUMN=FILE:COLUMN[,COLUMN...],"
                        + " e.g. drug_idx=davis_drugs.csv:smiles");
            }
            String key = spec.substring(0, eq);
            Path file = Path.of(spec.substring(eq + 1, colon));
            String[] columns = Arrays.stream(spec.substring(colon + 1).split(",")).map(String::trim)
                    .toArray(String[]::new);
            joiner.join(key, KeyedTable.of(file, key, columns));
        }
        return new DataSource(data, joiner.build());
    }
}
