package org.samplesize.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.samplesize.features.CardOverrides;
import org.samplesize.image.Layout;
import org.samplesize.image.ResizeMode;
import picocli.CommandLine.Option;

/**
 * The model-card overrides that {@code run}, {@code features} and {@code bench} accept: the pooled
 * feature tensor and the preprocessing numbers. Each is optional; absent ones keep the card's
 * value. The JPEG and EXIF switches are not here: their defaults differ between {@code run} (off)
 * and the other commands (the card's setting).
 */
final class CardOverrideOptions {
  @Option(
      names = "--feature-tensor",
      paramLabel = "TENSOR",
      description = "Override the card's pooled feature tensor.")
  String featureTensor;

  @Option(
      names = "--input-layout",
      paramLabel = "NCHW|NHWC",
      description = "Override the card's input layout.")
  Layout layout;

  @Option(
      names = "--resize",
      paramLabel = "MODE",
      description = "Override the card's resize: SQUASH or SHORT_SIDE_CENTER_CROP.")
  ResizeMode resize;

  @Option(names = "--size", paramLabel = "PX", description = "Override the input width = height.")
  Integer size;

  @Option(
      names = "--short-side",
      paramLabel = "PX",
      description = "Override the short side before the centre crop.")
  Integer shortSide;

  @Option(
      names = "--scale",
      paramLabel = "X",
      description = "Override the pixel scale (e.g. 0.00392157 for 1/255).")
  Float scale;

  @Option(
      names = "--mean",
      paramLabel = "R,G,B",
      split = ",",
      description = "Override the per-channel mean.")
  float[] mean;

  @Option(
      names = "--std",
      paramLabel = "R,G,B",
      split = ",",
      description = "Override the per-channel standard deviation.")
  float[] std;

  /**
   * @return the overrides given, {@link CardOverrides#NONE}'s fields where none
   */
  CardOverrides overrides() {
    return new CardOverrides(
        featureTensor,
        layout,
        resize,
        size,
        shortSide,
        scale,
        floats(mean),
        floats(std),
        null,
        null);
  }

  /**
   * Puts the overrides given into a run's flags, by setting key (the long flag names).
   *
   * @param flags the flags, by setting key
   */
  void putFlags(Map<String, Object> flags) {
    CardOverrides o = overrides();
    putIfSet(flags, "feature-tensor", o.featureTensor());
    putIfSet(flags, "input-layout", o.layout());
    putIfSet(flags, "resize", o.resize());
    putIfSet(flags, "size", o.size());
    putIfSet(flags, "short-side", o.shortSide());
    putIfSet(flags, "scale", o.scale());
    putIfSet(flags, "mean", o.mean());
    putIfSet(flags, "std", o.std());
  }

  private static void putIfSet(Map<String, Object> flags, String key, Object value) {
    if (value != null) {
      flags.put(key, value);
    }
  }

  private static List<Float> floats(float[] values) {
    if (values == null) {
      return null;
    }
    List<Float> l = new ArrayList<>(values.length);
    for (float v : values) {
      l.add(v);
    }
    return l;
  }
}
