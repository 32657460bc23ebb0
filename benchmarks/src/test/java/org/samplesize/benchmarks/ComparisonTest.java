package org.samplesize.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** The repetitions' statistics and the regression flag against a previous run's figure. */
class ComparisonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Figure rate(String config, double... reps) {
    return new Figure("x", "x", "img/s", true, Stats.of(reps), null, null, config);
  }

  private static Figure time(double... reps) {
    return new Figure("t", "t", "s", false, Stats.of(reps), null, null, "c");
  }

  /** A previous summary's figure, as summary.json holds it. */
  private static JsonNode previous(String config, boolean underLoad, double... reps) {
    ObjectNode o = JSON.createObjectNode();
    o.put("config", config);
    o.put("under_load", underLoad);
    o.set("ours", Stats.of(reps).json());
    return o;
  }

  @Test
  void statsAreMedianAndExtremes() {
    Stats s = Stats.of(3, 1, 2, 10);
    assertEquals(2.5, s.median(), 1e-12);
    assertEquals(1, s.min());
    assertEquals(10, s.max());
    assertEquals(4, s.n());
    assertEquals(9, s.spread(), 1e-12);
  }

  @Test
  void aDropLargerThanTheSpreadIsARegression() {
    // Previous 98..102 (spread 4); now 88..92: 10 worse, more than 4.
    Comparison c =
        Comparison.compare(rate("c", 88, 90, 92), false, previous("c", false, 98, 100, 102));
    assertEquals("regression", c.verdict());
    assertEquals(-10, c.changePercent(), 1e-9);
    assertEquals(4, c.tolerance(), 1e-12);
    assertTrue(c.regression());
  }

  @Test
  void aDropWithinTheSpreadIsNot() {
    // 3 worse, but the repetitions themselves spread over 4.
    Comparison c =
        Comparison.compare(rate("c", 95, 97, 99), false, previous("c", false, 98, 100, 102));
    assertEquals("unchanged", c.verdict());
    assertFalse(c.regression());
  }

  @Test
  void theNoisierRunSetsTheTolerance() {
    // This run is tight (spread 1) but the previous one spread over 20: a drop of 10 is noise.
    Comparison c =
        Comparison.compare(rate("c", 89.5, 90, 90.5), false, previous("c", false, 90, 100, 110));
    assertEquals("unchanged", c.verdict());
    assertEquals(20, c.tolerance(), 1e-12);
  }

  @Test
  void forTimesLongerIsWorse() {
    assertEquals(
        "regression",
        Comparison.compare(time(1.5, 1.6), false, previous("c", false, 1.0, 1.1)).verdict());
    Comparison faster = Comparison.compare(time(0.5, 0.6), false, previous("c", false, 1.0, 1.1));
    assertEquals("improvement", faster.verdict());
    assertEquals(100 * (1.05 - 0.55) / 1.05, faster.changePercent(), 1e-9);
  }

  @Test
  void nothingIsComparedAcrossSettingsLoadOrSingleRuns() {
    JsonNode prev = previous("threads=2", false, 98, 100, 102);
    assertEquals(
        "no previous figure", Comparison.compare(rate("threads=2", 1, 2), false, null).why());
    assertTrue(
        Comparison.compare(rate("threads=1", 50, 51), false, prev)
            .why()
            .startsWith("other settings"));
    assertEquals(
        "taken under load", Comparison.compare(rate("threads=2", 50, 51), true, prev).why());
    assertEquals(
        "previous figure taken under load",
        Comparison.compare(rate("threads=2", 50, 51), false, previous("threads=2", true, 98, 102))
            .why());
    assertEquals(
        "one repetition: no spread to judge by",
        Comparison.compare(rate("threads=2", 50), false, prev).why());
  }
}
