package org.samplesize.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report's "Settings in force" table names each setting as a settings file does. */
class ReportSettingsTableTest {

  @Test
  void targetsAreNamedByTheFlagAsInSettingsYaml() {
    RunSettings s = SettingsIO.resolve(null, Map.of("targets", java.util.List.of(0.9, 0.93)));
    Map<String, String> table = RunOutputs.flatSettings(s);
    assertEquals("[0.9,0.93]", table.get("target"));
    assertFalse(table.containsKey("targets"), table.keySet().toString());
    // The same key settings.yaml writes, which --config reads back.
    org.junit.jupiter.api.Assertions.assertTrue(
        SettingsIO.yaml(s).contains("\ntarget:"), SettingsIO.yaml(s));
  }

  @Test
  void everyOtherKeyIsTheSettingsFileKey() {
    Map<String, String> table = RunOutputs.flatSettings(RunSettings.defaults());
    for (String key : table.keySet()) {
      org.junit.jupiter.api.Assertions.assertTrue(
          SettingsIO.yaml(RunSettings.defaults()).contains("\n" + key + ":"), key);
    }
  }
}
