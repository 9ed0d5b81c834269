package org.tagllm.cli;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * Parquet page compression without Hadoop: parquet-java's own codec factory goes through Hadoop's codec classes (and
 * so through a Hadoop Configuration and its dependencies); this one calls the compression libraries parquet-java
 * already brings (snappy-java, zstd-jni) and the JDK's gzip directly. The codecs Spark, pyarrow, polars and DuckDB
 * write by default (SNAPPY, ZSTD, GZIP, none) are read; another codec is refused naming it.
 */
final class ParquetCodecs implements CompressionCodecFactory {

    /** What {@code predict} writes: Spark's and pyarrow's default, fast, read everywhere. */
    static final CompressionCodecName WRITTEN = CompressionCodecName.SNAPPY;

    /** zstd's default level, as parquet-java writes. */
    private static final int ZSTD_LEVEL = 3;

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        supported(codec);
        return new BytesInputCompressor() {
            @Override
            public BytesInput compress(BytesInput bytes) throws IOException {
                return switch (codec) {
                    case UNCOMPRESSED -> bytes;
                    case SNAPPY -> BytesInput.from(Snappy.compress(bytes.toByteArray()));
                    case ZSTD -> BytesInput.from(Zstd.compress(bytes.toByteArray(), ZSTD_LEVEL));
                    default -> BytesInput.from(gzip(bytes.toByteArray()));
                };
            }

            @Override
            public CompressionCodecName getCodecName() {
                return codec;
            }

            @Override
            public void release() {}
        };
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        supported(codec);
        return new BytesInputDecompressor() {
            @Override
            public BytesInput decompress(BytesInput bytes, int size) throws IOException {
                byte[] in = bytes.toByteArray();
                byte[] out = switch (codec) {
                    case UNCOMPRESSED -> in;
                    case SNAPPY -> Snappy.uncompress(in);
                    case ZSTD -> Zstd.decompress(in, size);
                    default -> gunzip(in);
                };
                if (out.length != size) {
                    throw new IOException(codec + " page: " + out.length + " bytes after decompression, the page "
                            + "header says " + size + " (a damaged file?)");
                }
                return BytesInput.from(out);
            }

            @Override
            public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int size)
                    throws IOException {
                byte[] in = new byte[compressedSize];
                input.get(in);
                output.put(decompress(BytesInput.from(in), size).toByteArray());
            }

            @Override
            public void release() {}
        };
    }

    @Override
    public void release() {}

    private static void supported(CompressionCodecName codec) {
        switch (codec) {
            case UNCOMPRESSED, SNAPPY, ZSTD, GZIP -> { }
            default -> throw new IllegalArgumentException("Parquet pages compressed with " + codec + " cannot be "
                    + "read here; write the file with SNAPPY, ZSTD, GZIP or no compression");
        }
    }

    private static byte[] gzip(byte[] in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length / 2 + 64);
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(in);
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] in) throws IOException {
        try (InputStream z = new GZIPInputStream(new java.io.ByteArrayInputStream(in))) {
            return z.readAllBytes();
        }
    }
}
