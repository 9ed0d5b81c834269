package org.tagllm.knime.engine.data.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tagllm.knime.engine.data.read.CsvRecordReaderTest.assertOk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reader is chosen by extension; formats we cannot read are refused with what to do instead. */
class RecordReadersTest {

    @TempDir
    Path tmp;

    @Test
    void plainListSkipsAndCountsBlankLines() throws IOException {
        Path file = Files.writeString(tmp.resolve("mols.smi"), "CCO\n\n   \nc1ccccc1 benzene\n");
        try (RecordReader reader = RecordReaders.open(file, ReaderOptions.defaults())) {
            assertEquals(List.of("text"), reader.columns());
            assertOk(reader.next(), 1, 1, Map.of("text", "CCO"));
            assertOk(reader.next(), 2, 4, Map.of("text", "c1ccccc1 benzene"));
            assertEquals(false, reader.hasNext());
            assertEquals(2, reader.blankLines());
        }
    }

    @Test
    void extensionPicksTheReader() throws IOException {
        assertEquals(List.of("a", "b"), columns("x.TSV", "a\tb\n"));
        assertEquals(List.of("id", "description", "sequence"), columns("x.faa", ">p\nM\n"));
        assertEquals(List.of("text"), columns("x.txt", "a,b\n"));
        assertEquals(List.of("text"), columns("notes.dat", "a,b\n"), "an unknown text extension reads as lines");
        Path dat = Files.writeString(tmp.resolve("table.dat"), "a,b\n1,2\n");
        assertEquals(Map.of("a", "1", "b", "2"), Records.all(dat, ReaderOptions.defaults().withFormat(".CSV"))
                .get(0).fields(), "the format option overrides the extension");
    }

    @Test
    void unreadableFormatsAreRefusedWithTheReason() throws IOException {
        Path xlsx = Files.write(tmp.resolve("assay.xlsx"), new byte[] {'P', 'K', 3, 4});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RecordReaders.open(xlsx, ReaderOptions.defaults()));
        assertTrue(e.getMessage().contains("a spreadsheet; save the sheet as CSV"), e.getMessage());
        assertTrue(e.getMessage().contains("Readable: .csv, .tsv, .fasta, .fa, .faa, .sdf, .sd"), e.getMessage());
    }

    @Test
    void sdFilesHaveTheirOwnReader() throws IOException {
        Path sdf = Files.writeString(tmp.resolve("mols.SD"), "water\n  CDK\n\n  1  0  0  0  0  0  0  0  0  0999 V2000\n"
                + "    0.0000    0.0000    0.0000 O   0  0  0  0  0  0  0  0  0  0  0  0\nM  END\n$$$$\n");
        List<SourceRecord> records = Records.all(sdf);
        assertEquals(Map.of("smiles", "O", "_Name", "water"), records.get(0).fields());
    }

    /** The hook for formats of other packages. */
    @Test
    void aRegisteredReaderIsUsedForItsExtension() throws IOException {
        Path mol = Files.writeString(tmp.resolve("mols.mol2"), "ignored");
        ReaderFactory fake = (file, options) -> RecordReaders.open(Files.writeString(tmp.resolve("as.csv"),
                "smiles\nCCO\n"), options);
        RecordReaders readers = RecordReaders.standard().with(".MOL2", fake);
        assertTrue(readers.extensions().contains("mol2"));
        try (RecordReader reader = readers.read(mol, ReaderOptions.defaults())) {
            assertEquals(Map.of("smiles", "CCO"), reader.next().fields());
        }
    }

    /** How a module the engine bundle does not depend on (the command line's Parquet) adds a format everywhere. */
    @Test
    void aRecordFormatServiceOnTheClassPathIsAStandardReader() throws IOException {
        assertTrue(RecordReaders.standard().extensions().contains("tagtest"), RecordReaders.standard().extensions()
                .toString());
        Path file = Files.writeString(tmp.resolve("mols.tagtest"), "smiles\nCCO\n");
        assertEquals(Map.of("smiles", "CCO"), Records.all(file).get(0).fields());
    }

    @Test
    void optionsRefuseNonsense() {
        assertThrows(IllegalArgumentException.class, () -> ReaderOptions.defaults().withDelimiter('"'));
        assertThrows(IllegalArgumentException.class, () -> ReaderOptions.defaults().withMaxRecordChars(0));
        assertThrows(IllegalArgumentException.class, () -> ReaderOptions.defaults().withFormat(" . "));
    }

    private List<String> columns(String name, String content) throws IOException {
        try (RecordReader reader = RecordReaders.open(Files.writeString(tmp.resolve(name), content),
                ReaderOptions.defaults())) {
            return reader.columns();
        }
    }
}
