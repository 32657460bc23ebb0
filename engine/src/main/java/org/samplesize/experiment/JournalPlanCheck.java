package org.samplesize.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.samplesize.data.Subsample;

/**
 * Checks a journaled model against the experiment's plan: a model line whose checksum holds may
 * still have been written by another plan (or edited with its checksum redone), and resuming it
 * would mix models of two experiments in one curve. Kept apart from {@link JournalReader}, which
 * reads the lines, since this is the one rule that knows what a plan's model is.
 */
final class JournalPlanCheck {
  private JournalPlanCheck() {}

  /**
   * Why a journaled model is not the plan's model of that id, or null when it is. A validation
   * model ({@code CURVE/full}) that this run's plan leaves out (a run without {@code validate}
   * after one with it) must be the whole training set, as {@link PipelineStages} plans it.
   *
   * @param r the journaled model
   * @param plan this run's plan
   * @param added the models of the adaptive steps journaled before the record's line, which count
   *     as planned too
   * @return what differs, in words, or null when the record is the planned model
   */
  static String mismatch(ModelRecord r, Plan plan, List<PlannedModel> added) {
    PlannedModel p = planned(r, plan, added);
    if (p == null && wholeTrainingSetValidation(r, plan)) {
      int n = plan.dataset().trainSize();
      List<String> diff = new ArrayList<>();
      compare(diff, "fraction", r.fraction(), 1.0);
      // As for a planned model: images that did not decode are not counted in its size.
      if (r.size() < 1 || r.size() > n) {
        diff.add("size " + r.size() + ", the plan has " + n);
      }
      compare(diff, "indices_hash", r.indicesHash(), wholeTrainingSetHash(n));
      checkTestSize(diff, r, plan);
      return diff.isEmpty() ? null : differs(r, diff);
    }
    if (p == null) {
      return "model '"
          + r.id()
          + "' is not in this experiment's plan (it has "
          + plan.models().size()
          + " models, e.g. '"
          + (plan.models().isEmpty() ? "" : plan.models().get(0).id())
          + "')";
    }
    List<String> diff = new ArrayList<>();
    compare(diff, "curve", r.curve(), p.curve());
    compare(diff, "fraction", r.fraction(), p.fraction());
    compare(diff, "repeat", r.repeat(), p.repeat());
    // A model may have used fewer images than planned: a training image whose header passed but
    // whose data did not decode is found only by the feature pass, and the record counts the
    // images the model really saw. More than planned, or none, cannot happen.
    if (r.size() < 1 || r.size() > p.size()) {
      diff.add("size " + r.size() + ", the plan has " + p.size());
    }
    compare(diff, "seed", r.seed(), p.seed());
    compare(diff, "indices_hash", r.indicesHash(), p.indicesHash());
    checkTestSize(diff, r, plan);
    return diff.isEmpty() ? null : differs(r, diff);
  }

  /**
   * Whether a journaled model is neither the plan's nor an adaptive step's (journaled before it),
   * nor the whole training set's validation model of a planned curve.
   *
   * @param r the journaled model
   * @param plan this run's plan
   * @param added the models of the adaptive steps journaled before the record's line
   * @return true when nothing plans a model of that id
   */
  static boolean unplanned(ModelRecord r, Plan plan, List<PlannedModel> added) {
    return planned(r, plan, added) == null && !wholeTrainingSetValidation(r, plan);
  }

  /** The plan's model of the record's id, else an adaptive step's, or null. */
  private static PlannedModel planned(ModelRecord r, Plan plan, List<PlannedModel> added) {
    for (List<PlannedModel> models : List.of(plan.models(), added)) {
      for (PlannedModel m : models) {
        if (m.id().equals(r.id())) {
          return m;
        }
      }
    }
    return null;
  }

  /**
   * Whether the record is the validation model of a planned curve ({@code CURVE/full}), which a run
   * without {@code validate} leaves out of its plan.
   */
  private static boolean wholeTrainingSetValidation(ModelRecord r, Plan plan) {
    return r.isValidation()
        && plan.models().stream().anyMatch(m -> m.curve().equals(r.curve()))
        && r.id().equals(PlannedModel.idOf(r.curve(), 1.0, -1));
  }

  /**
   * A model is scored on the plan's test set, less the test images whose data did not decode (found
   * only by the feature pass): at least 1 image and at most the planned count, as for {@code size}.
   */
  private static void checkTestSize(List<String> diff, ModelRecord r, Plan plan) {
    int planned = plan.dataset().testSize();
    if (r.testSize() < 1 || r.testSize() > planned) {
      diff.add("test_size " + r.testSize() + ", the plan's test set has " + planned + " images");
    }
  }

  private static void compare(List<String> diff, String field, Object journaled, Object planned) {
    if (!Objects.equals(journaled, planned)) {
      diff.add(field + " " + journaled + ", the plan has " + planned);
    }
  }

  private static String differs(ModelRecord r, List<String> diff) {
    return "model '"
        + r.id()
        + "' differs from this experiment's plan ("
        + String.join("; ", diff)
        + ")";
  }

  /** The indices hash of a model trained on the whole training set, in order. */
  private static String wholeTrainingSetHash(int n) {
    int[] all = new int[n];
    for (int i = 0; i < n; i++) {
      all[i] = i;
    }
    return new Subsample(1.0, 0, all, false, 0L).indicesHash();
  }
}
