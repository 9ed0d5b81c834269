package org.tagllm.knime.engine.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tagllm.knime.engine.runtime.DjlRuntime;
import org.tagllm.knime.engine.runtime.OwnedArrays;
import org.tagllm.knime.engine.tensor.FloatTensor;

/**
 * The arrays a training run updates (tag vectors, a task head), by name, in a fixed order: float32, requiring a
 * gradient, updated in place so that the model holding them sees every step. Everything else stays frozen.
 *
 * <pre>{@code
 * try (TrainableSet trainables = TrainableSet.builder()
 *         .add("tag.protein", new FloatTensor(initial, new long[] {p, d}))
 *         .add("head.weight", headWeightArray) // an array the caller's model already holds
 *         .build()) {
 *     NDArray tag = trainables.get("tag.protein");
 * }
 * }</pre>
 *
 * <p>Arrays added as {@link FloatTensor} are libtorch-owned copies in a manager of the set, closed with it. Arrays added
 * as {@link NDArray} stay the caller's; make them libtorch-owned (e.g. {@code duplicate()} of a created array), since
 * arrays made by {@code manager.create(javaData)} borrow Java memory that a garbage collection can free under views.
 */
public final class TrainableSet implements AutoCloseable {

    private final NDManager owned;
    private final Map<String, NDArray> arrays;

    private TrainableSet(NDManager owned, Map<String, NDArray> arrays) {
        this.owned = owned;
        this.arrays = Collections.unmodifiableMap(arrays);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects named arrays; {@link #build()} marks them as requiring a gradient. */
    public static final class Builder {

        private final Map<String, Object> entries = new LinkedHashMap<>();

        private Builder() {}

        private Device device() {
            Device device = null;
            String first = null;
            for (Map.Entry<String, Object> e : entries.entrySet()) {
                if (e.getValue() instanceof NDArray a) {
                    if (device == null) {
                        device = a.getDevice();
                        first = e.getKey();
                    } else if (!device.equals(a.getDevice())) {
                        throw new IllegalArgumentException("trainable " + e.getKey() + " is on " + a.getDevice()
                                + " but " + first + " is on " + device + "; one run trains on one device");
                    }
                }
            }
            return device != null ? device : Device.cpu();
        }

        /** Trains the caller's own array in place: float32, on the PyTorch engine. */
        public Builder add(String name, NDArray array) {
            if (!(array instanceof PtNDArray)) {
                throw new IllegalArgumentException("trainable " + name + ": not a PyTorch array: " + array);
            }
            if (array.getDataType() != DataType.FLOAT32) {
                throw new IllegalArgumentException("trainable " + name + ": data type " + array.getDataType()
                        + ", expected float32");
            }
            return put(name, array);
        }

        /** A new libtorch-owned array holding {@code initial}, owned and closed by the set. */
        public Builder add(String name, FloatTensor initial) {
            return put(name, initial);
        }

        private Builder put(String name, Object entry) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a trainable needs a non-blank name, got '" + name + "'");
            }
            if (entries.putIfAbsent(name, entry) != null) {
                throw new IllegalArgumentException("trainable " + name + " added twice");
            }
            return this;
        }

        public TrainableSet build() {
            if (entries.isEmpty()) {
                throw new IllegalStateException("a trainable set needs at least one array");
            }
            Set<NDArray> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            for (Map.Entry<String, Object> e : entries.entrySet()) {
                if (e.getValue() instanceof NDArray a && !seen.add(a)) {
                    throw new IllegalArgumentException("trainable " + e.getKey() + " is an array already added "
                            + "under another name");
                }
            }
            NDManager owned = DjlRuntime.newManager(device());
            try {
                Map<String, NDArray> arrays = new LinkedHashMap<>();
                for (Map.Entry<String, Object> e : entries.entrySet()) {
                    NDArray a = e.getValue() instanceof FloatTensor t
                            ? OwnedArrays.floats(owned, t.values(), new Shape(t.shape()))
                            : (NDArray) e.getValue();
                    a.setRequiresGradient(true);
                    arrays.put(e.getKey(), a);
                }
                return new TrainableSet(owned, arrays);
            } catch (RuntimeException e) {
                owned.close();
                throw e;
            }
        }
    }

    /** Where the arrays live: the caller's arrays' device (all must share one), CPU for copies alone. */
    public Device device() {
        return owned.getDevice();
    }

    /** The names, in training order. */
    public List<String> names() {
        return List.copyOf(arrays.keySet());
    }

    /** The array trained under {@code name}. */
    public NDArray get(String name) {
        NDArray a = arrays.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no trainable named '" + name + "'; the set has " + names());
        }
        return a;
    }

    /** The arrays, in training order. */
    public List<NDArray> arrays() {
        return new ArrayList<>(arrays.values());
    }

    public int size() {
        return arrays.size();
    }

    /** Number of trained scalars over all arrays. */
    public long elementCount() {
        long n = 0;
        for (NDArray a : arrays.values()) {
            n += a.getShape().size();
        }
        return n;
    }

    /** Every array's shape by name, in training order. */
    public Map<String, long[]> shapes() {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        arrays.forEach((name, a) -> shapes.put(name, a.getShape().getShape()));
        return shapes;
    }

    /** A copy of the current values, by name in training order. */
    public Map<String, FloatTensor> export() {
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        arrays.forEach((name, a) -> out.put(name, new FloatTensor(a.toFloatArray(), a.getShape().getShape())));
        return out;
    }

    /**
     * Overwrites every array in place with {@code values} (no gradient recorded), e.g. from a checkpoint or a tag
     * bank. The names must be exactly this set's names, each with the same shape.
     */
    public void load(Map<String, FloatTensor> values) {
        checkMatches(values, "values to load");
        try (NoGrad ignored = NoGrad.enter()) {
            arrays.forEach((name, a) -> OwnedArrays.copyInto(a, values.get(name).values()));
        }
    }

    /** Throws unless {@code values} has exactly this set's names with the same shapes; {@code what} names them. */
    void checkMatches(Map<String, FloatTensor> values, String what) {
        if (!values.keySet().equals(arrays.keySet())) {
            throw new IllegalArgumentException(what + " name " + values.keySet() + " but the trainables are "
                    + arrays.keySet());
        }
        arrays.forEach((name, a) -> {
            long[] expected = a.getShape().getShape();
            long[] actual = values.get(name).shape();
            if (!Arrays.equals(expected, actual)) {
                throw new IllegalArgumentException(what + ": " + name + " has shape " + Arrays.toString(actual)
                        + ", the trainable has " + Arrays.toString(expected));
            }
        });
    }

    /** Closes the arrays the set created; arrays added by the caller stay open. */
    @Override
    public void close() {
        owned.close();
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("TrainableSet[");
        arrays.forEach((name, a) -> s.append(s.length() > 13 ? ", " : "").append(name).append(a.getShape()));
        return s.append(']').toString();
    }
}
