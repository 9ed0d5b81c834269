package org.tagllm.knime.engine.data.read;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** A {@link RecordFormat} service of the tests ({@code META-INF/services}): CSV files named {@code .tagtest}. */
public final class CsvUnderAnotherName implements RecordFormat {

    @Override
    public List<String> extensions() {
        return List.of("TagTest");
    }

    @Override
    public RecordReader open(Path file, ReaderOptions options) throws IOException {
        return CsvRecordReader.open(file, options, ',');
    }
}
