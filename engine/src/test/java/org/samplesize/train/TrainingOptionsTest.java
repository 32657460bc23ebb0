package org.samplesize.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.samplesize.train.tail.TailOptions;

/** The settings both phases share are checked once and copied alike by both options types. */
class TrainingOptionsTest {

  @Test
  void bothPhasesRejectTheSameBadValuesWithTheSameMessage() {
    List<Function<TrainingOptions, TrainingOptions>> bad =
        List.of(
            o -> o.withDropout(1.0),
            o -> o.withLearningRate(0),
            o -> o.withLearningRate(Double.NaN),
            o -> o.withBeta1(1.0),
            o -> o.withBeta2(-0.1),
            o -> o.withEpsilon(Double.POSITIVE_INFINITY),
            o -> o.withBatchSize(0),
            o -> o.withValidationSplit(1.0),
            o -> o.withPatience(-1),
            o -> o.withAucThresholds(2),
            o -> o.withThreads(0));
    for (Function<TrainingOptions, TrainingOptions> change : bad) {
      IllegalArgumentException shared =
          assertThrows(
              IllegalArgumentException.class, () -> change.apply(HeadOptions.recipe().training()));
      IllegalArgumentException tail =
          assertThrows(
              IllegalArgumentException.class, () -> change.apply(TailOptions.recipe().training()));
      assertEquals(shared.getMessage(), tail.getMessage());
    }
    assertEquals(
        "dropout = 1.0, expected a value in [0, 1)",
        assertThrows(IllegalArgumentException.class, () -> TailOptions.recipe().withDropout(1.0))
            .getMessage());
    assertEquals(
        "dropout = 1.0, expected a value in [0, 1)",
        assertThrows(IllegalArgumentException.class, () -> HeadOptions.recipe().withDropout(1.0))
            .getMessage());
  }

  @Test
  void withCopiesChangeOneSettingAndKeepTheRest() {
    HeadOptions h = HeadOptions.recipe().withThreads(3).withEpochs(4).withPatience(1);
    assertEquals(3, h.threads());
    assertEquals(4, h.epochs());
    assertEquals(1, h.patience());
    assertEquals(0.3, h.dropout());
    assertEquals(1e-3, h.learningRate());
    assertEquals(64, h.batchSize());
    assertEquals(0.1, h.validationSplit());
    assertEquals(200, h.aucThresholds());
    assertEquals(9, h.trainingCount(10));
    TailOptions t =
        TailOptions.recipe().withBatchSize(16).withDevice("CPU").withExtraEpochs(2).withThreads(2);
    assertEquals(16, t.batchSize());
    assertEquals("cpu", t.device());
    assertEquals(2, t.extraEpochs());
    assertEquals(2, t.threads());
    assertEquals(1e-4, t.learningRate());
    assertEquals(5, t.patience());
    assertEquals(0.3, t.dropout());
    assertEquals(12, t.epochs(10));
    assertThrows(IllegalArgumentException.class, () -> HeadOptions.recipe().withEpochs(0));
    assertThrows(IllegalArgumentException.class, () -> TailOptions.recipe().withExtraEpochs(0));
  }
}
