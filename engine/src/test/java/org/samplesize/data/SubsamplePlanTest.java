package org.samplesize.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
    assertTrue(e.getMessage().contains("a class would be missing"), e.getMessage());
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
    assertTrue(!m.contains("--stratified") && m.contains("larger fraction"), m);
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
    org.junit.jupiter.api.Assertions.assertTrue(
        e.getMessage().contains("--no-stratified"), e.getMessage());
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
        e.getMessage().contains("--stratified"), e.getMessage());
  }
}
