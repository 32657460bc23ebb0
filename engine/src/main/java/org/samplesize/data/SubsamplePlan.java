package org.samplesize.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.commons.text.similarity.LevenshteinDistance;
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
    try {
      return build(trainSize, trainLabels, fractions, repeats, withReplacement, stratified, seed);
    } catch (MissingClass m) {
      throw new InvalidInputException(
          m.describe(classNames)
              + "; "
              + remedies(
                  m,
                  trainLabels,
                  fractions,
                  repeats,
                  withReplacement,
                  stratified,
                  seed,
                  classNames),
          m);
    }
  }

  private static List<Subsample> build(
      int trainSize,
      int[] trainLabels,
      double[] fractions,
      int repeats,
      boolean withReplacement,
      boolean stratified,
      long seed) {
    int[][] byClass = trainLabels == null ? null : groupByClass(trainLabels);
    int classes = byClass == null ? 0 : nonEmpty(byClass);
    List<Subsample> plan = new ArrayList<>();
    for (double f : fractions) {
      if (!(f > 0 && f <= 1)) {
        throw new InvalidInputException("fraction must be in (0, 1], got " + f);
      }
      int n = (int) (trainSize * f);
      if (n < Math.max(1, classes)) {
        double atLeast = smallestFraction(Math.max(1, classes), trainSize);
        if (atLeast >= 1) {
          // Only the whole training set holds every class: no fraction below it works, and a
          // learning curve needs smaller subsamples too. "At least 1.0000" would not help.
          throw new InvalidInputException(
              String.format(
                  Locale.ROOT,
                  "fraction %s of %d training images gives %d image(s), fewer than the %d"
                      + " class(es), and only the whole training set holds every class: give"
                      + " training a larger share of the images (--train-fraction), or add images",
                  f,
                  trainSize,
                  n,
                  Math.max(1, classes)));
        }
        if (byClass == null) {
          throw new InvalidInputException(
              String.format(
                  Locale.ROOT,
                  "fraction %s of %d training images gives no image; give --fractions values of"
                      + " at least %s",
                  f,
                  trainSize,
                  decimal(atLeast)));
        }
        // With labels, a class is missing: the draw below says which, and the remedies then
        // name fractions that serve the number of classes and the smallest class at once.
      }
      int[] quotas = stratified ? quotas(byClass, n, f, trainSize) : null;
      for (int r = 0; r < repeats; r++) {
        long s = Seeds.derive(seed, Double.doubleToLongBits(f), r);
        SplittableRandom rng = new SplittableRandom(s);
        int[] idx =
            stratified
                ? drawStratified(byClass, quotas, withReplacement, rng)
                : draw(trainSize, n, withReplacement, rng);
        if (!stratified && byClass != null) {
          requireEveryClass(byClass, trainLabels, idx, f, r, trainSize);
        }
        plan.add(new Subsample(f, r, idx, withReplacement, s));
      }
    }
    return plan;
  }

  /**
   * A draw (or a stratified quota) without any image of a class: the plan cannot be built as asked.
   * Caught in {@link #of} to add remedies that were checked to work.
   */
  private static final class MissingClass extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final double fraction;
    final int drawn;
    final int repeat; // -1: a stratified quota of zero
    final int label;
    final int classSize;
    final int trainSize;
    final int classes;

    MissingClass(
        double fraction,
        int drawn,
        int repeat,
        int label,
        int classSize,
        int trainSize,
        int classes) {
      super(null, null, false, false);
      this.fraction = fraction;
      this.drawn = drawn;
      this.repeat = repeat;
      this.label = label;
      this.classSize = classSize;
      this.trainSize = trainSize;
      this.classes = classes;
    }

    String describe(List<String> classNames) {
      String name = className(label, classNames);
      if (drawn < classes) {
        return String.format(
            Locale.ROOT,
            "fraction %s of %d training images gives %d image(s), fewer than the %d classes, so"
                + " a class would be missing (class %s, %d of the training images, for one)",
            fraction,
            trainSize,
            drawn,
            classes,
            name,
            classSize);
      }
      if (repeat < 0) {
        return String.format(
            Locale.ROOT,
            "fraction %s gives %d image(s); stratified, class %s (%d of %d training images)"
                + " would get none",
            fraction,
            drawn,
            name,
            classSize,
            trainSize);
      }
      return String.format(
          Locale.ROOT,
          "fraction %s, repeat %d: the random draw of %d image(s) holds no image of class %s"
              + " (%d of %d training images), so a class would be missing",
          fraction,
          repeat,
          drawn,
          name,
          classSize,
          trainSize);
    }
  }

  private static String className(int label, List<String> classNames) {
    return classNames != null && label < classNames.size()
        ? "'" + classNames.get(label) + "'"
        : Integer.toString(label);
  }

  /**
   * What the user can change so that the plan holds every class. Each remedy offered was built here
   * with the same seed and succeeded (the other draw mode, the fractions listed, leaving the class
   * out), or is sized so that the class's stratified quota is at least one image (more images). A
   * random draw cannot promise a class, so without stratification the remedies are those of the
   * stratified draw.
   */
  private static String remedies(
      MissingClass m,
      int[] labels,
      double[] fractions,
      int repeats,
      boolean withReplacement,
      boolean stratified,
      long seed,
      List<String> classNames) {
    List<String> out = new ArrayList<>();
    if (!stratified && succeeds(labels, fractions, repeats, withReplacement, true, seed)) {
      return "run with --stratified (the default), which gives every class its share";
    }
    if (stratified && succeeds(labels, fractions, repeats, withReplacement, false, seed)) {
      out.add("run with --no-stratified (checked: every draw then holds every class)");
    }
    // The class that the stratified draw cannot serve.
    MissingClass s = stratified ? m : stratifiedFailure(labels, fractions, repeats, seed);
    String with = stratified ? "" : " with --stratified";
    if (s != null) {
      int trainSize = labels.length;
      // The smallest subsample size from which on every stratified quota holds an image: it
      // serves the number of classes and the smallest class at once.
      double atLeast = smallestFraction(smallestStratifiedSize(labels), trainSize);
      double[] raised = raise(fractions, atLeast);
      if (atLeast < 1 && succeeds(labels, raised, repeats, withReplacement, true, seed)) {
        StringBuilder list = new StringBuilder();
        for (double f : raised) {
          list.append(list.length() == 0 ? "" : ",").append(plain(f));
        }
        out.add(
            "use fractions of at least " + decimal(atLeast) + with + ", e.g. --fractions " + list);
      }
      double smallest = Arrays.stream(fractions).min().orElse(1);
      int needed = imagesNeeded(trainSize, s.classSize, smallest);
      // The quota of the class alone is not enough: the other classes must keep theirs too
      // (three small classes at 0.05: more images of one still leave another without any).
      boolean alone =
          needed > s.classSize
              && needed < Integer.MAX_VALUE
              && succeeds(
                  withClassSize(labels, s.label, needed),
                  fractions,
                  repeats,
                  withReplacement,
                  true,
                  seed);
      if (!alone) {
        String several =
            severalClasses(
                labels, s.label, fractions, repeats, withReplacement, seed, classNames, with);
        if (several != null) {
          out.add(several);
        }
      } else {
        out.add(
            String.format(
                Locale.ROOT,
                "add images of class %s%s: fraction %s needs at least %d of them among the"
                    + " training images (it has %d)",
                className(s.label, classNames),
                with,
                plain(smallest),
                needed,
                s.classSize));
      }
      int[] rest = without(labels, s.label);
      if (succeeds(rest, fractions, repeats, withReplacement, stratified, seed)) {
        out.add(leaveOut(s.label, classNames, ""));
      } else if (!stratified && succeeds(rest, fractions, repeats, withReplacement, true, seed)) {
        out.add(leaveOut(s.label, classNames, with));
      }
    }
    if (out.isEmpty()) {
      return "use larger fractions, or add images to the smallest classes";
    }
    if (out.size() == 1) {
      return out.get(0);
    }
    return String.join(", ", out.subList(0, out.size() - 1)) + ", or " + out.get(out.size() - 1);
  }

  /**
   * Images to add to every class below one common count, the smallest such count (from {@code
   * ceil(1 / smallest fraction)} up to four times that) for which the stratified plan holds every
   * class; null when {@code label} is the only class concerned or no such count works. {@code with}
   * (" with --stratified" or "") follows the classes' names.
   */
  private static String severalClasses(
      int[] labels,
      int label,
      double[] fractions,
      int repeats,
      boolean withReplacement,
      long seed,
      List<String> classNames,
      String with) {
    double smallest = Arrays.stream(fractions).min().orElse(1);
    int[] counts = new int[groupByClass(labels).length];
    for (int l : labels) {
      counts[l]++;
    }
    int from = (int) Math.ceil(1 / smallest - 1e-9);
    for (int m = from; m <= 4 * from; m++) {
      List<Integer> below = new ArrayList<>();
      int[] more = labels;
      for (int c = 0; c < counts.length; c++) {
        if (counts[c] > 0 && counts[c] < m) {
          below.add(c);
          more = withClassSize(more, c, m);
        }
      }
      if (below.size() < 2 || !below.contains(label)) {
        return null;
      }
      if (succeeds(more, fractions, repeats, withReplacement, true, seed)) {
        List<String> names = new ArrayList<>();
        List<String> have = new ArrayList<>();
        for (int c : below) {
          names.add(className(c, classNames));
          have.add(Integer.toString(counts[c]));
        }
        return String.format(
            Locale.ROOT,
            "add images of classes %s%s until each has at least %d among the training images"
                + " (they have %s; adding to %s alone is not enough at fraction %s)",
            andList(names),
            with,
            m,
            andList(have),
            className(label, classNames),
            plain(smallest));
      }
    }
    return null;
  }

  private static String andList(List<String> items) {
    if (items.size() == 1) {
      return items.get(0);
    }
    return String.join(", ", items.subList(0, items.size() - 1))
        + " and "
        + items.get(items.size() - 1);
  }

  /** The labels with images of class {@code c} added until it has {@code size}. */
  private static int[] withClassSize(int[] labels, int c, int size) {
    int have = (int) Arrays.stream(labels).filter(x -> x == c).count();
    int[] more = Arrays.copyOf(labels, labels.length + Math.max(0, size - have));
    Arrays.fill(more, labels.length, more.length, c);
    return more;
  }

  private static String leaveOut(int label, List<String> classNames, String with) {
    String near = nearName(label, classNames);
    return "leave class "
        + className(label, classNames)
        + " out of the data set (move its folder elsewhere"
        + (near == null
            ? ""
            : "; its name is close to '"
                + near
                + "': if it is a misspelt folder of that class, move its images there")
        + ")"
        + with;
  }

  /**
   * Another class whose name is one or two edits from this class's (a class folder too small to
   * sample is often a misspelt copy of a class: {@code sunflwer} beside {@code sunflower}), or
   * null. The nearest wins, the first in class order among equals; names of fewer than 8 characters
   * allow one edit, and those of fewer than 4 none ({@code a} and {@code b}, {@code cat} and {@code
   * car} are names of classes, not slips). Case is ignored. The words only suggest it ("if it is a
   * misspelt folder").
   */
  static String nearName(int label, List<String> classNames) {
    if (classNames == null || label >= classNames.size()) {
      return null;
    }
    String name = classNames.get(label).toLowerCase(Locale.ROOT);
    if (name.length() < 4) {
      return null;
    }
    int limit = name.length() < 8 ? 1 : 2;
    LevenshteinDistance distance = new LevenshteinDistance(limit);
    String best = null;
    int bestDistance = limit + 1;
    for (int c = 0; c < classNames.size(); c++) {
      if (c == label) {
        continue;
      }
      int d = distance.apply(name, classNames.get(c).toLowerCase(Locale.ROOT));
      if (d >= 0 && d < bestDistance) {
        best = classNames.get(c);
        bestDistance = d;
      }
    }
    return best;
  }

  /** The class that a stratified plan misses, or null when it succeeds or fails otherwise. */
  private static MissingClass stratifiedFailure(
      int[] labels, double[] fractions, int repeats, long seed) {
    try {
      build(labels.length, labels, fractions, repeats, false, true, seed);
      return null;
    } catch (MissingClass e) {
      return e;
    } catch (InvalidInputException e) {
      return null;
    }
  }

  private static boolean succeeds(
      int[] labels,
      double[] fractions,
      int repeats,
      boolean withReplacement,
      boolean stratified,
      long seed) {
    if (labels.length < 1) {
      return false;
    }
    try {
      build(labels.length, labels, fractions, repeats, withReplacement, stratified, seed);
      return true;
    } catch (InvalidInputException | MissingClass e) {
      return false;
    }
  }

  /** Each fraction raised to at least {@code min}, distinct, in order; 1 added for two sizes. */
  private static double[] raise(double[] fractions, double min) {
    java.util.TreeSet<Double> s = new java.util.TreeSet<>();
    for (double f : fractions) {
      s.add(Math.max(f, min));
    }
    if (s.size() < 2) {
      s.add(1.0);
    }
    return s.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /**
   * The fewest training images of a class (it has {@code classSize} of {@code trainSize}) for which
   * the stratified quota of {@code fraction} is at least one image, the other classes unchanged;
   * {@code Integer.MAX_VALUE} when no count up to a million does.
   */
  static int imagesNeeded(int trainSize, int classSize, double fraction) {
    int others = trainSize - classSize;
    for (int k = Math.max(1, classSize); k <= 1_000_000; k++) {
      long total = (long) others + k;
      long n = (long) (total * fraction);
      if (n * k / total >= 1) {
        return k;
      }
    }
    return Integer.MAX_VALUE;
  }

  /** The labels without those of {@code label}, the higher labels shifted down by one. */
  private static int[] without(int[] labels, int label) {
    return Arrays.stream(labels).filter(l -> l != label).map(l -> l > label ? l - 1 : l).toArray();
  }

  /**
   * The smallest fraction with four decimals whose {@code (int) (trainSize * f)} is at least {@code
   * n}: printed with {@link #decimal} and read back, it still gives {@code n} images.
   */
  static double smallestFraction(int n, int trainSize) {
    long k = (long) Math.ceil(n * 10_000.0 / trainSize);
    while ((int) (trainSize * (k / 10_000.0)) < n) {
      k++;
    }
    return Math.min(1.0, k / 10_000.0);
  }

  /** {@code 0.25} as 0.25 and {@code 1.0} as 1: fractions as a user writes them. */
  private static String plain(double f) {
    return new java.math.BigDecimal(Double.toString(f)).stripTrailingZeros().toPlainString();
  }

  private static String decimal(double f) {
    return String.format(Locale.ROOT, "%.4f", f);
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  /** A random draw can miss a small class even when n is at least the number of classes. */
  private static void requireEveryClass(
      int[][] byClass, int[] labels, int[] idx, double f, int repeat, int trainSize) {
    boolean[] seen = new boolean[byClass.length];
    for (int i : idx) {
      seen[labels[i]] = true;
    }
    for (int c = 0; c < byClass.length; c++) {
      if (byClass[c].length > 0 && !seen[c]) {
        throw new MissingClass(
            f, idx.length, repeat, c, byClass[c].length, trainSize, nonEmpty(byClass));
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

  /** The stratified quotas of n images; a class left with none is a {@link MissingClass}. */
  private static int[] quotas(int[][] byClass, int n, double f, int trainSize) {
    int[] q = allocate(byClass, n, trainSize);
    for (int c = 0; c < q.length; c++) {
      if (byClass[c].length > 0 && q[c] == 0) {
        throw new MissingClass(f, n, -1, c, byClass[c].length, trainSize, nonEmpty(byClass));
      }
    }
    return q;
  }

  /** Largest-remainder allocation of n over the classes in proportion to their sizes. */
  private static int[] allocate(int[][] byClass, int n, int trainSize) {
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

  /**
   * The smallest subsample size {@code n0} such that every size from {@code n0} on gives every
   * class a stratified quota of at least one image. The quota of a class of {@code c} images is at
   * least {@code floor(n * c / trainSize)}, so every size from {@code ceil(trainSize / c)} of the
   * smallest class on works; below it the largest remainders are checked size by size.
   */
  static int smallestStratifiedSize(int[] labels) {
    int[][] byClass = groupByClass(labels);
    int min = Integer.MAX_VALUE;
    for (int[] c : byClass) {
      if (c.length > 0) {
        min = Math.min(min, c.length);
      }
    }
    int n0 = ceilDiv(labels.length, min);
    while (n0 > 1 && everyClassServed(allocate(byClass, n0 - 1, labels.length), byClass)) {
      n0--;
    }
    return n0;
  }

  private static boolean everyClassServed(int[] quotas, int[][] byClass) {
    for (int c = 0; c < quotas.length; c++) {
      if (byClass[c].length > 0 && quotas[c] == 0) {
        return false;
      }
    }
    return true;
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
