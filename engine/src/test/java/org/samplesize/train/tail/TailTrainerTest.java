package org.samplesize.train.tail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.samplesize.InvalidInputException;
import org.samplesize.train.Backend;
import org.samplesize.train.FeatureMatrix;
import org.samplesize.train.HeadOptions;
import org.samplesize.train.HeadResult;
import org.samplesize.train.HeadTrainer;
import org.samplesize.train.TrainingDevices;
import org.samplesize.train.TrainingJob;

/** Both phases end to end on a small synthetic problem: head on pooled features, then the tail. */
class TailTrainerTest {
  static final int K = 3;

  /** Rows whose class shifts channel c's values: separable, but not trivially after pooling. */
  static FeatureMatrix data(TailSpec spec, int rows, int[] labels, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int px = spec.inHeight() * spec.inWidth();
    float[] x = new float[rows * spec.inputSize()];
    for (int i = 0; i < rows; i++) {
      labels[i] = i % K;
      for (int c = 0; c < spec.inChannels(); c++) {
        double shift = (c % K == labels[i]) ? 0.8 : 0.0;
        for (int p = 0; p < px; p++) {
          x[(i * spec.inChannels() + c) * px + p] = (float) (r.nextGaussian() * 0.7 + shift);
        }
      }
    }
    return FeatureMatrix.of(x, rows, spec.inputSize());
  }

  static FeatureMatrix pooled(TailSpec spec, FeatureMatrix trunk) {
    float[] out = new float[trunk.rows() * spec.featureDim()];
    try (ReferenceTailNetwork net =
        new ReferenceTailNetwork(spec, K, trunk.rows(), TailAdam.recipe())) {
      net.setParameters(TinyTails.parameters(spec, K, 1));
      float[] x = new float[trunk.rows() * spec.inputSize()];
      for (int i = 0; i < trunk.rows(); i++) {
        trunk.copyRow(i, x, i * spec.inputSize());
      }
      net.features(x, trunk.rows(), out);
    }
    return FeatureMatrix.of(out, trunk.rows(), spec.featureDim());
  }

  static List<HeadResult> headPhase(
      TailSpec spec, FeatureMatrix trunk, int[] labels, int[] test, List<TrainingJob> jobs) {
    HeadOptions ho = HeadOptions.recipe().withEpochs(3).withBatchSize(16).withThreads(1);
    try (Backend cpu = TrainingDevices.select("cpu", "training heads", null).openHeads(1)) {
      return HeadTrainer.train(pooled(spec, trunk), labels, K, jobs, test, ho, cpu, null);
    }
  }

  @Test
  void fineTuningRunsTheRecipeLoopDeterministically() {
    TailSpec spec = TinyTails.spec(5);
    int rows = 150;
    int[] labels = new int[rows];
    FeatureMatrix trunk = data(spec, rows, labels, 6);
    int[] train = new int[120];
    for (int i = 0; i < train.length; i++) {
      train[i] = i;
    }
    int[] test = new int[30];
    for (int i = 0; i < test.length; i++) {
      test[i] = 120 + i;
    }
    List<TrainingJob> jobs =
        List.of(
            new TrainingJob("a", train, 11),
            new TrainingJob("b", java.util.Arrays.copyOf(train, 60), 12));
    List<HeadResult> heads = headPhase(spec, trunk, labels, test, jobs);
    TailOptions options =
        TailOptions.recipe()
            .withLearningRate(3e-3)
            .withExtraEpochs(4)
            .withBatchSize(16)
            .withThreads(2)
            .withDevice("cpu")
            .withPatience(2);
    List<String> stages = new ArrayList<>();
    org.samplesize.ProgressListener listener =
        new org.samplesize.ProgressListener() {
          @Override
          public void stage(String name, long total, String unit) {
            stages.add(name + "/" + total);
          }

          @Override
          public void advance(long done) {}
        };
    List<TailResult> first =
        TailTrainer.train(spec, trunk, labels, K, heads, test, options, listener);
    List<TailResult> again = TailTrainer.train(spec, trunk, labels, K, heads, test, options, null);
    assertEquals(List.of("fine-tuning from block_a/2"), stages);
    assertEquals(2, first.size());
    for (int j = 0; j < 2; j++) {
      TailResult r = first.get(j);
      assertEquals(jobs.get(j), r.job());
      assertEquals("block_a", r.unfreezeFrom());
      assertTrue(
          r.epochsRun() >= 1 && r.epochsRun() <= heads.get(j).epochsRun() + 4,
          "epochs " + r.epochsRun());
      assertTrue(r.bestEpoch() >= 0 && r.bestEpoch() < r.epochsRun());
      assertTrue(r.bestValAuc() > 0.5, "val AUC " + r.bestValAuc());
      // same seeds → same numbers
      assertEquals(r.test().accuracy(), again.get(j).test().accuracy());
      assertEquals(r.test().loss(), again.get(j).test().loss());
      assertEquals(r.epochsRun(), again.get(j).epochsRun());
    }
    // fine-tuning the whole tail learns this problem well
    double head = heads.get(0).test().accuracy();
    double tuned = first.get(0).test().accuracy();
    assertTrue(tuned >= 0.7 && tuned >= head - 0.1, "accuracy head " + head + " → tuned " + tuned);
  }

  @Test
  void epochLimitIsHeadEpochsPlusExtra() {
    assertEquals(30, TailOptions.recipe().epochs(10));
    assertEquals(23, TailOptions.recipe().epochs(3));
    assertEquals(22, TailOptions.recipe().withExtraEpochs(19).epochs(3));
    assertEquals(0.0001, TailOptions.recipe().learningRate());
    assertEquals(5, TailOptions.recipe().patience());
    assertEquals(0.3, TailOptions.recipe().dropout());
  }

  @Test
  void mismatchedTrunkAndBadOptionsAreExplained() {
    TailSpec spec = TinyTails.spec(5);
    int[] labels = new int[4];
    FeatureMatrix wrong = FeatureMatrix.of(new float[4 * 10], 4, 10);
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                TailTrainer.train(
                    spec, wrong, labels, K, List.of(), new int[] {0}, TailOptions.recipe(), null));
    assertTrue(e.getMessage().contains("cut tensor in"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> TailOptions.recipe().withLearningRate(0));
    assertThrows(IllegalArgumentException.class, () -> TailOptions.recipe().withDevice("tpu"));
    assertThrows(IllegalArgumentException.class, () -> TailOptions.recipe().withDropout(1.0));
  }
}
