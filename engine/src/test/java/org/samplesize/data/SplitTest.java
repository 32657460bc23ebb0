package org.samplesize.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SplitTest {
  @Test
  void recipeSplitIsASeededPartitionWithNinetyPercentTrain() {
    Split s = Split.recipe(3670, 42, 0.9);
    assertEquals(3303, s.train().length);
    assertEquals(367, s.test().length);
    int[] all =
        IntStream.concat(Arrays.stream(s.train()), Arrays.stream(s.test())).sorted().toArray();
    assertArrayEquals(IntStream.range(0, 3670).toArray(), all);
    assertArrayEquals(s.train(), Split.recipe(3670, 42, 0.9).train());
    assertFalse(Arrays.equals(s.train(), Split.recipe(3670, 43, 0.9).train()));
    assertFalse(Arrays.equals(Arrays.copyOf(s.train(), 50), IntStream.range(0, 50).toArray()));
  }

  @Test
  void stratifiedSplitKeepsEachClassShare() {
    int[] labels = new int[1000];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = i < 100 ? 0 : (i < 400 ? 1 : 2); // 100 / 300 / 600
    }
    Split s = Split.stratified(labels, 7, 0.9);
    int[] trainCounts = new int[3];
    for (int i : s.train()) {
      trainCounts[labels[i]]++;
    }
    assertArrayEquals(new int[] {90, 270, 540}, trainCounts);
    assertEquals(100, s.test().length);
    assertArrayEquals(s.test(), Split.stratified(labels, 7, 0.9).test());
  }

  @Test
  void badArgumentsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> Split.recipe(10, 1, 1.0));
    assertThrows(IllegalArgumentException.class, () -> Split.recipe(1, 1, 0.5));
    assertThrows(IllegalArgumentException.class, () -> Split.recipe(10, 1, Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> new Split(new int[] {1, 2}, new int[] {2}));
  }
}
