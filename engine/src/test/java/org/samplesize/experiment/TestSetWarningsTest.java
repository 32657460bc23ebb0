package org.samplesize.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestSetWarningsTest {
  @Test
  void aTestSetBelowTheThresholdsIsWarnedAboutAndOneAtThemIsNot() {
    assertEquals(List.of(), TestSetWarnings.of(100, Map.of("a", 20, "b", 80), 0.9));
    List<String> w = TestSetWarnings.of(99, Map.of("a", 20), 0.9);
    assertEquals(1, w.size(), w.toString());
    assertTrue(w.get(0).contains("only 99 images"), w.get(0));
    assertTrue(w.get(0).contains("multiple of 1/99 (1.0 points)"), w.get(0));
    // √(0.9·0.1/99) = 3.0 points
    assertTrue(w.get(0).contains("at 90.0% that is about ±3.0 points"), w.get(0));
    // At a perfect score the formula says ±0: no number is put on it.
    String perfect = TestSetWarnings.of(3, Map.of(), 0.9999).get(0);
    assertTrue(perfect.contains("√(a(1−a)/3). Add images"), perfect);
    List<String> c = TestSetWarnings.of(400, Map.of("a", 19, "b", 200), 0.9);
    assertEquals(1, c.size(), c.toString());
    assertTrue(c.get(0).startsWith("few test images in class 'a' (19 test images):"), c.get(0));
    // a class named by a number stays apart from its count
    String digit = TestSetWarnings.of(400, Map.of("7", 1), 0.9).get(0);
    assertTrue(digit.startsWith("few test images in class '7' (1 test image):"), digit);
  }

  @Test
  void aClassWithoutTestImagesIsSaidToBeUnmeasuredNotToMoveInStepsOf1OverM() {
    List<String> w = TestSetWarnings.of(400, Map.of("roses", 0, "tulips", 3, "daisy", 200), 0.9);
    assertEquals(2, w.size(), w.toString());
    assertEquals(
        "no test image in class 'roses': its recall cannot be measured, so it gets no per-class"
            + " curve. Add images of that class, or lower --train-fraction, so that it has at"
            + " least 20 test images.",
        w.get(0));
    assertTrue(w.get(1).startsWith("few test images in class 'tulips' (3 test images):"), w.get(1));
    assertFalse(w.get(1).contains("roses"), w.get(1));
  }

  @Test
  void aTablesWarningsNameNoRunFlagAndAnUnknownSizeGivesNone() {
    List<String> w = TestSetWarnings.forTable(50, Map.of("a", 10), 0.8);
    assertEquals(2, w.size(), w.toString());
    assertTrue(
        w.get(0).endsWith("Score the models on a test set of at least 100 images."), w.get(0));
    assertTrue(w.get(1).endsWith("at least 20 test images of that class."), w.get(1));
    assertEquals(List.of(), TestSetWarnings.forTable(0, Map.of(), 0.8));
  }

  @Test
  void underTheRecipesSplitAClassWithFewTestImagesIsToldToSplitStratified() {
    // The recipe's split is one shuffled cut: a lower --train-fraction enlarges the test set, but
    // gives a given class more test images only by chance. The stratified split keeps its share.
    List<String> w =
        TestSetWarnings.of(50, Map.of("roses", 0, "tulips", 3, "daisy", 47), 0.8, "recipe");
    assertEquals(3, w.size(), w.toString());
    assertTrue(w.get(0).contains("with a lower --train-fraction"), w.get(0));
    assertFalse(w.get(0).contains("--split"), w.get(0));
    assertEquals(
        "no test image in class 'roses': its recall cannot be measured, so it gets no per-class"
            + " curve. Add images of that class, or split with --split stratified, which gives"
            + " every class its share of the test set, and a lower --train-fraction if that is"
            + " not enough, so that it has at least 20 test images.",
        w.get(1));
    assertTrue(w.get(2).startsWith("few test images in class 'tulips'"), w.get(2));
    assertTrue(w.get(2).contains("or split with --split stratified, which gives"), w.get(2));
    // A stratified run is told what it was told before.
    List<String> s =
        TestSetWarnings.of(50, Map.of("roses", 0, "tulips", 3, "daisy", 47), 0.8, "stratified");
    assertEquals(TestSetWarnings.of(50, Map.of("roses", 0, "tulips", 3, "daisy", 47), 0.8), s);
    s.forEach(x -> assertFalse(x.contains("--split"), x));
    assertTrue(s.get(2).contains("or lower --train-fraction, so that each has"), s.get(2));
  }

  @Test
  void aStratifiedRunsAdviceFollowsEachClasssCount() {
    // 250/60/15 images at --train-fraction 0.9: 25/6/1 test images. A lower fraction gives roses
    // 20 (0.65: 60 - round(39) = 21), but no fraction of 0.5 or more gives tulips 20 of its 15.
    Map<String, Integer> test = new java.util.LinkedHashMap<>();
    test.put("daisy", 25);
    test.put("roses", 6);
    test.put("tulips", 1);
    Map<String, Integer> all = Map.of("daisy", 250, "roses", 60, "tulips", 15);
    List<String> w = TestSetWarnings.of(32, test, 0.89, all, 0.9);
    assertEquals(2, w.size(), w.toString());
    String few = w.get(1);
    assertTrue(few.startsWith("few test images in classes 'roses' (6 test images), 'tulips'"), few);
    assertTrue(
        few.endsWith(
            "For at least 20 test images: 'roses' (60 images) needs --train-fraction 0.65 or lower,"
                + " or about 136 more images; 'tulips' has only 15 images, too few at any"
                + " --train-fraction of 0.5 or more: add images of it, about 181 more at"
                + " --train-fraction 0.9 (25 more at 0.5)."),
        few);
    assertFalse(few.contains("'tulips' (15 images) needs --train-fraction"), few);
    // 196 images at 0.9: 196 - round(176.4) = 20 test images; 40 at 0.5: 20
    assertEquals(
        "'t' has only 15 images, too few at any --train-fraction of 0.5 or more: add images of it,"
            + " about 25 more at --train-fraction 0.5",
        TestSetWarnings.classRemedy("t", 15, 0.5));
    // A class of one image (it sits in the training set, so it has no test image): not "1 images".
    assertTrue(
        TestSetWarnings.classRemedy("one", 1, 0.9).startsWith("'one' has only 1 image, too few"),
        TestSetWarnings.classRemedy("one", 1, 0.9));
    // A class the warning names without a count keeps the general advice for every class, rather
    // than the others' advice alone (which would leave it without any).
    Map<String, Integer> partial = Map.of("daisy", 250, "roses", 60);
    assertEquals(
        TestSetWarnings.of(32, test, 0.89), TestSetWarnings.of(32, test, 0.89, partial, 0.9));
    // Without the counts the advice stays general.
    assertTrue(
        TestSetWarnings.of(32, test, 0.89)
            .get(1)
            .endsWith("or lower --train-fraction, so that each" + " has at least 20 test images."));
  }

  @Test
  void aStratifiedRunsOverallAdviceFollowsTheFoldersCount() {
    // 3 classes of 40 at 0.9: 12 test images (996 images: 996 - round(896.4) = 100). 100 would take
    // --train-fraction 0.17, below the 0.5
    // the class advice stops at: the folder is told how many images to add instead.
    Map<String, Integer> small = Map.of("daisy", 40, "roses", 40, "tulips", 40);
    String w = TestSetWarnings.of(12, Map.of(), 0.66, small, 0.9).get(0);
    assertTrue(w.startsWith("the test set holds only 12 images"), w);
    assertFalse(w.contains("with a lower --train-fraction, so that"), w);
    assertTrue(
        w.endsWith(
            "With 120 images no --train-fraction of 0.5 or more gives 100 test images: add"
                + " images, about 876 more at --train-fraction 0.9 (80 more at 0.5)."),
        w);
    // 3 classes of 200 at 0.9: 60 test images; at 0.85 90, at 0.8 120.
    Map<String, Integer> mid = Map.of("daisy", 200, "roses", 200, "tulips", 200);
    String m = TestSetWarnings.of(60, Map.of(), 0.9, mid, 0.9).get(0);
    assertTrue(
        m.endsWith(
            "For at least 100 test images: --train-fraction 0.80 or lower, or about 396 more"
                + " images."),
        m);
    // Without the counts the advice stays general.
    assertTrue(
        TestSetWarnings.of(12, Map.of(), 0.66)
            .get(0)
            .endsWith("with a lower --train-fraction, so that it holds at least 100."));
  }
}
