package org.tagllm.knime.engine.method;

import org.tagllm.knime.engine.chem.MoleculeOptions;
import org.tagllm.knime.engine.data.NormalizerRegistry;
import org.tagllm.knime.engine.protein.ProteinOptions;

/**
 * Kept for callers written before the data layer checked molecules and proteins itself.
 *
 * @deprecated use {@link NormalizerRegistry#defaults()} and {@link NormalizerRegistry#standard}
 */
@Deprecated(forRemoval = true)
public final class InputNormalizers {

    private InputNormalizers() {}

    /** @deprecated {@link NormalizerRegistry#defaults()} */
    @Deprecated(forRemoval = true)
    public static NormalizerRegistry standard() {
        return NormalizerRegistry.defaults();
    }

    /** @deprecated {@link NormalizerRegistry#standard} */
    @Deprecated(forRemoval = true)
    public static NormalizerRegistry with(MoleculeOptions molecules, ProteinOptions proteins) {
        return NormalizerRegistry.standard(molecules, proteins);
    }
}
