package org.samplesize.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's mirror setting comes from {@code --mirror} or from a settings file ({@code --config}, or
 * the run's own settings.yaml that {@code features --run} reads); the line naming the mirror said
 * "from --mirror" for both.
 */
class PlannerMirrorTest {
  @TempDir Path dir;

  @Test
  void aMirrorFromASettingsFileIsNotSaidToComeFromTheFlag() throws Exception {
    Path config = dir.resolve("settings.yaml");
    Files.writeString(config, "mirror: " + dir.resolve("mirror") + "\n");
    RunSettings fromFile = SettingsIO.resolve(config, Map.of());
    assertEquals(
        dir.resolve("mirror") + " (from --mirror or the settings file)",
        Planner.mirror(fromFile).describe());
    RunSettings fromFlag = SettingsIO.resolve(null, Map.of("mirror", dir.resolve("m").toString()));
    assertEquals(Planner.MIRROR_SETTING, Planner.mirror(fromFlag).source());
  }
}
