package org.samplesize.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.samplesize.InvalidInputException;

/**
 * Builds the subsample plan: for each fraction, {@code repeats} draws of {@code floor(trainSize *
 * fraction)} training images (the recipe's {@code int(num_train_samples * fraction)}). Each draw
 * has its own stream derived from the root seed, the fraction and the repeat, so adding a fraction
 * changes no other draw.
 */
public final class SubsamplePlan {
  private SubsamplePlan() {}

  /**
   * @param trainSize number of training images ({@code Split.train().length})
   * @param trainLabels labels of the training images in {@code Split.train()} order; may be null
   *     only when {@code stratified} is false (then the class check is skipped)
   * @param fractions shares of the training set, each in (0, 1]
   * @param repeats draws per fraction, at least 1
   * @param withReplacement true: draw positions with replacement, as the recipe's {@code
   *     np.random.randint}; false (the default of the CLI): a sample of distinct images
   * @param stratified keep each class's share (largest-remainder quotas per class)
   * @param seed the root seed
   * @return the subsamples, fraction by fraction (in the given order), repeat by repeat
   * @throws InvalidInputException if a fraction is out of range or so small that a class would be
   *     missing: fewer images than classes, (stratified) a class whose quota rounds to zero, or
   *     (unstratified, labels given) a draw that holds no image of some class
   */
  public static List<Subsample> of(
      int trainSize,
      int[] trainLabels,
      double[] fractions,
      int repeats,
      boolean withReplacement,
      boolean stratified,
      long seed) {
    return of(trainSize, trainLabels, fractions, repeats, withReplacement, stratified, seed, null);
  }

  /**
   * {@link #of(int, int[], double[], int, boolean, boolean, long)} with the class names, so that a
   * class too small for a stratified fraction is named in the message.
   *
   * @param trainSize number of training images
   * @param trainLabels label of each training image (needed when stratified)
   * @param fractions shares of the training set, each in (0, 1]
   * @param repeats subsamples per fraction
   * @param withReplacement draw with replacement
   * @param stratified keep each class's share
   * @param seed root seed
   * @param classNames the name of each label, or null
   * @return the subsamples, fraction by fraction, repeat by repeat
   */
  public static List<Subsample> of(
      int trainSize,
      int[] trainLabels,
      double[] fractions,
      int repeats,
      boolean withReplacement,
      boolean stratified,
      long seed,
      List<String> classNames) {
    if (trainSize < 1) {
      throw new InvalidInputException("the training set is empty; nothing to subsample");
    }
    if (repeats < 1) {
      throw new InvalidInputException("--repeats must be at least 1, got " + repeats);
    }
    if (fractions == null || fractions.length == 0) {
      throw new InvalidInputException("give at least one fraction");
    }
    if (stratified && trainLabels == null) {
      throw new IllegalArgumentException("a stratified plan needs the training labels");
    }
    if (trainLabels != null && trainLabels.length != trainSize) {
      throw new IllegalArgumentException(
          "trainLabels has " + trainLabels.length + " entries but trainSize is " + trainSize);
    }
    int[][] byClass = trainLabels == null ? null : groupByClass(trainLabels);
    int classes = byClass == null ? 0 : nonEmpty(byClass);
    List<Subsample> plan = new ArrayList<>();
    for (double f : fractions) {
      if (!(f > 0 && f <= 1)) {
        throw new InvalidInputException("fraction must be in (0, 1], got " + f);
      }
      int n = (int) (trainSize * f);
      if (n < Math.max(1, classes)) {
        throw new InvalidInputException(
            String.format(
                Locale.ROOT,
                "fraction %s of %d training images gives %d image(s), fewer than the %d classes, so"
                    + " a class would be missing; use a fraction of at least %.4f",
                f,
                trainSize,
                n,
                classes,
                Math.max(1, classes) / (double) trainSize));
      }
      int[] quotas = stratified ? quotas(byClass, n, f, trainSize, classNames) : null;
      for (int r = 0; r < repeats; r++) {
        long s = Seeds.derive(seed, Double.doubleToLongBits(f), r);
        SplittableRandom rng = new SplittableRandom(s);
        int[] idx =
            stratified
                ? drawStratified(byClass, quotas, withReplacement, rng)
                : draw(trainSize, n, withReplacement, rng);
        if (!stratified && byClass != null) {
          requireEveryClass(byClass, trainLabels, idx, f, r, trainSize, classNames);
        }
        plan.add(new Subsample(f, r, idx, withReplacement, s));
      }
    }
    return plan;
  }

  /** A random draw can miss a small class even when n is at least the number of classes. */
  private static void requireEveryClass(
      int[][] byClass,
      int[] labels,
      int[] idx,
      double f,
      int repeat,
      int trainSize,
      List<String> classNames) {
    boolean[] seen = new boolean[byClass.length];
    for (int i : idx) {
      seen[labels[i]] = true;
    }
    for (int c = 0; c < byClass.length; c++) {
      if (byClass[c].length > 0 && !seen[c]) {
        throw new InvalidInputException(
            String.format(
                Locale.ROOT,
                "fraction %s, repeat %d: the random draw of %d image(s) holds no image of class %s"
                    + " (%d of %d training images), so a class would be missing; use a larger"
                    + " fraction%s, or more images of that class",
                f,
                repeat,
                idx.length,
                classNames != null && c < classNames.size()
                    ? "'" + classNames.get(c) + "'"
                    : Integer.toString(c),
                byClass[c].length,
                trainSize,
                // A stratified draw keeps the class only when its quota reaches one image.
                (long) idx.length * byClass[c].length >= trainSize ? " or --stratified" : ""));
      }
    }
  }

  private static int[] draw(int size, int n, boolean withReplacement, SplittableRandom rng) {
    int[] out = new int[n];
    if (withReplacement) {
      for (int i = 0; i < n; i++) {
        out[i] = rng.nextInt(size);
      }
      return out;
    }
    // Partial Fisher-Yates: the first n of a uniformly shuffled 0..size-1.
    int[] p = new int[size];
    for (int i = 0; i < size; i++) {
      p[i] = i;
    }
    for (int i = 0; i < n; i++) {
      int j = i + rng.nextInt(size - i);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    System.arraycopy(p, 0, out, 0, n);
    return out;
  }

  private static int[] drawStratified(
      int[][] byClass, int[] quotas, boolean withReplacement, SplittableRandom rng) {
    int total = Arrays.stream(quotas).sum();
    int[] out = new int[total];
    int k = 0;
    for (int c = 0; c < byClass.length; c++) {
      if (quotas[c] == 0) {
        continue;
      }
      int[] local = draw(byClass[c].length, quotas[c], withReplacement, rng);
      for (int j : local) {
        out[k++] = byClass[c][j];
      }
    }
    // Mix the classes so that the order carries no label information.
    Seeds.shuffle(out, rng);
    return out;
  }

  /** Largest-remainder allocation of n over the classes in proportion to their sizes. */
  private static int[] quotas(
      int[][] byClass, int n, double f, int trainSize, List<String> classNames) {
    int[] q = new int[byClass.length];
    double[] rem = new double[byClass.length];
    int used = 0;
    for (int c = 0; c < byClass.length; c++) {
      double exact = (double) n * byClass[c].length / trainSize;
      q[c] = (int) Math.floor(exact);
      rem[c] = exact - q[c];
      used += q[c];
    }
    while (used < n) {
      int best = -1;
      for (int c = 0; c < q.length; c++) {
        if (best < 0 || rem[c] > rem[best]) {
          best = c;
        }
      }
      q[best]++;
      rem[best] = -1;
      used++;
    }
    for (int c = 0; c < q.length; c++) {
      if (byClass[c].length > 0 && q[c] == 0) {
        throw new InvalidInputException(
            String.format(
                Locale.ROOT,
                "fraction %s gives %d image(s); stratified, class %s (%d of %d training images)"
                    + " would get none; use a larger fraction, --no-stratified, or more images"
                    + " of that class",
                f,
                n,
                classNames != null && c < classNames.size()
                    ? "'" + classNames.get(c) + "'"
                    : Integer.toString(c),
                byClass[c].length,
                trainSize));
      }
    }
    return q;
  }

  private static int[][] groupByClass(int[] labels) {
    int classes = 0;
    for (int l : labels) {
      if (l < 0) {
        throw new IllegalArgumentException("negative label " + l);
      }
      classes = Math.max(classes, l + 1);
    }
    int[] counts = new int[classes];
    for (int l : labels) {
      counts[l]++;
    }
    int[][] out = new int[classes][];
    for (int c = 0; c < classes; c++) {
      out[c] = new int[counts[c]];
    }
    int[] fill = new int[classes];
    for (int i = 0; i < labels.length; i++) {
      out[labels[i]][fill[labels[i]]++] = i;
    }
    return out;
  }

  private static int nonEmpty(int[][] byClass) {
    int k = 0;
    for (int[] c : byClass) {
      if (c.length > 0) {
        k++;
      }
    }
    return k;
  }
}
