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

class SettingsIOTest {
  @TempDir Path dir;

  @Test
  void defaultsAreTheRecipe() {
    RunSettings d = SettingsIO.resolve(null, Map.of());
    assertEquals(RunSettings.defaults(), d);
    assertEquals("tf_flowers", d.data());
    assertEquals(42L, d.seed());
    assertEquals(0.9, d.trainFraction());
    assertEquals(List.of(0.05, 0.1, 0.25, 0.5), d.fractions());
    assertEquals(5, d.repeats());
    assertEquals(false, d.withReplacement());
    assertEquals(1, d.views());
    assertNull(d.model());
  }

  @Test
  void aConfigFileMustBeUtf8AndMayStartWithItsByteOrderMark() throws Exception {
    Path latin1 = dir.resolve("latin1.yaml");
    Files.write(latin1, "seed: 7\n# r\u00e9sum\u00e9\n".getBytes("ISO-8859-1"));
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> SettingsIO.resolve(latin1, Map.of()));
    assertEquals(
        "config file "
            + latin1
            + ":2: not UTF-8 text (byte 0xE9 at column 4); save the file as UTF-8",
        e.getMessage());
    Path bom = dir.resolve("bom.yaml");
    Files.writeString(bom, "\uFEFFseed: 7\n");
    assertEquals(7L, SettingsIO.resolve(bom, Map.of()).seed());
  }

  /**
   * {@code model: null} (as settings.yaml writes it) meant the default while {@code data: null},
   * {@code seed: null} and 22 other keys were refused. Null now keeps the default for every key, in
   * YAML and JSON alike; a settings.yaml with its nulls still reads back.
   */
  @Test
  void nullKeepsTheDefaultForEveryKey() throws Exception {
    RunSettings d = SettingsIO.resolve(null, Map.of());
    java.util.List<String> keys = new java.util.ArrayList<>();
    SettingsIO.toTree(d).fieldNames().forEachRemaining(keys::add);
    assertTrue(keys.size() > 40, keys.toString());
    StringBuilder yaml = new StringBuilder();
    StringBuilder json = new StringBuilder("{");
    for (String key : keys) {
      String k = key.equals("targets") ? "target" : key;
      Path one = dir.resolve(k + ".yaml");
      Files.writeString(one, k + ": null\n");
      assertEquals(d, SettingsIO.resolve(one, Map.of()), k);
      yaml.append(k).append(": ~\n");
      json.append(json.length() > 1 ? "," : "").append('"').append(k).append("\": null");
    }
    Path all = dir.resolve("all.yaml");
    Files.writeString(all, yaml);
    assertEquals(d, SettingsIO.resolve(all, Map.of()));
    Path allJson = dir.resolve("all.json");
    Files.writeString(allJson, json + "}");
    assertEquals(d, SettingsIO.resolve(allJson, Map.of()));
    // A flag still wins over a null in the file.
    Path data = dir.resolve("data.yaml");
    Files.writeString(data, "data: null\nseed: null\n");
    assertEquals(7L, SettingsIO.resolve(data, Map.of("seed", 7L)).seed());
    // What a run writes reads back, nulls and all.
    Path written = dir.resolve("settings.yaml");
    RunSettings s = SettingsIO.resolve(null, Map.of("repeats", 3));
    SettingsIO.writeYaml(s, written);
    assertTrue(Files.readString(written).contains("model: null"));
    assertEquals(
        SettingsIO.toTree(s).without("out"),
        SettingsIO.toTree(SettingsIO.resolve(written, Map.of())).without("out"));
  }

  /**
   * A key given as null reads as the key left out, 'target' too: {@code target: null} beside {@code
   * targets: [0.9]} was refused as both forms of one setting given.
   */
  @Test
  void aNullTargetBesideTargetsIsTheKeyLeftOut() throws Exception {
    Path yaml = dir.resolve("alias.yaml");
    Files.writeString(yaml, "target: null\ntargets: [0.9]\n");
    assertEquals(java.util.List.of(0.9), SettingsIO.resolve(yaml, Map.of()).targets());
    Files.writeString(yaml, "target: 0.9\ntargets: ~\n");
    assertEquals(java.util.List.of(0.9), SettingsIO.resolve(yaml, Map.of()).targets());
  }

  @Test
  void flagsBeatTheConfigFileWhichBeatsTheDefaults() throws Exception {
    Path yaml = dir.resolve("run.yaml");
    Files.writeString(yaml, "repeats: 3\nfractions: [0.2, 0.4]\nwith-replacement: true\nseed: 7\n");
    RunSettings s = SettingsIO.resolve(yaml, Map.of("seed", 9L, "views", 2));
    assertEquals(3, s.repeats()); // file
    assertEquals(List.of(0.2, 0.4), s.fractions()); // file
    assertEquals(true, s.withReplacement()); // file
    assertEquals(9L, s.seed()); // flag over file
    assertEquals(2, s.views()); // flag
    assertEquals(0.9, s.trainFraction()); // default

    Path json = dir.resolve("run.json");
    Files.writeString(json, "{\"repeats\": 4, \"targets\": [0.95]}");
    RunSettings j = SettingsIO.resolve(json, Map.of());
    assertEquals(4, j.repeats());
    assertEquals(List.of(0.95), j.targets());
  }

  @Test
  void settingsWrittenBackReadAsTheSameSettings() {
    RunSettings s =
        SettingsIO.resolve(
            null, Map.of("repeats", 2, "model", "x.onnx", "targets", List.of(0.9, 0.95)));
    Path f = dir.resolve("settings.yaml");
    SettingsIO.writeYaml(s, f);
    RunSettings back = SettingsIO.resolve(f, Map.of());
    assertEquals(abs("x.onnx"), back.model());
    assertEquals(
        SettingsIO.resolve(
            null,
            Map.of(
                "repeats",
                2,
                "model",
                abs("x.onnx"),
                "targets",
                List.of(0.9, 0.95),
                "out",
                abs(s.out()))),
        back);
  }

  /**
   * A settings file's numbers are read as number flags read them (NumberText): YAML 1.1 read 0x10
   * as 16, 017 as octal 15 and 1_000 as a thousand, and Jackson read a quoted '0.9f' as 0.9, where
   * --repeats 0x10 and --level 0.9f are refused and --repeats 017 is 17.
   */
  @Test
  void numbersInAFileAreReadAsOnTheCommandLine() throws Exception {
    Path yaml = dir.resolve("numbers.yaml");
    Files.writeString(yaml, "repeats: 017\nseed: +12\nlevel: 9e-1\ntarget: '0.95'\n");
    RunSettings s = SettingsIO.resolve(yaml, Map.of());
    assertEquals(17, s.spec().repeats());
    assertEquals(12L, s.seed());
    assertEquals(0.9, s.spec().level(), 0);
    assertEquals(List.of(0.95), s.targets());
    String[][] refused = {
      {
        "repeats: 0x10\n",
        "line 1, column 10: setting 'repeats': '0x10' is not a whole number: hexadecimal is not"
            + " read; write it in decimal, 16"
      },
      {
        "seed: 1\nrepeats: 1_000\n",
        "line 2, column 10: setting 'repeats': '1_000' is not a whole number: write it"
            + " without '_', 1000"
      },
      {
        "fractions: [0.1, 0x1p-1]\n",
        "line 1, column 18: setting 'fractions': '0x1p-1' is not a number"
      },
      {"level: 1e400\n", "line 1, column 8: setting 'level': '1e400' is out of range"},
      {
        "level: '0.9f'\n",
        "line 1, column 8: setting 'level': '0.9f' is not a number: a type suffix (f, d) is not"
            + " read; write 0.9"
      },
      {
        "target: ['0.9', '0x1p-1']\n",
        "line 1, column 17: setting 'target': '0x1p-1' is not a number"
      },
    };
    for (String[] r : refused) {
      Files.writeString(yaml, r[0]);
      InvalidInputException e =
          assertThrows(InvalidInputException.class, () -> SettingsIO.resolve(yaml, Map.of()));
      assertTrue(e.getMessage().startsWith("config file " + yaml), e.getMessage());
      assertTrue(e.getMessage().contains(r[1]), e.getMessage());
    }
  }

  /**
   * 'target', the key settings.yaml writes, reads its numbers as 'targets' does (YAML 1.1 read
   * 0.9_5 as 0.95 and 1e400 as Infinity there), and a float setting refuses what a float cannot
   * hold, as --scale does (1e39 was read as a float Infinity, 1e-50 as 0).
   */
  @Test
  void targetAliasAndFloatSettingsReadNumbersAsTheFlagsDo() throws Exception {
    Path yaml = dir.resolve("numbers.yaml");
    String[][] refused = {
      {"target: 0.9_5\n", "line 1, column 9: setting 'target': '0.9_5' is not a number"},
      {"target: [0.9, 1e400]\n", "line 1, column 15: setting 'target': '1e400' is out of range"},
      {"target: 0x10\n", "line 1, column 9: setting 'target': '0x10' is not a number"},
      {"scale: 1e39\n", "line 1, column 8: setting 'scale': '1e39' is out of range"},
      {"mean: [0.5, '1e-50', 0.5]\n", "line 1, column 13: setting 'mean': '1e-50' is out of range"},
      {"{\"std\": [1, 1, 1e39]}\n", "line 1, column 16: setting 'std': '1e39' is out of range"},
    };
    for (String[] r : refused) {
      Files.writeString(yaml, r[0]);
      InvalidInputException e =
          assertThrows(InvalidInputException.class, () -> SettingsIO.resolve(yaml, Map.of()));
      assertTrue(e.getMessage().contains(r[1]), e.getMessage());
    }
    Files.writeString(yaml, "target: 0.95\nscale: 3.4e38\n");
    RunSettings s = SettingsIO.resolve(yaml, Map.of());
    assertEquals(List.of(0.95), s.targets());
    assertEquals(3.4e38f, s.spec().scale());
  }

  @Test
  void aBudgetWithoutItsWidthInAFileIsNamedAsWritten() throws Exception {
    // A whole count was shown as a double ("'max-models' = 10.0"), unlike the file's 10.
    Path f = dir.resolve("budget.yaml");
    Files.writeString(f, "max-models: 10\n");
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> SettingsIO.resolve(f, Map.of()));
    assertTrue(e.getMessage().contains("setting 'max-models' = 10: is a budget"), e.getMessage());
  }

  /**
   * settings.yaml as run writes it, with every kind of number and a text setting that looks like
   * one (quoted), reads back as the same settings.
   */
  @Test
  void settingsYamlWithNumbersOfEveryKindRoundTrips() throws Exception {
    Map<String, Object> flags = new java.util.HashMap<>();
    flags.put("repeats", 7);
    flags.put("seed", 1234567890123L);
    flags.put("train-fraction", 0.85);
    flags.put("fractions", List.of(0.05, 0.125, 0.5));
    flags.put("targets", List.of(0.9, 0.9995));
    flags.put("level", 0.8);
    flags.put("learning-rate", 1e-4);
    flags.put("until-width", 0.02);
    flags.put("max-minutes", 30.0);
    flags.put("scale", 0.007843138f);
    flags.put("mean", List.of(0.485f, 0.456f, 0.406f));
    flags.put("data", "2024");
    // Text that looks like a number, written unquoted: read back as the text, not as 16.
    flags.put("unfreeze-from", "0x10");
    flags.put("threads", 3);
    RunSettings s = SettingsIO.resolve(null, flags);
    Path f = dir.resolve("settings.yaml");
    SettingsIO.writeYaml(s, f);
    flags.put("data", abs("2024"));
    flags.put("out", abs(s.out()));
    assertEquals(SettingsIO.resolve(null, flags), SettingsIO.resolve(f, Map.of()));
  }

  /**
   * Config keys are the long flag names: settings.yaml writes --target's values as 'target', the
   * list of known settings says 'target', and a file of an older run with 'targets' still reads.
   */
  @Test
  void theTargetKeyIsTheFlagNameAndTheOldKeyStillReads() throws Exception {
    RunSettings s = SettingsIO.resolve(null, Map.of("targets", List.of(0.9, 0.95)));
    Path f = dir.resolve("settings.yaml");
    SettingsIO.writeYaml(s, f);
    String yaml = Files.readString(f);
    assertTrue(yaml.contains("\ntarget:\n- 0.9\n- 0.95\n"), yaml);
    assertTrue(!yaml.contains("targets"), yaml);
    // In the flags' order: after repeats, as before.
    assertTrue(yaml.indexOf("\nrepeats:") < yaml.indexOf("\ntarget:"), yaml);
    assertEquals(List.of(0.9, 0.95), SettingsIO.resolve(f, Map.of()).targets());
    Path old = dir.resolve("old.yaml");
    Files.writeString(old, "targets:\n- 0.8\n");
    assertEquals(List.of(0.8), SettingsIO.resolve(old, Map.of()).targets());
    Path typo = dir.resolve("typo.yaml");
    Files.writeString(typo, "tgts: 0.9\n");
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> SettingsIO.resolve(typo, Map.of()));
    assertTrue(e.getMessage().contains(", target, "), e.getMessage());
    assertTrue(!e.getMessage().contains("targets"), e.getMessage());
  }

  private static String abs(String p) {
    return Path.of(p).toAbsolutePath().normalize().toString();
  }

  @Test
  void settingsYamlHoldsAbsolutePathsSoItIsTheSameConfigFromAnyFolder() throws Exception {
    // Relative and unnormalised, as typed in one working folder.
    Map<String, Object> flags =
        Map.of(
            "data", "some/../photos",
            "model", "models/./card.yaml",
            "out", "runs/a",
            "cache", "c/../cache",
            "mirror", "mirror");
    RunSettings s = SettingsIO.resolve(null, flags);
    Path f = dir.resolve("settings.yaml");
    SettingsIO.writeYaml(s, f);
    String yaml = Files.readString(f);
    assertTrue(!yaml.contains("test-delay-millis"), yaml);

    // Read back, the paths are absolute: any working folder resolves them to the same files.
    RunSettings back = SettingsIO.resolve(f, Map.of());
    assertEquals(abs("photos"), back.data());
    assertEquals(abs("models/card.yaml"), back.model());
    assertEquals(abs("runs/a"), back.out());
    assertEquals(abs("cache"), back.cache());
    assertEquals(abs("mirror"), back.mirror());
    for (String p : List.of(back.data(), back.model(), back.out(), back.cache(), back.mirror())) {
      assertTrue(Path.of(p).isAbsolute(), p);
    }
    // Everything else as given; the same settings as the ones written, paths resolved.
    Map<String, Object> absolute =
        Map.of(
            "data", abs("photos"),
            "model", abs("models/card.yaml"),
            "out", abs("runs/a"),
            "cache", abs("cache"),
            "mirror", abs("mirror"));
    assertEquals(SettingsIO.resolve(null, absolute), back);

    // Built-in names stay names.
    RunSettings builtIn = SettingsIO.resolve(null, Map.of());
    SettingsIO.writeYaml(builtIn, f);
    RunSettings b = SettingsIO.resolve(f, Map.of());
    assertEquals(builtIn.data(), b.data());
    assertEquals(builtIn.model(), b.model());

    // The test-only delay is no setting at all: a config key or flag naming it is unknown.
    InvalidInputException delay =
        org.junit.jupiter.api.Assertions.assertThrows(
            InvalidInputException.class,
            () -> SettingsIO.resolve(null, Map.of("test-delay-millis", 5L)));
    assertTrue(
        delay.getMessage().contains("unknown setting 'test-delay-millis'"), delay.getMessage());
    assertTrue(!delay.getMessage().contains("test-delay" + "-millis,"), delay.getMessage());
  }

  @Test
  void commandLineOnlyFlagsInAFileSayWhatToWriteInstead() throws Exception {
    Path yaml = dir.resolve("flags.yaml");
    Files.writeString(yaml, "recipe: true\n");
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> SettingsIO.resolve(yaml, Map.of()));
    assertTrue(
        e.getMessage().contains("flags.yaml line 1, column 1: 'recipe' is not a setting"),
        e.getMessage());
    assertTrue(
        e.getMessage()
            .contains("method: recipe, split: recipe, stratified: false, with-replacement: true"),
        e.getMessage());
    // What the message says to write is accepted, and is what --recipe sets.
    Files.writeString(
        yaml, "method: recipe\nsplit: recipe\nstratified: false\nwith-replacement: true\n");
    RunSettings written = SettingsIO.resolve(yaml, Map.of());
    RunSettings flagged = SettingsIO.resolve(null, SettingsIO.RECIPE_SETTINGS);
    assertEquals("recipe", written.split());
    assertEquals(flagged.split(), written.split());
    assertEquals(flagged.withReplacement(), written.withReplacement());
    assertEquals(flagged.stratified(), written.stratified());
    assertEquals(flagged.fitChoice().method(), written.fitChoice().method());

    for (String flag : List.of("quiet", "spark", "config")) {
      Files.writeString(yaml, flag + ": x\n");
      e = assertThrows(InvalidInputException.class, () -> SettingsIO.resolve(yaml, Map.of()));
      assertTrue(
          e.getMessage()
              .contains(
                  "'"
                      + flag
                      + "' is not a setting of a settings file: give --"
                      + flag
                      + " on the command line"),
          e.getMessage());
    }
  }

  @Test
  void mistakesNameTheFileKeyAndValidValues() throws Exception {
    Path yaml = dir.resolve("bad.yaml");
    Files.writeString(yaml, "repeat: 3\n");
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> SettingsIO.resolve(yaml, Map.of()));
    assertTrue(
        e.getMessage().contains("bad.yaml line 1, column 1: unknown setting 'repeat'"),
        e.getMessage());
    assertTrue(e.getMessage().contains("repeats"), e.getMessage());

    Files.writeString(yaml, "repeats: five\n");
    e = assertThrows(InvalidInputException.class, () -> SettingsIO.resolve(yaml, Map.of()));
    assertTrue(e.getMessage().contains("'repeats'"), e.getMessage());
    assertTrue(e.getMessage().contains("whole number"), e.getMessage());

    Files.writeString(yaml, "epochs: 1.5\n");
    e = assertThrows(InvalidInputException.class, () -> SettingsIO.resolve(yaml, Map.of()));
    assertTrue(
        e.getMessage().contains("setting 'epochs': '1.5' is not a whole number"), e.getMessage());

    // A whole-number setting is refused as typed, as its flag refuses it, not as the number
    // Jackson made of it ("100.0: expected a whole number" for 1e2).
    Path json = yaml.resolveSibling("bad.json");
    Files.writeString(json, "{\"repeats\": 1e2}\n");
    e = assertThrows(InvalidInputException.class, () -> SettingsIO.resolve(json, Map.of()));
    assertTrue(
        e.getMessage().contains("setting 'repeats': '1e2' is not a whole number"), e.getMessage());

    // A check shared with the command line names the file's key, not the flag.
    Files.writeString(yaml, "level: 1.5\n");
    e = assertThrows(InvalidInputException.class, () -> SettingsIO.resolve(yaml, Map.of()));
    assertTrue(
        e.getMessage()
            .contains("bad.yaml line 1, column 8: setting 'level': 1.5 must be in (0, 1)"),
        e.getMessage());

    // An empty file is refused; one of comments only is a deliberate file of defaults.
    Files.writeString(yaml, "\n  \n");
    e = assertThrows(InvalidInputException.class, () -> SettingsIO.resolve(yaml, Map.of()));
    assertTrue(e.getMessage().contains("bad.yaml is empty: write the settings"), e.getMessage());
    Files.writeString(yaml, "# all defaults\n");
    assertEquals(42L, SettingsIO.resolve(yaml, Map.of()).seed());

    // Too large for its type: Jackson's own message named no setting.
    Files.writeString(yaml, "seed: 99999999999999999999999\n");
    e = assertThrows(InvalidInputException.class, () -> SettingsIO.resolve(yaml, Map.of()));
    assertTrue(
        e.getMessage().contains("'seed' = 99999999999999999999999: out of range"), e.getMessage());
    Files.writeString(yaml, "repeats: 3\nepochs: 99999999999\n");
    e = assertThrows(InvalidInputException.class, () -> SettingsIO.resolve(yaml, Map.of()));
    assertTrue(e.getMessage().contains("'epochs' = 99999999999: out of range"), e.getMessage());
    assertTrue(e.getMessage().contains("to 2147483647"), e.getMessage());
    // A long setting above the int range is fine; the int setting after it is the one named.
    Files.writeString(yaml, "seed: 12345678901\nepochs: 99999999999\n");
    e = assertThrows(InvalidInputException.class, () -> SettingsIO.resolve(yaml, Map.of()));
    assertTrue(e.getMessage().contains("'epochs' = 99999999999: out of range"), e.getMessage());

    Files.writeString(yaml, "fractions: \"0.5,1.0\"\n");
    e = assertThrows(InvalidInputException.class, () -> SettingsIO.resolve(yaml, Map.of()));
    assertTrue(
        e.getMessage()
            .endsWith(
                "setting 'fractions' = \"0.5,1.0\": expected a list, e.g. [0.05, 0.1, 0.25] (text"
                    + " is not split at commas)"),
        e.getMessage());
    // One text value without a comma is a number that does not read: no comma to point at.
    Files.writeString(yaml, "target: \"high\"\n");
    e = assertThrows(InvalidInputException.class, () -> SettingsIO.resolve(yaml, Map.of()));
    assertTrue(
        e.getMessage()
            .endsWith(
                "line 1, column 9: setting 'target' = \"high\": expected a number, or a list of"
                    + " them, e.g. [0.9, 0.95]"),
        e.getMessage());
    // A percentage is read as the flag reads it, which says what to write.
    Files.writeString(yaml, "target: \"92%\"\n");
    e = assertThrows(InvalidInputException.class, () -> SettingsIO.resolve(yaml, Map.of()));
    assertTrue(
        e.getMessage()
            .endsWith(
                "line 1, column 9: setting 'target': '92%' is not a number: a percentage is not"
                    + " read; write it as a fraction, 0.92"),
        e.getMessage());

    // A null list item reached the settings' constructor, and Jackson named only the class.
    for (String bad :
        List.of("fractions: [0.5, null]\n", "fractions:\n  - 0.5\n  -\n", "target: [0.9, ~]\n")) {
      Files.writeString(yaml, bad);
      e = assertThrows(InvalidInputException.class, () -> SettingsIO.resolve(yaml, Map.of()));
      String key = bad.substring(0, bad.indexOf(':'));
      assertTrue(
          e.getMessage().contains("setting '" + key + "' = [")
              && e.getMessage().endsWith(": a list item is empty: remove it, or give it a value"),
          e.getMessage());
      assertFalse(e.getMessage().contains("ExperimentSpec"), e.getMessage());
    }

    Files.writeString(yaml, "fractions: [0.5, 1.5]\n");
    e = assertThrows(InvalidInputException.class, () -> SettingsIO.resolve(yaml, Map.of()));
    assertTrue(e.getMessage().contains("bad.yaml"), e.getMessage());
    assertTrue(e.getMessage().contains("(0, 1]"), e.getMessage());

    Files.writeString(yaml, "repeats: [1\n");
    e = assertThrows(InvalidInputException.class, () -> SettingsIO.resolve(yaml, Map.of()));
    assertTrue(e.getMessage().contains("not valid YAML"), e.getMessage());

    e =
        assertThrows(
            InvalidInputException.class,
            () -> SettingsIO.resolve(dir.resolve("missing.yaml"), Map.of()));
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());

    e =
        assertThrows(
            InvalidInputException.class, () -> SettingsIO.resolve(null, Map.of("repeats", 0)));
    assertTrue(e.getMessage().startsWith("--repeats 0: must be in [1, 10000]"), e.getMessage());
  }

  /** A list setting given one value is a one-element list, as its flag with one value is. */
  @Test
  void aListSettingMayBeGivenOneValue() throws Exception {
    Path yaml = dir.resolve("single.yaml");
    Files.writeString(yaml, "family: pow3\nfractions: 0.5\n");
    // One fraction is refused by the run for its own reason (two sizes are needed), not its type.
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> SettingsIO.resolve(yaml, Map.of()));
    assertTrue(e.getMessage().contains("setting 'fractions' = 0.5: "), e.getMessage());
    Files.writeString(yaml, "family: pow3\nfractions: [0.25, 0.5]\ntarget: 0.9\n");
    RunSettings s = SettingsIO.resolve(yaml, Map.of());
    assertEquals(List.of(0.9), s.targets());
    assertEquals(List.of("pow3"), s.family());
    // The hint's example is the setting's own, not the fractions' one.
    Files.writeString(yaml, "family: {pow3: 1}\n");
    e = assertThrows(InvalidInputException.class, () -> SettingsIO.resolve(yaml, Map.of()));
    assertTrue(e.getMessage().contains("expected a list, e.g. [pow3, pow4]"), e.getMessage());
    assertFalse(e.getMessage().contains("0.05"), e.getMessage());
  }

  /** SnakeYAML's message was printed whole: the problem, then the source line and a caret. */
  @Test
  void aSyntaxErrorIsOneLineWithTheLineColumnAndProblem() throws Exception {
    Path yaml = dir.resolve("syntax.yaml");
    Files.writeString(yaml, "seed: 1\nrepeats: 2\nepochs: 3: 4\n");
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> SettingsIO.resolve(yaml, Map.of()));
    assertEquals(
        "config file "
            + yaml
            + " line 3, column 10: not valid YAML: mapping values are not allowed here",
        e.getMessage());
    Files.writeString(yaml, "seed: 1\nfractions: [0.1, 0.2\n");
    e = assertThrows(InvalidInputException.class, () -> SettingsIO.resolve(yaml, Map.of()));
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    assertTrue(
        e.getMessage().startsWith("config file " + yaml + " line 3, column 1:"), e.getMessage());
    assertTrue(e.getMessage().contains("not valid YAML: expected ','"), e.getMessage());
    assertTrue(e.getMessage().contains("starts on line 2)"), e.getMessage());
    Path json = dir.resolve("syntax.json");
    Files.writeString(json, "{\"seed\": 1,\n \"repeats\" 2}\n");
    e = assertThrows(InvalidInputException.class, () -> SettingsIO.resolve(json, Map.of()));
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    assertTrue(
        e.getMessage().startsWith("config file " + json + " line 2, column "), e.getMessage());
  }

  @Test
  void aConfigFileMaySayTargetLikeTheFlag() throws Exception {
    Path yaml = dir.resolve("target.yaml");
    Files.writeString(yaml, "target: 0.95\n");
    assertEquals(List.of(0.95), SettingsIO.resolve(yaml, Map.of()).targets());
    Files.writeString(yaml, "target: [0.9, 0.95]\n");
    assertEquals(List.of(0.9, 0.95), SettingsIO.resolve(yaml, Map.of()).targets());
    Files.writeString(yaml, "targets: 0.8\n");
    assertEquals(List.of(0.8), SettingsIO.resolve(yaml, Map.of()).targets());
    Files.writeString(yaml, "target: 0.9\ntargets: [0.95]\n");
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> SettingsIO.resolve(yaml, Map.of()));
    assertTrue(e.getMessage().contains("both 'target' and 'targets'"), e.getMessage());
    Files.writeString(yaml, "target: 1.5\n");
    e = assertThrows(InvalidInputException.class, () -> SettingsIO.resolve(yaml, Map.of()));
    // Named as the file writes it.
    assertTrue(e.getMessage().contains("setting 'target' = 1.5:"), e.getMessage());
    Files.writeString(yaml, "targets: 1.5\n");
    e = assertThrows(InvalidInputException.class, () -> SettingsIO.resolve(yaml, Map.of()));
    assertTrue(e.getMessage().contains("setting 'targets' = 1.5:"), e.getMessage());
  }

  @Test
  void theSettingsAreTheSpecificationAndTheEnvironmentAndOnlyTheSpecificationIsTheIdentity() {
    RunSettings here = SettingsIO.resolve(null, Map.of("repeats", 2));
    RunSettings elsewhere =
        SettingsIO.resolve(
            null,
            Map.of(
                "repeats",
                2,
                "out",
                "other",
                "threads",
                1,
                "device",
                "cpu",
                "batch",
                8,
                "models-per-pass",
                3,
                "cache",
                "c",
                "mirror",
                "m",
                "ep",
                "cpu"));
    assertEquals(here.spec(), elsewhere.spec());
    assertEquals(ResumeIdentity.identity(here), ResumeIdentity.identity(elsewhere));
    assertEquals(
        new RunEnvironment("cpu", "cpu", 1, 8, 3, "other", "c", "m"), elsewhere.environment());

    // One flat table of flag names, read back to the same two parts; no key outside them.
    com.fasterxml.jackson.databind.node.ObjectNode tree = SettingsIO.toTree(elsewhere);
    assertEquals(elsewhere, SettingsIO.fromTree(tree));
    java.util.Set<String> keys = new java.util.TreeSet<>();
    tree.fieldNames().forEachRemaining(keys::add);
    assertTrue(keys.containsAll(RunSettings.IDENTITY_KEYS), keys.toString());
    assertTrue(keys.contains("models-per-pass") && keys.contains("out"), keys.toString());
    assertTrue(keys.stream().noneMatch(k -> k.contains("delay")), keys.toString());
  }

  @Test
  void aSettingGivenTwiceInAConfigFileIsRefusedNamingItsLine() throws Exception {
    Path yaml = dir.resolve("twice.yaml");
    Files.writeString(yaml, "repeats: 2\nseed: 7\nrepeats: 3\n");
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> SettingsIO.resolve(yaml, Map.of()));
    assertEquals(
        "config file " + yaml + " line 3, column 1: the setting 'repeats' is given twice: keep one",
        e.getMessage());
    Path json = dir.resolve("twice.json");
    Files.writeString(json, "{\"seed\": 7,\n \"seed\": 8}\n");
    e = assertThrows(InvalidInputException.class, () -> SettingsIO.resolve(json, Map.of()));
    assertTrue(
        e.getMessage()
            .startsWith("config file " + json + " line 2, column 2: the setting 'seed' is given"),
        e.getMessage());
  }

  @Test
  void aWrongTargetInAConfigFileIsNamedAsTheFileWritesIt() throws Exception {
    Path yaml = dir.resolve("target.yaml");
    Files.writeString(yaml, "target: {a: 1}\n");
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> SettingsIO.resolve(yaml, Map.of()));
    assertTrue(
        e.getMessage().startsWith("config file " + yaml + " line 1, column 9: setting 'target' = "),
        e.getMessage());
  }

  /**
   * A YAML alias was read as the text of its anchor's name, so {@code cache: *dir} named a folder
   * called "dir" and {@code repeats: *r} was refused as the text "r"; it is refused, with its line.
   */
  @Test
  void aYamlAliasIsRefusedNotReadAsItsAnchorsName() throws Exception {
    Path aliased = dir.resolve("alias.yaml");
    Files.writeString(aliased, "mirror: &m /tmp/mirror\ncache: *m\n");
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> SettingsIO.resolve(aliased, Map.of()));
    assertEquals(
        "config file "
            + aliased
            + " line 2: '*m' is a YAML alias; settings files do not expand anchors, aliases or"
            + " '<<' merge keys: write the value itself",
        e.getMessage());
    Path merged = dir.resolve("merge.yaml");
    Files.writeString(merged, "<<: {seed: 7}\n");
    e = assertThrows(InvalidInputException.class, () -> SettingsIO.resolve(merged, Map.of()));
    assertTrue(e.getMessage().contains("'<<' (a YAML merge key)"), e.getMessage());
    // An anchor alone changes nothing.
    Path anchored = dir.resolve("anchor.yaml");
    Files.writeString(anchored, "seed: &s 7\n");
    assertEquals(7L, SettingsIO.resolve(anchored, Map.of()).seed());
  }

  /**
   * A second YAML document (after '---') was dropped without a word, its settings and even its
   * syntax errors never read; so was a second JSON object. Both are refused with their line.
   */
  @Test
  void whatFollowsTheSettingsIsRefusedNotDropped() throws Exception {
    Path twoDocuments = dir.resolve("two.yaml");
    Files.writeString(twoDocuments, "seed: 7\n---\nrepeats: 2\n");
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> SettingsIO.resolve(twoDocuments, Map.of()));
    assertEquals(
        "config file "
            + twoDocuments
            + " line 3: a second YAML document ('---') starts here; a settings file holds one:"
            + " move its settings into the first and remove the '---' line",
        e.getMessage());
    Path twoObjects = dir.resolve("two.json");
    Files.writeString(twoObjects, "{\"seed\": 7}\n{\"repeats\": 2}\n");
    e = assertThrows(InvalidInputException.class, () -> SettingsIO.resolve(twoObjects, Map.of()));
    assertEquals(
        "config file "
            + twoObjects
            + " line 2: more follows the settings' closing '}': keep one JSON object",
        e.getMessage());
    // One document, marked as such at its start and end, is read.
    Path marked = dir.resolve("marked.yaml");
    Files.writeString(marked, "---\nseed: 7\n...\n");
    assertEquals(7L, SettingsIO.resolve(marked, Map.of()).seed());
    Path trailing = dir.resolve("trailing.yaml");
    Files.writeString(trailing, "seed: 7\n---\n");
    assertEquals(7L, SettingsIO.resolve(trailing, Map.of()).seed());
  }

  /** A misspelt key, or one written with underscores, is told the name it most likely meant. */
  @Test
  void anUnknownKeyIsToldTheNearestName() throws Exception {
    for (Map.Entry<String, String> c :
        Map.of(
                "train_fraction", "train-fraction",
                "trainFraction", "train-fraction",
                "--seed", "seed",
                "seeed", "seed",
                "repeat", "repeats",
                "fine_tune_epochs", "fine-tune-epochs")
            .entrySet()) {
      Path f = dir.resolve("near.yaml");
      Files.writeString(f, "\"" + c.getKey() + "\": 1\n");
      InvalidInputException e =
          assertThrows(InvalidInputException.class, () -> SettingsIO.resolve(f, Map.of()));
      assertEquals(
          "config file "
              + f
              + " line 1, column 1: unknown setting '"
              + c.getKey()
              + "': did you mean '"
              + c.getValue()
              + "'? (keys are the long flag names, words joined by dashes)",
          e.getMessage());
    }
    Path far = dir.resolve("far.yaml");
    Files.writeString(far, "colour: 1\n");
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> SettingsIO.resolve(far, Map.of()));
    assertTrue(
        e.getMessage().contains("unknown setting 'colour'; known settings: "), e.getMessage());
  }

  /** YAML in a file named .json was refused as bad JSON with no word of why; now it is said. */
  @Test
  void yamlInAJsonFileIsSaidToBeYaml() throws Exception {
    Path f = dir.resolve("settings.json");
    Files.writeString(f, "seed: 7\nrepeats: 2\n");
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> SettingsIO.resolve(f, Map.of()));
    assertTrue(
        e.getMessage().startsWith("config file " + f + " line 1, column 1: not valid JSON: "),
        e.getMessage());
    assertTrue(
        e.getMessage().endsWith(" (the file reads as YAML: name it .yaml, or write it as JSON)"),
        e.getMessage());
    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, "{\"seed\": 7,}\n");
    e = assertThrows(InvalidInputException.class, () -> SettingsIO.resolve(broken, Map.of()));
    assertFalse(e.getMessage().contains("reads as YAML"), e.getMessage());
  }
}
