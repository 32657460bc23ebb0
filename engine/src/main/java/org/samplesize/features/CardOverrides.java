package org.samplesize.features;

import java.util.List;
import org.samplesize.InvalidInputException;
import org.samplesize.image.Layout;
import org.samplesize.image.Preprocessing;
import org.samplesize.image.ResizeMode;

/**
 * Changes to a model card's numbers given on the command line or in a run's settings: the pooled
 * feature tensor and the preprocessing. Every field is optional ({@code null} keeps the card's
 * value), so {@link #NONE} leaves a card exactly as it is.
 *
 * @param featureTensor the pooled feature tensor
 * @param layout the input layout
 * @param resize the resize mode
 * @param size the input width = height in pixels
 * @param shortSide the short side before the centre crop
 * @param scale the pixel scale (e.g. 1/255)
 * @param mean the per-channel mean, three values
 * @param std the per-channel standard deviation, three values
 * @param jpegDctScaling decode large JPEGs at a reduced size inside the decoder
 * @param exifOrientation turn images as their EXIF orientation tag says
 */
public record CardOverrides(
    String featureTensor,
    Layout layout,
    ResizeMode resize,
    Integer size,
    Integer shortSide,
    Float scale,
    List<Float> mean,
    List<Float> std,
    Boolean jpegDctScaling,
    Boolean exifOrientation) {

  /** No override: {@link #applyTo} returns the card unchanged. */
  public static final CardOverrides NONE =
      new CardOverrides(null, null, null, null, null, null, null, null, null, null);

  /** Copies the lists. */
  public CardOverrides {
    mean = mean == null ? null : List.copyOf(mean);
    std = std == null ? null : List.copyOf(std);
  }

  /**
   * @return whether any field of the preprocessing other than the JPEG and EXIF switches is set
   */
  private boolean changesPreprocessing() {
    return layout != null
        || resize != null
        || size != null
        || shortSide != null
        || scale != null
        || mean != null
        || std != null;
  }

  /**
   * @param dct the JPEG DCT scaling to use instead of this record's (null keeps this record's)
   * @param exif the EXIF orientation to use instead of this record's (null keeps this record's)
   * @return a copy with these two switches
   */
  public CardOverrides withSwitches(Boolean dct, Boolean exif) {
    return new CardOverrides(
        featureTensor,
        layout,
        resize,
        size,
        shortSide,
        scale,
        mean,
        std,
        dct != null ? dct : jpegDctScaling,
        exif != null ? exif : exifOrientation);
  }

  /**
   * The card with every set field applied; the input shape follows a changed size or layout.
   *
   * @param c the card as loaded
   * @return the card with the overrides, or {@code c} itself when nothing changes
   * @throws InvalidInputException when the overridden preprocessing is invalid
   */
  public ModelCard applyTo(ModelCard c) {
    if (featureTensor != null) {
      c = c.withFeatureTensor(featureTensor);
    }
    Preprocessing p = c.preprocessing();
    boolean dct = jpegDctScaling != null ? jpegDctScaling : p.jpegDctScaling();
    boolean exif = exifOrientation != null ? exifOrientation : p.exifOrientation();
    if (!changesPreprocessing()) {
      return dct == p.jpegDctScaling() && exif == p.exifOrientation()
          ? c
          : c.withPreprocessing(p.withJpegDctScaling(dct).withExifOrientation(exif));
    }
    try {
      int w = size != null ? size : p.width();
      int h = size != null ? size : p.height();
      Layout l = layout != null ? layout : p.layout();
      Preprocessing q =
          new Preprocessing(
              resize != null ? resize : p.resize(),
              w,
              h,
              shortSide != null ? shortSide : Math.max(p.shortSide(), Math.max(w, h)),
              scale != null ? scale : p.scale(),
              mean != null ? floats(mean) : p.mean(),
              std != null ? floats(std) : p.std(),
              l,
              dct,
              exif);
      // The batch dimension (a fixed one is honoured by the session) and the channels the model
      // takes are the model's own, whatever size or layout it is fed at.
      long batch = c.input().shape()[0];
      long channels = c.input().channels();
      long[] shape =
          l == Layout.NCHW
              ? new long[] {batch, channels, h, w}
              : new long[] {batch, h, w, channels};
      return c.withPreprocessingAndInput(
          q, new ModelCard.InputSpec(c.input().name(), shape, l.name()));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("model card overrides are invalid: " + e.getMessage(), e);
    }
  }

  private static float[] floats(List<Float> values) {
    float[] a = new float[values.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = values.get(i);
    }
    return a;
  }
}
