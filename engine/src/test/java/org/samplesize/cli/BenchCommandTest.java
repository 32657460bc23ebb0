package org.samplesize.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.features.ModelCard;

/** What {@code bench} records about the decoding its feature rows were measured with. */
class BenchCommandTest {
  @TempDir Path dir;

  @Test
  void theJsonAndTheNotesLineSayWhetherJpegDctScalingWasOnAndTheResize() throws Exception {
    ModelCard off = ModelCard.load(ModelCard.DEFAULT);
    ModelCard on = off.withPreprocessing(off.preprocessing().withJpegDctScaling(true));
    assertFalse(off.preprocessing().jpegDctScaling(), "the built-in card has it off");

    Path a = dir.resolve("off.json");
    Path b = dir.resolve("on.json");
    BenchCommand.writeJson(List.of(), 1, off, a);
    BenchCommand.writeJson(List.of(), 1, on, b);
    JsonNode ja = new ObjectMapper().readTree(a.toFile());
    JsonNode jb = new ObjectMapper().readTree(b.toFile());
    assertFalse(ja.path("preprocessing").path("jpeg_dct_scaling").asBoolean(true));
    assertTrue(jb.path("preprocessing").path("jpeg_dct_scaling").asBoolean(false));
    assertEquals(
        off.preprocessing().resize().name(), ja.path("preprocessing").path("resize").asText());
    assertEquals(off.preprocessing().width(), ja.path("preprocessing").path("width").asInt());
    assertEquals(off.name(), ja.path("model").asText());

    String lineOff = BenchCommand.settingsLine(off);
    String lineOn = BenchCommand.settingsLine(on);
    assertTrue(lineOff.endsWith("jpeg-dct-scaling off"), lineOff);
    assertTrue(lineOn.endsWith("jpeg-dct-scaling on"), lineOn);
    assertTrue(lineOff.contains("resize " + off.preprocessing().resize()), lineOff);
  }
}
