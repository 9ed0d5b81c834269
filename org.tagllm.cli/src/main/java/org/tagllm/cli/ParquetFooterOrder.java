package org.tagllm.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.Util;

/**
 * Puts a Parquet footer's per-column encoding lists into one order. parquet-java keeps a column's encodings in a hash
 * set of enum constants, whose order follows their identity hash codes, so two JVMs writing the same rows write the
 * lists in different orders: the same file but for those bytes. Sorted, the footer (same length, same content) is the
 * same whichever JVM wrote it, so a resumed run's file has the bytes of an uninterrupted run's.
 */
final class ParquetFooterOrder {

    private static final int TAIL = 8; // footer length (4 bytes, little-endian) and "PAR1"

    private ParquetFooterOrder() {}

    /** Rewrites {@code file}'s footer in place with every column's encodings sorted by their Parquet number. */
    static void canonical(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            ByteBuffer tail = ByteBuffer.allocate(TAIL).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(tail, size - TAIL);
            int length = tail.getInt(0);
            long start = size - TAIL - length;
            ByteBuffer footer = ByteBuffer.allocate(length);
            channel.read(footer, start);
            FileMetaData metadata = Util.readFileMetaData(new ByteArrayInputStream(footer.array()));
            for (RowGroup group : metadata.getRow_groups()) {
                for (ColumnChunk column : group.getColumns()) {
                    column.getMeta_data().getEncodings().sort(Comparator.comparingInt(Encoding::getValue));
                }
            }
            ByteArrayOutputStream sorted = new ByteArrayOutputStream(length);
            Util.writeFileMetaData(metadata, sorted);
            if (sorted.size() != length) {
                throw new IllegalStateException(file + ": the footer changed length when its encodings were sorted ("
                        + length + " -> " + sorted.size() + " bytes)");
            }
            channel.write(ByteBuffer.wrap(sorted.toByteArray()), start);
        }
    }
}
