package org.samplesize.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.data.ImageDataset;
import org.samplesize.features.ModelCard;

class PipelineStagesTest {
  @TempDir Path dir;

  @Test
  void theRunsJpegDctScalingSettingDecidesWhateverTheCardSays() {
    ModelCard off = ModelCard.load(ModelCard.DEFAULT);
    ModelCard on = off.withPreprocessing(off.preprocessing().withJpegDctScaling(true));
    RunSettings flagOn = SettingsIO.resolve(null, Map.of("jpeg-dct-scaling", true));
    RunSettings flagOff = SettingsIO.resolve(null, Map.of());
    assertTrue(PipelineStages.withRunSettings(off, flagOn).preprocessing().jpegDctScaling());
    assertFalse(PipelineStages.withRunSettings(on, flagOff).preprocessing().jpegDctScaling());
    assertSame(off, PipelineStages.withRunSettings(off, flagOff));
  }

  @Test
  void theRunsExifOrientationSettingDecidesWhateverTheCardSays() {
    ModelCard off = ModelCard.load(ModelCard.DEFAULT);
    ModelCard on = off.withPreprocessing(off.preprocessing().withExifOrientation(true));
    RunSettings flagOn = SettingsIO.resolve(null, Map.of("exif-orientation", true));
    RunSettings flagOff = SettingsIO.resolve(null, Map.of());
    assertTrue(PipelineStages.withRunSettings(off, flagOn).preprocessing().exifOrientation());
    assertFalse(PipelineStages.withRunSettings(on, flagOff).preprocessing().exifOrientation());
    // The run's flag is an identity key of its own: the card's value leaves the fingerprint.
    assertEquals(PipelineStages.cardFingerprint(off), PipelineStages.cardFingerprint(on));
    assertEquals(off.numbersSha256(), PipelineStages.cardFingerprint(off));
  }

  @Test
  void theDataFingerprintsTakeADanglingLinkAsAnUnusableImageInsteadOfFailing() throws Exception {
    Path data = TinyData.images(dir.resolve("data"), 2, 1);
    ImageDataset clean = ImageDataset.scan(data);
    String content = PipelineStages.contentHash(clean, 2);
    String listing = PipelineStages.listingHash(clean);
    Files.createSymbolicLink(data.resolve("blue/gone.png"), data.resolve("blue/nowhere.png"));
    ImageDataset linked = ImageDataset.scan(data);
    assertNotEquals(content, PipelineStages.contentHash(linked, 2));
    assertNotEquals(listing, PipelineStages.listingHash(linked));
    assertEquals(PipelineStages.contentHash(linked, 1), PipelineStages.contentHash(linked, 2));
  }

  @Test
  void theDataFingerprintsTakeAFileWithoutReadPermissionAsAnUnusableImage() throws Exception {
    Path data = TinyData.images(dir.resolve("data"), 2, 1);
    Path locked = data.resolve("green/img000.png");
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
    assumeFalse(
        Files.isReadable(locked), "skipped: running as root, permissions do not stop reads");
    String content = PipelineStages.contentHash(ImageDataset.scan(data), 2);
    assertEquals(64, content.length());
  }
}
