package org.samplesize.image;

import static org.bytedeco.opencv.global.opencv_core.CV_32FC3;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.opencv_core.Mat;

/** Float HWC images as Java arrays and back, for tests. */
final class MatTestUtil {
  private MatTestUtil() {}

  /** img[y][x][c] to a new CV_32FC3 Mat. */
  static Mat toMat(float[][][] img) {
    int h = img.length;
    int w = img[0].length;
    Mat m = new Mat(h, w, CV_32FC3);
    float[] flat = new float[h * w * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < 3; c++) {
          flat[(y * w + x) * 3 + c] = img[y][x][c];
        }
      }
    }
    new FloatPointer(m.data()).put(flat);
    return m;
  }

  static float[][][] toArray(Mat m) {
    int h = m.rows();
    int w = m.cols();
    float[] flat = new float[h * w * 3];
    new FloatPointer(m.data()).get(flat);
    float[][][] img = new float[h][w][3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < 3; c++) {
          img[y][x][c] = flat[(y * w + x) * 3 + c];
        }
      }
    }
    return img;
  }
}
