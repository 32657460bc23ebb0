package org.samplesize.image;

import java.nio.file.Path;
import java.util.Objects;

/**
 * An image that could not be used, and why. The run goes on without it.
 *
 * @param path the file
 * @param reason what is wrong, in words a user can act on (e.g. {@code "truncated JPEG (no
 *     end-of-image marker)"})
 */
public record SkippedImage(Path path, String reason) {
  /** Checks the fields. */
  public SkippedImage {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(reason, "reason");
  }
}
