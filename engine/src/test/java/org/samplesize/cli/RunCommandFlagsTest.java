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
  void aCardThatTurnsImagesWhileRunsFlagIsOffGetsANote(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
    org.samplesize.features.ModelCard tiny =
        org.samplesize.features.ModelCard.load(
            org.samplesize.features.TinyModels.write(tmp).toString());
    java.nio.file.Path card = tmp.resolve("turned.json");
    java.nio.file.Files.writeString(
        card, tiny.withPreprocessing(tiny.preprocessing().withExifOrientation(true)).toJson());
    RunCommand off = new RunCommand();
    new picocli.CommandLine(off).parseArgs("--model", card.toString());
    java.util.List<String> notes = RunConsole.cardNotes(SettingsIO.resolve(null, off.flags()));
    org.junit.jupiter.api.Assertions.assertEquals(1, notes.size(), notes.toString());
    assertTrue(
        notes.get(0).contains(card + " says exifOrientation: true")
            && notes.get(0).contains("add --exif-orientation"),
        notes.get(0));
    RunCommand on = new RunCommand();
    new picocli.CommandLine(on).parseArgs("--model", card.toString(), "--exif-orientation");
    assertTrue(RunConsole.cardNotes(SettingsIO.resolve(null, on.flags())).isEmpty());
    RunCommand builtIn = new RunCommand();
    new picocli.CommandLine(builtIn).parseArgs();
    assertTrue(RunConsole.cardNotes(SettingsIO.resolve(null, builtIn.flags())).isEmpty());
  }

  @Test
  void runHasTheExtractionBatchFlagOfFeatures() {
    RunCommand run = new RunCommand();
    new picocli.CommandLine(run).parseArgs();
    org.junit.jupiter.api.Assertions.assertEquals(
        64, SettingsIO.resolve(null, run.flags()).batch());
    run = new RunCommand();
    new picocli.CommandLine(run).parseArgs("--batch", "1");
    org.junit.jupiter.api.Assertions.assertEquals(1, SettingsIO.resolve(null, run.flags()).batch());
    RunCommand zero = new RunCommand();
    new picocli.CommandLine(zero).parseArgs("--batch", "0");
    org.samplesize.InvalidInputException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            org.samplesize.InvalidInputException.class,
            () -> SettingsIO.resolve(null, zero.flags()));
    assertTrue(e.getMessage().startsWith("--batch 0: must be in [1, 4096]"), e.getMessage());
  }

  @Test
  void aModelPathThatIsAFolderIsRefusedSayingSo(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path folder = java.nio.file.Files.createDirectories(dir.resolve("m.onnx"));
    java.nio.file.Path data = java.nio.file.Files.createDirectories(dir.resolve("data/a"));
    java.io.StringWriter err = new java.io.StringWriter();
    picocli.CommandLine cl = Main.commandLine();
    cl.setErr(new java.io.PrintWriter(err));
    int code =
        cl.execute(
            "features",
            "--model",
            folder.toString(),
            "--data",
            data.getParent().toString(),
            "--out",
            dir.resolve("o").toString());
    org.junit.jupiter.api.Assertions.assertEquals(Main.EXIT_USER_ERROR, code, err.toString());
    assertTrue(err.toString().contains("is a folder, not a file"), err.toString());
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

  @Test
  void precisionWithoutFineTuneOrWithAnUnknownValueIsAMistake(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    java.io.StringWriter err = new java.io.StringWriter();
    picocli.CommandLine cl = Main.commandLine();
    cl.setErr(new java.io.PrintWriter(err));
    int code = cl.execute("run", "--precision", "bf16", "--out", dir.resolve("o").toString());
    org.junit.jupiter.api.Assertions.assertEquals(Main.EXIT_USER_ERROR, code, err.toString());
    assertTrue(
        err.toString().contains("--precision is used only when fine-tuning: add --fine-tune"),
        err.toString());
    code =
        cl.execute(
            "run", "--fine-tune", "--precision", "fp16", "--out", dir.resolve("o").toString());
    org.junit.jupiter.api.Assertions.assertEquals(Main.EXIT_USER_ERROR, code, err.toString());
    assertTrue(
        err.toString().contains("error: --precision fp16: must be 'fp32' or 'bf16'"),
        err.toString());
  }
}
