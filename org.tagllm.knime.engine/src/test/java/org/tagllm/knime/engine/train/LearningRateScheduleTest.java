package org.tagllm.knime.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Schedule values against numbers worked out by hand from Hugging Face's formulas (tolerance 1e-15 relative). */
class LearningRateScheduleTest {

    private static final double PEAK = 1e-4;
    private static final double TOL = 1e-19; // 1e-15 of the peak

    /** 1000 steps, 3% warm-up = 30 steps; the cosine spans steps 30..1000, its midpoint is step 515. */
    @Test
    void cosineWithWarmupAtChosenSteps() {
        LearningRateSchedule s = LearningRateSchedule.cosineWithWarmup(PEAK, 1000, 0.03, 0);
        assertEquals(new LearningRateSchedule.CosineWithWarmup(PEAK, 1000, 30, 0), s);
        assertEquals(0, s.rate(0), TOL, "warm-up starts at 0 (HF: step 0 / 30)");
        assertEquals(PEAK / 30, s.rate(1), TOL);
        assertEquals(PEAK * 15 / 30, s.rate(15), TOL);
        assertEquals(PEAK * 29 / 30, s.rate(29), TOL, "last warm-up step");
        assertEquals(PEAK, s.rate(30), TOL, "warm-up ends at the peak (cosine progress 0)");
        // progress 0.25 at step 30 + 242.5 is not a step; step 273 has progress 243/970.
        assertEquals(PEAK * 0.5 * (1 + Math.cos(Math.PI * 243 / 970)), s.rate(273), TOL);
        assertEquals(PEAK * 0.5, s.rate(515), TOL, "midpoint of the cosine: half the peak");
        assertEquals(PEAK * 0.5 * (1 + Math.cos(Math.PI * 969 / 970)), s.rate(999), TOL, "last step");
        assertEquals(0, s.rate(1000), TOL, "end: 0");
        assertTrue(s.rate(999) > 0 && s.rate(999) < 1e-9);
    }

    @Test
    void cosineWithFloor() {
        LearningRateSchedule s = LearningRateSchedule.cosineWithWarmup(PEAK, 1000, 0.03, 0.1);
        assertEquals(0, s.rate(0), TOL, "warm-up is unaffected by the floor");
        assertEquals(PEAK, s.rate(30), TOL);
        assertEquals(PEAK * (0.5 * 0.9 + 0.1), s.rate(515), TOL, "HF min_lr_rate: factor (1 - r) + r");
        assertEquals(PEAK * 0.1, s.rate(1000), TOL, "ends at the floor");
    }

    @Test
    void warmupIsThreePercentRoundedUpAndAtLeastOneStep() {
        assertEquals(30, LearningRateSchedule.warmupSteps(1000, 0.03));
        assertEquals(3, LearningRateSchedule.warmupSteps(100, 0.03));
        assertEquals(4, LearningRateSchedule.warmupSteps(101, 0.03), "ceil(3.03)");
        assertEquals(1, LearningRateSchedule.warmupSteps(10, 0.03), "ceil(0.3)");
        assertEquals(1, LearningRateSchedule.warmupSteps(2, 0.03));
        assertEquals(0, LearningRateSchedule.warmupSteps(1, 0.03), "never the only step");
        assertEquals(0, LearningRateSchedule.warmupSteps(1000, 0), "fraction 0: no warm-up");
        LearningRateSchedule noWarmup = LearningRateSchedule.cosineWithWarmup(PEAK, 10, 0, 0);
        assertEquals(PEAK, noWarmup.rate(0), TOL);
        assertEquals(PEAK * 0.5, noWarmup.rate(5), TOL);
        LearningRateSchedule oneStep = LearningRateSchedule.cosineWithWarmup(PEAK, 1, 0.03, 0);
        assertEquals(PEAK, oneStep.rate(0), TOL, "a one-step run trains at the peak");
    }

    @Test
    void constant() {
        LearningRateSchedule s = LearningRateSchedule.constant(3e-4);
        assertEquals(3e-4, s.rate(0));
        assertEquals(3e-4, s.rate(123_456));
    }

    @Test
    void rejectsStepsOutsideTheRunAndBadSettings() {
        LearningRateSchedule s = LearningRateSchedule.cosineWithWarmup(PEAK, 100, 0.03, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.rate(101));
        assertTrue(e.getMessage().contains("[0, 100]") && e.getMessage().contains("101"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.rate(-1));
        e = assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.warmupSteps(100, 1.0));
        assertTrue(e.getMessage().contains("warm-up fraction") && e.getMessage().contains("1.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.constant(-1e-3));
        assertTrue(e.getMessage().contains("-0.001"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> LearningRateSchedule.cosineWithWarmup(PEAK, 100, 0.03, 1.5));
        assertTrue(e.getMessage().contains("floor ratio") && e.getMessage().contains("1.5"), e.getMessage());
    }
}
