package org.samplesize.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Arrays;
import java.util.Objects;

/**
 * How decoded RGB pixels become the model's input floats. A pixel value {@code v} in [0, 255] of
 * channel {@code c} (R, G, B) becomes {@code (v * scale - mean[c]) / std[c]}.
 *
 * @param resize how to reach width × height
 * @param width output width in pixels
 * @param height output height in pixels
 * @param shortSide the short side before the centre crop ({@link ResizeMode#SHORT_SIDE_CENTER_CROP}
 *     only; must be at least max(width, height)); ignored by {@link ResizeMode#SQUASH}
 * @param scale multiplies the raw value first, e.g. {@code 1/127.5} or {@code 1/255}
 * @param mean per-channel value subtracted after scaling (R, G, B)
 * @param std per-channel divisor after subtracting the mean (R, G, B), each &gt; 0
 * @param layout NCHW or NHWC
 * @param jpegDctScaling decode a large JPEG at 1/2, 1/4 or 1/8 of its size inside the decoder's DCT
 *     (as PIL's {@code Image.draft} does) when the smaller image still covers what the resize needs
 *     ({@link #coveredBy}); far cheaper for photos many times the input size, and close to, but not
 *     bit-identical with, a full decode followed by the resize. Off by default, and left out of the
 *     JSON form when off, so the provenance of existing caches stays as it was.
 * @param exifOrientation turn and flip each image as its EXIF orientation tag says ({@link
 *     ImageHeader#orientation()}; all 8 values, as PIL's {@code ImageOps.exif_transpose} does)
 *     before the resize. Off by default, as in {@code tf.io.decode_jpeg} that the recipe uses, and
 *     left out of the JSON form when off.
 */
public record Preprocessing(
    ResizeMode resize,
    int width,
    int height,
    int shortSide,
    float scale,
    float[] mean,
    float[] std,
    Layout layout,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean jpegDctScaling,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean exifOrientation) {

  /** Checks every field and copies the arrays. */
  public Preprocessing {
    Objects.requireNonNull(resize, "resize");
    Objects.requireNonNull(layout, "layout");
    if (width < 1 || height < 1 || width > 8192 || height > 8192) {
      throw new IllegalArgumentException(
          "output size must be within 1..8192, got " + width + "x" + height);
    }
    if (resize == ResizeMode.SHORT_SIDE_CENTER_CROP
        && (shortSide < Math.max(width, height) || shortSide > 16384)) {
      throw new IllegalArgumentException(
          "shortSide must be at least max(width, height) = "
              + Math.max(width, height)
              + " (and at most 16384) for a centre crop, got "
              + shortSide);
    }
    if (!(scale > 0) || Float.isInfinite(scale)) {
      throw new IllegalArgumentException("scale must be a positive finite number, got " + scale);
    }
    if (mean == null || mean.length != 3 || std == null || std.length != 3) {
      throw new IllegalArgumentException("mean and std need 3 values (R, G, B)");
    }
    mean = mean.clone();
    std = std.clone();
    for (int c = 0; c < 3; c++) {
      if (!Float.isFinite(mean[c]) || !(std[c] > 0) || Float.isInfinite(std[c])) {
        throw new IllegalArgumentException(
            "mean must be finite and std positive, got mean "
                + Arrays.toString(mean)
                + " std "
                + Arrays.toString(std));
      }
    }
  }

  /**
   * Preprocessing that decodes every image at full size.
   *
   * @param resize how to reach width × height
   * @param width output width in pixels
   * @param height output height in pixels
   * @param shortSide the short side before the centre crop (centre crop only)
   * @param scale multiplies the raw value first
   * @param mean per-channel value subtracted after scaling (R, G, B)
   * @param std per-channel divisor after subtracting the mean (R, G, B)
   * @param layout NCHW or NHWC
   */
  public Preprocessing(
      ResizeMode resize,
      int width,
      int height,
      int shortSide,
      float scale,
      float[] mean,
      float[] std,
      Layout layout) {
    this(resize, width, height, shortSide, scale, mean, std, layout, false, false);
  }

  /**
   * Preprocessing that leaves EXIF orientation unapplied.
   *
   * @param resize how to reach width × height
   * @param width output width in pixels
   * @param height output height in pixels
   * @param shortSide the short side before the centre crop (centre crop only)
   * @param scale multiplies the raw value first
   * @param mean per-channel value subtracted after scaling (R, G, B)
   * @param std per-channel divisor after subtracting the mean (R, G, B)
   * @param layout NCHW or NHWC
   * @param jpegDctScaling decode a large JPEG at a reduced size ({@link #jpegDctScaling()})
   */
  public Preprocessing(
      ResizeMode resize,
      int width,
      int height,
      int shortSide,
      float scale,
      float[] mean,
      float[] std,
      Layout layout,
      boolean jpegDctScaling) {
    this(resize, width, height, shortSide, scale, mean, std, layout, jpegDctScaling, false);
  }

  /**
   * The recipe / Keras MobileNetV2 convention: squash to 224×224, values to [-1, 1] ({@code v /
   * 127.5 - 1}), NHWC.
   *
   * @return the settings
   */
  public static Preprocessing kerasSquash224() {
    return new Preprocessing(
        ResizeMode.SQUASH,
        224,
        224,
        224,
        1f / 127.5f,
        new float[] {1, 1, 1},
        new float[] {1, 1, 1},
        Layout.NHWC);
  }

  /**
   * The ONNX model zoo convention: short side 256, centre crop 224, {@code v / 255} then ImageNet
   * mean/std, NCHW.
   *
   * @return the settings
   */
  public static Preprocessing zooCenterCrop224() {
    return new Preprocessing(
        ResizeMode.SHORT_SIDE_CENTER_CROP,
        224,
        224,
        256,
        1f / 255f,
        new float[] {0.485f, 0.456f, 0.406f},
        new float[] {0.229f, 0.224f, 0.225f},
        Layout.NCHW);
  }

  /**
   * @param newLayout the layout wanted
   * @return a copy with that layout
   */
  public Preprocessing withLayout(Layout newLayout) {
    return new Preprocessing(
        resize,
        width,
        height,
        shortSide,
        scale,
        mean,
        std,
        newLayout,
        jpegDctScaling,
        exifOrientation);
  }

  /**
   * @param on whether large JPEGs may be decoded at a reduced size ({@link #jpegDctScaling()})
   * @return a copy with that setting
   */
  public Preprocessing withJpegDctScaling(boolean on) {
    return new Preprocessing(
        resize, width, height, shortSide, scale, mean, std, layout, on, exifOrientation);
  }

  /**
   * @param on whether images are turned as their EXIF orientation says ({@link #exifOrientation()})
   * @return a copy with that setting
   */
  public Preprocessing withExifOrientation(boolean on) {
    return new Preprocessing(
        resize, width, height, shortSide, scale, mean, std, layout, jpegDctScaling, on);
  }

  /**
   * Whether an image of this size holds every pixel the resize needs at full detail: for the centre
   * crop, a short side of at least {@link #shortSide()}; for the squash, at least width × height. A
   * JPEG is decoded at a reduced size only when the reduced size passes this test.
   *
   * @param w image width in pixels
   * @param h image height in pixels
   * @return true when an image of {@code w × h} needs no upsampling to reach the input size
   */
  public boolean coveredBy(int w, int h) {
    if (w < width || h < height) {
      return false;
    }
    return resize == ResizeMode.SQUASH || Math.min(w, h) >= shortSide;
  }

  /**
   * @param mode the resize mode
   * @param newWidth output width
   * @param newHeight output height
   * @param newShortSide short side before the crop (centre crop only)
   * @return a copy with that geometry
   */
  public Preprocessing withSize(ResizeMode mode, int newWidth, int newHeight, int newShortSide) {
    return new Preprocessing(
        mode,
        newWidth,
        newHeight,
        newShortSide,
        scale,
        mean,
        std,
        layout,
        jpegDctScaling,
        exifOrientation);
  }

  /**
   * @return floats per image: 3 × width × height
   */
  public int floatsPerImage() {
    return 3 * width * height;
  }

  /**
   * @return the shape of one image in this layout: {@code {3, H, W}} or {@code {H, W, 3}}
   */
  public long[] imageShape() {
    return layout == Layout.NCHW ? new long[] {3, height, width} : new long[] {height, width, 3};
  }

  @Override
  public float[] mean() {
    return mean.clone();
  }

  @Override
  public float[] std() {
    return std.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Preprocessing p
        && resize == p.resize
        && width == p.width
        && height == p.height
        && (resize == ResizeMode.SQUASH || shortSide == p.shortSide)
        && Float.compare(scale, p.scale) == 0
        && Arrays.equals(mean, p.mean)
        && Arrays.equals(std, p.std)
        && layout == p.layout
        && jpegDctScaling == p.jpegDctScaling
        && exifOrientation == p.exifOrientation;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        resize,
        width,
        height,
        resize == ResizeMode.SQUASH ? 0 : shortSide,
        scale,
        Arrays.hashCode(mean),
        Arrays.hashCode(std),
        layout,
        jpegDctScaling,
        exifOrientation);
  }

  @Override
  public String toString() {
    return "Preprocessing[resize="
        + resize
        + ", "
        + width
        + "x"
        + height
        + (resize == ResizeMode.SQUASH ? "" : ", shortSide=" + shortSide)
        + ", scale="
        + scale
        + ", mean="
        + Arrays.toString(mean)
        + ", std="
        + Arrays.toString(std)
        + ", layout="
        + layout
        + (jpegDctScaling ? ", jpegDctScaling" : "")
        + (exifOrientation ? ", exifOrientation" : "")
        + "]";
  }
}
