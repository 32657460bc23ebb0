package org.samplesize.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.samplesize.experiment.SettingsIO;

class RunCommandFlagsTest {
  private static boolean dct(String... args) {
    RunCommand run = new RunCommand();
    new picocli.CommandLine(run).parseArgs(args);
    return SettingsIO.resolve(null, run.flags()).jpegDctScaling();
  }

  @Test
  void jpegDctScalingFlagReachesTheSettings() {
    assertFalse(dct());
    assertTrue(dct("--jpeg-dct-scaling"));
    assertFalse(dct("--no-jpeg-dct-scaling"));
  }
}
