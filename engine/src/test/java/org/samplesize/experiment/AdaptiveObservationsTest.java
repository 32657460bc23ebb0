package org.samplesize.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.ProgressListener;

/**
 * What the adaptive phase fits does not depend on the order the models finished in: on Spark (or
 * any parallel trainer) the journal holds them in completion order, which differs from run to run.
 */
class AdaptiveObservationsTest {
  @TempDir Path dir;

  @Test
  void theObservationsAreInPlanOrderWhateverTheJournalOrder() throws Exception {
    RunSettings s = RunSettings.defaults();
    Plan plan = new FakeStages(270).plan(s, ProgressListener.NONE);
    List<PlannedModel> heads = new ArrayList<>();
    for (PlannedModel m : plan.models()) {
      if (m.curve().equals(PlannedModel.HEAD) && !m.isValidation()) {
        heads.add(m);
      }
    }
    List<PlannedModel> reversed = new ArrayList<>(heads);
    Collections.reverse(reversed);
    assertEquals(
        observations(plan, s, heads, "in-order.jsonl"),
        observations(plan, s, reversed, "reversed.jsonl"));
  }

  private List<AdaptiveChooser.Observation> observations(
      Plan plan, RunSettings s, List<PlannedModel> order, String file) {
    try (Journal j =
        Journal.open(
            dir.resolve(file), ResumeIdentity.identity(s, plan), plan, ProgressListener.NONE)) {
      for (PlannedModel m : order) {
        // Each model its own accuracy, so that an order shows.
        j.append(
            JournalTest.record(
                m, 0.5 + 0.001 * plan.models().indexOf(m), plan.dataset().testSize()));
      }
      return AdaptiveRun.observations(plan, j, PlannedModel.HEAD);
    }
  }
}
