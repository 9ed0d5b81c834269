package org.tagllm.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Predictions as CSV or TSV (commons-csv, quoted where needed): the header, then one record per row; a missing cell is
 * empty; doubles in Java's shortest round-trip form; control characters as escapes ({@link VisibleText}).
 */
final class DelimitedOutput implements PredictionOutput {

    private final FileChannel channel;
    private final BufferedWriter writer;
    private final CSVPrinter printer;

    /**
     * @param append continue a file cut to {@code length} bytes (a resumed run; its header is there), else start it
     */
    DelimitedOutput(Path file, List<String> header, char delimiter, boolean append, long length)
            throws IOException {
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        channel.truncate(append ? length : 0);
        channel.position(append ? length : 0);
        writer = new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(channel), StandardCharsets.UTF_8),
                1 << 16);
        CSVFormat.Builder format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter);
        if (!append) {
            format.setHeader(header.stream().map(VisibleText::of).toArray(String[]::new));
        }
        printer = new CSVPrinter(writer, format.get());
    }

    @Override
    public void write(List<Object> cells) throws IOException {
        List<Object> row = new ArrayList<>(cells.size());
        for (Object c : cells) {
            row.add(c == null ? "" : c instanceof String s ? VisibleText.of(s) : c);
        }
        printer.printRecord(row);
    }

    @Override
    public long flush() throws IOException {
        printer.flush();
        return channel.position();
    }

    @Override
    public void close() throws IOException {
        try (channel) {
            printer.close(true);
        }
    }
}
