package org.samplesize.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.samplesize.fit.CurveFit;
import org.samplesize.fit.Examples;
import org.samplesize.fit.FitOptions;
import org.samplesize.fit.LearningCurveFitter;
import org.samplesize.fit.ResultsTable;

class FamiliesSectionTest {

  private static FitSummary.Curve curve(ResultsTable table) {
    List<CurveFit> fits =
        new LearningCurveFitter(FitOptions.defaults().withBootstrap(200).withThreads(2)).fit(table);
    return FitSummary.of(fits, 0.9, new LearningCurvePlot.Rendered(new byte[0], ""), List.of(), 800)
        .curves()
        .get(0);
  }

  /**
   * The sentence above the families' table said "the mean of the curve families (all but last1),
   * with an interval calibrated on real learning curves" whatever the curve: over a mean that left
   * pow2 and log2 out as contradicting the data, and over two sizes, where only pow2 and log2 are
   * averaged and there is no interval.
   */
  @Test
  void theMeanIsDescribedByTheFamiliesItAveragesAndItsInterval() {
    assertEquals(
        "The answer is the mean of 6 curve families (pow3, pow4, exp3, vap3, mmf4, wbl4); pow2,"
            + " log2 left out (each more than 30 standard errors and 1 point off a measured mean),"
            + " with an interval calibrated on real learning curves (on 276 of them, held out by"
            + " data set, its 90% interval held the accuracy measured at 2 and 4 times the largest"
            + " size 89.5% of the time); each column's interval is that family's own. The marked"
            + " column is the best single family.",
        FamiliesSection.meanWords(curve(Examples.steepThenFlat(0.004))));

    ResultsTable two =
        ResultsTable.builder("two")
            .add(100, 0.70)
            .add(100, 0.72)
            .add(200, 0.78)
            .add(200, 0.79)
            .build();
    String words = FamiliesSection.meanWords(curve(two));
    assertTrue(
        words.startsWith(
            "The answer is the mean of 2 curve families (pow2, log2), without an interval ("
                + CurveFit.NO_INTERVAL_WHY
                + ")."),
        words);

    StringBuilder h = new StringBuilder();
    FamiliesSection.write(h, List.of(curve(two)), List.of(), 0.9);
    assertTrue(h.toString().contains(HtmlText.esc(words)), h.toString());
  }
}
