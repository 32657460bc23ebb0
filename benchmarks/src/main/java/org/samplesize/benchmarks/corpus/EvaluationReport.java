package org.samplesize.benchmarks.corpus;

import java.util.List;
import java.util.Locale;

/** The evaluation as markdown tables, one per scope and factor, and one per data set. */
final class EvaluationReport {
  private EvaluationReport() {}

  static String markdown(
      CorpusHarness.Evaluation e, CorpusHarness.Settings s, List<FittedCurve> fitted) {
    StringBuilder b = new StringBuilder();
    b.append("# Held-out evaluation on the real-curve corpus\n\n");
    b.append(
        String.format(
            Locale.ROOT,
            "%d curves from %s, %d data sets (%s); every method held out by data set (tuned on"
                + " the others where it has anything to tune). Fits: B = %d bootstrap replicates,"
                + " seed %d, %.0f%% intervals. Errors are answer − truth in percentage points (pp);"
                + " the truth is the mean of the repeats measured at that size. Target: the truth"
                + " accuracy as `--target`, scored on whether the interval for N holds the truth"
                + " size.\n\n",
            fitted.size(),
            s.corpus(),
            e.datasets.size(),
            String.join(", ", e.datasets),
            s.bootstrap(),
            s.seed(),
            100 * s.level()));
    b.append("Methods:\n\n");
    for (AnswerMethod m : e.methods) {
      b.append("- `").append(m.name()).append("`: ").append(m.description());
      b.append(m.tunable() ? " (tuned held out)\n" : "\n");
    }
    b.append("\nLearned on every curve (the constants a shipped method uses):\n\n");
    for (AnswerMethod m : e.methods) {
      if (m instanceof CalibratedMean cm && m.tunable()) {
        b.append("- `")
            .append(m.name())
            .append("`: ")
            .append(((CalibratedMean) cm.tune(fitted)).learned())
            .append('\n');
      }
    }
    for (String scope : List.of(CorpusHarness.ALL, CorpusHarness.REAL)) {
      for (double f : e.factors) {
        if (e.get(e.methods.get(0).name(), scope, f) == null) {
          continue;
        }
        b.append(
            String.format(
                Locale.ROOT,
                "%n## %s curves, %s× the largest size%n%n",
                scope.equals(CorpusHarness.ALL) ? "All" : "Real-data (no synthetic)",
                trim(f)));
        b.append(
            "| method | curves | median \\|err\\| pp | bias mean / median pp | coverage |"
                + " median width pp | point→lower / point→upper pp | target coverage |"
                + " target upper bounded | target median \\|log2 N/N_true\\| |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (AnswerMethod m : e.methods) {
          Scores x = e.get(m.name(), scope, f);
          if (x == null) {
            continue;
          }
          b.append(
              String.format(
                  Locale.ROOT,
                  "| %s | %d%s | %s | %s / %s | %s | %s | %s / %s | %s | %s | %s |%n",
                  m.name(),
                  x.count(),
                  x.missing() > 0 ? " (" + x.missing() + " none)" : "",
                  pp(x.medianAbsError()),
                  signed(x.meanError()),
                  signed(x.medianError()),
                  ratio(x.covered(), x.withInterval()),
                  pp(x.medianWidth()),
                  pp(x.medianDown()),
                  pp(x.medianUp()),
                  ratio(x.targetCovered(), x.targetIntervals()),
                  ratio(x.targetBounded(), x.targetIntervals()),
                  x.targets() == 0 ? "–" : pp(x.targetMedianAbsLog2())));
        }
      }
    }
    for (double f : e.factors) {
      b.append(
          String.format(
              Locale.ROOT,
              "%n## By data set, %s×: median |err| pp (coverage)%n%n| method |",
              trim(f)));
      for (String d : e.datasets) {
        b.append(' ').append(d).append(" |");
      }
      b.append("\n|---|");
      b.append("---|".repeat(e.datasets.size()));
      b.append('\n');
      for (AnswerMethod m : e.methods) {
        b.append("| ").append(m.name()).append(" |");
        for (String d : e.datasets) {
          Scores x = e.get(m.name(), "dataset:" + d, f);
          b.append(' ');
          if (x == null || x.count() == 0) {
            b.append('–');
          } else {
            b.append(pp(x.medianAbsError()));
            if (x.withInterval() > 0) {
              b.append(" (").append(ratio(x.covered(), x.withInterval())).append(')');
            }
          }
          b.append(" |");
        }
        b.append('\n');
      }
    }
    return b.toString();
  }

  private static String trim(double f) {
    return f == Math.rint(f) ? Long.toString((long) f) : Double.toString(f);
  }

  private static String pp(double v) {
    if (Double.isNaN(v)) {
      return "–";
    }
    return Double.isInfinite(v) ? "∞" : String.format(Locale.ROOT, "%.2f", v);
  }

  private static String signed(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%+.2f", v);
  }

  private static String ratio(int k, int n) {
    return n == 0 ? "–" : k + "/" + n;
  }
}
