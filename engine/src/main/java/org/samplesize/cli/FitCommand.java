package org.samplesize.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.samplesize.InvalidInputException;
import org.samplesize.NumberText;
import org.samplesize.SamplesizeException;
import org.samplesize.classes.ClassCurves;
import org.samplesize.classes.ClassReport;
import org.samplesize.classes.ClassTable;
import org.samplesize.experiment.TestSetWarnings;
import org.samplesize.fit.CurveData;
import org.samplesize.fit.CurveFit;
import org.samplesize.fit.FallingCurve;
import org.samplesize.fit.FitOptions;
import org.samplesize.fit.LearningCurveFitter;
import org.samplesize.fit.ResultsTable;
import org.samplesize.fit.SampleSize;
import org.samplesize.io.AtomicFiles;
import org.samplesize.io.OutputFolder;
import org.samplesize.report.ClassCurvesPlot;
import org.samplesize.report.FitJsonWriter;
import org.samplesize.report.FitSummary;
import org.samplesize.report.FitTable;
import org.samplesize.report.LearningCurvePlot;
import org.samplesize.report.PerClassCsv;
import org.samplesize.report.ResultsCsv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code samplesize fit}: fits learning curves to a results table and extrapolates them. */
@Command(
    name = "fit",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
      // One sentence per line: picocli wraps each line alone, so a sentence split over lines
      // printed a 'size,' line and an 'accuracy, ...)' line.
      "Fits learning curves to a results table (one row per trained model: size, accuracy, ...)"
          + " and answers 'what accuracy with N training examples?' and 'how many for accuracy"
          + " X?'"
          + " with intervals: by default the mean of eight curve families, its 90%% interval"
          + " calibrated on real learning curves (docs/method.md, The answer); with --family"
          + " naming families, the selected family's bootstrap interval.",
      "Writes fit.json, learning-curve.png and learning-curve.svg to --out."
    })
public final class FitCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--results",
      required = true,
      paramLabel = "FILE.csv",
      description =
          "Results table, comma-separated: a header, then one row per trained model with size"
              + " (the training examples it learned from) and accuracy (on a fixed test set, as a"
              + " fraction: 0.91, not 91; or the --metric column); optional curve (one curve per"
              + " value, e.g. per learner), repeat (the repeats' order within a size), test_size"
              + " (test examples scored); other columns are ignored.")
  Path results;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description =
          "Output directory for fit.json and the plots (created when missing; not a run's"
              + " output folder, whose report describes the run's own fit).")
  Path out;

  @Option(
      names = "--predict",
      split = ",",
      paramLabel = "N",
      description =
          "Sizes to predict at: a training-set size N, or a multiple of the largest size of"
              + " each curve like 2x (default: 2x).")
  List<String> predict = new ArrayList<>(List.of("2x"));

  @Option(
      names = "--target",
      split = ",",
      paramLabel = "ACC",
      description = "Target accuracies to find the needed size for, e.g. 0.95.")
  List<String> target = new ArrayList<>();

  @Option(
      names = "--target-recall",
      paramLabel = "R",
      converter = NumberConverters.OpenFraction.class,
      description =
          "With per-class columns (recall[CLASS], ...): the recall each class should reach"
              + " (default: the first --target).")
  Double targetRecall;

  @Mixin CurveFitFlags fitFlags;

  @Option(
      names = "--seed",
      paramLabel = "S",
      description = "Root seed of the bootstrap (default: 42).")
  long seed = FitOptions.DEFAULT_SEED;

  @Option(
      names = "--metric",
      paramLabel = "NAME",
      description =
          "Column to fit instead of accuracy, e.g. macro_f1 or auc: a metric that rises with the"
              + " training-set size (for an error rate or a loss, fit a column of 1 − it).")
  String metric = ResultsCsv.ACCURACY;

  @Mixin ThreadsOption threads;

  @Option(
      names = "--plot",
      negatable = true,
      description =
          "Write learning-curve.png and .svg (default: on; --no-plot skips them and removes"
              + " those of an earlier fit in --out).")
  Boolean plot;

  @Option(
      names = "--quiet",
      negatable = true,
      description = "No progress bar (it is shown on standard error for files with many curves).")
  boolean quiet;

  @Override
  public Integer call() {
    if (results.toString().isBlank()) {
      // An empty path is the current folder, refused as "  is a folder" with no name to read.
      throw new InvalidInputException(
          "--results is empty: give the results table, e.g. the results.csv in a run's --out"
              + " folder");
    }
    OutputPaths.folder("--out", out);
    refuseExperimentFolder(out);
    FitOptions options = options();
    try (OutputFolder owned = OutputFolder.claim("--out", out, this::holdsOnlyOurs)) {
      return fit(options);
    }
  }

  /**
   * Refuses a run's output folder (one holding its journal): a new {@code fit.json} there would sit
   * beside the run's report, plots and validation, which describe the run's own fit.
   */
  static void refuseExperimentFolder(Path dir) {
    if (java.nio.file.Files.exists(dir.resolve(org.samplesize.experiment.Journal.FILE_NAME))) {
      throw new InvalidInputException(
          "--out "
              + dir
              + " holds a run's output ("
              + org.samplesize.experiment.Journal.FILE_NAME
              + "), whose report describes the run's own fit: give fit another --out, e.g. "
              + (dir.getFileName() == null
                  ? dir.resolve("refit")
                  : dir.resolveSibling(dir.getFileName() + "-refit")));
    }
  }

  /**
   * Whether a folder without samplesize's mark holds only what this command may write beside:
   * nothing but the {@code --results} file being read.
   */
  private boolean holdsOnlyOurs(Path dir) {
    try (java.util.stream.Stream<Path> entries = java.nio.file.Files.list(dir)) {
      return entries
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .allMatch(p -> sameFile(p, results));
    } catch (IOException | java.io.UncheckedIOException e) {
      return false;
    }
  }

  /**
   * Refuses a curve whose metric falls as the training set grows (an error rate, a loss): every
   * family models a rising curve, so its answers would be sizes of 1 and values stuck at the
   * largest size's.
   */
  private void refuseFalling(ResultsTable table) {
    for (CurveData c : table.curves()) {
      if (FallingCurve.falls(c)) {
        throw new InvalidInputException(
            String.format(
                Locale.ROOT,
                "%s: curve '%s': %s %s; samplesize fits a metric that rises with the"
                    + " training-set size (accuracy, F1, AUC). For an error rate or a loss, add a"
                    + " column of 1 − %s and fit that with --metric%s",
                results,
                c.name(),
                metric,
                FallingCurve.describe(c),
                metric,
                // Several curves pooled into one (a 'model' column where 'curve' was meant) can
                // fall too: the table's warnings, printed only after a fit, say so.
                table.warnings().isEmpty()
                    ? ""
                    : ". The table also warns: " + String.join(" ", table.warnings())));
      }
    }
  }

  private static boolean sameFile(Path a, Path b) {
    try {
      return java.nio.file.Files.isSameFile(a, b);
    } catch (IOException e) {
      return false;
    }
  }

  private int fit(FitOptions options) {
    ResultsTable table = ResultsCsv.read(results, metric);
    refuseFalling(table);
    List<CurveFit> fits;
    if (table.curves().size() > 1 && !quiet) {
      try (ConsoleProgress progress = ConsoleProgress.forConsole(false)) {
        fits = new LearningCurveFitter(options).fit(table, progress);
      }
    } else {
      fits = new LearningCurveFitter(options).fit(table);
    }
    PrintWriter o = spec.commandLine().getOut();
    // The answer in sentences first, worded as run's, with what qualifies it (per-class lines,
    // warnings); the details after a heading, so that a reader can stop before them.
    o.print(FitTable.sentences(fits, metric));
    ClassTable classTable = PerClassCsv.read(results);
    if (classTable.incomplete() && targetRecall == null) {
      // Per-class columns were written, so per-class curves are expected: say why there are none.
      o.println("No per-class curves: " + classTable.missing() + ".");
    }
    ClassReport perClass = perClass(options, classTable);
    if (perClass != null) {
      for (String curve : perClassCurves(perClass)) {
        String line = ClassCurves.mostNeededLine(perClass, curve);
        if (line != null) {
          o.println(line);
        }
      }
      final List<CurveFit> overall = fits;
      perClass
          .plans()
          .forEach(
              p ->
                  o.println(
                      ClassCurves.planLine(perClass, p, FitSummary.shortfallOfFits(overall, p))));
    }
    List<String> testSetWarnings = new ArrayList<>(testSetWarnings(table, classTable, fits));
    testSetWarnings.addAll(table.warnings());
    testSetWarnings.forEach(w -> o.println(TestSetWarnings.PREFIX + w));
    o.println();
    o.println("Details:");
    o.print(FitTable.format(fits, metric));
    Path json = out.resolve(FitJsonWriter.FILE_NAME);
    List<Path> written = new ArrayList<>();
    // fit.json and the plots replace the earlier ones together, or none of them does.
    try (AtomicFiles.Batch outputs = AtomicFiles.batch()) {
      FitJsonWriter.stage(
          json, fits, options, table.source(), metric, perClass, testSetWarnings, outputs);
      written.add(json);
      if (perClass != null && (plot == null || plot)) {
        Path p = ClassCurvesPlot.stage(ClassCurvesPlot.render(perClass.answers()), out, outputs);
        if (p != null) {
          written.add(p);
        }
      } else {
        outputs.delete(out.resolve(ClassCurvesPlot.PNG));
      }
      if (plot == null || plot) {
        written.addAll(
            LearningCurvePlot.stage(
                // a results table need not hold images: sizes count examples, as the sentences
                LearningCurvePlot.render(fits, metric, "examples"), out, outputs));
      } else {
        // Plots of an earlier fit into this folder would describe other numbers.
        outputs.delete(out.resolve(LearningCurvePlot.PNG));
        outputs.delete(out.resolve(LearningCurvePlot.SVG));
      }
      outputs.commit();
    } catch (IOException e) {
      throw new SamplesizeException("cannot write into " + out + ": " + e.getMessage(), e);
    }
    for (Path p : written) {
      o.println("wrote " + p);
    }
    o.flush();
    return 0;
  }

  /**
   * The per-class curves of a table with per-class columns (the metric fitted must be accuracy: the
   * labelling plan adds recalls up to it); null for a table without them, which then gets no
   * per-class output, or another metric.
   */
  private ClassReport perClass(FitOptions options, ClassTable table) {
    if (!table.present()) {
      if (targetRecall != null) {
        throw new InvalidInputException(
            "--target-recall: " + results + " has no per-class figures: " + table.missing());
      }
      return null;
    }
    if (!metric.equalsIgnoreCase(ResultsCsv.ACCURACY)) {
      return null;
    }
    Double recall = targetRecall;
    if (recall == null && !options.targets().isEmpty()) {
      recall = options.targets().get(0);
    }
    return ClassCurves.analyse(table, options, recall, options.targets(), null);
  }

  /**
   * The warnings for a test set too small to measure accuracy on ({@link TestSetWarnings}), from
   * the table's smallest {@code test_size} and each class's smallest test count; none for a metric
   * other than accuracy (whose steps are not multiples of 1/m) or a table without those columns.
   */
  private List<String> testSetWarnings(
      ResultsTable table, ClassTable classes, List<CurveFit> fits) {
    if (!metric.equalsIgnoreCase(ResultsCsv.ACCURACY)) {
      return List.of();
    }
    int testImages =
        table.rows().stream()
            .mapToInt(ResultsTable.Row::testSize)
            .filter(m -> m > 0)
            .min()
            .orElse(0);
    Map<String, Integer> perClass = new LinkedHashMap<>();
    if (classes.present()) {
      for (int c = 0; c < classes.classes().size(); c++) {
        int k = c;
        classes.rows().stream()
            .mapToInt(r -> r.testCount()[k])
            .min()
            .ifPresent(m -> perClass.put(classes.classes().get(k), m));
      }
    }
    return TestSetWarnings.forTable(testImages, perClass, noisiestPrediction(fits));
  }

  /**
   * The first predicted accuracy of the curve whose test-set noise there, √(a(1−a)/m), is the
   * largest (ties to the lower accuracy); NaN when no curve predicts one. The warning names one
   * figure for the whole table and is attached to every curve: taken from the first curve, it
   * followed the rows' order (a table whose fine-tune rows came first lost it) and put one curve's
   * figure on the others.
   */
  static double noisiestPrediction(List<CurveFit> fits) {
    double accuracy = Double.NaN;
    double widest = -1;
    for (CurveFit f : fits) {
      if (f.predictions().isEmpty()) {
        continue;
      }
      double a = f.predictions().get(0).accuracy();
      if (!Double.isFinite(a)) {
        continue;
      }
      double v = a * (1 - a);
      if (v > widest || (v == widest && a < accuracy)) {
        widest = v;
        accuracy = a;
      }
    }
    return accuracy;
  }

  private static List<String> perClassCurves(ClassReport report) {
    java.util.LinkedHashSet<String> curves = new java.util.LinkedHashSet<>();
    report.answers().forEach(a -> curves.add(a.curve()));
    return List.copyOf(curves);
  }

  /** Turns the flags into validated settings; mistakes name the flag. */
  FitOptions options() {
    List<SampleSize> sizes = new ArrayList<>();
    for (String p : predict) {
      sizes.add(SampleSize.parse(p));
    }
    List<Double> targets = new ArrayList<>();
    for (String t : target) {
      double v;
      try {
        v = NumberText.parseDecimal(t);
      } catch (NumberFormatException e) {
        String hint = NumberText.hint(t);
        throw new InvalidInputException(
            "--target: '"
                + t
                + "' is not an accuracy"
                + (hint.isEmpty() ? "; write a fraction like 0.95" : hint));
      }
      // Checked here, where the text is known: FitOptions would name Java's value, Infinity for
      // 1e400 and -0.0 for -0.
      if (!(v > 0 && v < 1)) {
        throw new InvalidInputException(
            "--target: accuracy '" + t.strip() + "' must be in (0, 1), e.g. 0.95");
      }
      if (targets.contains(v)) {
        throw new InvalidInputException("--target: accuracy '" + t.strip() + "' is listed twice");
      }
      targets.add(v);
    }
    if (metric.isBlank()) {
      throw new InvalidInputException("--metric: give a column name such as accuracy");
    }
    return fitFlags
        .choice()
        .applyTo(
            FitOptions.defaults()
                .withSeed(seed)
                .withPredict(sizes)
                .withTargets(targets)
                .withThreads(threads.setting()));
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "fit --results %s --out %s", results, out);
  }
}
