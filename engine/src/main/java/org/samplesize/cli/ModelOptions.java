package org.samplesize.cli;

import java.nio.file.Path;
import org.samplesize.InvalidInputException;
import org.samplesize.features.ModelCard;
import org.samplesize.image.Layout;
import org.samplesize.image.Preprocessing;
import org.samplesize.image.ResizeMode;
import picocli.CommandLine.Option;

/**
 * Flags shared by {@code features} and {@code bench}: the model, its card overrides, the mirror.
 * Each command declares its own {@code --cache}: their defaults differ.
 */
final class ModelOptions {
  @Option(
      names = "--model",
      paramLabel = "NAME|FILE",
      description =
          "Built-in card name, a card file (.json/.yaml) or an .onnx file (default: ${DEFAULT-VALUE}).",
      defaultValue = ModelCard.DEFAULT)
  String model;

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

  @Option(
      names = "--jpeg-dct-scaling",
      negatable = true,
      description =
          "Decode a JPEG several times larger than the input at 1/2, 1/4 or 1/8 size inside the"
              + " JPEG decoder (like PIL's draft mode): much faster for large photos, not"
              + " bit-identical with a full decode; recorded in the cache provenance (default:"
              + " the card's setting, off in the built-in cards).")
  Boolean jpegDctScaling;

  @Option(
      names = "--exif-orientation",
      negatable = true,
      description =
          "Turn and mirror each image as its EXIF orientation tag says (as PIL's"
              + " ImageOps.exif_transpose does) before the resize; recorded in the cache provenance"
              + " (default: the card's setting, off in the built-in cards, as TensorFlow's"
              + " decode_jpeg ignores the tag).")
  Boolean exifOrientation;

  @Option(
      names = "--mirror",
      paramLabel = "DIR",
      description =
          "Offline mirror with models/<file> (default: $SAMPLESIZE_MIRROR, else shared/data"
              + " beside the samplesize folder).")
  Path mirror;

  /** The card with every override applied. */
  ModelCard card() {
    ModelCard c = ModelCard.load(model);
    if (featureTensor != null) {
      c = c.withFeatureTensor(featureTensor);
    }
    Preprocessing p = c.preprocessing();
    boolean changed =
        layout != null
            || resize != null
            || size != null
            || shortSide != null
            || scale != null
            || mean != null
            || std != null;
    boolean dct = jpegDctScaling != null ? jpegDctScaling : p.jpegDctScaling();
    boolean exif = exifOrientation != null ? exifOrientation : p.exifOrientation();
    if (!changed) {
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
              mean != null ? mean : p.mean(),
              std != null ? std : p.std(),
              l,
              dct,
              exif);
      long[] shape = l == Layout.NCHW ? new long[] {-1, 3, h, w} : new long[] {-1, h, w, 3};
      return c.withPreprocessingAndInput(
          q, new ModelCard.InputSpec(c.input().name(), shape, l.name()));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("model card overrides are invalid: " + e.getMessage(), e);
    }
  }
}
