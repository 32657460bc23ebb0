package org.samplesize.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.samplesize.ProgressListener;
import org.samplesize.fit.CurveFit;
import org.samplesize.fit.FitOptions;
import org.samplesize.fit.LearningCurveFitter;
import org.samplesize.fit.ResultsTable;
import org.samplesize.fit.SampleSize;
import org.samplesize.io.AtomicFiles;
import org.samplesize.report.FitJsonWriter;
import org.samplesize.report.FitSummary;
import org.samplesize.report.LearningCurvePlot;
import org.samplesize.report.ResultsCsv;

/**
 * The last stage: fits learning curves to the results table, stages {@code fit.json} and the plots,
 * and returns the report's model of the fit ({@link FitSummary#of}, built in {@code report}).
 */
final class CurveFitStage {
  private CurveFitStage() {}

  /**
   * Fits and stages; see {@link ExperimentStages#fit}.
   *
   * @param resultsCsv the results table
   * @param outDir the output folder
   * @param outputs where the files go until they replace the earlier ones together
   * @param fullSize the training-set size to predict at
   * @param s the settings in force
   * @param progress progress and notes
   * @return the report's model of the fit
   */
  static FitSummary fit(
      Path resultsCsv,
      Path outDir,
      AtomicFiles.Batch outputs,
      int fullSize,
      RunSettings s,
      ProgressListener progress) {
    ResultsTable table = ResultsCsv.read(resultsCsv);
    FitOptions options = options(s, fullSize);
    List<CurveFit> fits = new LearningCurveFitter(options).fit(table, progress);
    LearningCurvePlot.Rendered plot = LearningCurvePlot.render(fits, "accuracy");
    List<String> plotFiles = new ArrayList<>();
    try {
      FitJsonWriter.stage(
          outDir.resolve(FitJsonWriter.FILE_NAME),
          fits,
          options,
          ResultsCsv.FILE_NAME,
          "accuracy",
          outputs);
      for (Path p : LearningCurvePlot.stage(plot, outDir, outputs)) {
        plotFiles.add(p.getFileName().toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return FitSummary.of(fits, options.level(), plot, plotFiles, fullSize);
  }

  /**
   * The fit's options for a run: its fit choice and seed, predicting at the full size, with its
   * targets.
   *
   * @param s the settings in force
   * @param fullSize the training-set size to predict at
   * @return the options
   */
  static FitOptions options(RunSettings s, int fullSize) {
    return s.fitChoice()
        .applyTo(
            FitOptions.defaults()
                .withSeed(s.seed())
                .withPredict(List.of(new SampleSize(fullSize, false)))
                .withTargets(s.targets()));
  }
}
