package org.samplesize;

/**
 * The project-level unchecked exception: an internal or native failure (ONNX Runtime, OpenCV, CUDA,
 * I/O) with its cause attached. The command line reports it with exit code 1; its subclass {@link
 * UnavailableException} (the network, a server or the disk is unavailable) with exit code 3.
 */
public class SamplesizeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what failed, in words a user can act on
   */
  public SamplesizeException(String message) {
    super(message);
  }

  /**
   * @param message what failed, in words a user can act on
   * @param cause the underlying failure
   */
  public SamplesizeException(String message, Throwable cause) {
    super(message, cause);
  }
}
