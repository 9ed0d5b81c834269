package org.tagllm.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.tagllm.knime.engine.predict.PredictionColumns;

/** The formats {@code predict} writes, by the output file's extension. */
enum OutputFormat {
    CSV(true), TSV(true), SDF(true), PARQUET(true);

    /** Whether a killed run's file can be cut back and appended to ({@code --resume}). */
    final boolean resumable;

    OutputFormat(boolean resumable) {
        this.resumable = resumable;
    }

    /** @throws IllegalArgumentException naming the file when its extension is none of ours */
    static OutputFormat of(Path out) {
        String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
        for (OutputFormat f : values()) {
            if (name.endsWith("." + f.name().toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        if (name.endsWith(".sd")) {
            return SDF;
        }
        throw new IllegalArgumentException("--out " + out + ": unknown output format; name it .csv, .tsv, .sdf or "
                + ".parquet");
    }

    /**
     * @param append continue a file cut to {@code length} bytes (a resumed run)
     */
    PredictionOutput open(Path file, PredictionColumns columns, boolean append, long length) throws IOException {
        return switch (this) {
            case CSV -> new DelimitedOutput(file, columns.names(), ',', append, length);
            case TSV -> new DelimitedOutput(file, columns.names(), '\t', append, length);
            case SDF -> new SdfOutput(file, columns, append, length);
            case PARQUET -> new ParquetOutput(file, columns, append, length);
        };
    }

    /** Whether a killed run left something to resume at {@code file} (the output's {@code .part}). */
    boolean unfinished(Path file) {
        return this == PARQUET ? Files.isDirectory(ParquetOutput.stagingFolder(file)) : Files.exists(file);
    }

    /** What the run kept aside until its output was complete, removed once it is. */
    void discardStaging(Path file) throws IOException {
        if (this == PARQUET) {
            ParquetOutput.discardStaging(file);
        }
    }
}
