package org.samplesize.experiment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.samplesize.ProgressListener;
import org.samplesize.SamplesizeException;

/**
 * The training pass of an experiment: the pending models, split into passes that never mix curves,
 * trained by the {@link ExperimentStages} and journaled one by one as they arrive, with a progress
 * stage per curve. Apart from {@link Experiment}, which decides what is pending (the journal's
 * resume) and what is made of the records, because the order, the checks of what a trainer returns
 * and the progress display are rules of their own; the adaptive phase trains through it too.
 */
final class TrainingPass {
  private TrainingPass() {}

  /**
   * Trains the pending models and journals each as it arrives, in passes of at most {@code
   * modelsPerPass} models of one curve, each curve a progress stage of its own.
   *
   * @param plan the plan the models belong to
   * @param features the feature pass, open
   * @param pending the models to train, in plan order
   * @param settings the settings in force
   * @param stages the stage that trains them
   * @param journal where each record goes, durable before the next is looked at
   * @param progress the stages and counts of training, and notes
   * @return the models journaled by this call
   * @throws SamplesizeException when the trainer returns a model that was not due or none for one
   *     that was
   */
  static int train(
      Plan plan,
      FeatureSet features,
      List<PlannedModel> pending,
      RunSettings settings,
      ExperimentStages stages,
      Journal journal,
      ProgressListener progress) {
    // Stage and count updates belong to the orchestrator during training; notes pass through.
    ProgressListener notesOnly = ProgressListener.notesTo(progress::note);
    List<TrainingStage> trainingStages = TrainingStage.of(pending);
    int stageAt = -1;
    int perPass = settings.modelsPerPass() == 0 ? pending.size() : settings.modelsPerPass();
    int trained = 0;
    // Curves go in plan order (every head model before any fine-tuned one) and a pass never mixes
    // curves, so the heads are journaled before the longer fine-tuning phase starts.
    for (int from = 0, to; from < pending.size(); from = to) {
      to = Math.min(pending.size(), from + perPass);
      for (int i = from + 1; i < to; i++) {
        if (!pending.get(i).curve().equals(pending.get(from).curve())) {
          to = i;
          break;
        }
      }
      List<PlannedModel> batch = pending.subList(from, to);
      if (from == 0 || !pending.get(from - 1).curve().equals(batch.get(0).curve())) {
        TrainingStage next = trainingStages.get(++stageAt);
        progress.stage(next.name(stageAt, trainingStages.size()), next.images(), "img");
      }
      // The pass's models by id, with the training images each counts for on the display.
      Map<String, Integer> due = new HashMap<>();
      batch.forEach(m -> due.put(m.id(), m.size()));
      int[] journaled = {0};
      // Each record is journaled as it arrives (an executor training models in parallel hands
      // them over in the order they finish); a model that comes twice (a task retried elsewhere)
      // is counted once.
      stages.train(
          plan,
          features,
          batch,
          settings,
          notesOnly,
          r -> {
            if (!due.containsKey(r.id())) {
              throw new SamplesizeException(
                  "the trainer returned model " + r.id() + ", which was not due in this pass");
            }
            if (journal.isDone(r.id())) {
              return;
            }
            journal.append(r); // durable before the next model is looked at
            journaled[0]++;
            progress.advance(due.get(r.id()));
          });
      List<String> missing =
          batch.stream().map(PlannedModel::id).filter(id -> !journal.isDone(id)).toList();
      if (!missing.isEmpty()) {
        throw new SamplesizeException(
            "the trainer returned no result for "
                + missing.size()
                + " of "
                + batch.size()
                + " models (first: "
                + missing.get(0)
                + ")");
      }
      trained += journaled[0];
    }
    progress.endStage();
    return trained;
  }

  /**
   * One progress stage of training: the pending models of one curve, counted in their training
   * images. A fine-tuned model costs far more than a head (a run showed "ETA 17s" with minutes of
   * fine-tuning left, timed on the heads), and within a curve a model's cost grows with its
   * training images (the fraction 1.0 model costs 20 times the 0.05 one), so the display's rate and
   * ETA, timed on the models finished so far, hold only for work of one kind counted in images.
   *
   * @param curve the curve
   * @param models its pending models
   * @param images their training images, summed
   */
  record TrainingStage(String curve, int models, long images) {

    /**
     * The stages in the order the models train: one per run of models of one curve in {@code
     * pending} (the plan puts each curve's models together).
     */
    static List<TrainingStage> of(List<PlannedModel> pending) {
      List<TrainingStage> stages = new ArrayList<>();
      for (int from = 0, to; from < pending.size(); from = to) {
        String curve = pending.get(from).curve();
        long images = 0;
        for (to = from; to < pending.size() && pending.get(to).curve().equals(curve); to++) {
          images += pending.get(to).size();
        }
        stages.add(new TrainingStage(curve, to - from, images));
      }
      return stages;
    }

    /**
     * @param index this stage's index among {@code count}
     * @param count how many training stages the run has
     * @return e.g. {@code "training 4 heads (part 1 of 2)"} or {@code "fine-tuning 1 model"}
     */
    String name(int index, int count) {
      String what =
          curve.equals(PlannedModel.HEAD)
              ? "training " + models + (models == 1 ? " head" : " heads")
              : curve.equals(PlannedModel.FINE_TUNE)
                  ? "fine-tuning " + models + (models == 1 ? " model" : " models")
                  : "training " + models + " " + curve + (models == 1 ? " model" : " models");
      return count > 1 ? what + " (part " + (index + 1) + " of " + count + ")" : what;
    }
  }
}
