package org.samplesize.benchmarks.corpus;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.zip.GZIPOutputStream;
import org.samplesize.InvalidInputException;
import org.samplesize.fit.CurveFamily;
import org.samplesize.fit.CurveFit;
import org.samplesize.fit.FitMethod;
import org.samplesize.fit.FitOptions;
import org.samplesize.fit.LearningCurveFitter;
import org.samplesize.fit.SampleSize;
import org.samplesize.io.AtomicFiles;

/**
 * Scores answer methods on the real-curve corpus, held out by data set: for each data set, every
 * method is tuned on the curves of all the other data sets ({@link AnswerMethod#tune}) and then
 * answers the curves of the left-out one; the scores pool those held-out answers. Methods without
 * tunable parts are scored as they are.
 *
 * <p>Each curve is fitted twice, once with {@code samplesize fit}'s defaults (every family,
 * automatic selection) and once with {@code --method recipe}, asking for the accuracy at every
 * truth size and for the size at every truth accuracy; every built-in method reads its answer from
 * those fits ({@link AnswerMethods}). Same corpus, same flags: same numbers, whatever the thread
 * count.
 *
 * <p>Usage: {@code corpus/evaluate.sh} or {@code java -cp benchmarks/target/benchmarks.jar
 * org.samplesize.benchmarks.corpus.CorpusHarness [--corpus corpus/tables] [--out corpus/results]
 * [--bootstrap 1000] [--seed 42] [--level 0.9] [--threads 0] [--methods auto,pow3,...]}. Writes
 * {@code evaluation.md}, {@code evaluation.json} and {@code answers.csv.gz} to {@code --out}.
 */
public final class CorpusHarness {
  private CorpusHarness() {}

  /** Scope of the pooled scores over every curve. */
  static final String ALL = "all";

  /** Scope of the pooled scores over the curves of real (not synthetic) data sets. */
  static final String REAL = "real";

  /** The settings of one evaluation. */
  record Settings(
      Path corpus,
      Path out,
      int bootstrap,
      long seed,
      double level,
      int threads,
      List<String> only) {}

  /**
   * @param args see the class comment
   */
  public static void main(String[] args) {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      System.out.println(USAGE);
      return;
    }
    try {
      run(parse(args));
    } catch (InvalidInputException e) {
      System.err.println("corpus harness: " + e.getMessage());
      System.exit(2);
    } catch (IOException e) {
      System.err.println("corpus harness: cannot write the results: " + e.getMessage());
      System.exit(3);
    }
  }

  /** What {@code --help} prints: every flag, with its default. */
  static final String USAGE =
      "usage: corpus/evaluate.sh [--threads N] [--bootstrap B] [--seed S] [--level L]"
          + " [--methods NAME,...] [--corpus DIR] [--out DIR]\n"
          + "Scores every answer method on the corpus, held out by data set, and writes"
          + " evaluation.md, evaluation.json and answers.csv.gz to --out.\n"
          + "  --threads N        worker threads, 0 = all cores (default 0)\n"
          + "  --bootstrap B      bootstrap replicates per fit (default "
          + FitOptions.DEFAULT_BOOTSTRAP
          + ")\n"
          + "  --seed S           root seed of the bootstrap (default "
          + FitOptions.DEFAULT_SEED
          + ")\n"
          + "  --level L          interval level (default 0.9)\n"
          + "  --methods NAMES    only these methods, comma separated (default: all)\n"
          + "  --corpus DIR       the curve tables (default corpus/tables)\n"
          + "  --out DIR          the results folder (default corpus/results)";

  private static final List<String> FLAGS =
      List.of("--corpus", "--out", "--bootstrap", "--seed", "--level", "--threads", "--methods");

  static Settings parse(String[] args) {
    Path corpus = Path.of("corpus/tables");
    Path out = Path.of("corpus/results");
    int bootstrap = FitOptions.DEFAULT_BOOTSTRAP;
    long seed = FitOptions.DEFAULT_SEED;
    double level = 0.9;
    int threads = 0;
    List<String> only = List.of();
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (!FLAGS.contains(flag)) {
        throw new InvalidInputException(
            "unknown flag " + flag + "; use " + String.join(", ", FLAGS) + " (or --help)");
      }
      if (i + 1 >= args.length) {
        throw new InvalidInputException(flag + ": needs a value");
      }
      String v = args[++i];
      try {
        switch (flag) {
          case "--corpus" -> corpus = Path.of(v);
          case "--out" -> out = Path.of(v);
          case "--bootstrap" -> bootstrap = Integer.parseInt(v);
          case "--seed" -> seed = Long.parseLong(v);
          case "--level" -> level = Double.parseDouble(v);
          case "--threads" -> threads = Integer.parseInt(v);
          case "--methods" -> only = List.of(v.split(","));
          default -> throw new IllegalStateException("flag listed but not parsed: " + flag);
        }
      } catch (NumberFormatException e) {
        throw new InvalidInputException(flag + ": '" + v + "' is not a number");
      }
    }
    if (bootstrap < 1) {
      throw new InvalidInputException("--bootstrap: " + bootstrap + " must be 1 or more");
    }
    return new Settings(corpus, out, bootstrap, seed, level, threads, only);
  }

  static void run(Settings s) throws IOException {
    List<CorpusCurve> curves = Corpus.read(s.corpus());
    List<AnswerMethod> methods = select(AnswerMethods.all(), s.only());
    long t0 = System.nanoTime();
    List<FittedCurve> fitted = fitAll(curves, s);
    double fitSeconds = (System.nanoTime() - t0) / 1e9;
    Evaluation e = evaluate(fitted, methods);
    Files.createDirectories(s.out());
    AtomicFiles.writeString(s.out().resolve("evaluation.md"), e.markdown(s, fitted));
    AtomicFiles.writeString(s.out().resolve("evaluation.json"), e.json(s, fitted));
    // gzip: every method's answer for every truth is over a megabyte as text
    byte[] answers = e.answersCsv().getBytes(StandardCharsets.UTF_8);
    AtomicFiles.write(
        s.out().resolve("answers.csv.gz"),
        os -> {
          GZIPOutputStream gz = new GZIPOutputStream(os);
          gz.write(answers);
          gz.finish();
        });
    System.out.print(e.markdown(s, fitted));
    System.out.printf(
        Locale.ROOT,
        "%nfitted %d curves in %.1f s; wrote %s%n",
        fitted.size(),
        fitSeconds,
        s.out());
  }

  static List<AnswerMethod> select(List<AnswerMethod> all, List<String> only) {
    if (only.isEmpty()) {
      return all;
    }
    List<AnswerMethod> out = new ArrayList<>();
    for (String name : only) {
      AnswerMethod m =
          all.stream()
              .filter(a -> a.name().equals(name.trim()))
              .findFirst()
              .orElseThrow(
                  () ->
                      new InvalidInputException(
                          "--methods: unknown method '"
                              + name
                              + "'; choose from "
                              + all.stream().map(AnswerMethod::name).toList()));
      out.add(m);
    }
    return out;
  }

  /**
   * The truths whose accuracy can be a target (strictly between 0 and 1), in order: the targets
   * every fit is asked for.
   *
   * @param c a curve
   * @return its truths usable as targets
   */
  static List<CorpusCurve.Truth> targetTruths(CorpusCurve c) {
    return c.truths().stream().filter(t -> t.accuracy() > 0 && t.accuracy() < 1).toList();
  }

  /**
   * The targets every fit is asked for: the accuracies of {@link #targetTruths}, each once (two
   * truths of a curve can measure the same accuracy, and a fit refuses a target given twice). A
   * truth's answer is the one at {@code indexOf} its accuracy.
   *
   * @param c a curve
   * @return its distinct target accuracies, in order of first appearance
   */
  static List<Double> targetAccuracies(CorpusCurve c) {
    return targetTruths(c).stream().map(CorpusCurve.Truth::accuracy).distinct().toList();
  }

  /** The options every curve's fits share, asked at its truth sizes and truth accuracies. */
  static FitOptions options(CorpusCurve c, Settings s) {
    List<SampleSize> at = c.truths().stream().map(t -> new SampleSize(t.size(), false)).toList();
    List<Double> targets = targetAccuracies(c);
    return FitOptions.defaults()
        .withBootstrap(s.bootstrap())
        .withSeed(s.seed())
        .withLevel(s.level())
        .withThreads(1)
        .withPredict(at)
        .withTargets(targets);
  }

  /** Fits every curve (curves in parallel, one thread each: the numbers do not depend on it). */
  static List<FittedCurve> fitAll(List<CorpusCurve> curves, Settings s) {
    int threads = s.threads() > 0 ? s.threads() : Runtime.getRuntime().availableProcessors();
    ForkJoinPool pool = new ForkJoinPool(threads);
    try {
      return pool.submit(
              () ->
                  curves.parallelStream()
                      .map(
                          c -> {
                            FitOptions o = options(c, s);
                            CurveFit auto = new LearningCurveFitter(o).fit(c.data());
                            CurveFit select =
                                new LearningCurveFitter(
                                        o.withFamilies(List.of(CurveFamily.values())))
                                    .fit(c.data());
                            CurveFit recipe =
                                new LearningCurveFitter(o.withMethod(FitMethod.RECIPE))
                                    .fit(c.data());
                            return new FittedCurve(c, auto, select, recipe);
                          })
                      .toList())
          .get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while fitting the corpus", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdown();
    }
  }

  /**
   * Scores every method held out by data set.
   *
   * @param fitted the fitted corpus
   * @param methods the methods
   * @return the answers and scores
   */
  static Evaluation evaluate(List<FittedCurve> fitted, List<AnswerMethod> methods) {
    TreeSet<String> datasets = new TreeSet<>();
    fitted.forEach(f -> datasets.add(f.dataset()));
    Evaluation e = new Evaluation(methods, datasets);
    for (AnswerMethod m : methods) {
      for (String held : datasets) {
        List<FittedCurve> train = fitted.stream().filter(f -> !f.dataset().equals(held)).toList();
        AnswerMethod tuned = m.tunable() ? m.tune(train) : m;
        for (FittedCurve f : fitted) {
          if (f.dataset().equals(held)) {
            e.add(m, f, tuned.answer(f));
          }
        }
      }
    }
    return e;
  }

  /** Answers and scores of every method, by scope and factor. */
  static final class Evaluation {
    final List<AnswerMethod> methods;
    final TreeSet<String> datasets;
    final TreeSet<Double> factors = new TreeSet<>();
    // method -> scope -> factor -> scores
    final Map<String, Map<String, Map<Double, Scores>>> scores = new LinkedHashMap<>();
    final StringBuilder answers =
        new StringBuilder(
            "method,curve_id,dataset,group,factor,truth_size,truth,point,lo,hi,"
                + "target,n,n_lo,n_hi\n");

    Evaluation(List<AnswerMethod> methods, TreeSet<String> datasets) {
      this.methods = methods;
      this.datasets = datasets;
    }

    void add(AnswerMethod m, FittedCurve f, Answer a) {
      CorpusCurve c = f.curve();
      for (CorpusCurve.Truth t : c.truths()) {
        factors.add(t.factor());
        Answer.Point p = a.prediction(t.factor());
        Answer.Size z = a.target(t.factor());
        List<String> scopes = new ArrayList<>(List.of(ALL, "dataset:" + c.dataset()));
        if (!"synthetic".equals(c.group())) {
          scopes.add(REAL);
        }
        for (String scope : scopes) {
          scores
              .computeIfAbsent(m.name(), k -> new LinkedHashMap<>())
              .computeIfAbsent(scope, k -> new LinkedHashMap<>())
              .computeIfAbsent(t.factor(), k -> new Scores())
              .add(t, p, z);
        }
        answers.append(
            String.join(
                ",",
                m.name(),
                c.id(),
                c.dataset(),
                c.group(),
                num(t.factor()),
                num(t.size()),
                num(t.accuracy()),
                p == null ? "" : num(p.accuracy()),
                p == null ? "" : num(p.lo()),
                p == null ? "" : num(p.hi()),
                z == null ? "" : num(z.target()),
                z == null ? "" : num(z.n()),
                z == null ? "" : num(z.lo()),
                z == null ? "" : num(z.hi())));
        answers.append('\n');
      }
    }

    Scores get(String method, String scope, double factor) {
      Map<String, Map<Double, Scores>> byScope = scores.get(method);
      if (byScope == null || byScope.get(scope) == null) {
        return null;
      }
      return byScope.get(scope).get(factor);
    }

    String answersCsv() {
      return answers.toString();
    }

    String markdown(Settings s, List<FittedCurve> fitted) {
      return EvaluationReport.markdown(this, s, fitted);
    }

    String json(Settings s, List<FittedCurve> fitted) throws IOException {
      ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      ObjectNode root = mapper.createObjectNode();
      ObjectNode set = root.putObject("settings");
      set.put("corpus", s.corpus().toString());
      set.put("bootstrap", s.bootstrap());
      set.put("seed", s.seed());
      set.put("level", s.level());
      set.put("curves", fitted.size());
      ObjectNode ds = set.putObject("datasets");
      for (String d : datasets) {
        ds.put(d, fitted.stream().filter(f -> f.dataset().equals(d)).count());
      }
      ArrayNode ms = root.putArray("methods");
      for (AnswerMethod m : methods) {
        ObjectNode o = ms.addObject();
        o.put("name", m.name());
        o.put("description", m.description());
        o.put("tuned_held_out", m.tunable());
      }
      ArrayNode rows = root.putArray("scores");
      for (AnswerMethod m : methods) {
        Map<String, Map<Double, Scores>> byScope = scores.getOrDefault(m.name(), Map.of());
        for (Map.Entry<String, Map<Double, Scores>> scope : byScope.entrySet()) {
          for (Map.Entry<Double, Scores> fs : scope.getValue().entrySet()) {
            Scores x = fs.getValue();
            ObjectNode o = rows.addObject();
            o.put("method", m.name());
            o.put("scope", scope.getKey());
            o.put("factor", fs.getKey());
            o.put("curves", x.count());
            o.put("missing", x.missing());
            put(o, "median_abs_error_pp", x.medianAbsError());
            put(o, "mean_error_pp", x.meanError());
            put(o, "median_error_pp", x.medianError());
            o.put("with_interval", x.withInterval());
            o.put("covered", x.covered());
            put(o, "coverage", x.coverage());
            put(o, "median_width_pp", x.medianWidth());
            put(o, "median_up_pp", x.medianUp());
            put(o, "median_down_pp", x.medianDown());
            o.put("targets", x.targets());
            o.put("target_intervals", x.targetIntervals());
            o.put("target_covered", x.targetCovered());
            o.put("target_upper_bounded", x.targetBounded());
            put(o, "target_median_abs_log2", x.targetMedianAbsLog2());
          }
        }
      }
      return mapper.writeValueAsString(root) + "\n";
    }

    private static void put(ObjectNode o, String key, double v) {
      if (Double.isFinite(v)) {
        o.put(key, v);
      } else if (Double.isNaN(v)) {
        o.putNull(key);
      } else {
        o.put(key, v > 0 ? "Infinity" : "-Infinity");
      }
    }

    private static String num(double v) {
      if (Double.isNaN(v)) {
        return "";
      }
      if (Double.isInfinite(v)) {
        return v > 0 ? "inf" : "-inf";
      }
      return v == Math.rint(v) && Math.abs(v) < 1e15
          ? Long.toString((long) v)
          : String.format(Locale.ROOT, "%.6g", v);
    }
  }
}
