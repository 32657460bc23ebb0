package org.samplesize.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.samplesize.ProgressListener;
import org.samplesize.train.cpu.CpuBackend;

class HeadTrainerTest {

  /** Gaussian blobs around class centres; {@code spread} controls the overlap. */
  static Fixture blobs(int rows, int cols, int classes, double spread, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[][] centres = new float[classes][cols];
    for (float[] c : centres) {
      for (int j = 0; j < cols; j++) {
        c[j] = (float) r.nextGaussian();
      }
    }
    float[] x = new float[rows * cols];
    int[] y = new int[rows];
    for (int i = 0; i < rows; i++) {
      y[i] = r.nextInt(classes);
      for (int j = 0; j < cols; j++) {
        x[i * cols + j] = centres[y[i]][j] + (float) (spread * r.nextGaussian());
      }
    }
    return new Fixture(FeatureMatrix.of(x, rows, cols), y);
  }

  record Fixture(FeatureMatrix features, int[] labels) {}

  static List<TrainingJob> jobs(int count, int rows, int poolRows, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<TrainingJob> jobs = new ArrayList<>();
    for (int j = 0; j < count; j++) {
      int[] idx = new int[rows + 10 * j];
      for (int i = 0; i < idx.length; i++) {
        idx[i] = r.nextInt(poolRows);
      }
      jobs.add(new TrainingJob("job" + j, idx, r.nextLong()));
    }
    return jobs;
  }

  static int[] range(int from, int to) {
    int[] a = new int[to - from];
    for (int i = 0; i < a.length; i++) {
      a[i] = from + i;
    }
    return a;
  }

  @Test
  void recoversALinearSeparator() {
    // two classes split by a known hyperplane w*·x = 0 with a margin; the head must find w*
    int rows = 1000;
    int cols = 20;
    SplittableRandom r = new SplittableRandom(3);
    double[] truth = new double[cols];
    for (int j = 0; j < cols; j++) {
      truth[j] = r.nextGaussian();
    }
    double norm = Math.sqrt(Arrays.stream(truth).map(v -> v * v).sum());
    float[] x = new float[rows * cols];
    int[] y = new int[rows];
    for (int i = 0; i < rows; ) {
      double s = 0;
      for (int j = 0; j < cols; j++) {
        x[i * cols + j] = (float) r.nextGaussian();
        s += x[i * cols + j] * truth[j] / norm;
      }
      if (Math.abs(s) > 0.3) {
        y[i++] = s > 0 ? 1 : 0;
      }
    }
    FeatureMatrix f = FeatureMatrix.of(x, rows, cols);
    HeadOptions o = HeadOptions.recipe().withEpochs(30).withLearningRate(0.01).withPatience(30);
    try (Backend cpu = new CpuBackend(2)) {
      HeadResult res =
          HeadTrainer.train(
                  f,
                  y,
                  2,
                  List.of(new TrainingJob("sep", range(0, 800), 1)),
                  range(800, 1000),
                  o,
                  cpu,
                  ProgressListener.NONE)
              .get(0);
      assertTrue(res.test().accuracy() > 0.97, "accuracy " + res.test().accuracy());
      assertTrue(res.test().kerasAuc() > 0.99, "keras auc " + res.test().kerasAuc());
      // the learnt direction (class 1 minus class 0) is the true normal
      float[] w = res.weights();
      double dot = 0;
      double len = 0;
      for (int j = 0; j < cols; j++) {
        double v = w[cols + j] - w[j];
        dot += v * truth[j] / norm;
        len += v * v;
      }
      double cosine = dot / Math.sqrt(len);
      assertTrue(cosine > 0.95, "cosine to the true normal " + cosine);
    }
  }

  @Test
  void cpuIsDeterministicAndJobsAreIndependent() {
    Fixture fx = blobs(600, 64, 5, 2.0, 11);
    List<TrainingJob> jobs = jobs(4, 120, 500, 5);
    int[] test = range(500, 600);
    HeadOptions o = HeadOptions.recipe().withEpochs(4);
    List<HeadResult> a;
    List<HeadResult> b;
    List<HeadResult> single;
    try (Backend two = new CpuBackend(2);
        Backend one = new CpuBackend(1)) {
      a = HeadTrainer.train(fx.features(), fx.labels(), 5, jobs, test, o, two, null);
      b = HeadTrainer.train(fx.features(), fx.labels(), 5, jobs, test, o, two, null);
      single =
          HeadTrainer.train(
              fx.features(), fx.labels(), 5, List.of(jobs.get(2)), test, o, one, null);
    }
    for (int j = 0; j < jobs.size(); j++) {
      assertArrayEquals(a.get(j).weights(), b.get(j).weights(), "job " + j);
      assertArrayEquals(a.get(j).bias(), b.get(j).bias(), "job " + j);
      assertEquals(a.get(j).test(), a.get(j).test());
      assertEquals(a.get(j).test().kerasAuc(), b.get(j).test().kerasAuc());
    }
    // the same job alone, on one thread, gives bit-identical weights
    assertArrayEquals(a.get(2).weights(), single.get(0).weights());
    // and different seeds really differ
    assertTrue(!Arrays.equals(a.get(0).weights(), a.get(1).weights()));
    // the pure-Java loops train the same models as OpenBLAS, up to float summation order
    try (Backend java = new CpuBackend(2, false)) {
      List<HeadResult> j =
          HeadTrainer.train(fx.features(), fx.labels(), 5, jobs, test, o, java, null);
      for (int m = 0; m < jobs.size(); m++) {
        assertEquals(a.get(m).bestEpoch(), j.get(m).bestEpoch());
        for (int i = 0; i < j.get(m).weights().length; i++) {
          assertEquals(a.get(m).weights()[i], j.get(m).weights()[i], 1e-4f, "job " + m + " w" + i);
        }
      }
    }
  }

  @Test
  void earlyStoppingRestoresTheBestEpoch() {
    // too large a learning rate on noisy labels: validation AUC goes up and down
    Fixture fx = blobs(400, 32, 3, 4.0, 21);
    HeadOptions o =
        HeadOptions.recipe().withEpochs(10).withPatience(2).withLearningRate(0.3).withBatchSize(16);
    List<TrainingJob> jobs = jobs(6, 150, 300, 9);
    try (SpyBackend spy = new SpyBackend(new CpuBackend(2))) {
      List<HeadResult> results =
          HeadTrainer.train(fx.features(), fx.labels(), 3, jobs, range(300, 400), o, spy, null);
      boolean someStoppedEarly = false;
      boolean someRestoredEarlier = false;
      for (int m = 0; m < jobs.size(); m++) {
        HeadResult r = results.get(m);
        List<Double> aucs = spy.valAuc.get(m);
        assertEquals(aucs.size(), r.epochsRun(), "job " + m);
        int best = 0;
        for (int e = 1; e < aucs.size(); e++) {
          if (aucs.get(e) > aucs.get(best)) {
            best = e;
          }
        }
        assertEquals(best, r.bestEpoch(), "job " + m + " aucs " + aucs);
        assertEquals(aucs.get(best), r.bestValAuc(), 0.0);
        // Keras: stop once `patience` epochs in a row brought no improvement
        boolean stopped = r.epochsRun() < o.epochs();
        assertEquals(stopped ? r.epochsRun() - 1 - best : -1, stopped ? o.patience() : -1);
        someStoppedEarly |= stopped;
        someRestoredEarlier |= best < r.epochsRun() - 1;
        assertArrayEquals(spy.weightsAfter.get(m).get(best), r.weights(), "job " + m);
      }
      assertTrue(someStoppedEarly, "fixture should trigger early stopping");
      assertTrue(someRestoredEarlier, "fixture should restore an earlier epoch");
    }
  }

  @Test
  void validationIsTheTailOfTheRowsAsGiven() {
    Fixture fx = blobs(200, 8, 2, 1.0, 1);
    int[] rows = range(0, 150);
    HeadOptions o = HeadOptions.recipe().withEpochs(1);
    try (SpyBackend spy = new SpyBackend(new CpuBackend(1))) {
      HeadTrainer.train(
          fx.features(),
          fx.labels(),
          2,
          List.of(new TrainingJob("a", rows, 4)),
          range(150, 200),
          o,
          spy,
          null);
      assertArrayEquals(range(135, 150), spy.lastValRows[0]);
      int[] trained = spy.lastOrders[0].clone();
      Arrays.sort(trained);
      assertArrayEquals(range(0, 135), trained);
    }
  }

  @Test
  void rejectsBadJobs() {
    Fixture fx = blobs(50, 4, 2, 1.0, 1);
    HeadOptions o = HeadOptions.recipe();
    try (Backend cpu = new CpuBackend(1)) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  HeadTrainer.train(
                      fx.features(),
                      fx.labels(),
                      2,
                      List.of(new TrainingJob("bad", new int[] {1, 2, 50}, 1)),
                      range(0, 5),
                      o,
                      cpu,
                      null));
      assertTrue(e.getMessage().contains("job bad") && e.getMessage().contains("50"));
      e =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  HeadTrainer.train(
                      fx.features(),
                      fx.labels(),
                      2,
                      List.of(new TrainingJob("one", new int[] {1}, 1)),
                      range(0, 5),
                      o,
                      cpu,
                      null));
      assertTrue(e.getMessage().contains("none is left for training"), e.getMessage());
    }
  }

  /** Records what the trainer asks of a real backend. */
  static final class SpyBackend implements Backend {
    final Backend inner;
    final List<List<Double>> valAuc = new ArrayList<>();
    final List<List<float[]>> weightsAfter = new ArrayList<>();
    int[][] lastValRows;
    int[][] lastOrders;

    SpyBackend(Backend inner) {
      this.inner = inner;
    }

    @Override
    public String name() {
      return "spy " + inner.name();
    }

    @Override
    public HeadStack openStack(
        FeatureMatrix features, int[] labels, int numClasses, int models, HeadOptions options) {
      HeadStack s = inner.openStack(features, labels, numClasses, models, options);
      for (int m = 0; m < models; m++) {
        valAuc.add(new ArrayList<>());
        weightsAfter.add(new ArrayList<>());
      }
      int cols = features.cols();
      return new HeadStack() {
        @Override
        public void setParameters(int model, float[] weights, float[] bias) {
          s.setParameters(model, weights, bias);
        }

        @Override
        public void getParameters(int model, float[] weights, float[] bias) {
          s.getParameters(model, weights, bias);
        }

        @Override
        public void trainEpoch(int[][] orders, long[] dropoutKeys) {
          lastOrders = orders;
          s.trainEpoch(orders, dropoutKeys);
          for (int m = 0; m < models; m++) {
            if (orders[m] != null) {
              float[] w = new float[numClasses * cols];
              s.getParameters(m, w, new float[numClasses]);
              weightsAfter.get(m).add(w);
            }
          }
        }

        @Override
        public void predict(int[][] rows, float[][] probabilities) {
          s.predict(rows, probabilities);
        }

        @Override
        public long[][] kerasAucCounts(int[][] rows, int[] lab, int k, int thresholds) {
          lastValRows = rows;
          long[][] c = s.kerasAucCounts(rows, lab, k, thresholds);
          for (int m = 0; m < models; m++) {
            if (c[m] != null) {
              valAuc.get(m).add(ClassificationMetrics.kerasAucFromCounts(c[m]));
            }
          }
          return c;
        }

        @Override
        public void saveBest(int model) {
          s.saveBest(model);
        }

        @Override
        public void restoreBest(int model) {
          s.restoreBest(model);
        }

        @Override
        public void close() {
          s.close();
        }
      };
    }

    @Override
    public void close() {
      inner.close();
    }
  }
}
