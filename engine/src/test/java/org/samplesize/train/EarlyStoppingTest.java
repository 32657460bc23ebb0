package org.samplesize.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Sequences traced by hand through Keras 3's {@code EarlyStopping.on_epoch_end}. */
class EarlyStoppingTest {

  /**
   * @return the epoch after which training stops, or -1
   */
  private static int run(EarlyStopping es, double... values) {
    for (int i = 0; i < values.length; i++) {
      es.update(values[i]);
      if (es.shouldStop()) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void stopsAfterPatienceEpochsWithoutImprovement() {
    EarlyStopping es = new EarlyStopping(EarlyStopping.Mode.MAX, 0, 3);
    assertEquals(4, run(es, 0.80, 0.85, 0.84, 0.85, 0.83, 0.99));
    assertEquals(1, es.bestEpoch());
    assertEquals(0.85, es.best());
  }

  @Test
  void equalValueIsNoImprovement() {
    EarlyStopping es = new EarlyStopping(EarlyStopping.Mode.MAX, 0, 1);
    assertEquals(1, run(es, 0.9, 0.9, 0.95));
    assertEquals(0, es.bestEpoch());
  }

  @Test
  void snapshotsOnFirstEpochAndImprovementsOnly() {
    EarlyStopping es = new EarlyStopping(EarlyStopping.Mode.MAX, 0, 5);
    assertTrue(es.update(Double.NaN)); // first epoch: weights are the best so far, even for NaN
    assertEquals(0, es.bestEpoch());
    assertTrue(es.update(0.5));
    assertFalse(es.update(0.4));
    assertFalse(es.update(Double.NaN));
    assertTrue(es.update(0.6));
    assertEquals(4, es.bestEpoch());
  }

  @Test
  void patienceZeroStopsAtSecondEpochWithoutImprovement() {
    EarlyStopping es = new EarlyStopping(EarlyStopping.Mode.MAX, 0, 0);
    assertEquals(-1, run(es, 0.5)); // epoch 0 never stops
    es.update(0.4);
    assertTrue(es.shouldStop());
  }

  @Test
  void minModeAndMinDelta() {
    EarlyStopping es = new EarlyStopping(EarlyStopping.Mode.MIN, 0.1, 2);
    assertEquals(4, run(es, 1.0, 0.95, 0.5, 0.45, 0.42));
    assertEquals(2, es.bestEpoch());
  }

  @Test
  void refusesUpdatesAfterStop() {
    EarlyStopping es = new EarlyStopping(EarlyStopping.Mode.MAX, 0, 0);
    es.update(1);
    es.update(0);
    assertThrows(IllegalStateException.class, () -> es.update(2));
  }
}
