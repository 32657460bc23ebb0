package org.samplesize.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.IntStream;
import org.samplesize.fit.CurveData;
import org.samplesize.fit.CurveFit;
import org.samplesize.fit.FitOptions;
import org.samplesize.fit.LearningCurveFitter;
import org.samplesize.fit.SizeSummary;
import org.samplesize.fit.TargetEstimate;
import org.samplesize.fit.TargetProfile;

/**
 * How far the size means' own bound on a {@code --target} size ({@link TargetProfile#upperEnd})
 * could be trusted: simulated curves as {@link AutoIntervalHarness}'s (the same true curves, sizes
 * 100–800, r repeats), the target each truth's accuracy at a multiple of the largest size, so the
 * true size is that multiple. For each curve it records the means' gap ({@link TargetProfile#gap})
 * and their profile statistic ({@link TargetProfile#statisticAt}) at the largest size searched and
 * at the true size. At a cutoff {@code c} the means give a finite bound when the gap and the first
 * statistic are at least {@code c}, and that bound lies below the true size when the second is (the
 * statistic grows with the size, up to the optimiser's error): the table gives, for each cutoff,
 * how often the bound is given and how often it then misses. Each row also gives the bound itself
 * at one cutoff ({@code --end-at}).
 *
 * <p>With {@code --bootstrap B > 0} it also fits every curve with the default settings and records
 * whether the default's own interval already bounds the upper end: a bound from the means would be
 * wanted only where it does not, and the table counts those too.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar
 * org.samplesize.benchmarks.TargetBoundHarness [--curves 2000] [--multiples 2,4] [--cutoffs ...]
 * [--bootstrap 0] [--seed 1] [--threads 0] [--out FILE] [--curves-out FILE]}. Same seed, same
 * numbers.
 */
public final class TargetBoundHarness {
  private TargetBoundHarness() {}

  /** The command line; {@code --help} prints it. */
  static final HarnessFlags FLAGS =
      HarnessFlags.of(
              "TargetBoundHarness",
              "How often the size means' --target bound is given and how often it misses the true"
                  + " size, on simulated learning curves; same seed, same numbers.")
          .flag("--curves", "N", "2000", "simulated tables per truth and noise level")
          .flag("--repeats", "N", "5", "models per size")
          .flag("--sigma", "S,...", "0.01,0.02", "noise levels (standard deviation of accuracy)")
          .flag(
              "--truths",
              "NAME,...",
              String.join(",", AutoIntervalHarness.TRUTHS.keySet()),
              "the true curves")
          .flag("--multiples", "M,...", "2,4", "targets: the truth at these multiples of 800")
          .flag("--cutoffs", "C,...", "2.71,3.46,5,7,10,15,20,30", "cutoffs the table counts at")
          .flag("--end-at", "C", "3.46", "the cutoff whose upper end each curve's row gives")
          .flag("--bootstrap", "N", "0", "bootstrap resamples of the default fit (0: skip it)")
          .flag("--seed", "N", "1", "root seed")
          .flag("--threads", "N", "0", "threads (0: one per core)")
          .flag("--out", "FILE", "benchmarks/target/target-bound-harness.json", "the JSON table")
          .flag(
              "--curves-out",
              "FILE",
              "benchmarks/target/target-bound-harness.csv",
              "one row per curve and target");

  /**
   * One curve against one target.
   *
   * @param gap the gap (NaN where no capped fit succeeded)
   * @param atLargest the statistic at the largest size searched (the bound is given when it and the
   *     gap are at least the cutoff)
   * @param atTruth the statistic at the true size (the bound misses when it is at least the cutoff)
   * @param end the upper end at the {@code --end-at} cutoff (NaN where not given, +infinity where a
   *     curve still below the target at the largest size searched fits)
   * @param ownBounded whether the default's own interval bounds the upper end (true when not
   *     fitted)
   */
  private record Point(
      double gap, double atLargest, double atTruth, double end, boolean ownBounded) {}

  /**
   * @param args see the class comment
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    FLAGS.main(args, TargetBoundHarness::run);
  }

  static void run(HarnessFlags.Values flags) throws Exception {
    int curves = flags.integer("--curves");
    int repeats = flags.integer("--repeats");
    List<Double> sigmas = flags.reals("--sigma");
    List<Double> multiples = flags.reals("--multiples");
    List<Double> cutoffs = flags.reals("--cutoffs");
    List<String> truths = flags.list("--truths");
    int bootstrap = flags.integer("--bootstrap");
    double endAt = flags.real("--end-at");
    long seed = flags.longInteger("--seed");
    int threads = flags.integer("--threads");
    int pool = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    double[] sizes = AutoIntervalHarness.SIZES;
    double largest = sizes[sizes.length - 1];
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("curves", curves);
    root.put("repeats", repeats);
    root.put("bootstrap", bootstrap);
    root.put("seed", seed);
    ArrayNode rows = root.putArray("results");
    Path csv = flags.path("--curves-out");
    createParent(csv);
    System.out.printf(
        Locale.ROOT,
        "%d curves per row, sizes 100-800 x %d repeats; per cutoff: bounds given / of them below"
            + " the true size%s%n",
        curves,
        repeats,
        bootstrap > 0 ? " (and where the default's own interval is unbounded)" : "");
    SplittableRandom rootRng = new SplittableRandom(seed);
    ForkJoinPool workers = new ForkJoinPool(pool);
    try (BufferedWriter w = Files.newBufferedWriter(csv)) {
      w.write("truth,sigma,multiple,true_size,curve,gap,at_largest,at_truth,end,own_bounded\n");
      for (String t : truths) {
        DoubleUnaryOperator truth = AutoIntervalHarness.TRUTHS.get(t);
        if (truth == null) {
          throw flags.badValue("--truths", "names from " + AutoIntervalHarness.TRUTHS.keySet());
        }
        for (double sigma : sigmas) {
          SplittableRandom rng = rootRng.split();
          double[][][] values = AutoIntervalHarness.draw(truth, sigma, curves, repeats, rng);
          List<Double> wants = new ArrayList<>();
          for (double m : multiples) {
            wants.add(truth.applyAsDouble(m * largest));
          }
          boolean[][] own = ownBounded(values, wants, bootstrap, seed, threads);
          Point[][] points =
              workers
                  .submit(
                      () ->
                          IntStream.range(0, curves)
                              .parallel()
                              .mapToObj(c -> profile(values[c], wants, multiples, endAt, own[c]))
                              .toArray(Point[][]::new))
                  .get();
          for (int k = 0; k < multiples.size(); k++) {
            ObjectNode row = rows.addObject();
            row.put("truth", t);
            row.put("sigma", sigma);
            row.put("multiple", multiples.get(k));
            row.put("target", wants.get(k));
            ArrayNode at = row.putArray("cutoffs");
            StringBuilder line =
                new StringBuilder(
                    String.format(Locale.ROOT, "%-5s %.3f %sx |", t, sigma, fmt(multiples.get(k))));
            for (double cut : cutoffs) {
              int given = 0;
              int below = 0;
              int givenUsed = 0;
              int belowUsed = 0;
              for (Point[] p : points) {
                if (p[k].gap() >= cut && p[k].atLargest() >= cut) {
                  given++;
                  boolean miss = p[k].atTruth() >= cut;
                  below += miss ? 1 : 0;
                  if (!p[k].ownBounded()) {
                    givenUsed++;
                    belowUsed += miss ? 1 : 0;
                  }
                }
              }
              ObjectNode a = at.addObject();
              a.put("cutoff", cut);
              a.put("given", given);
              a.put("below_truth", below);
              if (bootstrap > 0) {
                a.put("given_where_default_unbounded", givenUsed);
                a.put("below_truth_where_default_unbounded", belowUsed);
              }
              line.append(String.format(Locale.ROOT, " %s: %d/%d", fmt(cut), given, below));
              if (bootstrap > 0) {
                line.append(String.format(Locale.ROOT, " (%d/%d)", givenUsed, belowUsed));
              }
            }
            System.out.println(line);
            for (int c = 0; c < curves; c++) {
              Point p = points[c][k];
              w.write(
                  String.format(
                      Locale.ROOT,
                      "%s,%s,%s,%s,%d,%.17g,%.17g,%.17g,%.17g,%b%n",
                      t,
                      sigma,
                      fmt(multiples.get(k)),
                      fmt(multiples.get(k) * largest),
                      c,
                      p.gap(),
                      p.atLargest(),
                      p.atTruth(),
                      p.end(),
                      p.ownBounded()));
            }
          }
        }
      }
    } finally {
      workers.shutdown();
    }
    Path out = flags.path("--out");
    createParent(out);
    mapper.writeValue(out.toFile(), root);
    System.out.println("wrote " + out + " and " + csv);
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  private static void createParent(Path p) throws java.io.IOException {
    Path parent = p.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
  }

  /** The profile statistics of one curve for each target. */
  private static Point[] profile(
      double[][] values, List<Double> wants, List<Double> multiples, double endAt, boolean[] own) {
    double[] sizes = AutoIntervalHarness.SIZES;
    CurveData data = new CurveData("c", sizes, values, new int[sizes.length][values[0].length]);
    List<SizeSummary> summaries = new ArrayList<>();
    for (int i = 0; i < sizes.length; i++) {
      summaries.add(data.summary(i));
    }
    Point[] out = new Point[wants.size()];
    for (int k = 0; k < wants.size(); k++) {
      TargetProfile p = TargetProfile.of(summaries, wants.get(k));
      if (p == null) {
        out[k] = new Point(Double.NaN, 0, 0, Double.NaN, own[k]);
        continue;
      }
      double trueSize = multiples.get(k) * sizes[sizes.length - 1];
      out[k] =
          new Point(
              p.gap(),
              p.statisticAt(LearningCurveFitter.MAX_SIZE),
              p.statisticAt(trueSize),
              p.upperEnd(endAt),
              own[k]);
    }
    return out;
  }

  /**
   * Whether the default fit's own interval bounds each curve's upper end for each target (all true
   * when {@code bootstrap} is 0: not fitted).
   */
  private static boolean[][] ownBounded(
      double[][][] values, List<Double> wants, int bootstrap, long seed, int threads) {
    boolean[][] own = new boolean[values.length][wants.size()];
    if (bootstrap <= 0) {
      for (boolean[] o : own) {
        Arrays.fill(o, true);
      }
      return own;
    }
    FitOptions o =
        FitOptions.defaults()
            .withBootstrap(bootstrap)
            .withSeed(seed)
            .withThreads(threads)
            .withTargets(wants);
    List<CurveFit> fits =
        new LearningCurveFitter(o).fit(AutoIntervalHarness.table("simulated", values));
    for (int c = 0; c < fits.size(); c++) {
      CurveFit f = fits.get(c);
      int curve = Integer.parseInt(f.curve().substring(1));
      for (int k = 0; k < wants.size(); k++) {
        TargetEstimate e = f.targets().get(k);
        own[curve][k] = Double.isFinite(e.hi());
      }
    }
    return own;
  }
}
