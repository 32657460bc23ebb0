package org.samplesize;

/**
 * A mistake in what the user gave us: a missing file, a bad column, a value out of range. The
 * message names the file, line or flag, what is wrong and what to do. The command line prints the
 * message alone (no stack trace) and exits with code 2.
 */
public class InvalidInputException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message which input, what is wrong, what to do
   */
  public InvalidInputException(String message) {
    super(message);
  }

  /**
   * @param message which input, what is wrong, what to do
   * @param cause the underlying failure
   */
  public InvalidInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
