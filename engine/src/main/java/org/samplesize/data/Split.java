package org.samplesize.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A train/test split of a data set, as image indices into {@link ImageDataset#images()}.
 *
 * @param train indices of the training images (the recipe's validation part included), in the
 *     split's shuffled order; positions into this array are what {@link Subsample#indices()} holds.
 *     Do not modify.
 * @param test indices of the test images, never augmented. Do not modify.
 */
public record Split(int[] train, int[] test) {

  /** Copies the arrays and checks that no index appears twice. */
  public Split {
    train = train.clone();
    test = test.clone();
    int max = -1;
    for (int i : train) {
      max = Math.max(max, i);
    }
    for (int i : test) {
      max = Math.max(max, i);
    }
    boolean[] seen = new boolean[max + 1];
    for (int[] part : new int[][] {train, test}) {
      for (int i : part) {
        if (i < 0 || seen[i]) {
          throw new IllegalArgumentException("index " + i + " is negative or appears twice");
        }
        seen[i] = true;
      }
    }
  }

  /**
   * The recipe's split ({@code train[:90%]}, {@code train[90%:]}): shuffle {@code 0..n-1} with the
   * seed, the first {@code round(n * trainFraction)} go to train, the rest to test.
   *
   * @param n number of images, at least 2
   * @param seed the seed of the shuffle
   * @param trainFraction share of training images, in (0, 1)
   * @return the split
   * @throws IllegalArgumentException if either part would be empty
   */
  public static Split recipe(int n, long seed, double trainFraction) {
    checkFraction(trainFraction);
    if (n < 2) {
      throw new IllegalArgumentException("need at least 2 images to split, got " + n);
    }
    int[] perm = permutation(n, new SplittableRandom(Seeds.derive(seed, 0x5_0117L)));
    int nTrain = trainCount(n, trainFraction);
    return new Split(Arrays.copyOfRange(perm, 0, nTrain), Arrays.copyOfRange(perm, nTrain, n));
  }

  /**
   * A stratified split: each class is shuffled with its own stream and split at {@code round(count
   * * trainFraction)} (at least one image of a class with 2 or more goes to each side); the two
   * parts are then shuffled.
   *
   * @param labels label of every image
   * @param seed the root seed
   * @param trainFraction share of training images, in (0, 1)
   * @return the split
   */
  public static Split stratified(int[] labels, long seed, double trainFraction) {
    checkFraction(trainFraction);
    if (labels.length < 2) {
      throw new IllegalArgumentException("need at least 2 images to split, got " + labels.length);
    }
    int classes = Arrays.stream(labels).max().getAsInt() + 1;
    List<List<Integer>> byClass = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      byClass.add(new ArrayList<>());
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0) {
        throw new IllegalArgumentException("label of image " + i + " is negative: " + labels[i]);
      }
      byClass.get(labels[i]).add(i);
    }
    int[] train = new int[labels.length];
    int[] test = new int[labels.length];
    int nTrain = 0;
    int nTest = 0;
    for (int c = 0; c < classes; c++) {
      List<Integer> members = byClass.get(c);
      int[] perm =
          permutation(members.size(), new SplittableRandom(Seeds.derive(seed, 0x57A7L, c)));
      int k = trainCount(members.size(), trainFraction);
      for (int j = 0; j < perm.length; j++) {
        int idx = members.get(perm[j]);
        if (j < k) {
          train[nTrain++] = idx;
        } else {
          test[nTest++] = idx;
        }
      }
    }
    train = Arrays.copyOf(train, nTrain);
    test = Arrays.copyOf(test, nTest);
    Seeds.shuffle(train, new SplittableRandom(Seeds.derive(seed, 0x57A7L, -1)));
    Seeds.shuffle(test, new SplittableRandom(Seeds.derive(seed, 0x57A7L, -2)));
    return new Split(train, test);
  }

  private static int trainCount(int n, double fraction) {
    int k = (int) Math.round(n * fraction);
    if (n >= 2) {
      k = Math.max(1, Math.min(n - 1, k));
    } else {
      k = n;
    }
    return k;
  }

  private static void checkFraction(double f) {
    if (!(f > 0 && f < 1)) {
      throw new IllegalArgumentException("train fraction must be in (0, 1), got " + f);
    }
  }

  static int[] permutation(int n, SplittableRandom rng) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    Seeds.shuffle(p, rng);
    return p;
  }
}
