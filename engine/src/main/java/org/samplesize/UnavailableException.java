package org.samplesize;

import java.io.IOException;
import java.util.Locale;

/**
 * Something outside samplesize that the work needs is unavailable: the network (offline, a name
 * that does not resolve, a refused or timed-out connection, a connection that drops), a server (an
 * HTTP error status), a download that does not match its published checksum, or the disk (no space
 * left). Neither a mistake in the input nor a bug: the same command can succeed later, online, with
 * free space, or offline from a mirror. The message says what could not be had, from where, why,
 * and what to do instead; the command line prints it alone on one line (the cause only under {@code
 * SAMPLESIZE_DEBUG=1}) and exits with code 3.
 *
 * <p>It extends {@link SamplesizeException} so that code which handles any project failure keeps
 * handling this one.
 */
public class UnavailableException extends SamplesizeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what was unavailable, where from, why, and what to do instead
   */
  public UnavailableException(String message) {
    super(message);
  }

  /**
   * @param message what was unavailable, where from, why, and what to do instead
   * @param cause the underlying failure (shown under {@code SAMPLESIZE_DEBUG=1})
   */
  public UnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Whether a failure, or one of its causes, is an I/O error for lack of disk space. Java has no
   * exception type for it, so this reads the operating system's text: {@code "No space left on
   * device"} (ENOSPC on Linux and macOS), {@code "Disk quota exceeded"} (EDQUOT) and Windows'
   * {@code "There is not enough space on the disk"}.
   *
   * @param t a failure, or null
   * @return true when some {@link IOException} in its cause chain reports a full disk
   */
  public static boolean isDiskFull(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof IOException && c.getMessage() != null) {
        String m = c.getMessage().toLowerCase(Locale.ROOT);
        if (m.contains("no space left on device")
            || m.contains("disk quota exceeded")
            || m.contains("not enough space on the disk")) {
          return true;
        }
      }
    }
    return false;
  }
}
