package org.tagllm.knime.engine.baseline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One-hot code of the categories seen in training, numbered in order of first appearance; a value not seen in
 * training is all zeros. Values are compared exactly (the data layer has already normalised them).
 */
final class CategoryOneHot implements ColumnFeaturizer {

    private final Map<String, Integer> index = new LinkedHashMap<>();

    CategoryOneHot(List<String> trainingValues) {
        for (String v : trainingValues) {
            index.putIfAbsent(v, index.size());
        }
    }

    @Override
    public int size() {
        return index.size();
    }

    @Override
    public SparseVector encode(String value) {
        Integer i = index.get(value);
        return i == null ? SparseVector.EMPTY : new SparseVector(new int[] {i}, new double[] {1.0});
    }

    @Override
    public String describe() {
        return "one-hot of " + index.size() + " categories";
    }
}
