package org.samplesize.train.cuda;

import org.bytedeco.cuda.cudart.cudaDeviceProp;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.Loader;

/**
 * Finds out once per JVM whether a usable CUDA device is there. Loading the JavaCPP CUDA runtime
 * throws {@code UnsatisfiedLinkError} without a driver and leaves the class unusable for the rest
 * of the JVM, so the probe runs at most once, catches everything and caches the answer.
 */
public final class CudaProbe {
  private static volatile Result result;

  private CudaProbe() {}

  /**
   * The outcome of the probe.
   *
   * @param available whether device 0 can be used
   * @param deviceName its name, or null
   * @param reason why not, or null when available
   * @param deviceCount how many CUDA devices the runtime reports (0 when unavailable)
   */
  public record Result(boolean available, String deviceName, String reason, int deviceCount) {

    /** An unavailable outcome. */
    static Result unavailable(String reason) {
      return new Result(false, null, reason, 0);
    }
  }

  /**
   * @return the cached outcome, probing on first call
   */
  public static Result probe() {
    Result r = result;
    if (r == null) {
      synchronized (CudaProbe.class) {
        r = result;
        if (r == null) {
          r = run();
          result = r;
        }
      }
    }
    return r;
  }

  private static Result run() {
    try {
      Loader.load(cudart.class);
      int[] count = new int[1];
      int status = cudart.cudaGetDeviceCount(count);
      if (status != cudart.cudaSuccess) {
        return Result.unavailable(
            "cudaGetDeviceCount failed: "
                + cudart.cudaGetErrorString(status).getString()
                + " ("
                + status
                + ")");
      }
      if (count[0] < 1) {
        return Result.unavailable("the CUDA runtime loaded but reports no device");
      }
      try (cudaDeviceProp prop = new cudaDeviceProp()) {
        status = cudart.cudaGetDeviceProperties(prop, 0);
        if (status != cudart.cudaSuccess) {
          return Result.unavailable("cudaGetDeviceProperties failed: " + status + " for device 0");
        }
        return new Result(true, prop.name().getString(), null, count[0]);
      }
    } catch (Throwable t) {
      return Result.unavailable("CUDA libraries not usable: " + describe(t));
    }
  }

  /**
   * One short line for a failure to load the CUDA libraries: the innermost cause, without the
   * library path listing that {@link UnsatisfiedLinkError} carries; a missing driver is named as
   * such.
   */
  static String describe(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = root.getMessage() == null ? root.toString() : root.getMessage();
    int nl = m.indexOf('\n');
    if (nl >= 0) {
      m = m.substring(0, nl);
    }
    if (m.contains("libcuda.so") && m.contains("cannot open shared object file")) {
      return "no NVIDIA driver (libcuda.so.1 cannot be loaded)";
    }
    int path = m.indexOf(" in java.library.path");
    if (path >= 0) {
      m = m.substring(0, path);
    }
    if (!(root instanceof UnsatisfiedLinkError)) {
      m = root.getClass().getSimpleName() + ": " + m;
    }
    return m.length() > 200 ? m.substring(0, 200) + "..." : m;
  }
}
