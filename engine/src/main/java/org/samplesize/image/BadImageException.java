package org.samplesize.image;

import java.nio.file.Path;

/**
 * A file that cannot be used as an image: empty, truncated, not an image, an unsupported format,
 * absurd dimensions, unreadable. A checked exception because a bad image is an expected outcome
 * that callers must handle (skip it and go on), not a failure of the run.
 */
public final class BadImageException extends Exception {
  private static final long serialVersionUID = 1L;

  /** The file. */
  private final transient Path path;

  /** Why it cannot be used. */
  private final String reason;

  /**
   * @param path the file
   * @param reason why it cannot be used, in words a user can act on
   */
  public BadImageException(Path path, String reason) {
    super(path + ": " + reason);
    this.path = path;
    this.reason = reason;
  }

  /**
   * @return the file
   */
  public Path path() {
    return path;
  }

  /**
   * @return why it cannot be used (without the path)
   */
  public String reason() {
    return reason;
  }
}
