package org.samplesize.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The warnings for a test set too small to measure accuracy usefully, as sentences like every other
 * warning in {@code fit.json}; the console and the report put {@link #PREFIX} before each. Every
 * model is scored on the same {@code m} test images, so every measured accuracy is a multiple of
 * {@code 1/m} and carries the test set's own sampling noise, about {@code √(a(1−a)/m)}; the
 * bootstrap intervals resample the models, not the test images, so they do not include it.
 *
 * <p>The thresholds: below {@value #MIN_TEST_IMAGES} test images that noise is more than 3 points
 * at 90% accuracy and up to 5 points at 50% (with steps of more than a point), as wide as or wider
 * than the intervals a run prints; below {@value #MIN_CLASS_TEST_IMAGES} test images of one class,
 * its recall moves in steps of more than 5 points and its noise reaches 11 points.
 */
public final class TestSetWarnings {
  private TestSetWarnings() {}

  /** What the console and the report put before a warning. */
  public static final String PREFIX = "Warning: ";

  /** Fewer test images than this get the warning. */
  static final int MIN_TEST_IMAGES = 100;

  /** A class with fewer test images than this is named in the per-class warning. */
  static final int MIN_CLASS_TEST_IMAGES = 20;

  /** Which remedy a warning names: the flags of a run's split, or none for a user's table. */
  private enum Remedy {
    /** A stratified run: a lower {@code --train-fraction} gives every class more test images. */
    STRATIFIED_RUN,
    /**
     * A run with {@code --split recipe}: one shuffled cut that does not keep each class's share, so
     * a lower {@code --train-fraction} gives a given class more test images only by chance.
     */
    RECIPE_RUN,
    /** A table the user scored: no flag of samplesize's reaches its test set. */
    TABLE
  }

  /**
   * The warnings for a run with a stratified (or official) split, which made the split itself: the
   * remedy names {@code --train-fraction}.
   *
   * @param testImages images in the test set
   * @param perClass test images of each class, by name; empty when unknown
   * @param accuracy the accuracy the answer predicts, to put a number on the noise; NaN when none
   * @return the warnings, none for a test set large enough
   */
  static List<String> of(int testImages, Map<String, Integer> perClass, double accuracy) {
    return of(testImages, perClass, accuracy, "stratified");
  }

  /**
   * The warnings for a run, which made the split itself: the remedy names {@code --train-fraction},
   * and for a class with few test images under {@code --split recipe}, {@code --split stratified}
   * too, since the recipe's one shuffled cut does not keep each class's share.
   *
   * @param testImages images in the test set
   * @param perClass test images of each class, by name; empty when unknown
   * @param accuracy the accuracy the answer predicts, to put a number on the noise; NaN when none
   * @param split the run's {@code --split}: {@code stratified} or {@code recipe}
   * @return the warnings, none for a test set large enough
   */
  static List<String> of(
      int testImages, Map<String, Integer> perClass, double accuracy, String split) {
    return of(
        testImages,
        perClass,
        accuracy,
        "recipe".equals(split) ? Remedy.RECIPE_RUN : Remedy.STRATIFIED_RUN);
  }

  /**
   * The warnings for a stratified run that knows each class's images and its train fraction: the
   * remedy says what those counts allow. Lowering {@code --train-fraction} is named for a class
   * only where a fraction of at least {@value #MIN_SUGGESTED_TRAIN_FRACTION} gives it {@value
   * #MIN_CLASS_TEST_IMAGES} test images; a class too small for that is told how many images to add
   * (a class of 15 images has 20 test images under no split that still trains on most images).
   *
   * @param testImages images in the test set
   * @param perClass test images of each class, by name
   * @param accuracy the accuracy the answer predicts, to put a number on the noise; NaN when none
   * @param imagesPerClass all usable images of each class (training and test), by name
   * @param trainFraction the run's {@code --train-fraction}
   * @return the warnings, none for a test set large enough
   */
  static List<String> of(
      int testImages,
      Map<String, Integer> perClass,
      double accuracy,
      Map<String, Integer> imagesPerClass,
      double trainFraction) {
    List<String> out = of(testImages, perClass, accuracy, Remedy.STRATIFIED_RUN);
    if (imagesPerClass.isEmpty() || !(trainFraction > 0 && trainFraction < 1)) {
      return out;
    }
    // Counts for only some classes would put a number on a part of the folder: general advice.
    boolean complete = imagesPerClass.keySet().containsAll(perClass.keySet());
    List<String> counted = new ArrayList<>();
    for (String w : out) {
      String c = withCountedAdvice(w, perClass, imagesPerClass, trainFraction);
      counted.add(complete ? withCountedOverallAdvice(c, imagesPerClass, trainFraction) : c);
    }
    return counted;
  }

  /** The overall warning's generic remedy, which {@link #overallRemedy} replaces. */
  private static final String OVERALL_REMEDY =
      "Add images, or give a larger share to the test set with a lower --train-fraction, so that"
          + " it holds at least "
          + MIN_TEST_IMAGES
          + ".";

  /**
   * Replaces the overall warning's generic remedy with what the folder's counts allow: without
   * them, a folder of 120 images would be told to lower {@code --train-fraction} to 0.17, a split
   * that trains on fewer images than it tests on and that the class warning never suggests.
   */
  private static String withCountedOverallAdvice(
      String warning, Map<String, Integer> imagesPerClass, double trainFraction) {
    if (!warning.startsWith("the test set holds only ") || !warning.endsWith(OVERALL_REMEDY)) {
      return warning;
    }
    return warning.substring(0, warning.length() - OVERALL_REMEDY.length())
        + overallRemedy(imagesPerClass, trainFraction);
  }

  /**
   * What gives a stratified split {@value #MIN_TEST_IMAGES} test images: the highest {@code
   * --train-fraction} (in steps of 0.05, at least {@value #MIN_SUGGESTED_TRAIN_FRACTION}) that does
   * with the images there are, and the images to add at the run's fraction.
   */
  static String overallRemedy(Map<String, Integer> imagesPerClass, double trainFraction) {
    long total = imagesPerClass.values().stream().mapToLong(Integer::longValue).sum();
    long more = Math.max(0, imagesFor(trainFraction, MIN_TEST_IMAGES) - total);
    for (int step = 19; step >= 10; step--) { // 0.95 down to 0.5
      double f = step / 20.0;
      if (f < trainFraction && testImages(imagesPerClass, f) >= MIN_TEST_IMAGES) {
        return String.format(
            Locale.ROOT,
            "For at least %d test images: --train-fraction %.2f or lower, or about %,d more"
                + " images.",
            MIN_TEST_IMAGES,
            f,
            more);
      }
    }
    String atLowest =
        trainFraction > MIN_SUGGESTED_TRAIN_FRACTION
            ? String.format(
                Locale.ROOT,
                " (%,d more at %.1f)",
                Math.max(0, imagesFor(MIN_SUGGESTED_TRAIN_FRACTION, MIN_TEST_IMAGES) - total),
                MIN_SUGGESTED_TRAIN_FRACTION)
            : "";
    return String.format(
        Locale.ROOT,
        "With %,d images no --train-fraction of %.1f or more gives %d test images: add images,"
            + " about %,d more at --train-fraction %s%s.",
        total,
        MIN_SUGGESTED_TRAIN_FRACTION,
        MIN_TEST_IMAGES,
        more,
        org.samplesize.fit.Percent.fraction(trainFraction),
        atLowest);
  }

  /** Test images of a stratified split at {@code trainFraction}: each class cut at round(n × f). */
  private static long testImages(Map<String, Integer> imagesPerClass, double trainFraction) {
    long test = 0;
    for (int n : imagesPerClass.values()) {
      test += n - Math.round(n * trainFraction);
    }
    return test;
  }

  /**
   * The lowest {@code --train-fraction} the warnings suggest: below it the test set would take more
   * images than the training set, and the curves would be measured on too few.
   */
  static final double MIN_SUGGESTED_TRAIN_FRACTION = 0.5;

  /**
   * A class name as the per-class lines write it, in quotes: a list of names such as {@code 0, x,y}
   * could not be told apart from the commas between them.
   */
  private static String quoted(String name) {
    return "'" + name + "'";
  }

  /** Replaces a class warning's generic remedy with what each named class's count allows. */
  private static String withCountedAdvice(
      String warning,
      Map<String, Integer> perClass,
      Map<String, Integer> imagesPerClass,
      double trainFraction) {
    boolean none = warning.startsWith("no test image in ");
    boolean few = warning.startsWith("few test images in ");
    if (!none && !few) {
      return warning;
    }
    int cut = warning.lastIndexOf(" Add images of th");
    if (cut < 0) {
      return warning;
    }
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, Integer> e : perClass.entrySet()) {
      int n = e.getValue();
      if (n >= MIN_CLASS_TEST_IMAGES || (none != (n <= 0))) {
        continue;
      }
      Integer all = imagesPerClass.get(e.getKey());
      if (all == null) {
        // A class the warning names without a count would lose its advice: keep the general one.
        return warning;
      }
      parts.add(classRemedy(e.getKey(), all, trainFraction));
    }
    if (parts.isEmpty()) {
      return warning;
    }
    return warning.substring(0, cut)
        + " For at least "
        + MIN_CLASS_TEST_IMAGES
        + " test images: "
        + String.join("; ", parts)
        + ".";
  }

  /**
   * What gives a class of {@code images} images {@value #MIN_CLASS_TEST_IMAGES} test images under a
   * stratified split (each class split at {@code round(count × fraction)}): a lower {@code
   * --train-fraction} when one of at least {@value #MIN_SUGGESTED_TRAIN_FRACTION} does it, and the
   * images to add at the run's fraction.
   */
  static String classRemedy(String name, int images, double trainFraction) {
    long more = imagesFor(trainFraction) - images;
    double lower =
        Math.floor((1.0 - (double) MIN_CLASS_TEST_IMAGES / images) * 20 + 1e-9) / 20; // 0.05 steps
    if (lower >= MIN_SUGGESTED_TRAIN_FRACTION) {
      return String.format(
          Locale.ROOT,
          "%s (%,d images) needs --train-fraction %.2f or lower, or about %,d more images",
          quoted(name),
          images,
          lower,
          more);
    }
    long atLowest = imagesFor(MIN_SUGGESTED_TRAIN_FRACTION) - images;
    return String.format(
        Locale.ROOT,
        "%s has only %,d %s, too few at any --train-fraction of %.1f or more: add images of it,"
            + " about %,d more at --train-fraction %s%s",
        quoted(name),
        images,
        images == 1 ? "image" : "images",
        MIN_SUGGESTED_TRAIN_FRACTION,
        more,
        org.samplesize.fit.Percent.fraction(trainFraction),
        trainFraction > MIN_SUGGESTED_TRAIN_FRACTION
            ? String.format(
                Locale.ROOT, " (%,d more at %.1f)", atLowest, MIN_SUGGESTED_TRAIN_FRACTION)
            : "");
  }

  /** The fewest images a class needs for {@value #MIN_CLASS_TEST_IMAGES} test images. */
  private static long imagesFor(double trainFraction) {
    return imagesFor(trainFraction, MIN_CLASS_TEST_IMAGES);
  }

  /** The fewest images whose split at {@code trainFraction} leaves {@code test} test images. */
  private static long imagesFor(double trainFraction, int test) {
    long n = test;
    while (n - Math.round(n * trainFraction) < test) {
      n++;
    }
    return n;
  }

  /**
   * The warnings for a results table the user scored (samplesize fit): the remedy is a larger test
   * set, without a flag of samplesize's to reach it.
   *
   * @param testImages images in the test set (the smallest {@code test_size} of the table); 0 or
   *     less when unknown, which gives no overall warning
   * @param perClass test images of each class, by name (the smallest count of the table); empty
   *     when unknown
   * @param accuracy the accuracy the answer predicts, to put a number on the noise; NaN when none
   * @return the warnings, none for a test set large enough
   */
  public static List<String> forTable(
      int testImages, Map<String, Integer> perClass, double accuracy) {
    return of(testImages, perClass, accuracy, Remedy.TABLE);
  }

  private static List<String> of(
      int testImages, Map<String, Integer> perClass, double accuracy, Remedy remedy) {
    boolean run = remedy != Remedy.TABLE;
    // Under the recipe's split a lower --train-fraction still enlarges the whole test set, but
    // a class's share of it is left to the shuffle: the stratified split keeps it.
    String classRemedy =
        remedy == Remedy.RECIPE_RUN
            ? "or split with --split stratified, which gives every class its share of the test"
                + " set, and a lower --train-fraction if that is not enough"
            : "or lower --train-fraction";
    List<String> out = new ArrayList<>();
    if (testImages > 0 && testImages < MIN_TEST_IMAGES) {
      String noise =
          // Only where the formula means something: at least one expected error and one
          // expected success among the m images (at 100% it would say ±0).
          Double.isFinite(accuracy) && Math.min(accuracy, 1 - accuracy) * testImages >= 1
              ? String.format(
                  Locale.ROOT,
                  " (at %.1f%% that is about ±%.1f points)",
                  accuracy * 100,
                  100 * Math.sqrt(accuracy * (1 - accuracy) / testImages))
              : "";
      out.add(
          String.format(
              Locale.ROOT,
              "the test set holds only %d images, too few to measure accuracy usefully:"
                  + " every measured accuracy is a multiple of 1/%d (%.1f points), and the"
                  + " intervals do not include the test set's own noise, about √(a(1−a)/%d)%s. %s",
              testImages,
              testImages,
              100.0 / Math.max(1, testImages),
              testImages,
              noise,
              run
                  ? OVERALL_REMEDY
                  : "Score the models on a test set of at least " + MIN_TEST_IMAGES + " images."));
    }
    List<String> none = new ArrayList<>();
    List<String> few = new ArrayList<>();
    perClass.forEach(
        (name, n) -> {
          if (n <= 0) {
            none.add(quoted(name));
          } else if (n < MIN_CLASS_TEST_IMAGES) {
            few.add(quoted(name) + " (" + n + (n == 1 ? " test image)" : " test images)"));
          }
        });
    if (!none.isEmpty()) {
      // Nothing to measure, so no steps of 1/m and no test noise to speak of: the class is left
      // out.
      boolean one = none.size() == 1;
      out.add(
          "no test image in "
              + (one ? "class " : "classes ")
              + String.join(", ", none)
              + ": "
              + (one ? "its recall cannot" : "their recall cannot")
              + " be measured, so "
              + (one ? "it gets" : "they get")
              + " no per-class curve. "
              + classAdvice(one, one ? "it" : "each", run, classRemedy));
    }
    if (!few.isEmpty()) {
      out.add(
          "few test images in "
              + (few.size() == 1 ? "class " : "classes ")
              + String.join(", ", few)
              + ": each such class's recall is a multiple of 1/m for its m test images, and its"
              + " per-class intervals do not include that test noise, about √(r(1−r)/m). "
              + classAdvice(few.size() == 1, "each", run, classRemedy));
    }
    return out;
  }

  /**
   * The last sentence of a warning about classes with too few test images: for a run, add images or
   * change the split ({@code remedy}) until {@code who} ("it", "each") has {@value
   * #MIN_CLASS_TEST_IMAGES}; for a user's table, score on that many.
   */
  private static String classAdvice(boolean one, String who, boolean run, String remedy) {
    return run
        ? "Add images of "
            + (one ? "that class" : "those classes")
            + ", "
            + remedy
            + ", so that "
            + who
            + " has at least "
            + MIN_CLASS_TEST_IMAGES
            + " test images."
        : "Score the models on at least "
            + MIN_CLASS_TEST_IMAGES
            + " test images of "
            + (one ? "that class." : "each of those classes.");
  }

  /**
   * @param plan a plan with its inputs
   * @return each class's images in the test set, by name; empty when the plan holds no split
   */
  static Map<String, Integer> perClass(Plan plan) {
    Map<String, Integer> out = new java.util.LinkedHashMap<>();
    if (plan.inputs() == null) {
      return out;
    }
    List<String> names = plan.dataset().classes();
    int[] labels = plan.inputs().labels();
    int[] counts = new int[names.size()];
    for (int i : plan.inputs().split().test()) {
      counts[labels[i]]++;
    }
    for (int c = 0; c < names.size(); c++) {
      out.put(names.get(c), counts[c]);
    }
    return out;
  }
}
