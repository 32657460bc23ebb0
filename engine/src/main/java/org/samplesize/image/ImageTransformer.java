package org.samplesize.image;

import static org.bytedeco.opencv.global.opencv_core.BORDER_REFLECT;
import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC1;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC3;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.flip;
import static org.bytedeco.opencv.global.opencv_core.split;
import static org.bytedeco.opencv.global.opencv_core.transform;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_TOZERO;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_TRUNC;
import static org.bytedeco.opencv.global.opencv_imgproc.WARP_INVERSE_MAP;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.bytedeco.opencv.global.opencv_imgproc.threshold;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;

import java.nio.FloatBuffer;
import java.util.Locale;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Resize, augmentation and normalisation of one decoded RGB image, on matrices it reuses from image
 * to image: the centre crop resamples 8-bit pixels (see {@link ResizeMode#SHORT_SIDE_CENTER_CROP}),
 * everything else works on float32. Not thread-safe: one per worker thread. The augmentation
 * operations are package-visible so that tests can check each against an independent reference.
 */
final class ImageTransformer implements AutoCloseable {
  private final Preprocessing pre;
  private final Mat full = new Mat();
  private final Mat scaled8 = new Mat();
  private final MatVector planes8 = new MatVector(3);
  private final Mat a = new Mat();
  private final Mat b = new Mat();
  private final Mat affine = new Mat(2, 3, CV_64F);
  private final DoublePointer affineData;
  private final Mat colour = new Mat(3, 4, CV_64F);
  private final DoublePointer colourData;
  private final Scalar black = new Scalar(0.0);
  private final Size outSize;
  private final double[] alpha = new double[3];
  private final double[] beta = new double[3];
  private boolean closed;

  ImageTransformer(Preprocessing pre) {
    this.pre = pre;
    float[] mean = pre.mean();
    float[] std = pre.std();
    for (int c = 0; c < 3; c++) {
      alpha[c] = pre.scale() / (double) std[c];
      beta[c] = -mean[c] / (double) std[c];
    }
    this.affineData = new DoublePointer(affine.data());
    this.colourData = new DoublePointer(colour.data());
    this.outSize = new Size(pre.width(), pre.height());
  }

  /**
   * Resizes, augments (when {@code params} is not the identity) and normalises an RGB uint8 image
   * into {@code out}.
   */
  void apply(Mat rgb8, Augmentation.Params params, Slot out) {
    checkOpen();
    Mat img;
    if (pre.resize() == ResizeMode.SHORT_SIDE_CENTER_CROP) {
      // The zoo convention is torchvision's PIL pipeline, which resamples 8-bit pixels: resize and
      // crop in 8 bits (also cheaper than in float), then go to float once.
      try (Mat crop8 = resizeCrop8(rgb8)) {
        if (params.equals(Augmentation.Params.IDENTITY)) {
          normalise8(crop8, out);
          return;
        }
        crop8.convertTo(a, CV_32F);
      }
      img = a;
    } else {
      rgb8.convertTo(full, CV_32F);
      img = resizeTo(full);
    }
    Mat other = img == a ? b : a;
    if (params.flip()) {
      flipHorizontal(img, other);
      Mat t = img;
      img = other;
      other = t;
    }
    if (params.angle() != 0) {
      rotate(img, other, params.angle());
      Mat t = img;
      img = other;
      other = t;
    }
    if (params.zoom() != 1) {
      zoom(img, other, params.zoom());
      Mat t = img;
      img = other;
      other = t;
    }
    if (params.contrast() != 1) {
      contrast(img, params.contrast());
    }
    normalise(img, out);
  }

  /** Squashes the float image to the output size, into a. */
  private Mat resizeTo(Mat src) {
    resize(src, a, outSize, 0, 0, INTER_LINEAR);
    return a;
  }

  /**
   * Resizes the 8-bit image so its short side is {@link Preprocessing#shortSide()} and returns a
   * header over the centre crop (a view into this transformer's buffer; close the header).
   */
  private Mat resizeCrop8(Mat src) {
    int w = src.cols();
    int h = src.rows();
    long[] n = shortSideSize(w, h, pre);
    // Callers refuse first the images whose resized size is out of range (resizeRefusal).
    int nw = Math.toIntExact(n[0]);
    int nh = Math.toIntExact(n[1]);
    int interpolation = (nw < w || nh < h) ? INTER_AREA : INTER_LINEAR;
    try (Size size = new Size(nw, nh)) {
      resize(src, scaled8, size, 0, 0, interpolation);
    }
    int left = (int) Math.rint((nw - pre.width()) / 2.0);
    int top = (int) Math.rint((nh - pre.height()) / 2.0);
    try (Rect r = new Rect(left, top, pre.width(), pre.height())) {
      return new Mat(scaled8, r);
    }
  }

  /**
   * The size the centre crop resizes a {@code w × h} image to before it crops: the short side
   * becomes {@link Preprocessing#shortSide()}, the long side in proportion (rounded down), and
   * neither below the output size.
   *
   * @param w the image's width
   * @param h the image's height
   * @param pre the preprocessing
   * @return {@code {width, height}}
   */
  static long[] shortSideSize(int w, int h, Preprocessing pre) {
    long s = pre.shortSide();
    long nw;
    long nh;
    if (w <= h) {
      nw = s;
      nh = s * h / w;
    } else {
      nh = s;
      nw = s * w / h;
    }
    return new long[] {Math.max(nw, pre.width()), Math.max(nh, pre.height())};
  }

  /**
   * Why an image of this shape is not resized, or null when it may be. Under the centre crop a
   * small image of extreme shape (1 × 40,000 pixels, 120 KB as a PNG) is resized whole to a short
   * side of 256 first, 256 × 10,240,000 pixels: 8 GB for one image, or an int overflow further on.
   * Such an image gets the decoder's own pixel cap, as a decompression bomb does.
   *
   * @param w the decoded image's width
   * @param h the decoded image's height
   * @param pre the preprocessing
   * @param maxPixels the decoder's cap
   * @return the reason, or null
   */
  static String resizeRefusal(int w, int h, Preprocessing pre, long maxPixels) {
    if (pre.resize() != ResizeMode.SHORT_SIDE_CENTER_CROP) {
      return null;
    }
    long[] n = shortSideSize(w, h, pre);
    if (n[0] <= Integer.MAX_VALUE && n[1] <= Integer.MAX_VALUE && n[0] * n[1] <= maxPixels) {
      return null;
    }
    return String.format(
        Locale.ROOT,
        "extreme shape %dx%d: resizing its short side to %d px before the centre crop would make a"
            + " %dx%d image, above the cap of %d pixels; crop it to a less elongated shape, or"
            + " remove it",
        w,
        h,
        pre.shortSide(),
        n[0],
        n[1],
        maxPixels);
  }

  /** {@code RandomFlip("horizontal")} when drawn: mirror left-right, exact. */
  static void flipHorizontal(Mat src, Mat dst) {
    flip(src, dst, 1);
  }

  /**
   * Keras {@code RandomRotation} with a drawn angle: the output pixel {@code (x, y)} samples the
   * input at {@code (cos·x - sin·y + ox, sin·x + cos·y + oy)}, the offsets keeping {@code ((w-1)/2,
   * (h-1)/2)} fixed; bilinear, reflect fill.
   */
  void rotate(Mat src, Mat dst, double angle) {
    double c = Math.cos(angle);
    double s = Math.sin(angle);
    double w1 = src.cols() - 1;
    double h1 = src.rows() - 1;
    double ox = (w1 - (c * w1 - s * h1)) / 2.0;
    double oy = (h1 - (s * w1 + c * h1)) / 2.0;
    warp(src, dst, c, -s, ox, s, c, oy);
  }

  /**
   * Keras {@code RandomZoom} with a drawn zoom {@code z} in both axes: the output pixel {@code (x,
   * y)} samples the input at {@code (z·x + (w-1)/2·(1-z), z·y + (h-1)/2·(1-z))}; bilinear, reflect
   * fill.
   */
  void zoom(Mat src, Mat dst, double z) {
    double ox = (src.cols() - 1) / 2.0 * (1 - z);
    double oy = (src.rows() - 1) / 2.0 * (1 - z);
    warp(src, dst, z, 0, ox, 0, z, oy);
  }

  private void warp(
      Mat src, Mat dst, double a0, double a1, double a2, double b0, double b1, double b2) {
    affineData.put(a0, a1, a2, b0, b1, b2);
    try (Size size = new Size(src.cols(), src.rows())) {
      warpAffine(src, dst, affine, size, INTER_LINEAR | WARP_INVERSE_MAP, BORDER_REFLECT, black);
    }
  }

  /**
   * Keras {@code RandomContrast} with a drawn factor, in place: each channel becomes {@code (x -
   * mean) * factor + mean} (mean over the image), clipped to [0, 255].
   */
  void contrast(Mat img, double factor) {
    double[] m = new double[3];
    try (Scalar mean = org.bytedeco.opencv.global.opencv_core.mean(img)) {
      for (int c = 0; c < 3; c++) {
        m[c] = mean.get(c);
      }
    }
    colourData.put(
        factor,
        0,
        0,
        m[0] * (1 - factor),
        0,
        factor,
        0,
        m[1] * (1 - factor),
        0,
        0,
        factor,
        m[2] * (1 - factor));
    transform(img, img, colour);
    threshold(img, img, 255, 255, THRESH_TRUNC);
    threshold(img, img, 0, 0, THRESH_TOZERO);
  }

  /**
   * {@code (v * scale - mean[c]) / std[c]} from an 8-bit RGB image at the output size into the
   * slot: NCHW splits the channels and converts each once; NHWC converts to float, then scales in
   * place.
   */
  void normalise8(Mat img8, Slot out) {
    if (pre.layout() == Layout.NHWC) {
      img8.convertTo(out.hwc, CV_32F);
      normalise(out.hwc, out);
      return;
    }
    split(img8, planes8);
    for (int c = 0; c < 3; c++) {
      try (Mat p = planes8.get(c)) {
        p.convertTo(out.plane[c], CV_32F, alpha[c], beta[c]);
      }
    }
    out.checkInPlace();
  }

  /** {@code (v * scale - mean[c]) / std[c]} into the slot, in the slot's layout. */
  void normalise(Mat img, Slot out) {
    if (pre.layout() == Layout.NHWC) {
      colourData.put(alpha[0], 0, 0, beta[0], 0, alpha[1], 0, beta[1], 0, 0, alpha[2], beta[2]);
      transform(img, out.hwc, colour);
    } else {
      split(img, out.planes);
      for (int c = 0; c < 3; c++) {
        Mat p = out.plane[c];
        p.convertTo(p, CV_32F, alpha[c], beta[c]);
      }
    }
    out.checkInPlace();
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("Trying to use a closed ImageTransformer.");
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Mat m : new Mat[] {full, scaled8, a, b, affine, colour}) {
      m.close();
    }
    planes8.close();
    black.close();
    outSize.close();
  }

  /**
   * One image's place in a direct float buffer, with OpenCV headers over it (no copy), so that the
   * normalised floats are written straight into the buffer ORT will read.
   */
  static final class Slot implements AutoCloseable {
    final FloatBuffer buffer;
    final Mat hwc;
    final Mat[] plane;
    final MatVector planes;
    private final long address;

    Slot(FloatBuffer buffer, Preprocessing pre) {
      this.buffer = buffer;
      int w = pre.width();
      int h = pre.height();
      if (buffer.capacity() < pre.floatsPerImage() || !buffer.isDirect()) {
        throw new IllegalArgumentException(
            "a slot needs a direct buffer of " + pre.floatsPerImage());
      }
      FloatPointer base = new FloatPointer(buffer);
      this.address = base.address();
      if (pre.layout() == Layout.NHWC) {
        hwc = new Mat(h, w, CV_32FC3, base);
        plane = null;
        planes = null;
      } else {
        hwc = null;
        plane = new Mat[3];
        planes = new MatVector(3);
        for (int c = 0; c < 3; c++) {
          FloatBuffer part = buffer.duplicate().position(c * w * h).slice();
          plane[c] = new Mat(h, w, CV_32FC1, new FloatPointer(part));
          planes.put(c, plane[c]);
        }
      }
    }

    /** OpenCV would silently reallocate a header whose size or type did not fit: refuse that. */
    void checkInPlace() {
      long data = hwc != null ? hwc.data().address() : plane[0].data().address();
      if (data != address || (planes != null && planes.get(0).data().address() != address)) {
        throw new IllegalStateException("OpenCV reallocated an output slot; this is a bug");
      }
    }

    @Override
    public void close() {
      if (hwc != null) {
        hwc.close();
      }
      if (plane != null) {
        for (Mat m : plane) {
          m.close();
        }
        planes.close();
      }
    }
  }
}
