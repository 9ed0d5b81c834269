package org.tagllm.spark;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.tagllm.knime.engine.LocalModel;
import org.tagllm.knime.engine.ModelFormatException;
import org.tagllm.knime.engine.bank.BankConflictException;
import org.tagllm.knime.engine.bank.BankFormatException;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.engine.method.TagPredictor;

/**
 * The models of this JVM (an executor, or the driver in local mode): each model folder loaded once, by the first task
 * that needs it, and shared by every later partition and task, also those running at the same time (a loaded model
 * only reads its weights; the engine's service predicts on one model from several threads too). Kept until the JVM
 * ends, with the application: loading costs seconds and native memory, a task milliseconds.
 *
 * <p>A bank's predictor (its tags and head on the model, kilobytes) serves one stream at a time, so each running task
 * borrows one and gives it back when it ends: an executor holds as many as it runs tasks at once, all on one model.
 */
final class ExecutorModels {

    /** What identifies a bank's predictor: the model, the bank folder as this JVM sees it, the function tag. */
    record Key(Path model, Path bank, String functionTag) {}

    private static final Map<Path, LocalModel> MODELS = new ConcurrentHashMap<>();
    private static final Map<Key, TagBank> BANKS = new ConcurrentHashMap<>();
    private static final Map<Key, Queue<TagPredictor>> IDLE = new ConcurrentHashMap<>();
    private static final AtomicLong MODEL_LOADS = new AtomicLong();
    private static final AtomicLong PREDICTORS_OPENED = new AtomicLong();

    private ExecutorModels() {}

    /** A predictor for {@code key}, idle or newly opened on the JVM's model; give it back with {@link #release}. */
    static TagPredictor borrow(Key key) {
        TagPredictor idle = IDLE.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>()).poll();
        if (idle != null) {
            return idle;
        }
        LocalModel model = model(key.model());
        try {
            TagPredictor opened = TagPredictor.open(model, bank(key), key.functionTag());
            PREDICTORS_OPENED.incrementAndGet();
            return opened;
        } catch (IOException | ModelFormatException | BankConflictException | RuntimeException e) {
            throw onThisHost(e);
        }
    }

    /** Makes {@code predictor}, borrowed for {@code key}, available to the next task. */
    static void release(Key key, TagPredictor predictor) {
        IDLE.get(key).add(predictor);
    }

    /** The model of folder {@code dir}, loaded on first use; concurrent first uses load it once. */
    static LocalModel model(Path dir) {
        return MODELS.computeIfAbsent(dir, d -> {
            requireFolder("model", d);
            try {
                LocalModel m = LocalModel.open(d);
                MODEL_LOADS.incrementAndGet();
                return m;
            } catch (IOException | ModelFormatException e) {
                throw onThisHost(e);
            }
        });
    }

    /** How many model folders this JVM has loaded so far. */
    static long modelLoads() {
        return MODEL_LOADS.get();
    }

    /** How many predictors this JVM has opened so far (at most its concurrent tasks per bank). */
    static long predictorsOpened() {
        return PREDICTORS_OPENED.get();
    }

    /** The bank of {@code key}, read once. */
    static TagBank bank(Key key) {
        return BANKS.computeIfAbsent(key, k -> readBank(k.bank()));
    }

    private static TagBank readBank(Path dir) {
        requireFolder("bank", dir);
        try {
            return TagBank.read(dir);
        } catch (IOException | BankFormatException e) {
            throw onThisHost(e);
        }
    }

    /** Fails with the path and this host when {@code dir} is no folder here (a path not shared with every executor). */
    static void requireFolder(String what, Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("the " + what + " folder " + dir + " is not on host " + host()
                    + (Files.exists(dir) ? " (it is a file there, not a folder)" : "")
                    + "; put it on a path every executor sees (a shared file system)");
        }
    }

    private static IllegalStateException onThisHost(Exception e) {
        return e instanceof IllegalStateException ise && ise.getMessage().contains(" on host ") ? ise
                : new IllegalStateException("on host " + host() + ": " + e.getMessage(), e);
    }

    static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "(unknown host: " + e.getMessage() + ")";
        }
    }
}
