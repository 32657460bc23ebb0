package org.samplesize.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.SharedData;
import org.samplesize.cli.Cli;

/**
 * The second phase's own epochs, patience and learning rate: flags of their own (before, only
 * {@code --epochs} bounded the phase, through the head's epochs, and its patience and learning rate
 * were fixed), part of the experiment, refused without {@code --fine-tune}.
 */
class FineTuneSettingsTest {
  @TempDir Path dir;

  @Test
  void theSecondPhaseRunsAtMostTheHeadsEpochsPlusFineTuneEpochs() throws Exception {
    Path int8 = SharedData.model("mobilenetv2-12-int8.onnx");
    Path data = TinyData.images(dir.resolve("data"), 8, 3);
    Path out = dir.resolve("out");
    Cli.Result r =
        TinyRun.of(data, int8, out, dir.resolve("cache"))
            .fineTune()
            .and("--fractions", "0.5,1.0", "--repeats", "2", "--epochs", "1")
            .and("--fine-tune-epochs", "2", "--fine-tune-patience", "1")
            .and("--fine-tune-learning-rate", "0.0005", "--bootstrap", "0")
            .run();
    assertEquals(0, r.code(), r.err());
    List<String> lines = Files.readAllLines(out.resolve("results.csv"));
    List<String> header = Arrays.asList(lines.get(0).split(","));
    int epochs = header.indexOf("epochs_run");
    int fineTuneRows = 0;
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",");
      if (cells[0].equals("fine-tune")) {
        fineTuneRows++;
        // head 1 epoch + 2: at most 3 of its own
        int ran = Integer.parseInt(cells[epochs]);
        assertTrue(ran >= 1 && ran <= 3, line);
      }
    }
    assertEquals(4, fineTuneRows, lines.toString());
    String settings = Files.readString(out.resolve("settings.yaml"));
    assertTrue(settings.contains("fine-tune-epochs: 2"), settings);
    assertTrue(settings.contains("fine-tune-patience: 1"), settings);
    assertTrue(settings.contains("fine-tune-learning-rate: 5.0E-4"), settings);

    // Another patience is another experiment: the folder is refused, naming the setting.
    Cli.Result again =
        TinyRun.of(data, int8, out, dir.resolve("cache"))
            .fineTune()
            .and("--fractions", "0.5,1.0", "--repeats", "2", "--epochs", "1")
            .and("--fine-tune-epochs", "2", "--fine-tune-patience", "3")
            .and("--fine-tune-learning-rate", "0.0005", "--bootstrap", "0")
            .run();
    assertEquals(2, again.code(), again.out());
    assertTrue(
        again.err().contains("fine-tune-patience: the journal has 1, this run 3"), again.err());
  }

  @Test
  void aSecondPhaseSettingWithoutFineTuneIsRefused() {
    for (String[] flag :
        new String[][] {
          {"--fine-tune-epochs", "3"},
          {"--fine-tune-patience", "2"},
          {"--fine-tune-learning-rate", "0.001"}
        }) {
      Cli.Result r = Cli.run("run", flag[0], flag[1], "--out", dir.resolve("o").toString());
      assertEquals(2, r.code(), r.err());
      assertTrue(
          r.err()
              .contains(
                  flag[0] + " is used only when fine-tuning: add --fine-tune, or drop " + flag[0]),
          r.err());
    }
  }

  @Test
  void aSettingsFileWithFineTuneAndUnfreezeFromNoneIsRefusedAsTheFlagsAre() throws Exception {
    Path file = dir.resolve("ft-none.yaml");
    java.nio.file.Files.writeString(file, "fine-tune: true\nunfreeze-from: none\n");
    Cli.Result r =
        Cli.run("run", "--config", file.toString(), "--out", dir.resolve("o").toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("unfreeze-from"), r.err());
    assertTrue(r.err().contains("drop one of them"), r.err());
    assertFalse(r.err().contains("cut point"), r.err());
  }

  @Test
  void outOfRangeValuesNameTheSetting() {
    Cli.Result r =
        Cli.run(
            "run",
            "--fine-tune",
            "--fine-tune-patience",
            "0",
            "--out",
            dir.resolve("o").toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("fine-tune-patience"), r.err());
  }

  @Test
  void theDefaultsSpeltOutAreTheSameExperimentAsNone() {
    ExperimentSpec none = ExperimentSpec.defaults();
    com.fasterxml.jackson.databind.node.ObjectNode given = ResumeIdentity.identity(none).deepCopy();
    given.put("fine-tune", true);
    com.fasterxml.jackson.databind.node.ObjectNode absent = given.deepCopy();
    given.put("fine-tune-epochs", 20);
    given.put("fine-tune-patience", 5);
    given.put("fine-tune-learning-rate", 0.0001);
    assertEquals(List.of(), ResumeIdentity.changes(absent, given));
    given.put("fine-tune-patience", 4);
    assertEquals(1, ResumeIdentity.changes(absent, given).size());
  }
}
