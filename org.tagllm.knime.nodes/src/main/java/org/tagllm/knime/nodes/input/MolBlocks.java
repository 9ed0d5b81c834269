package org.tagllm.knime.nodes.input;

import java.io.IOException;
import java.io.StringReader;
import java.util.regex.Pattern;
import org.tagllm.knime.engine.chem.InvalidMoleculeException;
import org.tagllm.knime.engine.chem.MoleculeOptions;
import org.tagllm.knime.engine.chem.MoleculeStandardizer;
import org.tagllm.knime.engine.chem.SdfReader;
import org.tagllm.knime.engine.chem.SdfRecord;

/**
 * SD mol blocks (V2000 or V3000, with or without data items and {@code $$$$}) to SMILES, read by CDK in strict mode
 * through the engine's {@link SdfReader}, so a KNIME SDF cell and a record of an SD file read the same.
 *
 * <p>A mol block has no SMILES writing of its own, so one is chosen that does not depend on the block's atom order:
 * CDK's canonical SMILES with aromatic symbols (the same text a SMILES column holds when it is canonical). CDK
 * canonicalises stereo and isotopes only with its InChI module, which is not on our class path; a molecule with
 * stereo or isotopes therefore keeps CDK's isomeric SMILES in the block's atom order, so nothing is lost.
 */
public final class MolBlocks {

    /** Stereo (@, /, \) or an isotope ([13C]) in isomeric SMILES. */
    private static final Pattern ISOMERIC = Pattern.compile("[@/\\\\]|\\[\\d");

    private static final MoleculeStandardizer CANONICAL = new MoleculeStandardizer(MoleculeOptions.canonical());

    private MolBlocks() {}

    /**
     * @throws InvalidMoleculeException with CDK's reason when the block holds no readable molecule
     */
    public static String toSmiles(String molBlock) throws InvalidMoleculeException {
        try (SdfReader reader = new SdfReader(new StringReader(molBlock))) {
            if (!reader.hasNext()) {
                throw new InvalidMoleculeException("", "the mol block is empty");
            }
            SdfRecord r = reader.next();
            if (!r.isValid()) {
                throw new InvalidMoleculeException(title(molBlock), r.error());
            }
            if (reader.hasNext()) {
                throw new InvalidMoleculeException(title(molBlock), "the cell holds more than one molecule");
            }
            return ISOMERIC.matcher(r.smiles()).find() ? r.smiles() : CANONICAL.standardize(r.smiles());
        } catch (IOException e) {
            throw new IllegalStateException("a StringReader does not fail", e);
        }
    }

    /** The block's first line (its title), to name it in messages. */
    private static String title(String block) {
        int nl = block.indexOf('\n');
        return (nl < 0 ? block : block.substring(0, nl)).strip();
    }
}
