package org.samplesize.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.samplesize.data.Seeds;
import org.samplesize.experiment.AdaptiveChooser;
import org.samplesize.fit.CurveFit;
import org.samplesize.fit.FitOptions;
import org.samplesize.fit.Prediction;
import org.samplesize.fit.SampleSize;

/**
 * Adaptive runs against the fixed plan on simulated learning curves (the truths of {@link
 * AutoIntervalHarness}): a training set of 1600 images, fractions 1/16, 1/8, 1/4, 1/2 (100-800
 * images), the answer the accuracy at 1600 with its 90% interval. For each simulated curve:
 *
 * <ul>
 *   <li><b>fixed</b>: the plan with 3, 5, 8, 10 and 15 repeats per fraction (12-60 models); the
 *       models needed is the smallest plan whose interval is at most {@code --width} wide.
 *   <li><b>adaptive</b>: 3 repeats per fraction, then {@link AdaptiveChooser} steps as {@code run
 *       --until-width} takes them, until the width is reached or 60 models are spent; its interval
 *       when it stops is checked against the true accuracy at 1600 (coverage).
 * </ul>
 *
 * Each model's accuracy is the truth plus Gaussian noise drawn from a stream of the curve, the
 * fraction and the repeat, so a model means the same draw in both arms.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar
 * org.samplesize.benchmarks.AdaptiveHarness [--curves 20] [--width 0.04] [--sigma 0.02]
 * [--bootstrap 200] [--truths pow3,...] [--seed 1] [--out FILE]}. Same seed, same numbers.
 */
public final class AdaptiveHarness {
  private AdaptiveHarness() {}

  static final int TRAIN = 1600;
  static final double[] FRACTIONS = {0.0625, 0.125, 0.25, 0.5};
  static final int[] FIXED_REPEATS = {3, 5, 8, 10, 15};
  static final int MAX_MODELS = 60;

  /** The command line; {@code --help} prints it. */
  static final HarnessFlags FLAGS =
      HarnessFlags.of(
              "AdaptiveHarness",
              "Adaptive runs against the fixed plan on simulated learning curves; same seed, same"
                  + " numbers.")
          .flag("--curves", "N", "20", "simulated curves per truth")
          .flag("--width", "W", "0.04", "the interval width both arms aim for")
          .flag("--sigma", "S", "0.02", "standard deviation of a model's accuracy noise")
          .flag("--bootstrap", "N", "200", "bootstrap resamples per fit")
          .flag(
              "--truths",
              "NAME,...",
              String.join(",", AutoIntervalHarness.TRUTHS.keySet()),
              "the true curves")
          .flag("--seed", "N", "1", "root seed")
          .flag("--out", "FILE", "benchmarks/target/adaptive-harness.json", "the JSON results");

  /**
   * @param args see the class comment
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    FLAGS.main(args, AdaptiveHarness::run);
  }

  private static void run(HarnessFlags.Values flags) throws Exception {
    int curves = flags.integer("--curves");
    double width = flags.real("--width");
    double sigma = flags.real("--sigma");
    int bootstrap = flags.integer("--bootstrap");
    List<String> truths = flags.list("--truths");
    long seed = flags.longInteger("--seed");
    Path out = flags.path("--out");
    FitOptions options =
        FitOptions.defaults()
            .withBootstrap(bootstrap)
            .withSeed(seed)
            .withPredict(List.of(new SampleSize(TRAIN, false)));
    // Simulated values need no draw: every size can be drawn.
    AdaptiveChooser chooser = new AdaptiveChooser(options, TRAIN, f -> true, "head");
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("curves", curves);
    root.put("width", width);
    root.put("sigma", sigma);
    root.put("bootstrap", bootstrap);
    root.put("seed", seed);
    root.put("max_models", MAX_MODELS);
    ArrayNode rows = root.putArray("results");
    System.out.printf(
        Locale.ROOT,
        "%d curves per truth, 1600 training images, sigma %.3f, B = %d, width goal %.3f at 1600,"
            + " at most %d models%n",
        curves,
        sigma,
        bootstrap,
        width,
        MAX_MODELS);
    System.out.printf(
        Locale.ROOT,
        "%-6s | %-13s %-12s | %-13s %-12s %-9s | %-8s %-8s%n",
        "truth",
        "fixed reached",
        "fixed models",
        "adapt reached",
        "adapt models",
        "ratio",
        "adapt cov",
        "fixed5 cov");
    SplittableRandom rootRng = new SplittableRandom(seed);
    for (String t : truths) {
      DoubleUnaryOperator truth = AutoIntervalHarness.TRUTHS.get(t);
      if (truth == null) {
        throw new IllegalArgumentException(
            "unknown truth " + t + "; choose from " + AutoIntervalHarness.TRUTHS.keySet());
      }
      double want = truth.applyAsDouble(TRAIN);
      int fixedReached = 0;
      int adaptReached = 0;
      int adaptCovered = 0;
      int fixed5Covered = 0;
      List<Double> fixedModels = new ArrayList<>();
      List<Double> adaptModels = new ArrayList<>();
      List<Double> ratios = new ArrayList<>();
      for (int c = 0; c < curves; c++) {
        long curveSeed = rootRng.nextLong();
        Sim sim = new Sim(truth, sigma, curveSeed);
        // Fixed plans.
        int fixedNeed = -1;
        for (int r : FIXED_REPEATS) {
          CurveFit f = chooser.fit(sim.plan(r));
          if (r == 5) {
            Prediction p = f.predictions().get(0);
            fixed5Covered += p.lo() <= want && want <= p.hi() ? 1 : 0;
          }
          if (fixedNeed < 0 && chooser.width(f) <= width) {
            fixedNeed = r * FRACTIONS.length;
          }
        }
        // The adaptive run.
        List<AdaptiveChooser.Observation> obs = sim.plan(3);
        CurveFit f = chooser.fit(obs);
        while (chooser.width(f) > width && obs.size() < MAX_MODELS) {
          AdaptiveChooser.Choice ch = chooser.choose(obs, MAX_MODELS - obs.size());
          if (ch.best() == null) {
            break;
          }
          AdaptiveChooser.Candidate k = ch.best().candidate();
          for (int j = 0; j < k.models(); j++) {
            obs.add(sim.model(k.fraction(), k.firstRepeat() + j));
          }
          f = chooser.fit(obs);
        }
        Prediction p = f.predictions().get(0);
        adaptCovered += p.lo() <= want && want <= p.hi() ? 1 : 0;
        boolean reached = chooser.width(f) <= width;
        if (reached) {
          adaptReached++;
          adaptModels.add((double) obs.size());
        }
        if (fixedNeed > 0) {
          fixedReached++;
          fixedModels.add((double) fixedNeed);
        }
        if (reached) {
          // Against the fixed plan's need, or 60+ (not reached within 60) as a lower bound.
          ratios.add(obs.size() / (double) (fixedNeed > 0 ? fixedNeed : MAX_MODELS));
        }
      }
      ObjectNode row = rows.addObject();
      row.put("truth", t);
      row.put("true_value_at_1600", want);
      row.put("fixed_reached", fixedReached / (double) curves);
      row.put("fixed_median_models", median(fixedModels));
      row.put("adaptive_reached", adaptReached / (double) curves);
      row.put("adaptive_median_models", median(adaptModels));
      row.put("median_ratio_adaptive_to_fixed", median(ratios));
      row.put("adaptive_coverage", adaptCovered / (double) curves);
      row.put("fixed5_coverage", fixed5Covered / (double) curves);
      System.out.printf(
          Locale.ROOT,
          "%-6s | %-13.2f %-12s | %-13.2f %-12s %-9s | %-8.2f %-8.2f%n",
          t,
          fixedReached / (double) curves,
          show(median(fixedModels)),
          adaptReached / (double) curves,
          show(median(adaptModels)),
          show(median(ratios)),
          adaptCovered / (double) curves,
          fixed5Covered / (double) curves);
    }
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    mapper.writeValue(out.toFile(), root);
    System.out.println("wrote " + out);
  }

  /** One simulated curve: each (fraction, repeat) always gives the same accuracy. */
  private record Sim(DoubleUnaryOperator truth, double sigma, long seed) {
    AdaptiveChooser.Observation model(double fraction, int repeat) {
      int n = (int) (TRAIN * fraction);
      SplittableRandom rng =
          new SplittableRandom(Seeds.derive(seed, Double.doubleToLongBits(fraction), repeat));
      double v = truth.applyAsDouble(n) + sigma * AutoIntervalHarness.gaussian(rng);
      return new AdaptiveChooser.Observation(fraction, n, repeat, Math.max(0, Math.min(1, v)), 0);
    }

    List<AdaptiveChooser.Observation> plan(int repeats) {
      List<AdaptiveChooser.Observation> obs = new ArrayList<>();
      for (double f : FRACTIONS) {
        for (int r = 0; r < repeats; r++) {
          obs.add(model(f, r));
        }
      }
      return obs;
    }
  }

  private static double median(List<Double> v) {
    if (v.isEmpty()) {
      return Double.NaN;
    }
    List<Double> s = new ArrayList<>(v);
    s.sort(null);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  private static String show(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
  }
}
