package org.samplesize.classes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The wording of the per-class lines apart from any fit. */
class ClassLinesTest {

  @Test
  void aLevelAHairBelowTheTargetIsNotPrintedAsTheTargetItself() {
    // a class whose recalls are tenths: its curve levels off at 0.8999999999999999
    assertEquals("levels off just below 90%", ClassLines.levelsOffBelow(0.8999999999999999, 0.9));
    assertEquals("levels off at 70.4%, below 90%", ClassLines.levelsOffBelow(0.704, 0.9));
    assertEquals("levels off at 89.9%, below 90%", ClassLines.levelsOffBelow(0.899, 0.9));
  }
}
