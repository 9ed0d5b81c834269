package org.tagllm.knime.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** A result built by name: the defaults say "nothing happened", {@code toBuilder} carries every component. */
class TrainingResultBuilderTest {

    @Test
    void anEmptyBuilderIsARunThatDidNothing() {
        assertEquals(new TrainingResult(0, 0, TrainingResult.StopReason.COMPLETED, OptionalDouble.empty(),
                OptionalDouble.empty(), 0, false, List.of(), List.of(), List.of(), List.of(), Duration.ZERO, 0,
                ScoreNames.UNNAMED), TrainingResult.builder().build());
    }

    @Test
    void toBuilderKeepsEveryComponent() {
        TrainingResult r = new TrainingResult(12, 3, TrainingResult.StopReason.EARLY_STOPPED, OptionalDouble.of(0.4),
                OptionalDouble.of(0.3), 2, true, List.of(1.0, 0.5), List.of(0.9), List.of(0.3, 0.4), List.of(4L, 8L),
                Duration.ofSeconds(3), 17.5, new ScoreNames("loss", "score", true));
        assertEquals(r, r.toBuilder().build());
        assertEquals(13, r.toBuilder().optSteps(13).build().steps());
    }

    @Test
    void validationScoresAndTheirStepsMustPairUp() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingResult.builder().optValidations(List.of(0.1, 0.2), List.of(5L)).build());
        assertTrue(e.getMessage().contains("1 validation steps for 2 validation scores"), e.getMessage());
    }
}
