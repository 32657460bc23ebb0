package org.samplesize.classes;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** The labelling plan's greedy allocation on recall curves given in closed form. */
class LabellingPlannerTest {

  /**
   * The greedy allocation against the optimum of a separable concave problem, found by a naive
   * Lagrange search: with R_c(n) = a_c - b_c n^-1/2 the cheapest additions equalise w_c b_c / (2
   * n_c^1.5), so n_c = (w_c b_c / (2 lambda))^(2/3) for one lambda, found by bisection.
   */
  @Test
  void theGreedyPlanIsWithinAFewPercentOfTheOptimum() {
    double[] w = {0.2, 0.3, 0.5};
    double[] a = {0.99, 0.97, 0.95};
    double[] b = {2.0, 1.0, 0.5};
    long[] n0 = {50, 80, 200};
    double target = 0.9;
    DoubleUnaryOperator[] r = new DoubleUnaryOperator[3];
    for (int c = 0; c < 3; c++) {
      final int cc = c;
      r[c] = n -> a[cc] - b[cc] / Math.sqrt(n);
    }
    LabellingPlanner.Allocation g = LabellingPlanner.allocate(w, n0, r, target);
    assertTrue(g.reachable);
    double acc = 0;
    for (int c = 0; c < 3; c++) {
      acc += w[c] * r[c].applyAsDouble(n0[c] + g.add[c]);
    }
    assertTrue(acc >= target, "the plan reaches the target: " + acc);

    double lo = 1e-12;
    double hi = 1;
    double best = Double.NaN;
    for (int it = 0; it < 200; it++) {
      double lambda = Math.sqrt(lo * hi);
      double total = 0;
      double reached = 0;
      for (int c = 0; c < 3; c++) {
        double n = Math.max(n0[c], Math.pow(w[c] * b[c] / (2 * lambda), 2.0 / 3.0));
        total += n - n0[c];
        reached += w[c] * r[c].applyAsDouble(n);
      }
      if (reached >= target) {
        lo = lambda;
        best = total;
      } else {
        hi = lambda;
      }
    }
    assertNotNull(best);
    assertTrue(g.total() >= best - 3, g.total() + " vs optimum " + best);
    assertTrue(g.total() <= best * 1.05 + 3, g.total() + " vs optimum " + best);
  }
}
