package org.samplesize.image;

import java.util.SplittableRandom;
import org.samplesize.data.Seeds;

/**
 * The recipe's Keras augmentation layers, applied in this order to the resized float image:
 *
 * <ol>
 *   <li>{@code RandomFlip("horizontal")}: mirror left-right with probability 1/2;
 *   <li>{@code RandomRotation(rotationFactor)}: angle uniform in ±rotationFactor·2π about the
 *       centre {@code ((w-1)/2, (h-1)/2)}, bilinear, reflect fill ({@code d c b a | a b c d});
 *   <li>{@code RandomZoom(height_factor=(zoomLow, zoomHigh))}: scale {@code z = 1 + u}, u uniform
 *       in [zoomLow, zoomHigh], same in both axes (Keras keeps the aspect when {@code width_factor}
 *       is unset); {@code z < 1} zooms in; bilinear, reflect fill;
 *   <li>{@code RandomContrast(contrastFactor)}: factor uniform in [1 - f, 1 + f]; each channel
 *       becomes {@code (x - mean) * factor + mean} with the channel's mean over the image, clipped
 *       to [0, 255].
 * </ol>
 *
 * Every image view draws its parameters from its own stream ({@link #draw(long, int, int)}), so the
 * result does not depend on threads or order.
 *
 * @param flip whether to flip horizontally at random
 * @param rotationFactor Keras {@code factor}: the angle range as a fraction of a full turn, in [0,
 *     0.5]
 * @param zoomLow lower zoom offset, in (-1, zoomHigh]
 * @param zoomHigh upper zoom offset, in [zoomLow, 1]
 * @param contrastFactor contrast range, in [0, 1]
 */
public record Augmentation(
    boolean flip, double rotationFactor, double zoomLow, double zoomHigh, double contrastFactor) {

  /** Checks the ranges. */
  public Augmentation {
    if (!(rotationFactor >= 0 && rotationFactor <= 0.5)) {
      throw new IllegalArgumentException(
          "rotationFactor must be in [0, 0.5], got " + rotationFactor);
    }
    if (!(zoomLow > -1 && zoomLow <= zoomHigh && zoomHigh <= 1)) {
      throw new IllegalArgumentException(
          "zoom range must satisfy -1 < low <= high <= 1, got [" + zoomLow + ", " + zoomHigh + "]");
    }
    if (!(contrastFactor >= 0 && contrastFactor <= 1)) {
      throw new IllegalArgumentException("contrastFactor must be in [0, 1], got " + contrastFactor);
    }
  }

  /**
   * The recipe: {@code RandomFlip("horizontal")}, {@code RandomRotation(0.1)}, {@code
   * RandomZoom(height_factor=(-0.1, 0))}, {@code RandomContrast(0.1)}.
   *
   * @return the recipe's augmentation
   */
  public static Augmentation recipe() {
    return new Augmentation(true, 0.1, -0.1, 0.0, 0.1);
  }

  /**
   * @return no augmentation at all
   */
  public static Augmentation none() {
    return new Augmentation(false, 0, 0, 0, 0);
  }

  /**
   * @return whether any operation can change an image
   */
  public boolean isActive() {
    return flip || rotationFactor > 0 || zoomLow != 0 || zoomHigh != 0 || contrastFactor > 0;
  }

  /**
   * Draws the parameters of one view of one image. Four uniform numbers are always drawn in the
   * same order (flip, angle, zoom, contrast) from {@code new SplittableRandom(Seeds.derive(seed,
   * index, view))}, so switching one operation off leaves the others' draws unchanged.
   *
   * @param seed the root seed of the run
   * @param index the image's stable index in the data set
   * @param view which augmented view, from 0
   * @return the drawn parameters
   */
  public Params draw(long seed, int index, int view) {
    SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, 0xA06L, index, view));
    double uFlip = rng.nextDouble();
    double uAngle = rng.nextDouble();
    double uZoom = rng.nextDouble();
    double uContrast = rng.nextDouble();
    boolean doFlip = flip && uFlip < 0.5;
    double angle = (-rotationFactor + 2 * rotationFactor * uAngle) * 2 * Math.PI;
    double zoom = 1 + zoomLow + (zoomHigh - zoomLow) * uZoom;
    double contrast = 1 - contrastFactor + 2 * contrastFactor * uContrast;
    return new Params(doFlip, angle, zoom, contrast);
  }

  /**
   * The drawn parameters of one image view.
   *
   * @param flip mirror left-right
   * @param angle rotation in radians (Keras' sign convention: the output point {@code (x, y)}
   *     samples the input at the point rotated by {@code angle} about the centre)
   * @param zoom scale of the sampled area: the output point {@code (x, y)} samples the input at
   *     {@code c + zoom * ((x, y) - c)}; below 1 zooms in
   * @param contrast contrast factor around each channel's mean
   */
  public record Params(boolean flip, double angle, double zoom, double contrast) {
    /** The identity: nothing changes. */
    public static final Params IDENTITY = new Params(false, 0, 1, 1);
  }
}
