package org.samplesize.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.image.Augmentation;
import org.samplesize.image.ImageRequest;
import org.samplesize.io.Folders;
import org.samplesize.io.SealedFiles;

/**
 * A cut model in the cache is checked against the seal written with it: a flipped bit, random bytes
 * or a truncated file is made again (with a note) and never used, so features are those of a clean
 * run.
 */
class CutIntegrityTest {
  @TempDir Path tmp;

  private FeatureRequest request(Path model) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("images"));
    List<ImageRequest> reqs = new ArrayList<>();
    Random r = new Random(5);
    for (int i = 0; i < 6; i++) {
      BufferedImage img = new BufferedImage(6, 5, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < 5; y++) {
        for (int x = 0; x < 6; x++) {
          img.setRGB(x, y, r.nextInt(1 << 24));
        }
      }
      Path f = dir.resolve("img" + i + ".png");
      ImageIO.write(img, "png", f.toFile());
      reqs.add(new ImageRequest(f, i, 0, false));
    }
    ModelCard card = TinyModels.card(model);
    return new FeatureRequest(reqs, card, "feat", Augmentation.none(), 1, Dtype.FLOAT32);
  }

  private static float[][] features(
      FeatureRequest req, Path model, Path cache, FeatureCacheTest.Notes n) {
    try (FeatureStore s =
        FeatureCache.getOrCompute(req, model, ExecutionProfile.load("cpu"), 1, 4, cache, n)) {
      return FeatureCacheTest.rows(s);
    }
  }

  private static Path onlyCut(Path cache) throws IOException {
    try (var files = Files.list(cache.resolve("cuts"))) {
      List<Path> cuts = files.filter(p -> p.toString().endsWith(".onnx")).toList();
      assertEquals(1, cuts.size(), cuts.toString());
      return cuts.get(0);
    }
  }

  /** Offset of the conv bias (the floats of {@link TinyModels#BIAS}) in a model file. */
  private static int biasOffset(byte[] file) {
    ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    b.putFloat(TinyModels.BIAS[0]).putFloat(TinyModels.BIAS[1]);
    byte[] needle = b.array();
    outer:
    for (int i = 0; i + needle.length <= file.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (file[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("bias bytes not found in the cut");
  }

  private interface Damage {
    void apply(Path cut) throws IOException;
  }

  private void damagedCutIsMadeAgain(Damage damage, String noteWords) throws Exception {
    Path model = TinyModels.write(tmp);
    FeatureRequest req = request(model);
    Path cache = tmp.resolve("cache");
    float[][] clean = features(req, model, cache, new FeatureCacheTest.Notes());
    Path cut = onlyCut(cache);
    byte[] good = Files.readAllBytes(cut);
    assertTrue(Files.isRegularFile(SealedFiles.sealOf(cut)), "cut written without a seal");

    // The features must be computed again through the damaged cut, not read back.
    Folders.deleteTree(cache.resolve("features"));
    damage.apply(cut);
    FeatureCacheTest.Notes n = new FeatureCacheTest.Notes();
    float[][] again = features(req, model, cache, n);

    assertArrayEquals(clean, again, "features computed through a damaged cut");
    assertArrayEquals(good, Files.readAllBytes(cut), "the cut was not made again");
    assertTrue(
        n.notes.stream().anyMatch(s -> s.contains("cut model") && s.contains(noteWords)),
        n.notes.toString());
  }

  @Test
  void aFlippedBitInACachedCutIsMadeAgain() throws Exception {
    damagedCutIsMadeAgain(
        cut -> {
          byte[] b = Files.readAllBytes(cut);
          b[biasOffset(b) + 2] ^= 0x10; // the bias changes; the file still parses
          Files.write(cut, b);
        },
        "does not match");
  }

  @Test
  void aCutOfRandomBytesIsMadeAgainNotRefused() throws Exception {
    damagedCutIsMadeAgain(
        cut -> {
          byte[] b = new byte[(int) Files.size(cut)];
          new Random(1).nextBytes(b);
          Files.write(cut, b);
        },
        "does not match");
  }

  @Test
  void aTruncatedCutIsMadeAgain() throws Exception {
    damagedCutIsMadeAgain(
        cut -> {
          byte[] b = Files.readAllBytes(cut);
          Files.write(cut, java.util.Arrays.copyOf(b, b.length / 2));
        },
        "bytes, its seal says");
  }

  @Test
  void aCutWithoutItsSealIsMadeAgain() throws Exception {
    damagedCutIsMadeAgain(
        cut -> {
          byte[] b = Files.readAllBytes(cut);
          b[biasOffset(b)] ^= 0x01;
          Files.write(cut, b);
          Files.delete(SealedFiles.sealOf(cut));
        },
        "has no seal");
  }

  /**
   * The fine-tuning cut's pass is shown as "trunk activations", the feature tensor's as "features":
   * a run with --fine-tune printed "features" twice.
   */
  @Test
  void thePassIsNamedByItsTensor() throws Exception {
    Path model = TinyModels.write(tmp);
    FeatureRequest feat = request(model);
    FeatureRequest cut =
        new FeatureRequest(
            feat.images(), feat.card(), "relu", feat.aug(), feat.seed(), feat.dtype());
    Path cache = tmp.resolve("cache");
    FeatureCacheTest.Notes n = new FeatureCacheTest.Notes();
    features(feat, model, cache, n);
    features(cut, model, cache, n);
    assertEquals(List.of("features", "trunk activations"), n.stages);
  }

  @Test
  void theFeatureCacheIsKeyedByTheCheckedCut() throws Exception {
    Path model = TinyModels.write(tmp);
    FeatureRequest req = request(model);
    Path cache = tmp.resolve("cache");
    try (FeatureStore s =
        FeatureCache.getOrCompute(
            req, model, ExecutionProfile.load("cpu"), 1, 4, cache, new FeatureCacheTest.Notes())) {
      String cutSha = org.samplesize.io.Sha256.file(onlyCut(cache));
      assertEquals(cutSha, s.provenance().path("provenance").path("cutSha256").asText());
    }
    assertFalse(
        FeatureKey.of(req, "m", "a").equals(FeatureKey.of(req, "m", "b")),
        "a different cut must give a different cache");
  }
}
