package org.samplesize.image;

import java.nio.file.Path;
import java.util.Objects;
import org.samplesize.data.InMemoryImages;

/**
 * One image to decode, in one view.
 *
 * @param path the file, or the name of an image held in {@code memory}
 * @param index the image's stable index in the data set (seeds its augmentation stream)
 * @param view which augmented view, from 0 (seeds its augmentation stream)
 * @param augment whether to augment (training images); test images never are
 * @param memory where the pixels of {@code path} are held, or null when {@code path} is an image
 *     file to decode
 */
public record ImageRequest(Path path, int index, int view, boolean augment, InMemoryImages memory) {
  /** Checks the fields. */
  public ImageRequest {
    Objects.requireNonNull(path, "path");
    if (index < 0 || view < 0) {
      throw new IllegalArgumentException(
          "index and view must be >= 0, got " + index + ", " + view + " for " + path);
    }
  }

  /**
   * A request for an image file.
   *
   * @param path the file
   * @param index the image's stable index in the data set (seeds its augmentation stream)
   * @param view which augmented view, from 0 (seeds its augmentation stream)
   * @param augment whether to augment (training images); test images never are
   */
  public ImageRequest(Path path, int index, int view, boolean augment) {
    this(path, index, view, augment, null);
  }
}
