package org.samplesize.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.samplesize.ProgressListener;
import org.samplesize.classes.ClassCurves;
import org.samplesize.classes.ClassReport;
import org.samplesize.classes.ClassTable;
import org.samplesize.fit.CurveFit;
import org.samplesize.fit.FitOptions;
import org.samplesize.fit.LearningCurveFitter;
import org.samplesize.fit.ResultsTable;
import org.samplesize.fit.SampleSize;
import org.samplesize.io.AtomicFiles;
import org.samplesize.report.ClassCurvesPlot;
import org.samplesize.report.FitJsonWriter;
import org.samplesize.report.FitSummary;
import org.samplesize.report.LearningCurvePlot;
import org.samplesize.report.PerClassCsv;
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
    return fit(resultsCsv, outDir, outputs, fullSize, null, s, progress);
  }

  /**
   * Fits and stages as {@link #fit(Path, Path, AtomicFiles.Batch, int, RunSettings,
   * ProgressListener)}, and the per-class curves and labelling plans too ({@link ClassCurves}):
   * into {@code fit.json}, {@value ClassCurvesPlot#PNG} and the summary.
   *
   * @param resultsCsv the results table
   * @param outDir the output folder
   * @param outputs where the files go until they replace the earlier ones together
   * @param fullSize the training-set size to predict at
   * @param classImages each class's training images by name, or null to estimate them from the
   *     table
   * @param s the settings in force
   * @param progress progress and notes
   * @return the report's model of the fit
   */
  static FitSummary fit(
      Path resultsCsv,
      Path outDir,
      AtomicFiles.Batch outputs,
      int fullSize,
      Map<String, Integer> classImages,
      RunSettings s,
      ProgressListener progress) {
    // The table is a staged copy under a temporary name until the outputs are committed: its
    // warnings (a stray repeat, in fit.json) name results.csv, the file the user can open.
    String shownAs = outDir.resolve(ResultsCsv.FILE_NAME).toString();
    ResultsTable table = ResultsCsv.readJournaled(resultsCsv, shownAs);
    FitOptions options = options(s, fullSize);
    List<CurveFit> fits = new LearningCurveFitter(options).fit(table, progress);
    LearningCurvePlot.Rendered plot = LearningCurvePlot.render(fits, "accuracy");
    List<String> plotFiles = new ArrayList<>();
    ClassReport perClass = perClass(resultsCsv, shownAs, options, classImages, s, progress);
    byte[] perClassPlot = ClassCurvesPlot.render(perClass.answers());
    try {
      FitJsonWriter.stage(
          outDir.resolve(FitJsonWriter.FILE_NAME),
          fits,
          options,
          ResultsCsv.FILE_NAME,
          "accuracy",
          perClass,
          // What reading the table noticed (a fraction's repeats at slightly different sizes).
          table.warnings(),
          outputs);
      for (Path p : LearningCurvePlot.stage(plot, outDir, outputs)) {
        plotFiles.add(p.getFileName().toString());
      }
      Path p = ClassCurvesPlot.stage(perClassPlot, outDir, outputs);
      if (p != null) {
        plotFiles.add(p.getFileName().toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    FitSummary fit =
        FitSummary.of(fits, options.level(), plot, plotFiles, fullSize)
            .withPerClass(perClass, perClassPlot);
    // What reading the table noticed (a model far from its repeats) was in fit.json alone: shown
    // with the answer too, on the console and in the report.
    return fit.withWarnings(Answers.answerCurve(fit), table.warnings());
  }

  /**
   * The per-class curves: the recall target is {@code --target-recall}, else the first {@code
   * --target}; the plans are made for every {@code --target}.
   */
  private static ClassReport perClass(
      Path resultsCsv,
      String shownAs,
      FitOptions options,
      Map<String, Integer> classImages,
      RunSettings s,
      ProgressListener progress) {
    Double recall = s.spec().targetRecall();
    if (recall == null && !s.targets().isEmpty()) {
      recall = s.targets().get(0);
    }
    ClassTable table = PerClassCsv.read(resultsCsv, shownAs);
    if (table.present()) {
      progress.note(
          "fitting per-class curves: "
              + table.classes().size()
              + " classes, recall against each class's own training images");
    }
    return ClassCurves.analyse(table, options, recall, s.targets(), classImages);
  }

  /**
   * @param plan a plan with its inputs
   * @return each class's images in the training set, by name; null when the plan holds no split
   */
  static Map<String, Integer> classImages(Plan plan) {
    if (plan.inputs() == null) {
      return null;
    }
    List<String> names = plan.dataset().classes();
    int[] labels = plan.inputs().labels();
    int[] counts = new int[names.size()];
    for (int i : plan.inputs().split().train()) {
      counts[labels[i]]++;
    }
    Map<String, Integer> out = new java.util.LinkedHashMap<>();
    for (int c = 0; c < names.size(); c++) {
      out.put(names.get(c), counts[c]);
    }
    return out;
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
