package org.samplesize.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MajorityBaselineTest {
  @Test
  void anUnbalancedTestSplitNamesItsLargestClassAndItsShare() {
    Map<String, Integer> test = new LinkedHashMap<>();
    test.put("daisy", 25);
    test.put("roses", 6);
    test.put("tulips", 1);
    MajorityBaseline b = MajorityBaseline.of(test);
    assertEquals("daisy", b.className());
    assertEquals(25.0 / 32, b.share(), 1e-12);
    assertTrue(b.notable());
    assertEquals(
        "Always answering the largest class, 'daisy', scores 78.1% on the test split (25 of 32"
            + " test images): read the accuracies above against that.",
        b.sentence());
    assertEquals(true, b.json().get("notable"));
    assertEquals("daisy", b.json().get("class"));
  }

  @Test
  void aNearlyEvenSplitIsNotNotableAndAnEmptyOneHasNoBaseline() {
    // tf_flowers' test split: 5 classes, the largest (dandelion) 90 of 367 = 24.5% < 20% + 10
    Map<String, Integer> flowers = new LinkedHashMap<>();
    flowers.put("daisy", 63);
    flowers.put("dandelion", 90);
    flowers.put("roses", 64);
    flowers.put("sunflowers", 70);
    flowers.put("tulips", 80);
    MajorityBaseline b = MajorityBaseline.of(flowers);
    assertEquals("dandelion", b.className());
    assertFalse(b.notable());
    // two classes: named from 1/2 + 10 points on
    Map<String, Integer> two = new LinkedHashMap<>();
    two.put("a", 61);
    two.put("b", 39);
    assertTrue(MajorityBaseline.of(two).notable());
    two.put("b", 43);
    assertFalse(MajorityBaseline.of(two).notable());
    assertNull(MajorityBaseline.of(Map.of("a", 0, "b", 0)));
  }
}
