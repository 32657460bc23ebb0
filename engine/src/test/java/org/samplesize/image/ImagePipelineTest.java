package org.samplesize.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.InvalidInputException;

class ImagePipelineTest {
  @TempDir Path dir;

  private static Preprocessing small(Layout layout) {
    return new Preprocessing(
        ResizeMode.SQUASH,
        8,
        6,
        8,
        1f / 127.5f,
        new float[] {1, 1, 1},
        new float[] {1, 1, 1},
        layout);
  }

  @Test
  void batchesKeepRequestOrderAndSkipBadImages() throws Exception {
    List<ImageRequest> requests = new ArrayList<>();
    List<Integer> grey = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      if (i == 2 || i == 7) {
        Path bad = Files.writeString(dir.resolve("bad" + i + ".png"), "not a png");
        requests.add(new ImageRequest(bad, i, 0, false));
        grey.add(-1);
        continue;
      }
      int v = 20 * i;
      Path p =
          TestImages.write(
              TestImages.rgb(5 + i, 4 + i % 3, (x, y) -> new int[] {v, v, v}),
              "png",
              dir.resolve("img" + i + ".png"));
      requests.add(new ImageRequest(p, i, 0, false));
      grey.add(v);
    }
    Preprocessing pre = small(Layout.NHWC);
    try (ImagePipeline pipeline = new ImagePipeline(pre, Augmentation.recipe(), 3, 1);
        BatchStream stream = pipeline.stream(requests, 4)) {
      List<Integer> sizes = new ArrayList<>();
      List<Integer> seen = new ArrayList<>();
      List<String> skipped = new ArrayList<>();
      while (stream.hasNext()) {
        ImageBatch b = stream.next();
        sizes.add(b.size());
        FloatBuffer data = b.data();
        assertTrue(data.isDirect());
        assertEquals(b.size() * pre.floatsPerImage(), data.remaining());
        for (int r = 0; r < b.size(); r++) {
          int pos = b.requestPositions()[r];
          seen.add(pos);
          float expected = grey.get(pos) / 127.5f - 1;
          for (int k = 0; k < pre.floatsPerImage(); k++) {
            assertEquals(expected, data.get(r * pre.floatsPerImage() + k), 1e-5, "request " + pos);
          }
        }
        b.skipped().forEach(s -> skipped.add(s.path().getFileName() + ": " + s.reason()));
        b.release();
      }
      // Batches cover 4 requests each; requests 2 and 7 are bad.
      assertEquals(List.of(3, 3, 4), sizes);
      assertEquals(List.of(0, 1, 3, 4, 5, 6, 8, 9, 10, 11), seen);
      assertEquals(2, skipped.size());
      assertTrue(skipped.get(0).startsWith("bad2.png: not an image"), skipped.toString());
      assertTrue(skipped.get(1).startsWith("bad7.png"), skipped.toString());
    }
  }

  private float[] runAll(List<ImageRequest> requests, int threads, Layout layout) throws Exception {
    Preprocessing pre = small(layout);
    float[] all = new float[requests.size() * pre.floatsPerImage()];
    try (ImagePipeline pipeline = new ImagePipeline(pre, Augmentation.recipe(), threads, 42);
        BatchStream stream = pipeline.stream(requests, 3)) {
      int off = 0;
      while (stream.hasNext()) {
        ImageBatch b = stream.next();
        int n = b.data().remaining();
        b.data().get(all, off, n);
        off += n;
        b.release();
      }
      assertEquals(all.length, off);
    }
    return all;
  }

  private List<ImageRequest> gradients(int n, boolean augment) throws Exception {
    List<ImageRequest> requests = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Path p =
          TestImages.write(
              TestImages.gradient(20 + i, 15 + 2 * i), "png", dir.resolve("g" + i + ".png"));
      requests.add(new ImageRequest(p, i, i % 2, augment));
    }
    return requests;
  }

  @Test
  void augmentedOutputDoesNotDependOnTheThreadCount() throws Exception {
    List<ImageRequest> requests = gradients(10, true);
    float[] one = runAll(requests, 1, Layout.NHWC);
    float[] four = runAll(requests, 4, Layout.NHWC);
    assertArrayEquals(one, four);
    float[] plain = runAll(gradients(10, false), 2, Layout.NHWC);
    assertFalse(java.util.Arrays.equals(one, plain), "augmentation changed nothing");
  }

  @Test
  void nchwIsTheTransposeOfNhwc() throws Exception {
    List<ImageRequest> requests = gradients(4, true);
    float[] hwc = runAll(requests, 2, Layout.NHWC);
    float[] chw = runAll(requests, 2, Layout.NCHW);
    int w = 8;
    int h = 6;
    for (int i = 0; i < 4; i++) {
      int base = i * 3 * w * h;
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          for (int c = 0; c < 3; c++) {
            assertEquals(hwc[base + (y * w + x) * 3 + c], chw[base + c * w * h + y * w + x]);
          }
        }
      }
    }
  }

  @Test
  void zooPreprocessingCropsTheCentreAndNormalisesWithMeanAndStd() throws Exception {
    // 40x20: left half red (200,0,0), right half blue (0,0,100). Short side 8 -> 16x8, crop 8x8
    // from x = 4: red in columns 0..3, blue in 4..7.
    Path p =
        TestImages.write(
            TestImages.rgb(
                40, 20, (x, y) -> x < 20 ? new int[] {200, 0, 0} : new int[] {0, 0, 100}),
            "png",
            dir.resolve("halves.png"));
    Preprocessing zoo = Preprocessing.zooCenterCrop224();
    Preprocessing pre = zoo.withSize(ResizeMode.SHORT_SIDE_CENTER_CROP, 8, 8, 8);
    try (ImagePipeline pipeline = new ImagePipeline(pre, Augmentation.none(), 1, 0);
        BatchStream stream = pipeline.stream(List.of(new ImageRequest(p, 0, 0, true)), 1)) {
      ImageBatch b = stream.next();
      FloatBuffer d = b.data();
      float redLeft = d.get(0 * 64 + 3 * 8 + 1); // channel R, row 3, column 1
      float redRight = d.get(0 * 64 + 3 * 8 + 6);
      float blueRight = d.get(2 * 64 + 3 * 8 + 6);
      assertEquals((200 / 255f - 0.485f) / 0.229f, redLeft, 1e-4);
      assertEquals((0 - 0.485f) / 0.229f, redRight, 1e-4);
      assertEquals((100 / 255f - 0.406f) / 0.225f, blueRight, 1e-4);
      b.release();
      assertThrows(IllegalStateException.class, b::data);
      assertFalse(stream.hasNext());
    }
  }

  @Test
  void anImageWhoseCentreCropResizeWouldExceedThePixelCapIsSkippedSayingWhy() throws Exception {
    // Under the centre crop the short side is resized first: a 2x400 image with a short side of 8
    // becomes 8x1600 = 12,800 pixels before the crop, above a cap of 10,000 though the image
    // itself has 800. At the real sizes a 1x40,000 PNG of 120 KB became 256x10,240,000 pixels,
    // 8 GB of memory for one image.
    Preprocessing pre =
        Preprocessing.zooCenterCrop224().withSize(ResizeMode.SHORT_SIDE_CENTER_CROP, 8, 8, 8);
    Path thin =
        TestImages.write(
            TestImages.rgb(2, 400, (x, y) -> new int[] {9, 9, 9}), "png", dir.resolve("thin.png"));
    Path fine = TestImages.write(TestImages.gradient(20, 30), "png", dir.resolve("fine.png"));
    List<ImageRequest> requests =
        List.of(new ImageRequest(thin, 0, 0, false), new ImageRequest(fine, 1, 0, false));
    try (ImagePipeline pipeline = new ImagePipeline(pre, Augmentation.none(), 1, 0, 10_000);
        BatchStream stream = pipeline.stream(requests, 2)) {
      ImageBatch b = stream.next();
      assertEquals(1, b.size(), "the other image is used");
      assertEquals(1, b.skipped().size());
      assertEquals(thin, b.skipped().get(0).path());
      assertEquals(
          "extreme shape 2x400: resizing its short side to 8 px before the centre crop would make"
              + " a 8x1600 image, above the cap of 10000 pixels; crop it to a less elongated"
              + " shape, or remove it",
          b.skipped().get(0).reason());
      b.release();
    }
    // The squash resizes straight to the output size: nothing to refuse.
    assertEquals(
        null,
        ImageTransformer.resizeRefusal(
            1, 40_000, Preprocessing.kerasSquash224(), ImageDecoder.DEFAULT_MAX_PIXELS));
    assertEquals(
        null,
        ImageTransformer.resizeRefusal(
            500, 375, Preprocessing.zooCenterCrop224(), ImageDecoder.DEFAULT_MAX_PIXELS));
  }

  @Test
  void aBatchTooLargeForOneBufferIsRefusedNamingTheLargestThatFits() throws Exception {
    // 224x224: 602,112 bytes an image, so at most 3,566 in the 2 GiB of one buffer. The sizes
    // were multiplied in an int: --batch 4096 (within the flags' range) overflowed it, an
    // internal error from ByteBuffer.allocateDirect.
    Preprocessing pre = Preprocessing.zooCenterCrop224();
    Path p = TestImages.write(TestImages.gradient(16, 16), "png", dir.resolve("g.png"));
    List<ImageRequest> many = new ArrayList<>();
    for (int i = 0; i < 4096; i++) {
      many.add(new ImageRequest(p, i, 0, false));
    }
    try (ImagePipeline pipeline = new ImagePipeline(pre, Augmentation.none(), 1, 0)) {
      InvalidInputException e =
          assertThrows(InvalidInputException.class, () -> pipeline.stream(many, 4096));
      assertTrue(e.getMessage().startsWith("--batch 4096: "), e.getMessage());
      assertTrue(e.getMessage().endsWith("give --batch 3566 or less"), e.getMessage());
      // Fewer images than the batch: the flag's value is named, with the images a batch holds.
      e = assertThrows(InvalidInputException.class, () -> pipeline.stream(many, 5000));
      assertTrue(
          e.getMessage().startsWith("--batch 5000: a batch of 4096 images of 224x224 needs"),
          e.getMessage());
      // A batch larger than the images asked for needs a buffer for those only.
      try (BatchStream st = pipeline.stream(many.subList(0, 2), 4096)) {
        assertEquals(2, st.next().size());
      }
    }
  }

  @Test
  void closedPipelineAndStreamRefuseWork() throws Exception {
    List<ImageRequest> requests = gradients(30, true);
    ImagePipeline pipeline = new ImagePipeline(small(Layout.NHWC), Augmentation.recipe(), 2, 1);
    BatchStream stream = pipeline.stream(requests, 2);
    ImageBatch first = stream.next();
    assertNotEquals(0, first.size());
    stream.close(); // abandons work in flight
    stream.close();
    assertThrows(IllegalStateException.class, stream::next);
    pipeline.close();
    pipeline.close();
    assertThrows(IllegalStateException.class, () -> pipeline.stream(requests, 2));
  }

  @Test
  void closingThePipelineFirstThenTheOpenStreamReturnsPromptly() throws Exception {
    // One thread and a window of 8: most tasks are still queued when the pipeline closes. Before
    // the fix shutdownNow() dropped them un-cancelled and the stream's close() waited forever.
    Path big = TestImages.write(TestImages.gradient(1600, 1200), "png", dir.resolve("big.png"));
    List<ImageRequest> requests = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      requests.add(new ImageRequest(big, i, 0, false));
    }
    ImagePipeline pipeline = new ImagePipeline(small(Layout.NHWC), Augmentation.recipe(), 1, 1);
    BatchStream stream = pipeline.stream(requests, 4);
    org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
        java.time.Duration.ofSeconds(20),
        () -> {
          pipeline.close();
          stream.close();
        });
    assertFalse(stream.hasNext());
    assertThrows(IllegalStateException.class, stream::next);
    assertThrows(IllegalStateException.class, () -> pipeline.stream(requests, 4));
  }

  /**
   * The zoo convention resamples 8-bit pixels (as torchvision's PIL pipeline does): every output is
   * (k / 255 - mean) / std for an integer k, within one level of an independent half-pixel bilinear
   * resize and centre crop, and both layouts hold the same numbers.
   */
  @Test
  void centreCropResamplesEightBitPixelsLikeABilinearReference() throws Exception {
    int w = 30;
    int h = 20;
    int[][][] px = new int[h][w][];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        px[y][x] = new int[] {(x * 37 + y * 11) % 256, (x * x + 3 * y) % 256, (255 - 8 * y) & 255};
      }
    }
    Path file =
        TestImages.write(TestImages.rgb(w, h, (x, y) -> px[y][x]), "png", dir.resolve("crop.png"));
    float[] mean = {0.485f, 0.456f, 0.406f};
    float[] std = {0.229f, 0.224f, 0.225f};
    int out = 16;
    int shortSide = 24; // 30x20 becomes 36x24 (enlarged: bilinear), cropped to 16x16 at (10, 4)
    int nw = 36;
    int nh = 24;
    int left = 10;
    int top = 4;
    float[][] got = new float[2][];
    for (Layout layout : Layout.values()) {
      Preprocessing pre =
          new Preprocessing(
              ResizeMode.SHORT_SIDE_CENTER_CROP, out, out, shortSide, 1f / 255f, mean, std, layout);
      try (ImagePipeline pipeline = new ImagePipeline(pre, Augmentation.none(), 1, 0);
          BatchStream stream = pipeline.stream(List.of(new ImageRequest(file, 0, 0, false)), 1)) {
        ImageBatch b = stream.next();
        float[] f = new float[pre.floatsPerImage()];
        b.data().get(f);
        b.release();
        got[layout.ordinal()] = f;
      }
    }
    int nchw = Layout.NCHW.ordinal();
    int nhwc = Layout.NHWC.ordinal();
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < out; y++) {
        for (int x = 0; x < out; x++) {
          float v = got[nchw][(c * out + y) * out + x];
          assertEquals(v, got[nhwc][(y * out + x) * 3 + c], 1e-5, "layouts differ");
          double level = (v * std[c] + mean[c]) * 255;
          assertEquals(Math.rint(level), level, 1e-3, "not an 8-bit level at " + x + "," + y);
          // Independent reference: half-pixel centres, edge replicated.
          double sx = Math.min(w - 1, Math.max(0, (x + left + 0.5) * w / nw - 0.5));
          double sy = Math.min(h - 1, Math.max(0, (y + top + 0.5) * h / nh - 0.5));
          int x0 = (int) Math.floor(sx);
          int y0 = (int) Math.floor(sy);
          int x1 = Math.min(w - 1, x0 + 1);
          int y1 = Math.min(h - 1, y0 + 1);
          double fx = sx - x0;
          double fy = sy - y0;
          double ref =
              (1 - fy) * ((1 - fx) * px[y0][x0][c] + fx * px[y0][x1][c])
                  + fy * ((1 - fx) * px[y1][x0][c] + fx * px[y1][x1][c]);
          assertEquals(ref, level, 1.0, "channel " + c + " at " + x + "," + y);
        }
      }
    }
  }

  @Test
  void aBatchOfOnlyBadImagesIsEmptyAndRowsAfterASkipMoveUp() throws Exception {
    // Batches of 3: [ok0, ok1, bad2] [bad3, bad4, bad5] [bad6, ok7, ok8] [ok9]
    boolean[] bad = {false, false, true, true, true, true, true, false, false, false};
    List<ImageRequest> requests = new ArrayList<>();
    for (int i = 0; i < bad.length; i++) {
      Path p;
      if (bad[i]) {
        p = Files.writeString(dir.resolve("bad" + i + ".jpg"), "not a jpeg");
      } else {
        int v = 10 + 20 * i;
        p =
            TestImages.write(
                TestImages.rgb(6, 5, (x, y) -> new int[] {v, v, v}),
                "png",
                dir.resolve("ok" + i + ".png"));
      }
      requests.add(new ImageRequest(p, i, 0, false));
    }
    Preprocessing pre = small(Layout.NCHW);
    List<Integer> sizes = new ArrayList<>();
    List<Integer> skippedCounts = new ArrayList<>();
    try (ImagePipeline pipeline = new ImagePipeline(pre, Augmentation.none(), 2, 1);
        BatchStream stream = pipeline.stream(requests, 3)) {
      while (stream.hasNext()) {
        ImageBatch b = stream.next();
        sizes.add(b.size());
        skippedCounts.add(b.skipped().size());
        assertEquals(b.size() * pre.floatsPerImage(), b.data().remaining());
        for (int r = 0; r < b.size(); r++) {
          int pos = b.requestPositions()[r];
          assertFalse(bad[pos]);
          float want = (10 + 20 * pos) / 127.5f - 1;
          assertEquals(want, b.data().get(r * pre.floatsPerImage()), 1e-5, "row " + r);
          assertEquals(
              want, b.data().get((r + 1) * pre.floatsPerImage() - 1), 1e-5, "row " + r + " end");
        }
        b.release();
      }
    }
    assertEquals(List.of(2, 0, 2, 1), sizes);
    assertEquals(List.of(1, 3, 1, 0), skippedCounts);
  }

  @Test
  void jpegDctScalingLeavesSmallImagesBitIdenticalAndLargeOnesClose() throws Exception {
    Preprocessing full = Preprocessing.zooCenterCrop224();
    Preprocessing reduced = full.withJpegDctScaling(true);
    java.awt.image.BufferedImage picture =
        TestImages.rgb(
            1600,
            1200,
            (x, y) ->
                new int[] {
                  (int) (127 + 100 * Math.sin(x / 29.0)),
                  (int) (127 + 100 * Math.cos(y / 17.0)),
                  (x + y) * 255 / 2800
                });
    Path big = TestImages.write(picture, "jpg", dir.resolve("big.jpg"));
    Path small = TestImages.write(TestImages.gradient(300, 260), "jpg", dir.resolve("small.jpg"));
    List<ImageRequest> requests =
        List.of(new ImageRequest(small, 0, 0, false), new ImageRequest(big, 1, 0, false));
    float[] a = runOnce(full, requests);
    float[] b = runOnce(reduced, requests);
    int n = full.floatsPerImage();
    assertArrayEquals(
        java.util.Arrays.copyOfRange(a, 0, n),
        java.util.Arrays.copyOfRange(b, 0, n),
        "an image too small to reduce decodes exactly as before");
    double sum = 0;
    for (int i = n; i < 2 * n; i++) {
      sum += Math.abs(a[i] - b[i]);
    }
    double meanAbs = sum / n;
    // In input units (about 0.017 per 8-bit level); measured 0.009: the same picture, not the
    // same bits.
    assertTrue(meanAbs > 0 && meanAbs < 0.05, "mean |reduced - full| = " + meanAbs);
  }

  @Test
  void jpegDctScalingUnderTheSquashDropsItsAliasingOnLargeImages() throws Exception {
    // A fine pattern that a bilinear squash from 1600 px to 224 px (no antialiasing, as in
    // tf.image.resize) aliases, while the reduced decode has already low-passed it.
    Preprocessing full = Preprocessing.kerasSquash224();
    java.awt.image.BufferedImage picture =
        TestImages.rgb(
            1600,
            1200,
            (x, y) ->
                new int[] {
                  (int) (127 + 100 * Math.sin(x / 3.0)),
                  (int) (127 + 100 * Math.cos(y / 2.0)),
                  (x * y) % 256
                });
    Path big = TestImages.write(picture, "jpg", dir.resolve("fine.jpg"));
    List<ImageRequest> requests = List.of(new ImageRequest(big, 0, 0, false));
    float[] a = runOnce(full, requests);
    float[] b = runOnce(full.withJpegDctScaling(true), requests);
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += Math.abs(a[i] - b[i]);
    }
    double levels = sum / a.length * 127.5;
    // Measured 15.4 levels on average on this pattern (a crop moves far less): README says so.
    assertTrue(levels > 5 && levels < 40, "mean |reduced - full| = " + levels + " levels");
  }

  @Test
  void exifOrientationTurnsTheModelInputWhenOnAndOnlyThen() throws Exception {
    // Lossless: a PNG stored sideways with orientation 6, and the same picture stored upright.
    int w = 48;
    int h = 32;
    BufferedImage upright =
        TestImages.rgb(h, w, (x, y) -> new int[] {x * 7, y * 5, x < 10 ? 250 : 20});
    BufferedImage sideways = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < w; y++) {
      for (int x = 0; x < h; x++) {
        // Orientation 6 is shown turned 90 degrees clockwise: shown (x, y) = stored (y, h-1-x).
        sideways.setRGB(y, h - 1 - x, upright.getRGB(x, y));
      }
    }
    Path plain = TestImages.write(upright, "png", dir.resolve("upright.png"));
    byte[] stored =
        Files.readAllBytes(TestImages.write(sideways, "png", dir.resolve("sideways-raw.png")));
    Path tagged =
        Files.write(dir.resolve("sideways.png"), TestImages.pngWithExifOrientation(stored, 6));
    Preprocessing off = Preprocessing.zooCenterCrop224();
    Preprocessing on = off.withExifOrientation(true);
    List<ImageRequest> both =
        List.of(new ImageRequest(plain, 0, 0, false), new ImageRequest(tagged, 1, 0, false));
    int n = off.floatsPerImage();
    float[] a = runOnce(on, both);
    assertArrayEquals(Arrays.copyOfRange(a, 0, n), Arrays.copyOfRange(a, n, 2 * n), 0f);
    float[] b = runOnce(off, both);
    assertFalse(Arrays.equals(Arrays.copyOfRange(b, 0, n), Arrays.copyOfRange(b, n, 2 * n)));
  }

  private static float[] runOnce(Preprocessing pre, List<ImageRequest> requests) throws Exception {
    float[] all = new float[requests.size() * pre.floatsPerImage()];
    try (ImagePipeline pipeline = new ImagePipeline(pre, Augmentation.none(), 2, 1);
        BatchStream stream = pipeline.stream(requests, requests.size())) {
      ImageBatch b = stream.next();
      assertEquals(all.length, b.data().remaining());
      b.data().get(all);
      b.release();
    }
    return all;
  }
}
