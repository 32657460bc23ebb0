package org.samplesize.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.samplesize.InvalidInputException;

class SubsamplePlanTest {
  private static final double[] RECIPE = {0.05, 0.1, 0.25, 0.5};

  private static int[] labels(int n, int classes) {
    int[] l = new int[n];
    for (int i = 0; i < n; i++) {
      l[i] = i % classes;
    }
    return l;
  }

  @Test
  void recipePlanHasTheRecipeSizesAndDistinctImagesByDefault() {
    List<Subsample> plan = SubsamplePlan.of(3303, labels(3303, 5), RECIPE, 5, false, false, 42);
    assertEquals(20, plan.size());
    assertEquals(165, plan.get(0).size()); // int(3303 * 0.05)
    assertEquals(1651, plan.get(19).size());
    for (Subsample s : plan) {
      assertEquals(s.size(), Arrays.stream(s.indices()).distinct().count());
      assertTrue(Arrays.stream(s.indices()).allMatch(i -> i >= 0 && i < 3303));
      assertEquals(false, s.withReplacement());
    }
    assertNotEquals(plan.get(0).indicesHash(), plan.get(1).indicesHash());
    List<Subsample> again = SubsamplePlan.of(3303, labels(3303, 5), RECIPE, 5, false, false, 42);
    assertEquals(plan.get(7).indicesHash(), again.get(7).indicesHash());
    // Adding a fraction leaves the other draws unchanged.
    List<Subsample> more =
        SubsamplePlan.of(3303, labels(3303, 5), new double[] {0.5, 0.05}, 5, false, false, 42);
    assertArrayEquals(plan.get(0).indices(), more.get(5).indices());
  }

  @Test
  void withReplacementRepeatsImagesLikeTheRecipe() {
    Subsample s = SubsamplePlan.of(1000, null, new double[] {0.5}, 1, true, false, 3).get(0);
    assertEquals(500, s.size());
    assertTrue(Arrays.stream(s.indices()).distinct().count() < 500);
    assertTrue(s.withReplacement());
  }

  @Test
  void stratifiedKeepsTheClassShares() {
    int[] lab = new int[1000];
    for (int i = 0; i < 1000; i++) {
      lab[i] = i < 200 ? 0 : 1;
    }
    Subsample s = SubsamplePlan.of(1000, lab, new double[] {0.1}, 1, false, true, 5).get(0);
    long zeros = Arrays.stream(s.indices()).filter(i -> lab[i] == 0).count();
    assertEquals(20, zeros);
    assertEquals(100, s.size());
  }

  @Test
  void aFractionTooSmallForEveryClassFailsClearly() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> SubsamplePlan.of(100, labels(100, 5), new double[] {0.04}, 1, false, false, 1));
    assertTrue(
        e.getMessage().startsWith("fraction 0.04 of 100 training images gives 4 image(s), fewer"),
        e.getMessage());
    assertTrue(
        e.getMessage().contains("use fractions of at least 0.0500 with --stratified"),
        e.getMessage());
    int[] skewed = new int[100];
    skewed[0] = 1; // class 1 holds a single image
    InvalidInputException s =
        assertThrows(
            InvalidInputException.class,
            () -> SubsamplePlan.of(100, skewed, new double[] {0.1}, 1, false, true, 1));
    assertTrue(s.getMessage().contains("class 1"), s.getMessage());
    assertThrows(
        InvalidInputException.class,
        () -> SubsamplePlan.of(100, null, new double[] {1.5}, 1, false, false, 1));
  }

  @Test
  void anUnstratifiedDrawThatMissesAClassFailsClearly() {
    int[] skewed = new int[100];
    skewed[0] = 1; // class 1 holds a single image: 10 of 100 miss it with probability 0.9
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> SubsamplePlan.of(100, skewed, new double[] {0.1}, 5, false, false, 1));
    String m = e.getMessage();
    assertTrue(m.contains("fraction 0.1"), m);
    assertTrue(m.contains("class 1"), m);
    // Stratified, class 1 would get 10 * 1/100 of an image, i.e. none: not offered as a way out.
    assertTrue(!m.contains("run with --stratified"), m);
    assertTrue(
        m.contains("add images of class 1 with --stratified: fraction 0.1 needs at least"), m);
    // Every class present in every draw: accepted, and still checked only when labels are given.
    assertEquals(5, SubsamplePlan.of(100, skewed, new double[] {1.0}, 5, false, false, 1).size());
    assertEquals(5, SubsamplePlan.of(100, null, new double[] {0.1}, 5, false, false, 1).size());
  }

  @Test
  void messagesDoNotDependOnTheDefaultLocale() {
    java.util.Locale saved = java.util.Locale.getDefault();
    java.util.Locale.setDefault(java.util.Locale.GERMANY);
    try {
      InvalidInputException e =
          assertThrows(
              InvalidInputException.class,
              () -> SubsamplePlan.of(100, labels(100, 5), new double[] {0.04}, 1, false, false, 1));
      assertTrue(e.getMessage().contains("at least 0.0500"), e.getMessage());
    } finally {
      java.util.Locale.setDefault(saved);
    }
  }

  @Test
  void aClassTooSmallForAStratifiedFractionIsNamed() {
    int[] labels = new int[20];
    labels[19] = 1; // class "b" holds one of 20 training images
    org.samplesize.InvalidInputException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            org.samplesize.InvalidInputException.class,
            () ->
                SubsamplePlan.of(
                    20,
                    labels,
                    new double[] {0.1, 1},
                    1,
                    false,
                    true,
                    1,
                    java.util.List.of("a", "b")));
    org.junit.jupiter.api.Assertions.assertTrue(
        e.getMessage().contains("class 'b' (1 of 20 training images) would get none"),
        e.getMessage());
    // A random draw of 2 of the 20 images misses 'b' for this seed: not offered.
    org.junit.jupiter.api.Assertions.assertFalse(
        e.getMessage().contains("--no-stratified"), e.getMessage());
    assertTrue(
        e.getMessage().contains("fraction 0.1 needs at least 11 of them among the training images"),
        e.getMessage());
  }

  @Test
  void aTooSmallClassNamedLikeAnotherIsAskedWhetherItIsAMisspeltFolderOfIt() {
    int[] labels = new int[62];
    for (int i = 0; i < 60; i++) {
      labels[i] = i % 2;
    }
    labels[60] = 2;
    labels[61] = 2;
    InvalidInputException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            InvalidInputException.class,
            () ->
                SubsamplePlan.of(
                    labels.length,
                    labels,
                    new double[] {0.05, 0.5},
                    1,
                    false,
                    true,
                    1,
                    java.util.List.of("daisy", "sunflower", "Sunflwer")));
    assertTrue(
        e.getMessage()
            .contains(
                "leave class 'Sunflwer' out of the data set (move its folder elsewhere; its name is"
                    + " close to 'sunflower': if it is a misspelt folder of that class, move its"
                    + " images there)"),
        e.getMessage());
    assertEquals(
        "sunflower",
        SubsamplePlan.nearName(2, java.util.List.of("rose", "sunflower", "sunflwers")));
    // Shorter names take one edit, names of 3 letters none; names far apart get no hint.
    assertEquals("roses", SubsamplePlan.nearName(0, java.util.List.of("rose", "roses")));
    assertEquals(null, SubsamplePlan.nearName(0, java.util.List.of("rose", "rises")));
    assertEquals(null, SubsamplePlan.nearName(0, java.util.List.of("car", "cat")));
    assertEquals(null, SubsamplePlan.nearName(0, java.util.List.of("roses", "tulips")));
  }

  /**
   * Every way out a refusal offers was checked: for many seeds and class sizes, following each
   * suggestion (the other draw mode, the fractions given, more images, the class left out) builds
   * the plan. Each kind of suggestion must turn up, so the test cannot pass by offering none.
   */
  @Test
  void everyRemedyOfferedForAMissingClassWorks() {
    java.util.Map<String, Integer> offered = new java.util.TreeMap<>();
    java.util.regex.Pattern fractions = java.util.regex.Pattern.compile("--fractions ([0-9.,]+)");
    java.util.regex.Pattern needs =
        java.util.regex.Pattern.compile(
            "add images of class '(\\w)'.*? needs at least (\\d+) of them");
    java.util.regex.Pattern leave = java.util.regex.Pattern.compile("leave class '(\\w)' out");
    double[][] fractionSets = {{0.05, 0.1, 0.25, 0.5}, {0.5, 1}, {0.25, 0.5}};
    for (double[] fr : fractionSets) {
      for (int repeats : new int[] {1, 3}) {
        for (int small = 1; small <= 6; small++) {
          for (boolean stratified : new boolean[] {true, false}) {
            for (long seed = 0; seed < 20; seed++) {
              int[] labels = new int[60 + small];
              for (int i = 0; i < 60; i++) {
                labels[i] = i % 2;
              }
              for (int i = 60; i < labels.length; i++) {
                labels[i] = 2;
              }
              InvalidInputException e;
              try {
                SubsamplePlan.of(
                    labels.length, labels, fr, repeats, false, stratified, seed, NAMES);
                continue;
              } catch (InvalidInputException x) {
                e = x;
              }
              String m = e.getMessage();
              assertTrue(m.matches(".*class '[abc]'.*"), m);
              if (m.contains("--no-stratified")) {
                offered.merge("no-stratified", 1, Integer::sum);
                assertEquals(repeats * fr.length, planSize(repeats, labels, fr, false, seed), m);
              }
              if (m.contains("run with --stratified")) {
                offered.merge("stratified", 1, Integer::sum);
                assertEquals(repeats * fr.length, planSize(repeats, labels, fr, true, seed), m);
              }
              java.util.regex.Matcher f = fractions.matcher(m);
              if (f.find()) {
                offered.merge("fractions", 1, Integer::sum);
                double[] given =
                    Arrays.stream(f.group(1).split(",")).mapToDouble(Double::parseDouble).toArray();
                assertTrue(given.length >= 2, m);
                assertEquals(
                    repeats * given.length, planSize(repeats, labels, given, true, seed), m);
              }
              java.util.regex.Matcher k = needs.matcher(m);
              if (k.find()) {
                offered.merge("more images", 1, Integer::sum);
                int c = k.group(1).charAt(0) - 'a';
                int want = Integer.parseInt(k.group(2));
                int[] more = withClassSize(labels, c, want);
                assertTrue(more.length > labels.length, m);
                assertEquals(repeats * fr.length, planSize(repeats, more, fr, true, seed), m);
              }
              java.util.regex.Matcher l = leave.matcher(m);
              if (l.find()) {
                offered.merge("leave out", 1, Integer::sum);
                int c = l.group(1).charAt(0) - 'a';
                int[] rest = Arrays.stream(labels).filter(x -> x != c).toArray();
                boolean strat = stratified || m.contains("elsewhere) with --stratified");
                assertEquals(repeats * fr.length, planSize(repeats, rest, fr, strat, seed), m);
              }
            }
          }
        }
      }
    }
    assertEquals(
        java.util.Set.of("fractions", "leave out", "more images", "no-stratified", "stratified"),
        offered.keySet(),
        "each kind of remedy offered somewhere: " + offered);
  }

  /**
   * Three small classes at 0.05 (8, 10 and 13 training images: 31, so 1 image for 3 classes): more
   * images of the smallest alone leave another class without any, so that is not offered; adding to
   * every small class is, and following it builds the plan. Over many class sizes, whatever is
   * offered works.
   */
  @Test
  void moreImagesOfOneClassAreOfferedOnlyWhenTheyAreEnough() {
    double[] fr = {0.05, 0.1, 0.25, 0.5};
    java.util.regex.Pattern one =
        java.util.regex.Pattern.compile("add images of class '(\\w)'.*? needs at least (\\d+)");
    java.util.regex.Pattern several =
        java.util.regex.Pattern.compile(
            "add images of classes (.*?) until each has at least (\\d+) among the training images");
    int offeredSeveral = 0;
    for (int a = 4; a <= 14; a += 2) {
      for (int b = a; b <= 18; b += 4) {
        int[] labels = classes(a, b, b + 3);
        InvalidInputException e;
        try {
          SubsamplePlan.of(labels.length, labels, fr, 5, false, true, 42, NAMES);
          continue;
        } catch (InvalidInputException x) {
          e = x;
        }
        String m = e.getMessage();
        java.util.regex.Matcher k = one.matcher(m);
        if (k.find()) {
          int[] more =
              withClassSize(labels, k.group(1).charAt(0) - 'a', Integer.parseInt(k.group(2)));
          assertEquals(5 * fr.length, planSize(5, more, fr, true, 42), m);
        }
        java.util.regex.Matcher s = several.matcher(m);
        if (s.find()) {
          offeredSeveral++;
          int want = Integer.parseInt(s.group(2));
          int[] more = labels;
          for (String name : s.group(1).split(", | and ")) {
            more = withClassSize(more, name.charAt(1) - 'a', want);
          }
          assertEquals(5 * fr.length, planSize(5, more, fr, true, 42), m);
        }
      }
    }
    assertTrue(offeredSeveral > 0, "the remedy for several classes was never offered");
    String m =
        assertThrows(
                InvalidInputException.class,
                () -> SubsamplePlan.of(31, classes(8, 10, 13), fr, 5, false, true, 42, NAMES))
            .getMessage();
    assertFalse(m.contains("add images of class 'a'"), m);
    assertTrue(
        m.contains(
            "add images of classes 'a', 'b' and 'c' until each has at least 20 among the training"
                + " images (they have 8, 10 and 13; adding to 'a' alone is not enough at fraction"
                + " 0.05)"),
        m);
  }

  /** Labels of three classes of the given sizes. */
  private static int[] classes(int a, int b, int c) {
    int[] labels = new int[a + b + c];
    Arrays.fill(labels, a, a + b, 1);
    Arrays.fill(labels, a + b, labels.length, 2);
    return labels;
  }

  private static final List<String> NAMES = List.of("a", "b", "c");

  /** The labels with images of class {@code c} added until it has {@code size}. */
  private static int[] withClassSize(int[] labels, int c, int size) {
    int have = (int) Arrays.stream(labels).filter(x -> x == c).count();
    int[] more = Arrays.copyOf(labels, labels.length + Math.max(0, size - have));
    Arrays.fill(more, labels.length, more.length, c);
    return more;
  }

  private static int planSize(
      int repeats, int[] labels, double[] fractions, boolean stratified, long seed) {
    return SubsamplePlan.of(
            labels.length, labels, fractions, repeats, false, stratified, seed, NAMES)
        .size();
  }

  @Test
  void aTrainingSetWithOneImagePerClassGetsAdviceThatCanWork() {
    // A tiny --train-fraction: 5 training images of 5 classes. "Use a fraction of at least
    // 1.0000" cannot make a curve (every fraction would be the whole set, a single size).
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> SubsamplePlan.of(5, labels(5, 5), new double[] {0.05, 0.5}, 1, false, false, 1));
    assertFalse(e.getMessage().contains("1.0000"), e.getMessage());
    assertTrue(e.getMessage().contains("--train-fraction"), e.getMessage());
    assertTrue(e.getMessage().startsWith("fraction 0.05 of 5 training images gives 0 image(s)"));
  }

  /**
   * 38 training images, 36 of one class and 2 of another: the hint for fractions too small for the
   * number of classes already serves the small class, so following it builds the plan (it used to
   * name 0.0527, which then failed on the small class with a second hint of 0.5).
   */
  @Test
  void theFirstFractionHintServesEveryClassAtOnce() {
    int[] labels = new int[38];
    labels[36] = 1;
    labels[37] = 1;
    double[] recipe = {0.05, 0.1, 0.25, 0.5};
    for (boolean stratified : new boolean[] {true, false}) {
      InvalidInputException e =
          assertThrows(
              InvalidInputException.class,
              () ->
                  SubsamplePlan.of(
                      38, labels, recipe, 1, false, stratified, 1, List.of("cats", "dogs")));
      String m = e.getMessage();
      assertTrue(m.contains("class 'dogs'"), m);
      java.util.regex.Matcher f =
          java.util.regex.Pattern.compile("--fractions ([0-9.,]+)").matcher(m);
      assertTrue(f.find(), m);
      double[] given =
          Arrays.stream(f.group(1).split(",")).mapToDouble(Double::parseDouble).toArray();
      assertEquals(
          given.length,
          SubsamplePlan.of(38, labels, given, 1, false, true, 1, List.of("cats", "dogs")).size(),
          m);
      // The least fraction named is the least that works from there on: 10 images give 'dogs' its
      // largest remainder (10 * 2 / 38 = 0.53 against 0.47), 9 do not.
      assertTrue(m.contains("at least 0.2632"), m);
    }
    assertEquals(10, SubsamplePlan.smallestStratifiedSize(labels));
  }

  @Test
  void theSmallestFractionOfferedStillGivesTheImagesWhenReadBack() {
    // 3 classes of 109 images: 3 / 109 = 0.02752..., printed as 0.0275 it gave 2 images.
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> SubsamplePlan.of(109, labels(109, 3), new double[] {0.02}, 1, false, false, 1));
    assertTrue(e.getMessage().contains("at least 0.0276"), e.getMessage());
    assertEquals(
        1, SubsamplePlan.of(109, labels(109, 3), new double[] {0.0276}, 1, false, true, 1).size());
  }

  @Test
  void aRandomDrawThatMissesATinyClassNamesItAndDoesNotSendTheUserInACircle() {
    int[] labels = new int[40];
    labels[39] = 1; // class "tulips": one of 40 training images
    org.samplesize.InvalidInputException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            org.samplesize.InvalidInputException.class,
            () ->
                SubsamplePlan.of(
                    40,
                    labels,
                    new double[] {0.1, 1},
                    3,
                    false,
                    false,
                    1,
                    java.util.List.of("daisy", "tulips")));
    org.junit.jupiter.api.Assertions.assertTrue(
        e.getMessage().contains("holds no image of class 'tulips' (1 of 40 training images)"),
        e.getMessage());
    // A stratified draw of 4 images would give 'tulips' no image either: not offered.
    org.junit.jupiter.api.Assertions.assertFalse(
        e.getMessage().contains("run with --stratified"), e.getMessage());
  }
}
