package org.tagllm.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.openscience.cdk.exception.CDKException;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.io.SDFWriter;
import org.openscience.cdk.silent.SilentChemObjectBuilder;
import org.openscience.cdk.smiles.SmilesParser;
import org.tagllm.knime.engine.predict.PredictionColumns;

/**
 * Predictions as an SD file (CDK's writer): each row a molecule read from its SMILES column (no coordinates: a
 * 0D mol block; the SMILES column itself is not repeated as an item, as the SD reader reads the molecule into it),
 * titled by the {@value #TITLE} column when there is one, every other column a data item (a missing value an empty
 * item, so every record has every item). A row whose SMILES CDK cannot read is written as an empty molecule with the
 * text in {@value #UNREADABLE}, keeping its place and its {@code problem}.
 */
final class SdfOutput implements PredictionOutput {

    /** The column an SD file's title lines are read into (see the engine's SD reader). */
    static final String TITLE = "_Name";

    /** The data item that keeps the text of a SMILES CDK could not read (its molecule is written empty). */
    static final String UNREADABLE = "unreadable_smiles";

    private final FileChannel channel;
    private final BufferedWriter writer;
    private final SDFWriter sdf;
    private final List<String> names;
    private final int molecule;
    private final int title;
    private final SmilesParser smiles = new SmilesParser(SilentChemObjectBuilder.getInstance());

    /**
     * @param append continue a file cut to {@code length} bytes (a resumed run)
     * @throws IllegalArgumentException when no kept column holds SMILES
     */
    SdfOutput(Path file, PredictionColumns columns, boolean append, long length) throws IOException {
        names = columns.names();
        molecule = moleculeColumn(columns);
        title = columns.kept().indexOf(TITLE) < 0 ? -1 : names.indexOf(TITLE);
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        channel.truncate(append ? length : 0);
        channel.position(append ? length : 0);
        writer = new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(channel), StandardCharsets.UTF_8),
                1 << 16);
        sdf = new SDFWriter(writer);
    }

    private static int moleculeColumn(PredictionColumns columns) {
        for (String c : columns.kept()) {
            if (c.equalsIgnoreCase("smiles")) {
                return columns.names().indexOf(c);
            }
        }
        throw new IllegalArgumentException("--out *.sdf: the kept columns " + columns.kept() + " have no 'smiles' "
                + "column to write the molecules from; keep it (--keep) or write .csv");
    }

    @Override
    public void write(List<Object> cells) throws IOException {
        IAtomContainer mol = null;
        Object text = cells.get(molecule);
        try {
            mol = text == null ? empty() : smiles.parseSmiles(text.toString());
        } catch (CDKException e) {
            mol = empty();
            mol.setProperty(UNREADABLE, text.toString());
        }
        if (title >= 0 && cells.get(title) != null) {
            mol.setTitle(cells.get(title).toString());
        }
        for (int i = 0; i < names.size(); i++) {
            if (i != title && i != molecule) {
                Object v = cells.get(i);
                mol.setProperty(names.get(i), v == null ? "" : v.toString());
            }
        }
        try {
            sdf.write(mol);
        } catch (CDKException e) {
            throw new IOException("cannot write row " + cells.get(0) + " as an SD record: " + e.getMessage(), e);
        }
    }

    private static IAtomContainer empty() {
        return SilentChemObjectBuilder.getInstance().newAtomContainer();
    }

    @Override
    public long flush() throws IOException {
        writer.flush();
        return channel.position();
    }

    @Override
    public void close() throws IOException {
        try (channel) {
            sdf.close();
        }
    }
}
