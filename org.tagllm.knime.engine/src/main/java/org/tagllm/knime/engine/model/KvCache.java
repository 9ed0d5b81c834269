package org.tagllm.knime.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Keys (after rotary) and values of the tokens a decoder has seen so far, per layer [B, K, S, hd], plus which of the
 * S tokens are real when the batch is padded. Each {@link LlamaDecoder#forward} given this cache appends its tokens
 * (whole prompt first, then one token at a time, or any mix); the cache changes only when a forward call completes,
 * so a failed call leaves it as it was. Its arrays live in its own sub-manager; {@link #close()} frees them.
 */
public final class KvCache implements AutoCloseable {

    private final NDManager manager;
    private final NDArray[] keys; // per layer [B, K, S, hd], rotated
    private final NDArray[] values; // per layer [B, K, S, hd]
    private NDArray keyMask; // [B, S] boolean, true = real token; null while no padding has been seen
    private NDArray realCount; // [B, 1] int64 real tokens per row; null while no padding has been seen
    private int length;
    private long batchSize = -1;

    /** An empty cache for a decoder of {@code numLayers} blocks, its arrays in a new sub-manager of {@code parent}. */
    public KvCache(int numLayers, NDManager parent) {
        if (numLayers <= 0) {
            throw new IllegalArgumentException("numLayers must be positive, got " + numLayers);
        }
        this.manager = parent.newSubManager();
        this.keys = new NDArray[numLayers];
        this.values = new NDArray[numLayers];
    }

    /** Tokens cached per row (S), pads included. */
    public int length() {
        return length;
    }

    public boolean isEmpty() {
        return length == 0;
    }

    public int numLayers() {
        return keys.length;
    }

    /** Rows of the cached batch, -1 while empty. */
    public long batchSize() {
        return batchSize;
    }

    /** The cached keys of a layer, [B, K, S, hd], after rotary; null while empty. Owned by the cache. */
    public NDArray keys(int layer) {
        return keys[layer];
    }

    /** The cached values of a layer, [B, K, S, hd]; null while empty. Owned by the cache. */
    public NDArray values(int layer) {
        return values[layer];
    }

    NDArray keyMask() {
        return keyMask;
    }

    NDArray realCount() {
        return realCount;
    }

    /** Starts appending one forward call's tokens; nothing changes until {@link Update#commit}. */
    Update update(NDManager call) {
        return new Update(call);
    }

    @Override
    public void close() {
        manager.close();
    }

    /** The keys and values of one forward call, staged in the call's manager until the call completes. */
    final class Update {

        private final NDManager call;
        private final NDArray[] stagedKeys = new NDArray[keys.length];
        private final NDArray[] stagedValues = new NDArray[values.length];

        private Update(NDManager call) {
            this.call = call;
        }

        /**
         * Cached plus new keys and values of a layer, [B, K, S, hd] each; new ones are [B, K, T, hd]. The results
         * are staged in the call's manager, whatever manager the new arrays or the cache's arrays belong to.
         */
        NDArray[] append(int layer, NDArray newKeys, NDArray newValues) {
            NDArray k = newKeys;
            NDArray v = newValues;
            if (keys[layer] != null) {
                k = keys[layer].concat(newKeys, 2);
                v = values[layer].concat(newValues, 2);
            }
            k.attach(call);
            v.attach(call);
            stagedKeys[layer] = k;
            stagedValues[layer] = v;
            return new NDArray[] {k, v};
        }

        /** Makes the staged arrays the cache's content. */
        void commit(TokenLayout layout) {
            for (int i = 0; i < keys.length; i++) {
                if (stagedKeys[i] == null) {
                    throw new IllegalStateException("layer " + i + " appended nothing to the cache");
                }
                keys[i] = replace(keys[i], stagedKeys[i]);
                values[i] = replace(values[i], stagedValues[i]);
            }
            if (layout.keyMask() != null) {
                keyMask = replace(keyMask, layout.keyMask());
            }
            if (layout.realCount() != null) {
                realCount = replace(realCount, layout.realCount());
            }
            length += layout.steps();
            batchSize = layout.batch();
        }

        private NDArray replace(NDArray old, NDArray staged) {
            if (old != null && old != staged) {
                old.close();
            }
            staged.attach(manager);
            return staged;
        }
    }
}
