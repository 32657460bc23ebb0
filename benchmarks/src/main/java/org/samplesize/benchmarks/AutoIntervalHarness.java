package org.samplesize.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.DoubleUnaryOperator;
import org.samplesize.fit.CurveFit;
import org.samplesize.fit.FitOptions;
import org.samplesize.fit.LearningCurveFitter;
import org.samplesize.fit.Prediction;
import org.samplesize.fit.ResultsTable;
import org.samplesize.fit.SampleSize;
import org.samplesize.fit.TargetEstimate;

/**
 * Coverage simulation of {@code samplesize fit --family auto}: for several true learning curves
 * (accuracy from about 0.70 at 100 images levelling off towards 0.9), draws noisy 4-size × r-repeat
 * tables, fits them with the default settings and counts how often the interval at 2× the largest
 * size holds the true value, and how wide it is on average. Two intervals of the same fit are
 * measured side by side: {@code chosen-family}, the chosen family's own bootstrap interval (its row
 * in {@code fit.json}, conditional on that family), and {@code auto}, the interval that {@code fit}
 * reports as its answer ({@link CurveFit#predictions()}): by default the calibrated mean of the
 * families with its guard (docs/method.md). The target intervals are checked too: the target is the
 * true accuracy at 2×, so the true size is 2× the largest.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar
 * org.samplesize.benchmarks.AutoIntervalHarness [--curves 200] [--bootstrap 200] [--repeats 5]
 * [--sigma 0.01,0.02] [--truths pow3,...] [--seed 1] [--threads 0] [--out FILE]}. Same seed, same
 * numbers.
 */
public final class AutoIntervalHarness {
  private AutoIntervalHarness() {}

  /** The sizes of every simulated curve. */
  static final double[] SIZES = {100, 200, 400, 800};

  /**
   * The true curves, in {@code n}: each about 0.70 at 100 images, 0.85–0.90 at 800 and still rising
   * slowly.
   */
  static final Map<String, DoubleUnaryOperator> TRUTHS = new LinkedHashMap<>();

  static {
    TRUTHS.put("pow3", n -> 0.93 - 2.3 * Math.pow(n, -0.5));
    TRUTHS.put("pow4", n -> 0.92 - 44.0 * Math.pow(100 + n, -1.0));
    TRUTHS.put("exp3", n -> 0.90 - 0.3 * Math.exp(-0.004 * n));
    TRUTHS.put("vap3", n -> Math.exp(Math.log(0.92) - 30 / n));
    TRUTHS.put("mmf4", n -> (0.2 * 110.6 + 0.92 * Math.pow(n, 1.2)) / (110.6 + Math.pow(n, 1.2)));
    TRUTHS.put("wbl4", n -> 0.92 - 0.5 * Math.exp(-0.082 * Math.sqrt(n)));
  }

  /** The command line; {@code --help} prints it. */
  static final HarnessFlags FLAGS =
      HarnessFlags.of(
              "AutoIntervalHarness",
              "Coverage simulation of fit --family auto on simulated learning curves; same seed,"
                  + " same numbers.")
          .flag("--curves", "N", "200", "simulated tables per truth and noise level")
          .flag("--bootstrap", "N", "200", "bootstrap resamples per fit")
          .flag("--repeats", "N", "5", "models per size")
          .flag("--sigma", "S,...", "0.01,0.02", "noise levels (standard deviation of accuracy)")
          .flag("--truths", "NAME,...", String.join(",", TRUTHS.keySet()), "the true curves")
          .flag("--seed", "N", "1", "root seed")
          .flag("--threads", "N", "0", "fitting threads (0: one per core)")
          .flag(
              "--out", "FILE", "benchmarks/target/auto-interval-harness.json", "the JSON results");

  /**
   * @param args see the class comment
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    FLAGS.main(args, AutoIntervalHarness::run);
  }

  private static void run(HarnessFlags.Values flags) throws Exception {
    int curves = flags.integer("--curves");
    int bootstrap = flags.integer("--bootstrap");
    int repeats = flags.integer("--repeats");
    List<Double> sigmas = flags.reals("--sigma");
    List<String> truths = flags.list("--truths");
    long seed = flags.longInteger("--seed");
    int threads = flags.integer("--threads");
    Path out = flags.path("--out");
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("curves", curves);
    root.put("bootstrap", bootstrap);
    root.put("repeats", repeats);
    root.put("seed", seed);
    ArrayNode sizes = root.putArray("sizes");
    for (double s : SIZES) {
      sizes.add(s);
    }
    ArrayNode rows = root.putArray("results");
    System.out.printf(
        Locale.ROOT,
        "%d curves per row, sizes 100-800 x %d repeats, B = %d, 90%% intervals at 2x = 1600;"
            + " target = true accuracy at 1600%n",
        curves,
        repeats,
        bootstrap);
    System.out.printf(
        Locale.ROOT,
        "%-6s %-6s | %-8s %-8s %-8s | %-8s %-8s %-8s | %-9s %-9s | %s%n",
        "truth",
        "sigma",
        "cov.fam",
        "width",
        "tgt.cov",
        "cov.auto",
        "width",
        "tgt.cov",
        "bias",
        "rmse",
        "chosen");
    SplittableRandom rootRng = new SplittableRandom(seed);
    for (String t : truths) {
      DoubleUnaryOperator truth = TRUTHS.get(t);
      if (truth == null) {
        throw new IllegalArgumentException(
            "unknown truth " + t + "; choose from " + TRUTHS.keySet());
      }
      for (double sigma : sigmas) {
        SplittableRandom rng = rootRng.split();
        double want = truth.applyAsDouble(2 * SIZES[SIZES.length - 1]);
        ResultsTable table = table("simulated-" + t, draw(truth, sigma, curves, repeats, rng));
        FitOptions o =
            FitOptions.defaults()
                .withBootstrap(bootstrap)
                .withSeed(seed)
                .withThreads(threads)
                .withPredict(List.of(SampleSize.parse("2x")))
                .withTargets(List.of(want));
        List<CurveFit> fits = new LearningCurveFitter(o).fit(table);
        Stats fam = new Stats();
        Stats auto = new Stats();
        double bias = 0;
        double sq = 0;
        Map<String, Integer> chosen = new TreeMap<>();
        double trueN = 2 * SIZES[SIZES.length - 1];
        for (CurveFit f : fits) {
          fam.add(f.chosenFit().predictions().get(0), f.chosenFit().targets().get(0), want, trueN);
          auto.add(f.predictions().get(0), f.targets().get(0), want, trueN);
          double e = f.predictions().get(0).accuracy() - want;
          bias += e;
          sq += e * e;
          chosen.merge(f.chosen(), 1, Integer::sum);
        }
        bias /= curves;
        double rmse = Math.sqrt(sq / curves);
        System.out.printf(
            Locale.ROOT,
            "%-6s %-6.3f | %-8.3f %-8.4f %-8.3f | %-8.3f %-8.4f %-8.3f | %-+9.4f %-9.4f | %s%n",
            t,
            sigma,
            fam.coverage(),
            fam.width(),
            fam.targetCoverage(),
            auto.coverage(),
            auto.width(),
            auto.targetCoverage(),
            bias,
            rmse,
            chosen);
        ObjectNode row = rows.addObject();
        row.put("truth", t);
        row.put("sigma", sigma);
        row.put("true_value_at_2x", want);
        row.put("chosen_family_coverage", fam.coverage());
        row.put("chosen_family_mean_width", fam.width());
        row.put("chosen_family_target_coverage", fam.targetCoverage());
        row.put("auto_coverage", auto.coverage());
        row.put("auto_mean_width", auto.width());
        row.put("auto_target_coverage", auto.targetCoverage());
        row.put("auto_target_median_log2_width", auto.medianTargetLogWidth());
        row.put("point_bias", bias);
        row.put("point_rmse", rmse);
        ObjectNode ch = row.putObject("chosen");
        chosen.forEach(ch::put);
      }
    }
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    mapper.writeValue(out.toFile(), root);
    System.out.println("wrote " + out);
  }

  /** Coverage and width tallies of one kind of interval. */
  private static final class Stats {
    int n;
    int covered;
    double width;
    int targetCovered;
    final List<Double> targetLogWidth = new ArrayList<>();

    void add(Prediction p, TargetEstimate t, double want, double trueN) {
      n++;
      if (p.lo() <= want && want <= p.hi()) {
        covered++;
      }
      width += p.hi() - p.lo();
      if (t.lo() <= trueN && trueN <= t.hi()) {
        targetCovered++;
      }
      targetLogWidth.add(Math.log(t.hi() / t.lo()) / Math.log(2));
    }

    double coverage() {
      return covered / (double) n;
    }

    double width() {
      return width / n;
    }

    double targetCoverage() {
      return targetCovered / (double) n;
    }

    double medianTargetLogWidth() {
      List<Double> s = new ArrayList<>(targetLogWidth);
      s.sort(null);
      return s.get(s.size() / 2);
    }
  }

  /**
   * Noisy accuracies of a true curve at {@link #SIZES}: each curve's sizes in order, each size's
   * repeats in order, drawn from {@code rng} in that order and held in [0, 1].
   *
   * @return {@code [curve][size][repeat]}
   */
  static double[][][] draw(
      DoubleUnaryOperator truth, double sigma, int curves, int repeats, SplittableRandom rng) {
    double[][][] values = new double[curves][SIZES.length][repeats];
    for (int c = 0; c < curves; c++) {
      for (int i = 0; i < SIZES.length; i++) {
        double mu = truth.applyAsDouble(SIZES[i]);
        for (int r = 0; r < repeats; r++) {
          values[c][i][r] = Math.max(0, Math.min(1, mu + sigma * gaussian(rng)));
        }
      }
    }
    return values;
  }

  /**
   * @param name the table's name
   * @param values {@link #draw}'s accuracies
   * @return them as a results table, curve {@code c} named {@code "c" + c}
   */
  static ResultsTable table(String name, double[][][] values) {
    ResultsTable.Builder b = ResultsTable.builder(name);
    for (int c = 0; c < values.length; c++) {
      for (int i = 0; i < SIZES.length; i++) {
        for (double v : values[c][i]) {
          b.add("c" + c, SIZES[i], v, 0);
        }
      }
    }
    return b.build();
  }

  static double gaussian(SplittableRandom rng) {
    double u1 = rng.nextDouble();
    double u2 = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  }
}
