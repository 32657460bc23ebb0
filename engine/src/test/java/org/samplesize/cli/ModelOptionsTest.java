package org.samplesize.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.InvalidInputException;
import org.samplesize.features.ModelCard;
import org.samplesize.image.Preprocessing;

class ModelOptionsTest {
  private static ModelOptions parse(String... args) {
    ModelOptions o = new ModelOptions();
    new picocli.CommandLine(o).parseArgs(args);
    return o;
  }

  @Test
  void jpegDctScalingIsOffByDefaultAndSurvivesOtherOverrides() {
    Preprocessing card = ModelCard.load(ModelCard.DEFAULT).preprocessing();
    assertFalse(card.jpegDctScaling());
    assertEquals(card, parse().card().preprocessing());

    Preprocessing on = parse("--jpeg-dct-scaling").card().preprocessing();
    assertEquals(card.withJpegDctScaling(true), on);

    // Rebuilding the preprocessing for another override keeps the setting.
    Preprocessing sized = parse("--jpeg-dct-scaling", "--size", "192").card().preprocessing();
    assertTrue(sized.jpegDctScaling());
    assertEquals(192, sized.width());
    assertFalse(parse("--size", "192").card().preprocessing().jpegDctScaling());
  }

  @Test
  void aCardThatTurnsItOnCanBeTurnedOffByFlag(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    ModelCard builtIn = ModelCard.load(ModelCard.DEFAULT);
    java.nio.file.Path card = dir.resolve("card.json");
    com.fasterxml.jackson.databind.node.ObjectNode json =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(
                    ModelCard.class.getResourceAsStream(
                        "/org/samplesize/models/" + ModelCard.DEFAULT + ".json"));
    ((com.fasterxml.jackson.databind.node.ObjectNode) json.get("preprocessing"))
        .put("jpegDctScaling", true);
    java.nio.file.Files.writeString(card, json.toString());
    assertTrue(parse("--model", card.toString()).card().preprocessing().jpegDctScaling());
    Preprocessing off =
        parse("--model", card.toString(), "--no-jpeg-dct-scaling").card().preprocessing();
    assertFalse(off.jpegDctScaling());
    assertEquals(builtIn.preprocessing(), off);
  }

  @Test
  void aMirrorVariableNamingNoFolderIsRefusedUnlessAMirrorIsGiven(@TempDir Path dir) {
    Map<String, String> env = Map.of("SAMPLESIZE_MIRROR", dir.resolve("nonexist").toString());
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> ModelOptions.checkMirrorEnv(null, env));
    assertEquals(
        "$SAMPLESIZE_MIRROR "
            + dir.resolve("nonexist")
            + ": no such folder; give the offline mirror folder (laid out like shared/data:"
            + " flowers/, fashion-mnist/, models/), or unset it",
        e.getMessage());
    // A mirror given by flag or settings file is the one used: the variable is not read.
    ModelOptions.checkMirrorEnv(dir.toString(), env);
    ModelOptions.checkMirrorEnv(null, Map.of("SAMPLESIZE_MIRROR", dir.toString()));
    ModelOptions.checkMirrorEnv(null, Map.of());
  }

  @Test
  void anEmptyMirrorIsRefusedAndAnEmptyVariableIsNoMirror() {
    // An empty path is the current folder: it was searched for the data set.
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> ModelOptions.checkMirror("--mirror", ""));
    assertEquals(
        "--mirror is empty: give the offline mirror folder (laid out like shared/data: flowers/,"
            + " fashion-mnist/, models/), or leave the mirror out",
        e.getMessage());
    assertThrows(
        InvalidInputException.class,
        () -> ModelOptions.checkMirror("config file run.yaml: mirror", " "));
    // The variable set to nothing is unset, as Mirror.find reads it.
    ModelOptions.checkMirror("$SAMPLESIZE_MIRROR", "");
    ModelOptions.checkMirrorEnv(null, Map.of("SAMPLESIZE_MIRROR", ""));
    ModelOptions.checkMirror("--mirror", null);
  }

  @Test
  void aSettingsFileDataThatNamesNoFolderSaysWhereItWasLookedFor(@TempDir Path dir)
      throws Exception {
    Path config = dir.resolve("run.yaml");
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                ModelOptions.checkConfigData(
                    "config file " + config + ": data", "no-such-folder-here"));
    assertEquals(
        "config file "
            + config
            + ": data no-such-folder-here ("
            + Path.of("no-such-folder-here").toAbsolutePath()
            + "): no such folder; a relative path in a settings file is read from the current"
            + " folder: write the full path, or run from the folder it is relative to; data"
            + " takes ROOT/<class>/<image>, tf_flowers or fashion_mnist",
        e.getMessage());
    e =
        assertThrows(
            InvalidInputException.class,
            () -> ModelOptions.checkConfigData("config file " + config + ": data", "~/photos"));
    assertTrue(e.getMessage().contains("a leading ~ is not expanded"), e.getMessage());
    // A folder, a built-in name and no value pass.
    ModelOptions.checkConfigData("config file " + config + ": data", dir.toString());
    ModelOptions.checkConfigData("config file " + config + ": data", "tf_flowers");
    ModelOptions.checkConfigData("config file " + config + ": data", null);
  }

  @Test
  void aSettingsFileModelThatNamesNothingIsNamedByTheFile(@TempDir Path dir) throws Exception {
    String where = "config file run.yaml line 2, column 8: setting 'model' =";
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> ModelOptions.checkConfigModel(where, "no-such-model.onnx"));
    assertTrue(
        e.getMessage()
            .startsWith(
                where
                    + " no-such-model.onnx ("
                    + Path.of("no-such-model.onnx").toAbsolutePath()
                    + "): no such file; a relative path in a settings file is read from the"
                    + " current folder"),
        e.getMessage());
    e =
        assertThrows(
            InvalidInputException.class, () -> ModelOptions.checkConfigModel(where, "mobilenet"));
    assertTrue(
        e.getMessage().startsWith(where + " mobilenet: unknown model; model takes a built-in card"),
        e.getMessage());
    assertTrue(e.getMessage().contains(ModelCard.DEFAULT), e.getMessage());
    // A built-in name, a file that is there and no value pass (the card loader reads the file).
    Path onnx = Files.createFile(dir.resolve("m.onnx"));
    ModelOptions.checkConfigModel(where, ModelCard.DEFAULT);
    ModelOptions.checkConfigModel(where, onnx.toString());
    ModelOptions.checkConfigModel(where, null);
  }

  /**
   * A settings file's model that is there but is no model (a folder named .onnx, a file of no model
   * kind) is refused by the file's line: the card loader's refusals named the --model flag, which
   * the user did not type ("setting 'model': --model m.onnx is a folder").
   */
  @Test
  void aSettingsFileModelThatIsThereButNoModelIsNamedByTheFile(@TempDir Path dir) throws Exception {
    String where = "config file run.yaml line 2, column 8: setting 'model' =";
    Path folder = Files.createDirectories(dir.resolve("folder.onnx"));
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> ModelOptions.checkConfigModel(where, folder.toString()));
    assertTrue(
        e.getMessage().startsWith(where + " " + folder + " is a folder, not a file; model takes"),
        e.getMessage());
    assertFalse(e.getMessage().contains("--model"), e.getMessage());
    Path text = Files.writeString(dir.resolve("notes.txt"), "hi");
    e =
        assertThrows(
            InvalidInputException.class,
            () -> ModelOptions.checkConfigModel(where, text.toString()));
    assertTrue(
        e.getMessage().startsWith(where + " " + text + " is a file but not a model; model takes"),
        e.getMessage());
    assertFalse(e.getMessage().contains("--model"), e.getMessage());
  }

  @Test
  void aSettingsFileMirrorGivenRelativeSaysWhereItWasLookedFor() {
    String where = "config file run.yaml line 1, column 9: setting 'mirror' =";
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> ModelOptions.checkMirror(where, "no-such-mirror"));
    assertEquals(
        where
            + " no-such-mirror ("
            + Path.of("no-such-mirror").toAbsolutePath()
            + "): no such folder; a relative path in a settings file is read from the current"
            + " folder: write the full path, or run from the folder it is relative to; give the"
            + " offline mirror folder (laid out like shared/data: flowers/, fashion-mnist/,"
            + " models/), or leave the mirror out",
        e.getMessage());
    // The flag's relative path is the shell's, read from the current folder as every flag's is.
    e =
        assertThrows(
            InvalidInputException.class,
            () -> ModelOptions.checkMirror("--mirror", "no-such-mirror"));
    assertTrue(
        e.getMessage().startsWith("--mirror no-such-mirror: no such folder"), e.getMessage());
  }
}
