package org.samplesize.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.samplesize.ProgressListener;
import org.samplesize.report.FitSummary;

/**
 * Test double for the pipeline stages: a synthetic data set whose accuracy follows {@code 0.9 -
 * 0.5·n^-0.5} plus seeded noise, and a one-family "fit" that reports the mean at the largest size.
 * Tests of the orchestration (journal, resume, outputs) use it; the real stages are tested end to
 * end elsewhere.
 */
class FakeStages implements ExperimentStages {
  final int trainSize;
  int featureCalls;
  int trainCalls;
  final List<String> trained = new ArrayList<>();

  /**
   * The smallest fraction {@link #extend} draws; below it, it refuses as a draw missing a class of
   * an unbalanced training set is refused.
   */
  double drawsFrom = 0;

  /** Throw after this many models have been trained in total (simulates a crash); -1 = never. */
  int failAfter = -1;

  /** Fit stages run so far (each stages a fit.json that says which it was). */
  int fitCalls;

  /** Every model's accuracy when set (a learner that never learned); null = the rising curve. */
  Double constantAccuracy;

  /** Fit with the real stage ({@link CurveFitStage}) instead of the one-family stand-in. */
  boolean realFit;

  /** Thrown by {@link #provenance()}, i.e. while the report is made (simulates a full disk). */
  RuntimeException failInProvenance;

  FakeStages(int trainSize) {
    this.trainSize = trainSize;
  }

  @Override
  public Plan plan(RunSettings s, ProgressListener progress) {
    List<PlannedModel> models = new ArrayList<>();
    SplittableRandom root = new SplittableRandom(s.seed());
    List<String> curves =
        s.fineTune() ? List.of(PlannedModel.HEAD, PlannedModel.FINE_TUNE) : List.of("head");
    for (String curve : curves) {
      for (double f : s.fractions()) {
        for (int r = 0; r < s.repeats(); r++) {
          int n = Math.max(1, (int) Math.round(f * trainSize));
          models.add(
              new PlannedModel(
                  PlannedModel.idOf(curve, f, r), curve, f, r, n, root.nextLong(), "h" + n + r));
        }
      }
      if (s.validate()) {
        models.add(
            new PlannedModel(
                PlannedModel.idOf(curve, 1.0, -1),
                curve,
                1.0,
                -1,
                trainSize,
                root.nextLong(),
                // As PipelineStages plans it: the whole training set in order.
                new org.samplesize.data.Subsample(
                        1.0, 0, java.util.stream.IntStream.range(0, trainSize).toArray(), false, 0L)
                    .indicesHash()));
      }
    }
    DatasetSummary d =
        new DatasetSummary(
            "fake",
            "/nowhere",
            "00",
            List.of("a", "b", "c"),
            List.of(100, 100, 100),
            Map.of("not an image", 2),
            trainSize,
            300 - trainSize);
    return new Plan(d, "fake-model", "/nowhere/model.onnx", "11", models);
  }

  /** Draws as the plan draws: the size of the fraction, a seed of the fraction and repeat. */
  @Override
  public Plan extend(Plan plan, RunSettings s, List<Planner.Draw> draws) {
    List<PlannedModel> models = new ArrayList<>(plan.models());
    for (Planner.Draw d : draws) {
      if (d.fraction() < drawsFrom) {
        // as SubsamplePlan refuses a subsample that misses a class
        throw new org.samplesize.InvalidInputException(
            "fraction " + d.fraction() + " gives a subsample without class 'b'");
      }
      int n = Math.max(1, (int) Math.round(d.fraction() * trainSize));
      models.add(
          new PlannedModel(
              PlannedModel.idOf(d.curve(), d.fraction(), d.repeat()),
              d.curve(),
              d.fraction(),
              d.repeat(),
              n,
              org.samplesize.data.Seeds.derive(
                  s.seed(), Double.doubleToLongBits(d.fraction()), d.repeat()),
              "h" + n + d.repeat()));
    }
    return new Plan(plan.dataset(), plan.modelName(), plan.modelFile(), plan.modelSha256(), models);
  }

  @Override
  public FeatureSet features(Plan plan, RunSettings s, ProgressListener progress) {
    featureCalls++;
    return new FeatureSet(
        null,
        null,
        null,
        null,
        List.of("b/broken.jpg: not a JPEG"),
        List.of(),
        Map.of(),
        List.of());
  }

  @Override
  public List<ModelRecord> train(
      Plan plan,
      FeatureSet features,
      List<PlannedModel> models,
      RunSettings s,
      ProgressListener progress) {
    trainCalls++;
    List<ModelRecord> out = new ArrayList<>();
    for (PlannedModel m : models) {
      if (failAfter >= 0 && trained.size() >= failAfter) {
        throw new IllegalStateException("simulated crash after " + trained.size() + " models");
      }
      trained.add(m.id());
      double noise = new SplittableRandom(m.seed()).nextDouble(-0.01, 0.01);
      double acc =
          constantAccuracy != null ? constantAccuracy : 0.9 - 0.5 / Math.sqrt(m.size()) + noise;
      out.add(
          new ModelRecord(
              m.id(),
              m.curve(),
              m.fraction(),
              m.repeat(),
              m.size(),
              m.seed(),
              m.indicesHash(),
              acc,
              acc,
              acc,
              acc,
              1 - acc,
              List.of(acc, acc, acc),
              300 - trainSize,
              10,
              7,
              3,
              "fake-cpu",
              "fake-ep",
              "2026-01-01T00:00:00Z"));
    }
    return out;
  }

  @Override
  public FitSummary fit(
      Path resultsCsv,
      Path outDir,
      org.samplesize.io.AtomicFiles.Batch outputs,
      int fullSize,
      RunSettings s,
      ProgressListener progress) {
    if (realFit) {
      return CurveFitStage.fit(resultsCsv, outDir, outputs, fullSize, s, progress);
    }
    List<FitSummary.Curve> curves = new ArrayList<>();
    List<FitSummary.Target> targets = new ArrayList<>();
    for (String curve : s.fineTune() ? List.of("head", "fine-tune") : List.of("head")) {
      double at = 0.9 - 0.5 / Math.sqrt(fullSize);
      FitSummary.Prediction p = new FitSummary.Prediction(fullSize, at, at - 0.02, at + 0.02);
      curves.add(
          new FitSummary.Curve(
              curve,
              "inverse power law",
              List.of(
                  new FitSummary.Family(
                      "inverse power law", "a - b·n^-c", "a=0.9", 1, 0.01, p, true),
                  new FitSummary.Family("logarithmic", "a + b·ln n", "a=0.5", 3, 0.02, p, false)),
              p));
      for (double t : s.targets()) {
        targets.add(new FitSummary.Target(curve, t, 1234, 1000, 1600));
      }
    }
    fitCalls++;
    // Staged as the real stage stages fit.json and the plots: the run commits them.
    try {
      outputs.stageString(outDir.resolve("fit.json"), "{\"fit\": " + fitCalls + "}\n");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return new FitSummary(
        curves, targets, 0.9, "<?xml version=\"1.0\"?><svg id=\"plot\"></svg>", List.of());
  }

  @Override
  public Map<String, Object> provenance(Plan plan, FeatureSet features) {
    if (failInProvenance != null) {
      throw failInProvenance;
    }
    return Map.of("execution provider", "fake-ep");
  }

  @Override
  public void close() {}
}
