package org.tagllm.knime.engine.data.read;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tagllm.knime.engine.chem.SdfReader;
import org.tagllm.knime.engine.chem.SdfRecord;

/**
 * An SD file read by the chemistry package's {@link SdfReader}: each record's molecule as isomeric SMILES in the field
 * {@value #SMILES}, its title line in {@value SdfRecord#NAME}, and its data items as fields named by their tags. A
 * record CDK cannot read is a bad record carrying the SD reader's error and the line the record starts on; the records
 * after it survive.
 *
 * <p>Records may carry different data items, so the columns are those of the whole file, found by a first pass over
 * its text ({@link SdDataItemNames}); a record without an item simply lacks that field, and the loader reports the
 * missing value in that row. A data item named {@value #SMILES} would be hidden by the molecule and is refused, and
 * so is a line longer than the record limit (the SD reader holds whole lines). A {@code .gz} file is decompressed.
 */
final class SdfRecordReader extends AbstractRecordReader {

    /** The field that holds the molecule. */
    static final String SMILES = "smiles";
    static final String UNREADABLE = "unreadable SD record";

    private final SdfReader records;
    private final List<String> columns;

    private SdfRecordReader(String source, SdfReader records, List<String> columns) {
        super(source);
        this.records = records;
        this.columns = columns;
    }

    static SdfRecordReader open(Path file, ReaderOptions options) throws IOException {
        Map<String, Long> items = SdDataItemNames.scan(file, options);
        Long clash = items.get(SMILES);
        if (clash != null) {
            throw new DataFileException(file + " line " + clash + ": data item <" + SMILES + "> has the name of the "
                    + "field the molecule is read into, so one would hide the other; rename the item");
        }
        List<String> columns = new ArrayList<>();
        columns.add(SMILES);
        columns.add(SdfRecord.NAME);
        columns.addAll(items.keySet());
        return new SdfRecordReader(file.toString(), new SdfReader(LineSource.reader(file, options.charset())),
                Collections.unmodifiableList(columns));
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public long blankLines() {
        return 0; // blank lines are part of an SD record's layout, not gaps between records
    }

    @Override
    protected SourceRecord read() throws IOException {
        SdfRecord record;
        try {
            if (!records.hasNext()) {
                return null;
            }
            record = records.next();
        } catch (UncheckedIOException e) {
            throw new DataFileException(source() + ": " + e.getMessage(), e.getCause());
        }
        long number = nextRecordNumber();
        if (!record.isValid()) {
            return SourceRecord.bad(number, record.firstLine(),
                    new ParseError(UNREADABLE, record.error(), identify(record)));
        }
        Map<String, String> fields = new HashMap<>(record.properties());
        fields.put(SMILES, record.smiles());
        return SourceRecord.ok(number, record.firstLine(), fields);
    }

    /** What a user can find the broken record by: its title, or else its first data item. */
    private static String identify(SdfRecord record) {
        for (Map.Entry<String, String> p : record.properties().entrySet()) {
            if (!p.getValue().isBlank()) {
                return p.getKey().equals(SdfRecord.NAME) ? p.getValue() : "<" + p.getKey() + "> " + p.getValue();
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        records.close();
    }
}
