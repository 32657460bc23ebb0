package org.samplesize.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Metrics against golden values computed independently in Python ({@code metrics_reference.py}:
 * Keras' AUC from its threshold definition, the rest from scikit-learn).
 */
class ClassificationMetricsTest {

  private static JsonNode reference() throws IOException {
    try (InputStream in =
        ClassificationMetricsTest.class.getResourceAsStream("metrics_reference.json")) {
      return new ObjectMapper().readTree(in);
    }
  }

  @TestFactory
  List<DynamicTest> matchesPythonReference() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : reference().get("cases")) {
      tests.add(
          DynamicTest.dynamicTest(
              c.get("name").asText(),
              () -> {
                int k = c.get("classes").asInt();
                int[] labels = new int[c.get("labels").size()];
                for (int i = 0; i < labels.length; i++) {
                  labels[i] = c.get("labels").get(i).asInt();
                }
                float[] p = new float[c.get("probabilities").size()];
                for (int i = 0; i < p.length; i++) {
                  p[i] = (float) c.get("probabilities").get(i).asDouble();
                }
                Metrics m = ClassificationMetrics.evaluate(p, labels, k, 200);
                assertEquals(c.get("kerasAuc").asDouble(), m.kerasAuc(), 1e-12, "keras auc");
                assertEquals(c.get("rocAucMacroOvr").asDouble(), m.rocAuc(), 1e-12, "roc auc");
                assertEquals(c.get("accuracy").asDouble(), m.accuracy(), 1e-12, "accuracy");
                assertEquals(c.get("macroF1").asDouble(), m.macroF1(), 1e-12, "macro f1");
                assertEquals(c.get("loss").asDouble(), m.loss(), 1e-6, "loss");
                double[] recall = new double[k];
                for (int i = 0; i < k; i++) {
                  recall[i] = c.get("perClassRecall").get(i).asDouble();
                }
                assertArrayEquals(recall, m.perClassRecall(), 1e-12, "recall");
              }));
    }
    assertTrue(tests.size() >= 4);
    return tests;
  }

  @Test
  void perfectAndConstantClassifiers() {
    int[] y = {0, 1, 2, 1};
    float[] perfect = {1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 0};
    assertEquals(1.0, ClassificationMetrics.kerasAuc(perfect, y, 3, 200), 1e-12);
    assertEquals(1.0, ClassificationMetrics.rocAucMacroOvr(perfect, y, 3), 1e-12);
    float third = 1f / 3;
    float[] constant = new float[12];
    java.util.Arrays.fill(constant, third);
    assertEquals(0.5, ClassificationMetrics.kerasAuc(constant, y, 3, 200), 1e-12);
    assertEquals(0.5, ClassificationMetrics.rocAucMacroOvr(constant, y, 3), 1e-12);
    int[][] confusion = ClassificationMetrics.confusion(constant, y, 3);
    assertArrayEquals(
        new int[] {1, 2, 1}, new int[] {confusion[0][0], confusion[1][0], confusion[2][0]});
  }

  @Test
  void bucketsFollowKerasThresholds() {
    assertEquals(0, ClassificationMetrics.kerasBucket(0f, 200));
    assertEquals(198, ClassificationMetrics.kerasBucket(1f, 200));
    assertEquals(98, ClassificationMetrics.kerasBucket(99f / 199f, 200)); // p * 199 == 99 exactly
    assertEquals(99, ClassificationMetrics.kerasBucket(0.5f, 200));
  }

  @Test
  void rejectsBadInput() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ClassificationMetrics.evaluate(new float[4], new int[] {0, 2}, 2, 200));
    assertTrue(e.getMessage().contains("row 1"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> ClassificationMetrics.evaluate(new float[3], new int[] {0, 1}, 2, 200));
  }

  /** The definition: indices sorted (stably) by score, ties (==) sharing their mid rank. */
  private static double rocAucByIndexSort(double[] scores, boolean[] positive) {
    int n = scores.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
    double rankSumPositive = 0;
    long pos = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
        j++;
      }
      double midRank = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        if (positive[order[k]]) {
          rankSumPositive += midRank;
          pos++;
        }
      }
      i = j + 1;
    }
    long neg = n - pos;
    if (pos == 0 || neg == 0) {
      return Double.NaN;
    }
    return (rankSumPositive - pos * (pos + 1) / 2.0) / ((double) pos * neg);
  }

  @Test
  void binaryRocAucIsTheIndexSortDefinitionBitForBit() {
    java.util.SplittableRandom r = new java.util.SplittableRandom(41);
    double[] specials = {-0.0, 0.0, Double.NaN, 1.0, Double.NEGATIVE_INFINITY, 1e-300};
    for (int trial = 0; trial < 400; trial++) {
      int n = 1 + r.nextInt(trial < 200 ? 12 : 700);
      double[] scores = new double[n];
      boolean[] positive = new boolean[n];
      int distinct = 1 + r.nextInt(n + 1);
      for (int i = 0; i < n; i++) {
        scores[i] =
            r.nextInt(5) == 0
                ? specials[r.nextInt(specials.length)]
                : (double) (float) (r.nextInt(distinct) / (double) distinct);
        positive[i] = r.nextInt(3) == 0;
      }
      double want = rocAucByIndexSort(scores, positive);
      double got = ClassificationMetrics.binaryRocAuc(scores, positive);
      assertEquals(
          Double.doubleToRawLongBits(want),
          Double.doubleToRawLongBits(got),
          "trial " + trial + ": " + want + " vs " + got);
    }
  }
}
