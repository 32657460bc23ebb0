package org.samplesize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SettingSourceTest {
  /**
   * A settings file writes a flag's words joined by dashes (input-layout:, as settings.yaml does),
   * so the advice for a value the file gave names that key, not input_layout.
   */
  @Test
  void theAdviceNamesTheSettingsFilesKeyWithDashes() {
    SettingSource file = SettingSource.of("config file r.yaml line 3, column 15", "--input-layout");
    assertEquals("input-layout", file.key());
    assertEquals("set input-layout: nhwc", file.advice(null, "nhwc"));
    assertEquals("input-layout", SettingSource.flag("--input-layout").key());
  }

  @Test
  void aFlagIsAdvisedAsTheFlag() {
    SettingSource flag = SettingSource.flag("--device");
    assertEquals("use one of those or --device auto", flag.advice("one of those", "auto"));
    assertEquals("--device cuda", flag.given("cuda"));
  }
}
