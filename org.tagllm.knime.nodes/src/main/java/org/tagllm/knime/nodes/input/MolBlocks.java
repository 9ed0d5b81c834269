package org.tagllm.knime.nodes.input;

import java.io.IOException;
import java.io.StringReader;
import org.tagllm.knime.engine.chem.InvalidMoleculeException;
import org.tagllm.knime.engine.chem.SdfReader;
import org.tagllm.knime.engine.chem.SdfRecord;

/**
 * SD mol blocks (V2000 or V3000, with or without data items and {@code $$$$}) to SMILES, read by CDK in strict mode
 * through the engine's {@link SdfReader}, so a KNIME SDF cell and a record of an SD file read the same. The SMILES is
 * isomeric in the block's atom order; the engine's SMILES check canonicalises it like any other SMILES.
 */
public final class MolBlocks {

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
            return r.smiles();
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
