package org.samplesize.data;

import java.util.SplittableRandom;

/**
 * Derives independent random seeds from one root seed and a few keys (an image index and view, a
 * fraction and repeat), so that each unit of work gets its own stream whatever order or thread it
 * runs in. The mixing is SplitMix64's finaliser applied key by key; the same inputs always give the
 * same seed. Also the one seeded shuffle that subsampling and training use.
 */
public final class Seeds {
  private Seeds() {}

  /**
   * @param root the root seed of the run
   * @param keys what identifies the unit of work, e.g. {@code (imageIndex, view)}
   * @return a seed for {@code new SplittableRandom(seed)} that depends on every key and their order
   */
  public static long derive(long root, long... keys) {
    long h = mix(root ^ 0x9E3779B97F4A7C15L);
    for (long k : keys) {
      h = mix(h + 0x9E3779B97F4A7C15L + mix(k));
    }
    return h;
  }

  /**
   * Fisher-Yates shuffle in place, drawing from {@code random} from the last position down.
   *
   * @param a the values
   * @param random the stream
   */
  public static void shuffle(int[] a, SplittableRandom random) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  /**
   * @param a the values (not changed)
   * @param random the stream
   * @return a shuffled copy, as {@link #shuffle(int[], SplittableRandom)} orders it
   */
  public static int[] shuffled(int[] a, SplittableRandom random) {
    int[] c = a.clone();
    shuffle(c, random);
    return c;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
