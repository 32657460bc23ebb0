package org.samplesize.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.samplesize.ProgressListener;

/** The list form of a streaming executor gathers what it hands over, in the models' order. */
class StreamingTrainingExecutorTest {

  @Test
  void recordsHandedOverInAnyOrderComeBackInTheOrderOfTheModels() {
    FakeStages fake = new FakeStages(270);
    RunSettings s = RunSettings.defaults();
    Plan plan = fake.plan(s, ProgressListener.NONE);
    List<PlannedModel> asked = plan.models().subList(0, 4);
    List<ModelRecord> scored = fake.train(plan, null, asked, s, ProgressListener.NONE);
    List<ModelRecord> handedOver = new ArrayList<>(scored);
    java.util.Collections.reverse(handedOver);
    assertNotEquals(scored, handedOver, "the fixture must hand them over out of order");

    try (StreamingTrainingExecutor executor = replaying(handedOver)) {
      assertEquals(scored, executor.train(plan, null, asked, s, ProgressListener.NONE));
    }
  }

  /** An executor that hands over the given records, whatever it is asked to train. */
  private static StreamingTrainingExecutor replaying(List<ModelRecord> records) {
    return new StreamingTrainingExecutor() {
      @Override
      public void train(
          Plan plan,
          FeatureSet features,
          List<PlannedModel> models,
          RunSettings settings,
          ProgressListener progress,
          Consumer<ModelRecord> finished) {
        records.forEach(finished);
      }

      @Override
      public void close() {}
    };
  }
}
