package org.samplesize.experiment;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.samplesize.ProgressListener;
import org.samplesize.data.FashionMnist;
import org.samplesize.io.AtomicFiles;
import org.samplesize.report.FitSummary;

/**
 * The real pipeline behind {@link Experiment}, as four stages that hand each other immutable
 * values: the {@link Planner} (data set, split, subsamples: a {@link Plan}), a {@link
 * FeatureExecutor} (a {@link FeatureSet}), a {@link TrainingExecutor} ({@link ModelRecord}s) and
 * the curve fit ({@link CurveFitStage}: a {@link FitSummary}). The executors are the seam where
 * another process or a cluster can take over: by default both run here ({@link
 * LocalFeatureExecutor}, {@link LocalTrainingExecutor}).
 *
 * <p>Holds the training executor (and its backend) until {@link #close()}.
 */
public final class PipelineStages implements ExperimentStages {

  private final Planner planner;
  private final FeatureExecutor featureExecutor;
  private final TrainingExecutor trainingExecutor;
  private boolean closed;

  /** The stages with both executors in this process. */
  public PipelineStages() {
    this(new Planner(), new LocalFeatureExecutor(), new LocalTrainingExecutor());
  }

  /**
   * Stages whose {@code fashion_mnist} must match other checksums (tests with small IDX files).
   *
   * @param fashion the checksums {@code fashion_mnist}'s files must have
   */
  PipelineStages(FashionMnist.Source fashion) {
    this(new Planner(fashion), new LocalFeatureExecutor(), new LocalTrainingExecutor());
  }

  /**
   * Stages with other executors.
   *
   * @param planner the planner
   * @param featureExecutor computes the features
   * @param trainingExecutor trains the models; closed by {@link #close()}
   */
  public PipelineStages(
      Planner planner, FeatureExecutor featureExecutor, TrainingExecutor trainingExecutor) {
    this.planner = Objects.requireNonNull(planner, "planner");
    this.featureExecutor = Objects.requireNonNull(featureExecutor, "featureExecutor");
    this.trainingExecutor = Objects.requireNonNull(trainingExecutor, "trainingExecutor");
  }

  /**
   * @param s settings
   * @return the cache folder ({@link Planner#cacheDir})
   */
  public static Path cacheDir(RunSettings s) {
    return Planner.cacheDir(s);
  }

  @Override
  public Plan plan(RunSettings settings, ProgressListener progress) {
    checkOpen();
    return planner.plan(settings, progress);
  }

  @Override
  public FeatureSet features(Plan plan, RunSettings settings, ProgressListener progress) {
    checkOpen();
    return featureExecutor.extract(plan, settings, progress);
  }

  @Override
  public List<ModelRecord> train(
      Plan plan,
      FeatureSet features,
      List<PlannedModel> models,
      RunSettings settings,
      ProgressListener progress) {
    checkOpen();
    return trainingExecutor.train(plan, features, models, settings, progress);
  }

  @Override
  public void train(
      Plan plan,
      FeatureSet features,
      List<PlannedModel> models,
      RunSettings settings,
      ProgressListener progress,
      Consumer<ModelRecord> finished) {
    checkOpen();
    trainingExecutor.train(plan, features, models, settings, progress, finished);
  }

  @Override
  public FitSummary fit(
      Path resultsCsv,
      Path outDir,
      AtomicFiles.Batch outputs,
      int fullSize,
      RunSettings settings,
      ProgressListener progress) {
    checkOpen();
    return CurveFitStage.fit(resultsCsv, outDir, outputs, fullSize, settings, progress);
  }

  @Override
  public FitSummary fit(
      Path resultsCsv,
      Path outDir,
      AtomicFiles.Batch outputs,
      Plan plan,
      UsableTrainingSet whole,
      RunSettings settings,
      ProgressListener progress) {
    checkOpen();
    return CurveFitStage.fit(
        resultsCsv, outDir, outputs, whole.usable(), whole.perClass(), settings, progress);
  }

  @Override
  public Map<String, Object> provenance(Plan plan, FeatureSet features) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (plan.inputs() != null) {
      m.putAll(plan.inputs().facts());
    }
    if (features != null) {
      m.putAll(features.facts());
    }
    m.putAll(trainingExecutor.facts());
    return m;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    trainingExecutor.close();
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("PipelineStages is closed");
    }
  }
}
