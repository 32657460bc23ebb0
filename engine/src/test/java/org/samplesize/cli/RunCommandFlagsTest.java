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

  @Test
  void unfreezeFromWithoutFineTuneIsAMistake(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    java.io.StringWriter err = new java.io.StringWriter();
    picocli.CommandLine cl = Main.commandLine();
    cl.setErr(new java.io.PrintWriter(err));
    int code =
        cl.execute("run", "--unfreeze-from", "block_13", "--out", dir.resolve("o").toString());
    org.junit.jupiter.api.Assertions.assertEquals(Main.EXIT_USER_ERROR, code, err.toString());
    assertTrue(
        err.toString().contains("--unfreeze-from is used only when fine-tuning: add --fine-tune"),
        err.toString());
  }
}
