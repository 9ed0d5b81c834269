package org.tagllm.knime.engine.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tagllm.knime.engine.tensor.FloatTensor;

/**
 * AdamW's state, outside libtorch, for checkpoints: the number of steps taken and both moment averages per trainable.
 *
 * @param step           optimizer steps taken so far (PyTorch's {@code state['step']}), at least 0
 * @param firstMoments   {@code exp_avg} by trainable name, in training order
 * @param secondMoments  {@code exp_avg_sq} by trainable name, in the same order
 */
public record AdamWState(long step, Map<String, FloatTensor> firstMoments, Map<String, FloatTensor> secondMoments) {

    public AdamWState {
        if (step < 0) {
            throw new IllegalArgumentException("AdamW step count must be at least 0, got " + step);
        }
        if (!firstMoments.keySet().equals(secondMoments.keySet())) {
            throw new IllegalArgumentException("first moments name " + firstMoments.keySet()
                    + " but second moments name " + secondMoments.keySet());
        }
        for (Map.Entry<String, FloatTensor> e : firstMoments.entrySet()) {
            FloatTensor v = secondMoments.get(e.getKey());
            if (!e.getValue().sameShape(v)) {
                throw new IllegalArgumentException("moments of " + e.getKey() + " differ in shape: " + e.getValue()
                        + " and " + v);
            }
        }
        firstMoments = Collections.unmodifiableMap(new LinkedHashMap<>(firstMoments));
        secondMoments = Collections.unmodifiableMap(new LinkedHashMap<>(secondMoments));
    }
}
