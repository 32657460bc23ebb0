package org.samplesize.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One image of an {@link ImageDataset}.
 *
 * @param path the file
 * @param relativeName {@code class/file} with a forward slash, e.g. {@code daisy/x.jpg}; stable
 *     across machines, used in reports and hashes
 * @param label the index of the class in {@link ImageDataset#classes()}
 */
public record ImageEntry(Path path, String relativeName, int label) {
  /** Checks the fields. */
  public ImageEntry {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(relativeName, "relativeName");
    if (label < 0) {
      throw new IllegalArgumentException("label must be >= 0, got " + label);
    }
  }
}
