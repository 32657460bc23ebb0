package org.samplesize.train.cpu.tail;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.samplesize.train.tail.TailAdam;
import org.samplesize.train.tail.TailSpec;
import org.samplesize.train.tail.TinyTails;

/**
 * Fine-tuning gives the same numbers whatever the thread count: on an AVX2 CPU the loss after five
 * steps differed in the eighth digit between 1 and 2 threads (1.8513060176364373 against
 * 1.8513059906641582), and a fine-tuned model's loss and AUC in results.csv from the fourth digit,
 * so a {@code --spark} run (one thread a task) differed from a local one, because the products were
 * sliced by the thread count and OpenBLAS adds up a slice's edge in another order.
 */
class CpuTailThreadsTest {

  /** The loss of each of five training steps and the predictions after them. */
  private record Trained(double[] losses, float[] probabilities) {}

  private static Trained train(int threads) {
    TailSpec spec = TinyTails.medium(44);
    int n = 64;
    int k = 5;
    float[] x = TinyTails.input(n, spec.inputSize(), 45);
    int[] y = TinyTails.labels(n, k, 46);
    try (CpuTailNetwork cpu = new CpuTailNetwork(spec, k, n, threads, TailAdam.recipe())) {
      cpu.setParameters(TinyTails.parameters(spec, k, 47));
      double[] losses = new double[5];
      for (int i = 0; i < losses.length; i++) {
        losses[i] = cpu.trainStep(x, y, n, null);
      }
      float[] probabilities = new float[n * k];
      cpu.predict(x, n, probabilities);
      return new Trained(losses, probabilities);
    }
  }

  @Test
  void theSameNumbersWhateverTheThreadCount() {
    Trained one = train(1);
    for (int threads : new int[] {2, 3, 4}) {
      Trained more = train(threads);
      assertArrayEquals(one.losses(), more.losses(), 0.0, threads + " threads");
      assertArrayEquals(one.probabilities(), more.probabilities(), 0f, threads + " threads");
    }
    assertEquals(5, one.losses().length);
  }
}
