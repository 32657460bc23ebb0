package org.samplesize.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each augmentation operation against a reference computed independently: a per-pixel Java port of
 * TensorFlow's {@code ImageProjectiveTransformV3} (reflect fill, bilinear) that Keras' layers call,
 * and known answers on hand-built images.
 */
class AugmentationTest {
  private final ImageTransformer t = new ImageTransformer(Preprocessing.kerasSquash224());

  @AfterEach
  void close() {
    t.close();
  }

  /** A smooth but non-trivial 9x7 image; gradients stay below 16 levels per pixel. */
  static float[][][] smooth(int w, int h) {
    float[][][] img = new float[h][w][3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img[y][x][0] = 10 + 12 * x + 3 * y;
        img[y][x][1] = 200 - 9 * y + 2 * x;
        img[y][x][2] = 100 + 40 * (float) Math.sin(x * 0.3 + y * 0.2);
      }
    }
    return img;
  }

  /** TensorFlow's FILL_REFLECT map_coordinate, ported as written there. */
  static double reflect(double in, int len) {
    if (in < 0) {
      if (len <= 1) {
        in = 0;
      } else {
        long sz2 = 2L * len;
        if (in < sz2) {
          in = sz2 * (long) (-in / sz2) + in;
        }
        in = (in < -len) ? in + sz2 : -in - 1;
      }
    } else if (in > len - 1) {
      if (len <= 1) {
        in = 0;
      } else {
        long sz2 = 2L * len;
        in -= sz2 * (long) (in / sz2);
        if (in >= len) {
          in = sz2 - in - 1;
        }
      }
    }
    return Math.max(0, Math.min(len - 1, in));
  }

  /** TensorFlow's bilinear read after the fill-mode mapping. */
  static double bilinear(float[][][] img, double x, double y, int c) {
    int h = img.length;
    int w = img[0].length;
    x = reflect(x, w);
    y = reflect(y, h);
    int x0 = (int) Math.floor(x);
    int y0 = (int) Math.floor(y);
    int x1 = Math.min(x0 + 1, w - 1);
    int y1 = Math.min(y0 + 1, h - 1);
    double fx = x - x0;
    double fy = y - y0;
    double top = (1 - fx) * img[y0][x0][c] + fx * img[y0][x1][c];
    double bottom = (1 - fx) * img[y1][x0][c] + fx * img[y1][x1][c];
    return (1 - fy) * top + fy * bottom;
  }

  /** Keras' projective transform [a0 a1 a2 b0 b1 b2 0 0]: output (x, y) reads input (x', y'). */
  static float[][][] keras(float[][][] img, double[] m) {
    int h = img.length;
    int w = img[0].length;
    float[][][] out = new float[h][w][3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double sx = m[0] * x + m[1] * y + m[2];
        double sy = m[3] * x + m[4] * y + m[5];
        for (int c = 0; c < 3; c++) {
          out[y][x][c] = (float) bilinear(img, sx, sy, c);
        }
      }
    }
    return out;
  }

  /** Keras 3 RandomRotation's matrix, from keras/src/layers/preprocessing/image_preprocessing. */
  static double[] kerasRotation(double angle, int w, int h) {
    double cos = Math.cos(angle);
    double sin = Math.sin(angle);
    double xOffset = ((w - 1) - (cos * (w - 1) - sin * (h - 1))) / 2.0;
    double yOffset = ((h - 1) - (sin * (w - 1) + cos * (h - 1))) / 2.0;
    return new double[] {cos, -sin, xOffset, sin, cos, yOffset};
  }

  /** Keras 3 RandomZoom's matrix. */
  static double[] kerasZoom(double zoom, int w, int h) {
    return new double[] {zoom, 0, (w - 1) / 2.0 * (1 - zoom), 0, zoom, (h - 1) / 2.0 * (1 - zoom)};
  }

  static void assertClose(float[][][] expected, float[][][] actual, double tol) {
    double worst = 0;
    for (int y = 0; y < expected.length; y++) {
      for (int x = 0; x < expected[0].length; x++) {
        for (int c = 0; c < 3; c++) {
          worst = Math.max(worst, Math.abs(expected[y][x][c] - actual[y][x][c]));
        }
      }
    }
    assertTrue(worst <= tol, "largest difference " + worst + " > " + tol);
  }

  private float[][][] run(float[][][] img, java.util.function.BiConsumer<Mat, Mat> op) {
    try (Mat src = MatTestUtil.toMat(img);
        Mat dst = new Mat()) {
      op.accept(src, dst);
      return MatTestUtil.toArray(dst);
    }
  }

  @Test
  void rotationMatchesTheKerasReferenceAcrossTheRecipeRange() {
    float[][][] img = smooth(9, 7);
    for (double angle : new double[] {-0.2 * Math.PI, -0.3, 0.05, 0.4, 0.2 * Math.PI}) {
      float[][][] got = run(img, (s, d) -> t.rotate(s, d, angle));
      // OpenCV quantises bilinear weights to 1/32 pixel: at most 1/64 px * 16 levels/px = 0.25.
      assertClose(keras(img, kerasRotation(angle, 9, 7)), got, 0.3);
    }
  }

  @Test
  void rotationKnownAnswers() {
    float[][][] img = smooth(5, 5);
    float[][][] half = run(img, (s, d) -> t.rotate(s, d, Math.PI));
    float[][][] quarter = run(img, (s, d) -> t.rotate(s, d, Math.PI / 2));
    for (int y = 0; y < 5; y++) {
      for (int x = 0; x < 5; x++) {
        for (int c = 0; c < 3; c++) {
          assertEquals(img[4 - y][4 - x][c], half[y][x][c], 1e-3); // a half turn reverses both axes
          assertEquals(img[x][4 - y][c], quarter[y][x][c], 1e-3); // reads input (n-1-y, x)
        }
      }
    }
  }

  @Test
  void rotationFillsTheCornersByReflection() {
    // A corner pixel rotated by 45 degrees about the centre of a 4x4 image reads outside the image;
    // with reflect fill it must take a value of the image, not black.
    float[][][] img = new float[4][4][3];
    for (float[][] row : img) {
      for (float[] px : row) {
        java.util.Arrays.fill(px, 100);
      }
    }
    float[][][] got = run(img, (s, d) -> t.rotate(s, d, Math.PI / 4));
    assertEquals(100, got[0][0][0], 1e-3);
    assertEquals(100, got[3][3][2], 1e-3);
  }

  @Test
  void zoomMatchesTheKerasReferenceAndKnownAnswers() {
    float[][][] img = smooth(9, 7);
    for (double z : new double[] {0.9, 0.93, 0.999}) {
      assertClose(keras(img, kerasZoom(z, 9, 7)), run(img, (s, d) -> t.zoom(s, d, z)), 0.3);
    }
    // zoom 0.5 on a 5-pixel row: output x reads input 0.5 x + 1: 1, 1.5, 2, 2.5, 3.
    float[][][] row = new float[1][5][3];
    for (int x = 0; x < 5; x++) {
      row[0][x][0] = 10 * x;
    }
    float[][][] got = run(row, (s, d) -> t.zoom(s, d, 0.5));
    float[] expected = {10, 15, 20, 25, 30};
    for (int x = 0; x < 5; x++) {
      assertEquals(expected[x], got[0][x][0], 0.2);
    }
  }

  @Test
  void flipMirrorsExactly() {
    float[][][] img = smooth(6, 3);
    float[][][] got = run(img, ImageTransformer::flipHorizontal);
    for (int y = 0; y < 3; y++) {
      for (int x = 0; x < 6; x++) {
        assertEquals(img[y][5 - x][1], got[y][x][1]);
      }
    }
  }

  @Test
  void contrastScalesAroundEachChannelMeanAndClips() {
    // R: 0, 100, 200, 100 (mean 100); G: 250, 250, 250, 254 (mean 251); B: 0, 0, 0, 4 (mean 1).
    float[][][] img = {
      {{0, 250, 0}, {100, 250, 0}},
      {{200, 250, 0}, {100, 254, 4}}
    };
    try (Mat m = MatTestUtil.toMat(img)) {
      t.contrast(m, 1.1);
      float[][][] got = MatTestUtil.toArray(m);
      assertEquals(0, got[0][0][0], 1e-4); // 100 + 1.1 * -100 = -10, clipped
      assertEquals(100, got[0][1][0], 1e-4);
      assertEquals(210, got[1][0][0], 1e-4);
      assertEquals(251 + 1.1 * 3, got[1][1][1], 1e-3); // 254.3
      assertEquals(251 - 1.1, got[0][0][1], 1e-3);
      assertEquals(1 + 1.1 * 3, got[1][1][2], 1e-3);
      assertEquals(0, got[0][0][2], 1e-4); // 1 - 1.1 = -0.1, clipped
    }
    float[][][] bright = {{{200, 0, 0}, {254, 0, 0}}};
    try (Mat m = MatTestUtil.toMat(bright)) {
      t.contrast(m, 1.1);
      assertEquals(255, MatTestUtil.toArray(m)[0][1][0], 1e-4); // 227 + 1.1 * 27 = 256.7, clipped
    }
  }

  @Test
  void drawsAreSeededPerImageAndViewAndStayInTheRecipeRanges() {
    Augmentation a = Augmentation.recipe();
    assertEquals(a.draw(7, 12, 0), a.draw(7, 12, 0));
    assertNotEquals(a.draw(7, 12, 0), a.draw(7, 12, 1));
    assertNotEquals(a.draw(7, 12, 0), a.draw(7, 13, 0));
    assertNotEquals(a.draw(7, 12, 0), a.draw(8, 12, 0));
    int flips = 0;
    for (int i = 0; i < 4000; i++) {
      Augmentation.Params p = a.draw(1, i, 0);
      flips += p.flip() ? 1 : 0;
      assertTrue(Math.abs(p.angle()) <= 0.2 * Math.PI + 1e-12, "angle " + p.angle());
      assertTrue(p.zoom() >= 0.9 && p.zoom() <= 1.0, "zoom " + p.zoom());
      assertTrue(p.contrast() >= 0.9 && p.contrast() <= 1.1, "contrast " + p.contrast());
    }
    assertTrue(flips > 1850 && flips < 2150, "flips " + flips);
    Augmentation.Params none = Augmentation.none().draw(1, 2, 3);
    assertEquals(Augmentation.Params.IDENTITY, none);
    assertThrows(IllegalArgumentException.class, () -> new Augmentation(true, 0.1, 0.1, 0, 0.1));
  }
}
