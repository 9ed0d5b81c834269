package org.tagllm.knime.engine.data.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.data.BadRowException;
import org.tagllm.knime.engine.data.BadRowPolicy;
import org.tagllm.knime.engine.data.ColumnKind;
import org.tagllm.knime.engine.data.ColumnMapping;
import org.tagllm.knime.engine.data.DataReport;
import org.tagllm.knime.engine.data.Dataset;
import org.tagllm.knime.engine.data.DatasetLoader;
import org.tagllm.knime.engine.data.Example;
import org.tagllm.knime.engine.data.Problem;
import org.tagllm.knime.engine.data.TableSpec;

/** SD files through the data layer: molecule in 'smiles', data items as columns, a broken record costs itself. */
class SdfRecordReaderTest {

    @TempDir
    Path tmp;

    @Test
    void moleculesAndDataItemsBecomeFieldsAndABrokenRecordIsABadRecordInItsPlace() throws IOException {
        Path file = Files.writeString(tmp.resolve("mols.sdf"), SdFiles.ETHANOL + SdFiles.BROKEN_BOND
                + SdFiles.ACETIC_ACID);
        try (RecordReader reader = RecordReaders.open(file, ReaderOptions.defaults())) {
            assertEquals(List.of("smiles", "_Name", "ID", "logS", "source"), reader.columns(),
                    "the data items of the whole file, in order of first appearance");
            SourceRecord ethanol = reader.next();
            assertEquals(Map.of("smiles", "CCO", "_Name", "ethanol", "ID", "M1", "logS", "1.1"), ethanol.fields());
            assertEquals(1, ethanol.line());

            SourceRecord broken = reader.next();
            assertEquals(2, broken.number());
            assertEquals(SdFiles.lines(SdFiles.ETHANOL) + 1, broken.line());
            assertEquals(SdfRecordReader.UNREADABLE, broken.parseError().reason());
            assertTrue(broken.parseError().detail().startsWith("CDK could not read the molfile: "),
                    broken.parseError().detail());
            assertTrue(broken.parseError().detail().endsWith("(CDK counts lines from the record's first line, line "
                    + broken.line() + " of the file)"), broken.parseError().detail());
            assertEquals("broken", broken.parseError().text(), "the title identifies the record");

            SourceRecord acid = reader.next();
            assertEquals(3, acid.number());
            assertEquals("CC(=O)O", acid.fields().get("smiles"));
            assertEquals("> 98% pure, from a vendor", acid.fields().get("source"), "a value may start with '>'");
            assertTrue(!reader.hasNext());
        }
    }

    @Test
    void throughTheLoaderTheBrokenRecordIsReportedAndTheOthersAreUsed() throws IOException {
        Path file = Files.writeString(tmp.resolve("mols.sdf"), SdFiles.ETHANOL + SdFiles.BROKEN_BOND
                + SdFiles.ACETIC_ACID);
        ColumnMapping mapping = ColumnMapping.builder().input("smiles", ColumnKind.SMILES).numericTarget("logS")
                .build();
        Dataset d = DatasetLoader.builder().badRows(BadRowPolicy.SKIP).build().load(TableSpec.of(file, mapping));
        assertEquals(List.of(1L, 3L), d.examples().stream().map(Example::row).toList());
        assertEquals(1, d.report().count(SdfRecordReader.UNREADABLE));
        Problem p = d.report().reasons().get(0).examples().get(0);
        assertEquals(2, p.row());
        assertEquals(SdFiles.lines(SdFiles.ETHANOL) + 1, p.line());

        ColumnMapping source = ColumnMapping.builder().input("smiles", ColumnKind.SMILES).input("source",
                ColumnKind.TEXT).build();
        DataReport r = DatasetLoader.builder().badRows(BadRowPolicy.SKIP).build()
                .load(TableSpec.of(file, source)).report();
        assertEquals(1, r.rowsUsed(), "only the acid has a source");
        assertEquals(1, r.count("missing value"), "ethanol lacks the item");
    }

    /** Issue 12: a missing {@code $$$$} lost the next record without a word, and its ID overwrote the first's. */
    @Test
    void aRecordMissingItsDelimiterIsReportedAndTheNextIsUsed() throws IOException {
        String undelimited = SdFiles.ETHANOL.replace("$$$$\n", "");
        Path file = Files.writeString(tmp.resolve("undelimited.sdf"), undelimited + SdFiles.ACETIC_ACID);
        ColumnMapping mapping = ColumnMapping.builder().input("smiles", ColumnKind.SMILES).numericTarget("logS")
                .build();
        Dataset d = DatasetLoader.builder().badRows(BadRowPolicy.SKIP).build().load(TableSpec.of(file, mapping));
        assertEquals(List.of(2L), d.examples().stream().map(Example::row).toList(), "the acid is read on its own");
        Problem p = d.report().reasons().get(0).examples().get(0);
        assertEquals(1, p.row());
        assertEquals(1, p.line());
        assertEquals("row 1 (line 1), value 'ethanol': unreadable SD record (no '$$$$' line after this record: another "
                + "record starts at line " + (SdFiles.lines(undelimited) + 1) + ")", p.describe());
    }

    /** Issue 12: a garbage counts line was reported as "smiles: empty value". */
    @Test
    void aGarbageCountsLineFailsNamingTheRecordTheLineAndTheText() throws IOException {
        Path file = Files.writeString(tmp.resolve("garbage.sdf"), SdFiles.ACETIC_ACID + SdFiles.ETHANOL.replace(
                "  3  2  0  0  0  0  0  0  0  0999 V2000", "  0 garbage"));
        ColumnMapping mapping = ColumnMapping.builder().input("smiles", ColumnKind.SMILES).build();
        BadRowException e = assertThrows(BadRowException.class, () -> DatasetLoader.builder()
                .badRows(BadRowPolicy.FAIL).build().load(TableSpec.of(file, mapping)));
        long start = SdFiles.lines(SdFiles.ACETIC_ACID) + 1;
        assertEquals(file + " row 2 (line " + start + "), value 'ethanol': unreadable SD record (bad counts line "
                + "'  0 garbage' at line " + (start + 3) + ": the atom and bond counts belong in columns 1-3 and 4-6, "
                + "and 'V2000' or 'V3000' at the end)", e.getMessage());
    }

    @Test
    void aDataItemNamedLikeTheMoleculeFieldIsRefused() throws IOException {
        Path file = Files.writeString(tmp.resolve("clash.sd"), SdFiles.ETHANOL.replace("<ID>", "<smiles>"));
        DataFileException e = assertThrows(DataFileException.class,
                () -> RecordReaders.open(file, ReaderOptions.defaults()));
        assertEquals(file + " line 11: data item <smiles> has the name of the field the molecule is read into, so "
                + "one would hide the other; rename the item", e.getMessage());
    }

    /** The SD reader holds whole lines; an absurd one is refused before it is ever read into memory. */
    @Test
    void aLineBeyondTheRecordLimitIsRefusedBeforeItIsHeld() throws IOException {
        Path file = Files.writeString(tmp.resolve("long.sdf"), SdFiles.ETHANOL.replace("M1", "M".repeat(500)));
        DataFileException e = assertThrows(DataFileException.class,
                () -> RecordReaders.open(file, ReaderOptions.defaults().withMaxRecordChars(200)));
        assertEquals(file + " line 12: a line of 500 characters; the limit is 200, and no SD file needs lines that "
                + "long (is it an SD file?)", e.getMessage());
    }

    @Test
    void gzipCompressedSdFilesAreRead() throws IOException {
        Path file = tmp.resolve("mols.sdf.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write((SdFiles.ETHANOL + SdFiles.ACETIC_ACID).getBytes(StandardCharsets.UTF_8));
        }
        List<SourceRecord> records = Records.all(file);
        assertEquals(List.of("CCO", "CC(=O)O"), records.stream().map(r -> r.fields().get("smiles")).toList());
    }
}
