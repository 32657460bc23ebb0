package org.samplesize.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.InvalidInputException;
import org.samplesize.UnavailableException;

/**
 * A settings file's refused value is named by its line and column as an editor shows them, booleans
 * take true or false alone, YAML's .nan is a value refused (not invalid YAML), an empty model is
 * refused, and a device a file gave is named by the file.
 */
class SettingsFileLinesTest {
  @TempDir Path dir;

  private String refused(String name, String text) throws Exception {
    return refused(name, text, Map.of());
  }

  private String refused(String name, String text, Map<String, Object> flags) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, text);
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> SettingsIO.resolve(f, flags));
    String prefix = "config file " + f + " ";
    assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
    return e.getMessage().substring(prefix.length());
  }

  /** Type, range, enum and unknown-key errors all say where, in YAML and JSON alike. */
  @Test
  void everyKindOfValueErrorNamesItsLineAndColumn() throws Exception {
    // a type error: the example of the report
    assertEquals(
        "line 2, column 10: setting 'repeats' = \"lots\": expected a whole number",
        refused("s.yaml", "data: tf_flowers\nrepeats: lots\n"));
    assertEquals(
        "line 3, column 14: setting 'repeats' = \"lots\": expected a whole number",
        refused("s.json", "{\n  \"data\": \"tf_flowers\",\n  \"repeats\": \"lots\"\n}\n"));
    // a range error, found by the settings' own check
    assertEquals(
        "line 2, column 12: setting 'views' = 100: must be in [1, 64]",
        refused("r.yaml", "seed: 3\nviews:     100\n"));
    assertEquals(
        "line 1, column 25: setting 'views' = 100: must be in [1, 64]",
        refused("r.json", "{\"seed\": 3,    \"views\": 100}"));
    // an unknown name of an enum setting, with the names it takes
    assertEquals(
        "line 1, column 15: setting 'input-layout' = \"nwhc\": expected one of nchw, nhwc",
        refused("e.yaml", "input-layout: nwhc\n"));
    // an unknown key: its own place
    assertEquals(
        "line 3, column 3: unknown setting 'levle': did you mean 'level'? (keys are the long"
            + " flag names, words joined by dashes)",
        refused("k.json", "{\"seed\": 1,\n\n  \"levle\": 0.9}"));
    // a list's item: the item's own line
    assertTrue(
        refused("l.yaml", "fractions:\n  - 0.5\n  - lots\n")
            .startsWith(
                "line 3, column 5: setting 'fractions' = [0.5, \"lots\"]: expected a number"));
    assertTrue(
        refused("l.json", "{\"fractions\": [0.5,\n   \"lots\"]}")
            .startsWith("line 2, column 4: setting 'fractions'"));
    // a check of the record that names its flag is named by the file's key and place
    assertEquals(
        "line 2, column 8: setting 'level': 1.5 must be in (0, 1), e.g. 0.9",
        refused("f.yaml", "bootstrap: 5\nlevel: 1.5\n"));
    // refused only with a flag beside it: still the file's place
    assertTrue(
        refused("x.yaml", "seed: 1\nunfreeze-from: none\n", Map.of("fine-tune", true))
            .startsWith("line 2, column 16: setting 'unfreeze-from' = none:"));
    // the alias 'target', named as the file writes it
    assertEquals(
        "line 1, column 9: setting 'target' = 1.5: each target accuracy must be in (0, 1),"
            + " e.g. 0.95",
        refused("t.yaml", "target: 1.5\n"));
  }

  /**
   * A list setting's value was echoed as read, not as written: 'target: 90' said "setting 'target'
   * = [90.0]", a list and a float the file does not hold; a list item refused is named by its own
   * place and as written ("got 2", not "got 2.0").
   */
  @Test
  void aRefusedListSettingIsEchoedAsTheFileWritesIt() throws Exception {
    assertEquals(
        "line 1, column 9: setting 'target' = 90: each target accuracy must be in (0, 1), e.g."
            + " 0.95",
        refused("t90.yaml", "target: 90\n"));
    assertEquals(
        "line 1, column 15: setting 'target' = [0.9, 95]: each target accuracy must be in (0, 1),"
            + " e.g. 0.95",
        refused("t95.yaml", "target: [0.9, 95]\n"));
    assertEquals(
        "line 3, column 5: setting 'fractions' = [0.1, 2]: each fraction must be in (0, 1], got 2",
        refused("f2.yaml", "fractions:\n  - 0.1\n  - 2\n"));
    assertEquals(
        "line 1, column 24: setting 'fractions' = [0.1, 0.20, 0.2]: 0.2 is listed twice",
        refused("f3.yaml", "fractions: [0.1, 0.20, 0.2]\n"));
    assertEquals(
        "line 1, column 19: setting 'targets' = [0.9, 1e3]: each target accuracy must be in (0, 1),"
            + " e.g. 0.95",
        refused("t.json", "{\"targets\": [0.9, 1e3]}"));
  }

  /**
   * Every boolean setting takes true or false (unquoted, in the cases YAML writes them) and nothing
   * else: {@code augment: 1} was read as true while {@code stratified: "yes"} was refused, and
   * {@code stratified: yes} (YAML 1.1) was read as true.
   */
  @Test
  void everyBooleanSettingTakesTrueOrFalseAlone() throws Exception {
    List<String> booleans =
        List.of(
            "with-replacement",
            "stratified",
            "augment",
            "jpeg-dct-scaling",
            "exif-orientation",
            "fine-tune",
            "validate");
    for (String key : booleans) {
      for (String yes : List.of("true", "True", "TRUE", "false", "False")) {
        Path f = dir.resolve("ok.yaml");
        Files.writeString(f, key + ": " + yes + "\n");
        SettingsIO.resolve(f, Map.of());
      }
      Path j = dir.resolve("ok.json");
      Files.writeString(j, "{\"" + key + "\": false}");
      SettingsIO.resolve(j, Map.of());
      for (String bad : List.of("1", "0", "yes", "\"yes\"", "no", "on", "off", "'true'", "1.0")) {
        String m = refused("b.yaml", key + ": " + bad + "\n");
        assertTrue(m.startsWith("line 1, column " + (key.length() + 3) + ": setting '" + key), m);
        assertTrue(m.endsWith(SettingsTree.BOOLEAN), m);
      }
      for (String bad : List.of("1", "\"true\"", "\"yes\"")) {
        String m = refused("b.json", "{\"" + key + "\": " + bad + "}");
        assertTrue(m.endsWith(SettingsTree.BOOLEAN), m);
      }
    }
    // YAML 1.1's yes is text to a text setting, not a boolean turned into "true"
    Path f = dir.resolve("text.yaml");
    Files.writeString(f, "data: yes\n");
    assertEquals("yes", SettingsIO.resolve(f, Map.of()).data());
  }

  /** YAML's .nan and .inf are valid YAML: refused as values the setting cannot take. */
  @Test
  void yamlNanIsAValueRefusedWithTheSettingsRange() throws Exception {
    assertEquals(
        "line 2, column 8: setting 'level': NaN must be in (0, 1), e.g. 0.9",
        refused("n.yaml", "seed: 1\nlevel: .nan\n"));
    assertEquals(
        "line 1, column 17: setting 'train-fraction' = .inf: must be in (0, 1), e.g. 0.9",
        refused("i.yaml", "train-fraction: .inf\n"));
    assertEquals(
        "line 1, column 10: setting 'repeats': '.nan' is not a whole number (numbers are read as"
            + " on the command line)",
        refused("w.yaml", "repeats: .nan\n"));
    assertTrue(
        refused("b.yaml", "augment: .NaN\n").endsWith(SettingsTree.BOOLEAN),
        "a boolean refuses it as any other value");
    for (String key :
        List.of(
            "level",
            "train-fraction",
            "learning-rate",
            "fine-tune-learning-rate",
            "until-width",
            "max-minutes",
            "target-recall",
            "target",
            "fractions",
            "scale",
            "mean",
            "std",
            "bootstrap",
            "size")) {
      for (String v : List.of(".nan", "-.inf", "[0.5, .Inf]")) {
        String m = refused("all.yaml", key + ": " + v + "\n");
        assertTrue(m.startsWith("line 1, column "), m);
        assertFalse(m.contains("not valid YAML"), m);
      }
    }
  }

  /** {@code --model ''} ran the default card without a word; it is refused as --data '' is. */
  @Test
  void anEmptyModelIsRefusedLikeAnEmptyData() throws Exception {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> SettingsIO.resolve(null, Map.of("model", "")));
    assertTrue(
        e.getMessage().startsWith("--model is empty: give a model card name ("), e.getMessage());
    e =
        assertThrows(
            InvalidInputException.class, () -> SettingsIO.resolve(null, Map.of("model", "  ")));
    assertTrue(e.getMessage().startsWith("--model is empty"), e.getMessage());
    assertTrue(
        refused("m.yaml", "model: ''\n")
            .startsWith("line 1, column 8: setting 'model' = \"\": is empty"));
    // null (the key left out, as settings.yaml writes it) is still the default card
    Path f = dir.resolve("null.yaml");
    Files.writeString(f, "model: null\n");
    assertNull(SettingsIO.resolve(f, Map.of()).model());
  }

  /** A device a settings file gave, refused when the run starts, is named by the file and key. */
  @Test
  void aDeviceFromASettingsFileIsNamedByTheFile() throws Exception {
    Path f = dir.resolve("d.yaml");
    Files.writeString(f, "seed: 1\ndevice: cuda\n");
    RunSettings s = SettingsIO.resolve(f, Map.of());
    assertEquals("config file " + f + " line 2, column 9: setting 'device'", s.source("device"));
    org.junit.jupiter.api.Assumptions.assumeFalse(
        org.samplesize.train.TrainingDevices.isAvailable("cuda"),
        "a usable CUDA GPU is here: the refusal cannot be seen");
    UnavailableException e =
        assertThrows(
            UnavailableException.class,
            () ->
                org.samplesize.train.TrainingDevices.select(
                    "cuda", "training", null, s.sourceOf("--device")));
    assertTrue(
        e.getMessage()
            .matches(
                java.util.regex.Pattern.quote(
                        "config file "
                            + f
                            + " line 2, column 9: setting 'device' = cuda: no usable"
                            + " CUDA GPU (")
                    + ".*\\); set device: cpu or device: auto"),
        e.getMessage());
    // given by the flag, it is the flag's refusal as before
    RunSettings flagged = SettingsIO.resolve(f, Map.of("device", "cuda"));
    assertNull(flagged.source("device"));
    assertEquals(org.samplesize.SettingSource.flag("--device"), flagged.sourceOf("--device"));
    assertEquals(
        org.samplesize.SettingSource.flag("--device"),
        SettingsIO.resolve(null, Map.of()).sourceOf("--device"));
    // where a setting came from is no part of the settings
    assertEquals(flagged, s);
  }
}
