package org.samplesize.experiment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.samplesize.InvalidInputException;
import org.samplesize.ProgressListener;
import org.samplesize.train.Backend;
import org.samplesize.train.HeadOptions;
import org.samplesize.train.HeadResult;
import org.samplesize.train.HeadTrainer;
import org.samplesize.train.Metrics;
import org.samplesize.train.Precision;
import org.samplesize.train.TrainingDevices;
import org.samplesize.train.TrainingJob;
import org.samplesize.train.tail.TailOptions;
import org.samplesize.train.tail.TailTrainer;

/**
 * Training in this process: many heads per pass on the pooled features ({@code train}), and for the
 * fine-tune curve the recipe's second phase on the trunk activations. A model trained on subsample
 * positions {@code p₁, p₂, …} uses the readable rows of every view of those positions, in draw
 * order ({@link RowLayout}).
 *
 * <p>Stateless between calls but for the training backend, opened at the first call and held until
 * {@link #close()}: a fine-tune model starts from its head trained again from the head's seed (the
 * head phase is deterministic), not from a head an earlier call left behind.
 */
public final class LocalTrainingExecutor implements StreamingTrainingExecutor {

  private Backend backend;
  private boolean closed;

  /**
   * Trains as {@link #train(Plan, FeatureSet, List, RunSettings, ProgressListener)} does and hands
   * over each record as soon as it is scored: the heads of the call together once their joint pass
   * ends (a pass over many heads takes seconds), then every fine-tuned model the moment it is
   * scored, before the next one starts (one takes minutes), so a caller that journals each record
   * loses at most the model in training when it is killed.
   */
  @Override
  public void train(
      Plan plan,
      FeatureSet features,
      List<PlannedModel> models,
      RunSettings s,
      ProgressListener progress,
      Consumer<ModelRecord> finished) {
    if (closed) {
      throw new IllegalStateException("LocalTrainingExecutor is closed");
    }
    PlanInputs in = plan.requireInputs();
    if (backend == null) {
      backend =
          TrainingDevices.select(s.device(), "training heads", progress)
              .openHeads(s.effectiveThreads());
    }
    List<PlannedModel> heads = new ArrayList<>();
    List<PlannedModel> tails = new ArrayList<>();
    for (PlannedModel m : models) {
      (m.curve().equals(PlannedModel.FINE_TUNE) ? tails : heads).add(m);
    }
    Map<String, HeadResult> trainedHeads = new LinkedHashMap<>();
    if (!heads.isEmpty()) {
      List<HeadResult> results = trainHeads(in, features, heads, s, progress);
      String now = Instant.now().toString();
      for (int i = 0; i < heads.size(); i++) {
        PlannedModel m = heads.get(i);
        HeadResult r = results.get(i);
        trainedHeads.put(m.id(), r);
        finished.accept(
            record(
                in,
                features,
                m,
                r.test(),
                r.epochsRun(),
                r.bestEpoch(),
                r.trainNanos() / Math.max(1, heads.size()),
                r.backend(),
                now));
      }
    }
    if (!tails.isEmpty()) {
      fineTune(plan, features, tails, trainedHeads, s, progress, finished);
    }
  }

  private List<HeadResult> trainHeads(
      PlanInputs in,
      FeatureSet features,
      List<PlannedModel> heads,
      RunSettings s,
      ProgressListener progress) {
    RowLayout layout = in.layout();
    int k = layout.views();
    List<TrainingJob> jobs = new ArrayList<>(heads.size());
    HeadOptions options = headOptions(s);
    for (PlannedModel m : heads) {
      int[] positions = in.positionsOf(m.id());
      int[] rows = new int[positions.length * k];
      int n = 0;
      for (int p : positions) {
        for (int v = 0; v < k; v++) {
          int row = layout.trainRow(p, v);
          if (features.valid(row)) {
            rows[n++] = row;
          }
        }
      }
      if (options.trainingCount(n) < 1) {
        // The plan leaves every subsample something to train on; images that pass the header
        // check but do not decode can take that away (one usable image of three drawn, with a
        // tenth held out to validate, leaves none). The run stops before report.html is written:
        // the files are named on stderr and in unreadable-images.json.
        throw new InvalidInputException(
            String.format(
                java.util.Locale.ROOT,
                "model %s: %s, too few to train on (a share of %s of them is held out to"
                    + " validate); %s (named above and in %s): fix or remove those files, or"
                    + " give larger --fractions",
                m.id(),
                n == 0
                    ? "none of its " + positions.length + " drawn training images could be read"
                    : "only "
                        + n / k
                        + " of its "
                        + positions.length
                        + " drawn training images could be read",
                options.validationSplit(),
                n == 0 ? "they do not decode" : "the others do not decode",
                Experiment.IMAGES_FILE));
      }
      jobs.add(new TrainingJob(m.id(), java.util.Arrays.copyOf(rows, n), m.seed()));
    }
    return HeadTrainer.train(
        features.pooled(),
        features.rowLabels(),
        in.dataset().classes().size(),
        jobs,
        features.testRows(),
        options,
        backend,
        progress);
  }

  /**
   * The recipe's second phase for each fine-tune model: start from the head trained on the same
   * subsample (in this call, or trained again from its seed: the head phase is deterministic) and
   * train tail and head together on the trunk activations.
   */
  private void fineTune(
      Plan plan,
      FeatureSet features,
      List<PlannedModel> tails,
      Map<String, HeadResult> trainedHeads,
      RunSettings s,
      ProgressListener progress,
      Consumer<ModelRecord> finished) {
    PlanInputs in = plan.requireInputs();
    List<PlannedModel> missing = new ArrayList<>();
    for (PlannedModel t : tails) {
      String headId = headIdOf(t);
      if (!trainedHeads.containsKey(headId)) {
        PlannedModel head =
            plan.models().stream()
                .filter(m -> m.id().equals(headId))
                .findFirst()
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "fine-tune model " + t.id() + " has no head model"));
        missing.add(head);
      }
    }
    if (!missing.isEmpty()) {
      List<HeadResult> again = trainHeads(in, features, missing, s, progress);
      for (int i = 0; i < missing.size(); i++) {
        trainedHeads.put(missing.get(i).id(), again.get(i));
      }
    }
    if (features.trunk() == null || in.tailSpec() == null) {
      throw new IllegalStateException("fine-tuning needs the trunk activations of the features");
    }
    List<HeadResult> phase1 = new ArrayList<>();
    for (PlannedModel t : tails) {
      phase1.add(trainedHeads.get(headIdOf(t)));
    }
    TailOptions options =
        TailOptions.recipe()
            .withThreads(s.effectiveThreads())
            .withDevice(s.device())
            .withPrecision(Precision.parse(s.precision()));
    if (s.batchSize() != null) {
      options = options.withBatchSize(s.batchSize());
    }
    if (s.fineTuneEpochs() != null) {
      options = options.withExtraEpochs(s.fineTuneEpochs());
    }
    if (s.fineTunePatience() != null) {
      options = options.withPatience(s.fineTunePatience());
    }
    if (s.fineTuneLearningRate() != null) {
      options = options.withLearningRate(s.fineTuneLearningRate());
    }
    int[] next = {0};
    TailTrainer.train(
        in.tailSpec(),
        features.trunk(),
        features.rowLabels(),
        in.dataset().classes().size(),
        phase1,
        features.testRows(),
        options,
        progress,
        r -> {
          PlannedModel t = tails.get(next[0]++);
          finished.accept(
              record(
                  in,
                  features,
                  t,
                  r.test(),
                  r.epochsRun(),
                  r.bestEpoch(),
                  r.trainNanos(),
                  r.backend(),
                  Instant.now().toString()));
        });
  }

  /**
   * How many of a subsample's draws have features (with replacement, a drawn image counts each time
   * it is drawn): its planned size unless an image failed to decode in the feature pass.
   */
  private static int usedSize(PlanInputs in, FeatureSet features, String id) {
    RowLayout layout = in.layout();
    int used = 0;
    for (int p : in.positionsOf(id)) {
      for (int v = 0; v < layout.views(); v++) {
        if (features.valid(layout.trainRow(p, v))) {
          used++;
          break;
        }
      }
    }
    return used;
  }

  private static String headIdOf(PlannedModel fineTune) {
    return PlannedModel.HEAD + fineTune.id().substring(PlannedModel.FINE_TUNE.length());
  }

  private static ModelRecord record(
      PlanInputs in,
      FeatureSet features,
      PlannedModel m,
      Metrics test,
      int epochsRun,
      int bestEpoch,
      long trainNanos,
      String backendName,
      String now) {
    List<Double> recall = new ArrayList<>();
    for (double x : test.perClassRecall()) {
      recall.add(x);
    }
    int classes = in.dataset().classes().size();
    int[] labels = features.rowLabels();
    return new ModelRecord(
        m.id(),
        m.curve(),
        m.fraction(),
        m.repeat(),
        // The images the model really used: its planned size unless one failed to decode.
        usedSize(in, features, m.id()),
        m.seed(),
        m.indicesHash(),
        test.accuracy(),
        test.kerasAuc(),
        test.rocAuc(),
        test.macroF1(),
        test.loss(),
        recall,
        features.testRows().length,
        epochsRun,
        bestEpoch,
        trainNanos / 1_000_000L,
        backendName,
        features.pooled().providerUsed(),
        now,
        perClassPrecision(test.confusion()),
        trainCounts(in, features, m.id(), labels, classes),
        testCounts(features.testRows(), labels, classes));
  }

  /**
   * Precision of each class from {@code confusion[true][predicted]}: 0 for a class the model never
   * predicted (scikit-learn's {@code zero_division=0}, as macro F1 counts it).
   */
  static List<Double> perClassPrecision(int[][] confusion) {
    List<Double> out = new ArrayList<>(confusion.length);
    for (int c = 0; c < confusion.length; c++) {
      long predicted = 0;
      for (int[] row : confusion) {
        predicted += row[c];
      }
      out.add(predicted == 0 ? 0.0 : (double) confusion[c][c] / predicted);
    }
    return out;
  }

  /**
   * The training images of each class a model used, counted as {@link #usedSize} counts them: a
   * draw whose features could be read (any view), each time it is drawn.
   */
  private static List<Integer> trainCounts(
      PlanInputs in, FeatureSet features, String id, int[] labels, int classes) {
    RowLayout layout = in.layout();
    int[] counts = new int[classes];
    for (int p : in.positionsOf(id)) {
      for (int v = 0; v < layout.views(); v++) {
        int row = layout.trainRow(p, v);
        if (features.valid(row)) {
          counts[labels[row]]++;
          break;
        }
      }
    }
    return java.util.Arrays.stream(counts).boxed().toList();
  }

  /** The test images of each class that were scored. */
  private static List<Integer> testCounts(int[] testRows, int[] labels, int classes) {
    int[] counts = new int[classes];
    for (int row : testRows) {
      counts[labels[row]]++;
    }
    return java.util.Arrays.stream(counts).boxed().toList();
  }

  private static HeadOptions headOptions(RunSettings s) {
    HeadOptions o = HeadOptions.recipe().withThreads(s.effectiveThreads());
    if (s.epochs() != null) {
      o = o.withEpochs(s.epochs());
    }
    if (s.patience() != null) {
      o = o.withPatience(s.patience());
    }
    if (s.batchSize() != null) {
      o = o.withBatchSize(s.batchSize());
    }
    if (s.learningRate() != null) {
      o = o.withLearningRate(s.learningRate());
    }
    return o;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (backend != null) {
      backend.close();
    }
  }
}
