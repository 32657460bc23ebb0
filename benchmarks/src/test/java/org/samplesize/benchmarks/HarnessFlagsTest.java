package org.samplesize.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.samplesize.UnavailableException;

class HarnessFlagsTest {
  private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
  private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

  private static final HarnessFlags.Body NOT_RUN = f -> fail("the harness ran");

  private String out() {
    return outBytes.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return errBytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void helpPrintsEveryFlagWithItsDefaultAndRunsNothing() throws Exception {
    // It answered with "IllegalArgumentException: unknown flag --help".
    assertEquals(0, AdaptiveHarness.FLAGS.run(new String[] {"--help"}, out, err, NOT_RUN));
    String usage = out();
    assertTrue(usage.startsWith("usage: java -cp benchmarks/target/benchmarks.jar"), usage);
    assertTrue(usage.contains("org.samplesize.benchmarks.AdaptiveHarness [flags]"), usage);
    for (String flag :
        List.of("--curves N", "--width W", "--sigma S", "--bootstrap N", "--truths NAME,...")) {
      assertTrue(usage.contains("  " + flag + " "), flag + " in " + usage);
    }
    assertTrue(usage.contains("(default: 20)"), usage);
    assertTrue(usage.contains("(default: benchmarks/target/adaptive-harness.json)"), usage);
    assertTrue(usage.contains("(default: pow3,pow4,exp3,vap3,mmf4,wbl4)"), usage);
    assertEquals("", err());
  }

  @Test
  void anUnknownFlagIsOneLineAndTheUsageWithStatus2() throws Exception {
    assertEquals(
        2,
        AdaptiveHarness.FLAGS.run(
            new String[] {"--curves", "3", "--bogus", "1"}, out, err, NOT_RUN));
    List<String> lines = err().lines().toList();
    assertEquals("AdaptiveHarness: unknown flag --bogus", lines.get(0));
    assertTrue(lines.get(1).startsWith("usage: "), err());
    assertTrue(err().contains("--curves N"), err());
    assertEquals("", out());
  }

  @Test
  void aFlagWithoutItsValueOrWithABadOneIsAnErrorToo() throws Exception {
    assertEquals(2, AdaptiveHarness.FLAGS.run(new String[] {"--curves"}, out, err, NOT_RUN));
    assertTrue(err().startsWith("AdaptiveHarness: --curves needs a value (N)\n"), err());
    errBytes.reset();
    // Read by the harness as it starts: the error comes before any work.
    assertEquals(
        2,
        AdaptiveHarness.FLAGS.run(
            new String[] {"--curves", "many"}, out, err, f -> f.integer("--curves")));
    assertTrue(
        err().startsWith("AdaptiveHarness: --curves many: expected a whole number\n"), err());
  }

  @Test
  void aListOfNumbersIsReadAsNumbersOrIsAnError() throws Exception {
    Object[] seen = new Object[1];
    assertEquals(
        0,
        AutoIntervalHarness.FLAGS.run(
            new String[] {"--sigma", "0.01,0.5"}, out, err, f -> seen[0] = f.reals("--sigma")));
    assertEquals(List.of(0.01, 0.5), seen[0]);
    assertEquals(
        2,
        AutoIntervalHarness.FLAGS.run(
            new String[] {"--sigma", "0.01,x"}, out, err, f -> f.reals("--sigma")));
    assertTrue(
        err()
            .startsWith(
                "AutoIntervalHarness: --sigma 0.01,x: expected numbers separated by commas\n"),
        err());
  }

  @Test
  void theHarnessGetsTheFlagsGivenAndTheDefaultsOfTheOthers() throws Exception {
    Object[] seen = new Object[3];
    int status =
        AdaptiveHarness.FLAGS.run(
            new String[] {"--curves", "5", "--out", "x.json"},
            out,
            err,
            f -> {
              seen[0] = f.integer("--curves");
              seen[1] = f.real("--width");
              seen[2] = f.path("--out");
            });
    assertEquals(0, status);
    assertEquals(5, seen[0]);
    assertEquals(0.04, seen[1]);
    assertEquals(Path.of("x.json"), seen[2]);
  }

  @Test
  void aModeIsRequiredAndChecked() throws Exception {
    assertEquals(2, TrainingProfile.FLAGS.run(new String[] {"--threads", "1"}, out, err, NOT_RUN));
    assertTrue(err().startsWith("TrainingProfile: expected tail|head first\n"), err());
    errBytes.reset();
    assertEquals(
        2, TrainingProfile.FLAGS.run(new String[] {"body"}, out, err, TrainingProfile::run));
    assertTrue(
        err().startsWith("TrainingProfile: unknown mode body: expected tail or head\n"), err());
    assertTrue(
        err().contains("org.samplesize.benchmarks.TrainingProfile tail|head [flags]"), err());
  }

  @Test
  void somethingThisMachineLacksIsOneLineWithStatus3() throws Exception {
    // TrainingProfile tail --precision bf16 on a CPU without AVX512-BF16 ended in a stack trace.
    int status =
        AdaptiveHarness.FLAGS.run(
            new String[0],
            out,
            err,
            f -> {
              throw new UnavailableException(
                  "bf16 matrix products are not available: no AVX512-BF16");
            });
    assertEquals(3, status);
    assertEquals(
        List.of("AdaptiveHarness: bf16 matrix products are not available: no AVX512-BF16"),
        err().lines().toList());
    assertEquals("", out());
  }
}
