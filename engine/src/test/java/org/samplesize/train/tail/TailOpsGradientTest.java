package org.samplesize.train.tail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Every op's hand-written backward pass, one block and the whole tail against central finite
 * differences in double precision.
 */
class TailOpsGradientTest {
  static final double EPS = 1e-6;
  static final double TOL = 1e-6;

  static double[] random(SplittableRandom r, int n, double lo, double hi) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = r.nextDouble(lo, hi);
    }
    return x;
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** Checks analytic[i] against (f(x+eps) − f(x−eps)) / 2eps for every element of x. */
  static void check(String what, double[] x, double[] analytic, Supplier<Double> f) {
    double worst = 0;
    for (int i = 0; i < x.length; i++) {
      double keep = x[i];
      x[i] = keep + EPS;
      double up = f.get();
      x[i] = keep - EPS;
      double down = f.get();
      x[i] = keep;
      double numeric = (up - down) / (2 * EPS);
      double err = Math.abs(numeric - analytic[i]) / Math.max(1, Math.abs(numeric));
      worst = Math.max(worst, err);
      assertTrue(
          err < TOL, what + "[" + i + "]: analytic " + analytic[i] + " vs numeric " + numeric);
    }
    assertTrue(worst < TOL);
  }

  @Test
  void conv1x1() {
    SplittableRandom r = new SplittableRandom(1);
    int cin = 3;
    int cout = 4;
    int cols = 10;
    double[] w = random(r, cout * cin, -1, 1);
    double[] b = random(r, cout, -1, 1);
    double[] x = random(r, cin * cols, -1, 1);
    double[] weight = random(r, cout * cols, -1, 1);
    double[] y = new double[cout * cols];
    Supplier<Double> f =
        () -> {
          TailOps.conv1x1Forward(w, b, cout, cin, x, cols, y);
          return dot(y, weight);
        };
    double[] dx = new double[cin * cols];
    double[] dw = new double[cout * cin];
    double[] db = new double[cout];
    TailOps.conv1x1Backward(w, cout, cin, x, cols, weight, dx, dw, db);
    check("conv1x1 dx", x, dx, f);
    check("conv1x1 dw", w, dw, f);
    check("conv1x1 db", b, db, f);
  }

  @Test
  void depthwiseStrideOneAndTwoWithAsymmetricPads() {
    for (int[] geo :
        List.of(new int[] {1, 1, 1, 1, 1}, new int[] {2, 0, 0, 1, 1}, new int[] {2, 1, 1, 1, 1})) {
      SplittableRandom r = new SplittableRandom(2);
      DepthwiseSpec s =
          new DepthwiseSpec(
              3,
              3,
              geo[0],
              geo[1],
              geo[2],
              geo[3],
              geo[4],
              new float[27],
              new float[3],
              true,
              "dw");
      int n = 2;
      int h = 5;
      int wd = 6;
      int oh = s.outHeight(h);
      int ow = s.outWidth(wd);
      double[] w = random(r, 27, -1, 1);
      double[] b = random(r, 3, -1, 1);
      double[] x = random(r, 3 * n * h * wd, -1, 1);
      double[] weight = random(r, 3 * n * oh * ow, -1, 1);
      double[] y = new double[3 * n * oh * ow];
      Supplier<Double> f =
          () -> {
            TailOps.depthwiseForward(s, w, b, n, h, wd, x, y);
            return dot(y, weight);
          };
      double[] dx = new double[x.length];
      double[] dw = new double[27];
      double[] db = new double[3];
      TailOps.depthwiseBackward(s, w, n, h, wd, x, weight, dx, dw, db);
      String g = " stride " + geo[0];
      check("depthwise dx" + g, x, dx, f);
      check("depthwise dw" + g, w, dw, f);
      check("depthwise db" + g, b, db, f);
    }
  }

  @Test
  void depthwiseOutputSizeFollowsOnnx() {
    DepthwiseSpec s =
        new DepthwiseSpec(1, 3, 2, 0, 0, 1, 1, new float[9], new float[1], true, "dw");
    assertEquals(7, s.outHeight(14));
    DepthwiseSpec t =
        new DepthwiseSpec(1, 3, 2, 1, 1, 1, 1, new float[9], new float[1], true, "dw");
    assertEquals(7, t.outHeight(14));
    assertEquals(14, t.outHeight(28));
  }

  @Test
  void relu6AwayFromItsKinks() {
    SplittableRandom r = new SplittableRandom(3);
    double[] x = new double[40];
    for (int i = 0; i < x.length; i++) {
      double v = r.nextDouble(-2, 8);
      // keep finite differences off the two kinks
      x[i] = Math.abs(v) < 1e-3 || Math.abs(v - 6) < 1e-3 ? v + 0.01 : v;
    }
    double[] weight = random(r, 40, -1, 1);
    Supplier<Double> f =
        () -> {
          double[] y = x.clone();
          TailOps.relu6Forward(y, y.length);
          return dot(y, weight);
        };
    double[] y = x.clone();
    TailOps.relu6Forward(y, y.length);
    double[] dx = weight.clone();
    TailOps.relu6Backward(y, dx, dx.length);
    check("relu6", x, dx, f);
    // both saturated sides pass no gradient
    assertEquals(0.0, dxAt(-1.0));
    assertEquals(0.0, dxAt(7.0));
    assertEquals(1.0, dxAt(3.0));
  }

  private static double dxAt(double v) {
    double[] y = {v};
    TailOps.relu6Forward(y, 1);
    double[] d = {1.0};
    TailOps.relu6Backward(y, d, 1);
    return d[0];
  }

  @Test
  void globalAveragePool() {
    SplittableRandom r = new SplittableRandom(4);
    int c = 3;
    int n = 2;
    int p = 5;
    double[] x = random(r, c * n * p, -1, 1);
    double[] weight = random(r, n * c, -1, 1);
    double[] out = new double[n * c];
    Supplier<Double> f =
        () -> {
          TailOps.globalAveragePoolForward(x, c, n, p, out);
          return dot(out, weight);
        };
    double[] dx = new double[x.length];
    TailOps.globalAveragePoolBackward(weight, c, n, p, dx);
    check("pool", x, dx, f);
  }

  @Test
  void denseSoftmaxCrossEntropy() {
    SplittableRandom r = new SplittableRandom(5);
    int k = 4;
    int d = 6;
    int n = 3;
    double[] w = random(r, k * d, -1, 1);
    double[] b = random(r, k, -1, 1);
    double[] x = random(r, n * d, -1, 1);
    int[] labels = {0, 3, 1};
    double[] probs = new double[n * k];
    Supplier<Double> f = () -> TailOps.denseSoftmaxForward(w, b, k, d, x, n, labels, probs);
    f.get();
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (int c = 0; c < k; c++) {
        s += probs[i * k + c];
      }
      assertEquals(1.0, s, 1e-12);
    }
    double[] dx = new double[n * d];
    double[] dw = new double[k * d];
    double[] db = new double[k];
    TailOps.denseSoftmaxBackward(w, k, d, x, n, labels, probs.clone(), dx, dw, db);
    check("dense dx", x, dx, f);
    check("dense dw", w, dw, f);
    check("dense db", b, db, f);
  }

  @Test
  void oneBlockEndToEnd() {
    // block_a alone (expansion, depthwise, projection, residual) under the last conv, pool, head
    TailSpec full = TinyTails.spec(11);
    InvertedResidualSpec a = full.blocks().get(0);
    TailSpec one =
        new TailSpec(
            "one",
            "in",
            null,
            "f",
            5,
            6,
            6,
            List.of(a),
            TinyTails.conv(new SplittableRandom(3), 5, 9, true));
    checkNetwork(one, 3, null);
  }

  @Test
  void wholeTinyTailWithDropout() {
    TailSpec spec = TinyTails.spec(12);
    checkNetwork(spec, 3, TinyTails.dropout(3, spec.featureDim(), 0.3, 9));
  }

  private static void checkNetwork(TailSpec spec, int n, float[] mask) {
    int k = 3;
    try (ReferenceTailNetwork net = new ReferenceTailNetwork(spec, k, n, TailAdam.recipe())) {
      net.setParameters(TinyTails.parameters(spec, k, 21));
      float[] x = TinyTails.input(n, spec.inputSize(), 22);
      int[] labels = TinyTails.labels(n, k, 23);
      ReferenceTailNetwork.DoubleGradients g = net.doubleGradients(x, labels, n, mask);
      double[][] p = net.liveParameters();
      TailParameters names = TailParameters.zerosLike(TinyTails.parameters(spec, k, 21));
      for (int t = 0; t < p.length; t++) {
        check(names.name(t), p[t], g.grads()[t], () -> net.loss(x, labels, n, mask));
      }
    }
  }
}
