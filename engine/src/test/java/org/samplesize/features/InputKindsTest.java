package org.samplesize.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.InvalidInputException;

/**
 * Image inputs that common exports have besides {@code float32 [N,3,H,W]}: a batch dimension fixed
 * at 1 (or another size), a single channel, and uint8 pixels. Each is honoured, or refused with
 * exit 2 naming the input.
 */
class InputKindsTest {
  @TempDir Path tmp;

  private static final int FLOAT = OnnxMl.TensorProto.DataType.FLOAT_VALUE;
  private static final int UINT8 = OnnxMl.TensorProto.DataType.UINT8_VALUE;
  private static final int PIXELS = 16;

  /** {@code n} RGB images of 4×4, NCHW, values in [0, hi). */
  private static FloatBuffer images(int n, float hi, long seed) {
    Random r = new Random(seed);
    FloatBuffer b =
        java.nio.ByteBuffer.allocateDirect(n * 3 * PIXELS * 4)
            .order(ByteOrder.nativeOrder())
            .asFloatBuffer();
    for (int i = 0; i < n * 3 * PIXELS; i++) {
      b.put(i, r.nextFloat() * hi);
    }
    return b;
  }

  /** Per-channel means of each image after {@code f} maps (image, channel, pixel) to a value. */
  private interface PixelMap {
    double at(FloatBuffer b, int image, int channel, int pixel);
  }

  private static float[] means(FloatBuffer b, int n, int channels, PixelMap f) {
    float[] out = new float[n * channels];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < channels; c++) {
        double sum = 0;
        for (int p = 0; p < PIXELS; p++) {
          sum += f.at(b, i, c, p);
        }
        out[i * channels + c] = (float) (sum / PIXELS);
      }
    }
    return out;
  }

  private static double rgb(FloatBuffer b, int image, int channel, int pixel) {
    return b.get(image * 3 * PIXELS + channel * PIXELS + pixel);
  }

  private static double luma(FloatBuffer b, int image, int channel, int pixel) {
    return 0.299 * rgb(b, image, 0, pixel)
        + 0.587 * rgb(b, image, 1, pixel)
        + 0.114 * rgb(b, image, 2, pixel);
  }

  /** The card's preprocessing with scale 1/255 and this mean and std. */
  private static org.samplesize.image.Preprocessing normalised(
      ModelCard card, float[] mean, float[] std) {
    org.samplesize.image.Preprocessing p = card.preprocessing();
    return new org.samplesize.image.Preprocessing(
        p.resize(), p.width(), p.height(), p.shortSide(), 1f / 255f, mean, std, p.layout());
  }

  private FeatureExtractor open(Path model, FeatureCacheTest.Notes notes) {
    ModelCard card = ModelCard.load(model.toString());
    return FeatureExtractor.open(
        card, model, "feat", ExecutionProfile.load("cpu"), 1, tmp.resolve("cache"), notes);
  }

  @Test
  void aBatchFixedAtOneRunsOneImageAtATime() throws Exception {
    Path model = TinyModels.channelMeans(tmp, "fixed1.onnx", 1, 3, FLOAT);
    FloatBuffer imgs = images(5, 1f, 1);
    FeatureCacheTest.Notes notes = new FeatureCacheTest.Notes();
    try (FeatureExtractor fe = open(model, notes)) {
      assertEquals(1, fe.fixedBatch());
      assertEquals(3, fe.cols());
      assertArrayEquals(means(imgs, 5, 3, InputKindsTest::rgb), fe.run(imgs, 5), 1e-5f);
    }
    assertTrue(
        notes.notes.stream().anyMatch(s -> s.contains("fixed batch size of 1")),
        notes.notes.toString());
  }

  @Test
  void aBatchFixedAtTwoIsPaddedForAnOddCount() throws Exception {
    Path model = TinyModels.channelMeans(tmp, "fixed2.onnx", 2, 3, FLOAT);
    FloatBuffer imgs = images(5, 1f, 2);
    try (FeatureExtractor fe = open(model, new FeatureCacheTest.Notes())) {
      assertEquals(2, fe.fixedBatch());
      float[] got = fe.run(imgs, 5);
      assertEquals(15, got.length);
      assertArrayEquals(means(imgs, 5, 3, InputKindsTest::rgb), got, 1e-5f);
      assertArrayEquals(means(imgs, 1, 3, InputKindsTest::rgb), fe.run(imgs, 1), 1e-5f);
    }
  }

  @Test
  void aFreeBatchIsStillOneCall() throws Exception {
    Path model = TinyModels.channelMeans(tmp, "free.onnx", -1, 3, FLOAT);
    FloatBuffer imgs = images(4, 1f, 3);
    try (FeatureExtractor fe = open(model, new FeatureCacheTest.Notes())) {
      assertEquals(0, fe.fixedBatch());
      assertArrayEquals(means(imgs, 4, 3, InputKindsTest::rgb), fe.run(imgs, 4), 1e-5f);
    }
  }

  @Test
  void aSingleChannelModelGetsTheLuminance() throws Exception {
    Path model = TinyModels.channelMeans(tmp, "gray.onnx", -1, 1, FLOAT);
    ModelCard card = ModelCard.load(model.toString());
    assertEquals(1, card.input().channels());
    // A bare 1-channel file: plain 0-1 luminance, no ImageNet normalisation.
    assertEquals(1f / 255f, card.preprocessing().scale(), 0f);
    assertArrayEquals(new float[] {0, 0, 0}, card.preprocessing().mean(), 0f);
    FloatBuffer imgs = images(3, 1f, 4);
    FeatureCacheTest.Notes notes = new FeatureCacheTest.Notes();
    try (FeatureExtractor fe = open(model, notes)) {
      assertEquals(1, fe.cols());
      assertEquals(3 * PIXELS, fe.sampleSize(), "the pipeline still delivers RGB images");
      assertArrayEquals(means(imgs, 3, 1, InputKindsTest::luma), fe.run(imgs, 3), 1e-5f);
    }
    assertTrue(notes.notes.stream().anyMatch(s -> s.contains("luminance")), notes.notes.toString());
  }

  @Test
  void aSingleChannelCardWithPerChannelNormalisationIsRefused() throws Exception {
    Path model = TinyModels.channelMeans(tmp, "gray.onnx", -1, 1, FLOAT);
    ModelCard card = ModelCard.load(model.toString());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                card.withPreprocessing(
                    normalised(card, new float[] {0.485f, 0.456f, 0.406f}, new float[] {1, 1, 1})));
    assertTrue(e.getMessage().contains("takes 1 channel"), e.getMessage());
  }

  @Test
  void aUint8ModelGetsBytes() throws Exception {
    Path model = TinyModels.channelMeans(tmp, "bytes.onnx", -1, 3, UINT8);
    ModelCard card = ModelCard.load(model.toString());
    assertEquals(1f, card.preprocessing().scale(), 0f, "a uint8 input takes raw pixels");
    assertArrayEquals(new float[] {1, 1, 1}, card.preprocessing().std(), 0f);
    FloatBuffer imgs = images(3, 255.9f, 5);
    imgs.put(0, 300f); // an overshoot of a bicubic-like resize saturates, as in an 8-bit image
    FeatureCacheTest.Notes notes = new FeatureCacheTest.Notes();
    try (FeatureExtractor fe = open(model, notes)) {
      assertArrayEquals(
          means(imgs, 3, 3, (b, i, c, p) -> Math.min(255, Math.round((float) rgb(b, i, c, p)))),
          fe.run(imgs, 3),
          1e-4f);
    }
    assertTrue(notes.notes.stream().anyMatch(s -> s.contains("UINT8")), notes.notes.toString());
  }

  @Test
  void aUint8GrayModelWithAFixedBatchGetsLuminanceBytesOneAtATime() throws Exception {
    Path model = TinyModels.channelMeans(tmp, "all.onnx", 1, 1, UINT8);
    FloatBuffer imgs = images(3, 255f, 6);
    try (FeatureExtractor fe = open(model, new FeatureCacheTest.Notes())) {
      assertArrayEquals(
          means(imgs, 3, 1, (b, i, c, p) -> Math.round((float) luma(b, i, c, p))),
          fe.run(imgs, 3),
          1e-4f);
    }
  }

  @Test
  void aUint8ModelWithANormalisingCardIsRefusedNamingTheInput() throws Exception {
    Path model = TinyModels.channelMeans(tmp, "bytes.onnx", -1, 3, UINT8);
    ModelCard bare = ModelCard.load(model.toString());
    ModelCard imagenet =
        bare.withPreprocessing(
            normalised(
                bare, new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f}));
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                FeatureExtractor.open(
                    imagenet,
                    model,
                    "feat",
                    ExecutionProfile.load("cpu"),
                    1,
                    tmp,
                    new FeatureCacheTest.Notes()));
    assertTrue(e.getMessage().contains("input 'input' is UINT8"), e.getMessage());
  }

  @Test
  void anInt8InputIsRefusedNamingTheInputAndItsType() throws Exception {
    Path model =
        TinyModels.channelMeans(tmp, "int8.onnx", -1, 3, OnnxMl.TensorProto.DataType.INT8_VALUE);
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> open(model, new FeatureCacheTest.Notes()).close());
    assertTrue(e.getMessage().contains("input 'input' has element type INT8"), e.getMessage());
  }

  /** Features of a few PNGs through the whole extraction path (decode, cache, batches of 4). */
  private float[][] cachedFeatures(Path model) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("images"));
    java.util.List<org.samplesize.image.ImageRequest> reqs = new java.util.ArrayList<>();
    Random r = new Random(9);
    for (int i = 0; i < 7; i++) {
      java.awt.image.BufferedImage img =
          new java.awt.image.BufferedImage(6, 5, java.awt.image.BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < 5; y++) {
        for (int x = 0; x < 6; x++) {
          img.setRGB(x, y, r.nextInt(1 << 24));
        }
      }
      Path f = dir.resolve("img" + i + ".png");
      javax.imageio.ImageIO.write(img, "png", f.toFile());
      reqs.add(new org.samplesize.image.ImageRequest(f, i, 0, false));
    }
    ModelCard card = ModelCard.load(model.toString());
    FeatureRequest req =
        new FeatureRequest(
            reqs, card, "feat", org.samplesize.image.Augmentation.none(), 1, Dtype.FLOAT32);
    try (FeatureStore s =
        FeatureCache.getOrCompute(
            req,
            model,
            ExecutionProfile.load("cpu"),
            1,
            4,
            tmp.resolve("cache"),
            new FeatureCacheTest.Notes())) {
      return FeatureCacheTest.rows(s);
    }
  }

  @Test
  void theExtractionOfAFixedBatchOneModelMatchesTheFreeBatchModel() throws Exception {
    float[][] fixed = cachedFeatures(TinyModels.channelMeans(tmp, "f1.onnx", 1, 1, FLOAT));
    float[][] free = cachedFeatures(TinyModels.channelMeans(tmp, "fn.onnx", -1, 1, FLOAT));
    assertEquals(7, fixed.length);
    for (int i = 0; i < fixed.length; i++) {
      assertArrayEquals(free[i], fixed[i], 1e-6f, "row " + i);
      assertTrue(fixed[i][0] > 0, "row " + i + " is empty");
    }
  }

  @Test
  void aModelPathThatIsAFolderSaysSo() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("mobilenet.onnx"));
    TinyModels.channelMeans(dir, "model.onnx", -1, 3, FLOAT);
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> ModelCard.load(dir.toString()));
    assertTrue(e.getMessage().contains("is a folder, not a file"), e.getMessage());
    assertTrue(e.getMessage().contains("model.onnx"), e.getMessage());
    InvalidInputException e2 = assertThrows(InvalidInputException.class, () -> OnnxGraph.read(dir));
    assertTrue(e2.getMessage().contains("is a folder, not a file"), e2.getMessage());
  }
}
