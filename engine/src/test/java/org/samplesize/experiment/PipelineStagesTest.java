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
    assertTrue(flagOn.cardOverrides().applyTo(off).preprocessing().jpegDctScaling());
    assertFalse(flagOff.cardOverrides().applyTo(on).preprocessing().jpegDctScaling());
    assertSame(off, flagOff.cardOverrides().applyTo(off));
  }

  @Test
  void theRunsExifOrientationSettingDecidesWhateverTheCardSays() {
    ModelCard off = ModelCard.load(ModelCard.DEFAULT);
    ModelCard on = off.withPreprocessing(off.preprocessing().withExifOrientation(true));
    RunSettings flagOn = SettingsIO.resolve(null, Map.of("exif-orientation", true));
    RunSettings flagOff = SettingsIO.resolve(null, Map.of());
    assertTrue(flagOn.cardOverrides().applyTo(off).preprocessing().exifOrientation());
    assertFalse(flagOff.cardOverrides().applyTo(on).preprocessing().exifOrientation());
    // The run's flag is an identity key of its own: the card's value leaves the fingerprint.
    assertEquals(Planner.cardFingerprint(off), Planner.cardFingerprint(on));
    assertEquals(off.numbersSha256(), Planner.cardFingerprint(off));
  }

  @Test
  void theDataFingerprintsTakeADanglingLinkAsAnUnusableImageInsteadOfFailing() throws Exception {
    Path data = TinyData.images(dir.resolve("data"), 2, 1);
    ImageDataset clean = ImageDataset.scan(data);
    String content = DataFingerprint.contentHash(clean, 2);
    String listing = DataFingerprint.listingHash(clean);
    Files.createSymbolicLink(data.resolve("blue/gone.png"), data.resolve("blue/nowhere.png"));
    ImageDataset linked = ImageDataset.scan(data);
    assertNotEquals(content, DataFingerprint.contentHash(linked, 2));
    assertNotEquals(listing, DataFingerprint.listingHash(linked));
    assertEquals(DataFingerprint.contentHash(linked, 1), DataFingerprint.contentHash(linked, 2));
  }

  @Test
  void theDataFingerprintsTakeAFileWithoutReadPermissionAsAnUnusableImage() throws Exception {
    Path data = TinyData.images(dir.resolve("data"), 2, 1);
    Path locked = data.resolve("green/img000.png");
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
    assumeFalse(
        Files.isReadable(locked), "skipped: running as root, permissions do not stop reads");
    String content = DataFingerprint.contentHash(ImageDataset.scan(data), 2);
    assertEquals(64, content.length());
  }
}
