package org.samplesize.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An error rate fitted with {@code --metric}: it answered "n for 0.12: 100 [1, 100]" and a value
 * stuck at the largest size's, as every family models a rising curve. Now one line says which curve
 * falls and what to fit instead, exit 2, and nothing is written.
 */
class FitFallingMetricTest {
  @TempDir Path dir;

  @Test
  void aFallingMetricIsRefusedWithWhatToFitInstead() throws Exception {
    StringBuilder csv = new StringBuilder("size,err\n");
    double[][] err = {
      {0.28, 0.29, 0.27}, {0.21, 0.2, 0.215}, {0.16, 0.165, 0.155}, {0.14, 0.13, 0.145}
    };
    int[] sizes = {100, 200, 400, 800};
    for (int i = 0; i < sizes.length; i++) {
      for (double v : err[i]) {
        csv.append(sizes[i]).append(',').append(v).append('\n');
      }
    }
    Path results = Files.writeString(dir.resolve("err.csv"), csv);
    Path out = dir.resolve("out");
    Cli.Result r =
        Cli.run(
            "fit",
            "--results",
            results.toString(),
            "--metric",
            "err",
            "--out",
            out.toString(),
            "--target",
            "0.12",
            "--no-plot");
    assertEquals(Main.EXIT_USER_ERROR, r.code(), r.err());
    assertEquals(
        List.of(
            "samplesize fit: error: "
                + results
                + ": curve 'default': err falls as the training set grows (0.2800 at 100, 0.1383"
                + " at 800); samplesize fits a metric that rises with the training-set size"
                + " (accuracy, F1, AUC). For an error rate or a loss, add a column of 1 − err and"
                + " fit that with --metric"),
        r.err().lines().toList());
    assertEquals("", r.out());
    assertFalse(Files.exists(out.resolve("fit.json")), "nothing written");
  }

  /**
   * Two learners in a 'learner' column, each at its own sizes, pooled into one curve that falls:
   * the refusal said only to fit 1 − accuracy, and the warning that named the column, printed after
   * a fit, was never seen.
   */
  @Test
  void aCurveThatFallsBecauseItPoolsTwoLearnersNamesTheColumn() throws Exception {
    String csv =
        "learner,size,accuracy\n"
            + "a,10,0.90\na,10,0.91\na,20,0.92\na,20,0.93\n"
            + "b,100,0.50\nb,100,0.51\nb,200,0.52\nb,200,0.53\n";
    Path results = Files.writeString(dir.resolve("pooled.csv"), csv);
    Cli.Result r =
        Cli.run(
            "fit",
            "--results",
            results.toString(),
            "--out",
            dir.resolve("out").toString(),
            "--no-plot");
    assertEquals(Main.EXIT_USER_ERROR, r.code(), r.err());
    assertTrue(r.err().contains("accuracy falls as the training set grows"), r.err());
    assertTrue(
        r.err().contains("The table also warns: " + results + ": column 'learner' holds 2 values"),
        r.err());
  }

  /**
   * Accuracies of 0 at every size (a learner that never learned) got "n for 0.9: not reachable: the
   * curve levels off at 0.0000" and an accuracy at 2x with no word that the curve never rose.
   */
  @Test
  void aCurveFlatAtZeroIsAnsweredWithAWarning() throws Exception {
    StringBuilder csv = new StringBuilder("curve,size,repeat,accuracy\n");
    for (int size : new int[] {50, 100, 200, 400}) {
      for (int r = 0; r < 3; r++) {
        csv.append("head,").append(size).append(',').append(r).append(",0.0\n");
      }
    }
    Path results = Files.writeString(dir.resolve("zero.csv"), csv);
    Path out = dir.resolve("out");
    Cli.Result r =
        Cli.run(
            "fit",
            "--results",
            results.toString(),
            "--out",
            out.toString(),
            "--target",
            "0.9",
            "--bootstrap",
            "0",
            "--no-plot");
    assertEquals(0, r.code(), r.err());
    String flat =
        "Warning: the metric is 0.0000 at every size from 50 to 400 and in every repeat: the"
            + " curve does not rise";
    assertTrue(r.out().contains(flat), r.out());
    assertTrue(
        Files.readString(out.resolve("fit.json"))
            .contains("the metric is 0.0000 at every size from 50 to 400"));
  }
}
