package org.tagllm.knime.engine.method;

import java.util.Locale;

/**
 * How a task's answer is produced: by a task head (regression, classification), or written as text by the frozen LM
 * head (generation tasks, and the ablation without head, where a number or a class label becomes the answer text).
 */
record Answering(LabelledTask.Type type, boolean head) {

    /** Whether the frozen LM head writes the answer. */
    boolean byLanguageModel() {
        return type == LabelledTask.Type.GENERATION || !head;
    }

    /** Whether a numeric target is written as text (regression without head). */
    boolean numberAsText() {
        return type == LabelledTask.Type.REGRESSION && !head;
    }

    /** Whether class labels are written as text (classification without head). */
    boolean labelAsText() {
        return type == LabelledTask.Type.CLASSIFICATION && !head;
    }

    /** Positions kept free for the answer when inputs are cut to the budget. */
    int answerReserve() {
        if (type == LabelledTask.Type.GENERATION) {
            return FunctionTraining.ANSWER_RESERVE;
        }
        return head ? 0 : SHORT_ANSWER_RESERVE;
    }

    /** A number with two decimals or a class label, in the model's tokens, plus EOS. */
    static final int SHORT_ANSWER_RESERVE = 16;

    /** The answer text of a number (regression without head): fixed decimals, no grouping, whatever the locale. */
    static String numberText(double value) {
        return String.format(Locale.ROOT, "%." + TagLayout.ANSWER_DECIMALS + "f", value);
    }
}
