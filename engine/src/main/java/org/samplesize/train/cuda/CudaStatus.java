package org.samplesize.train.cuda;

import org.bytedeco.cuda.global.cublas;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.cuda.global.nvrtc;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;
import org.samplesize.SamplesizeException;

/**
 * The one place every CUDA, cuBLAS and NVRTC status code is checked (public so that the fine-tuning
 * tail in {@code train.cuda.tail} checks its calls here too).
 */
public final class CudaStatus {
  private CudaStatus() {}

  /** Which library an operation belongs to, read from its name. */
  enum Library {
    RUNTIME,
    DRIVER,
    CUBLAS,
    NVRTC
  }

  /**
   * @param op the operation's C name, e.g. {@code cudaMalloc}, {@code cuLaunchKernel}, {@code
   *     cublasSgemmStridedBatched}, {@code nvrtcCompileProgram}
   * @return the library that defines it (and its status codes)
   */
  static Library libraryOf(String op) {
    if (op.startsWith("cublas")) {
      return Library.CUBLAS;
    }
    if (op.startsWith("nvrtc")) {
      return Library.NVRTC;
    }
    if (op.startsWith("cuda")) {
      return Library.RUNTIME;
    }
    if (op.startsWith("cu") && op.length() > 2 && Character.isUpperCase(op.charAt(2))) {
      return Library.DRIVER;
    }
    throw new IllegalArgumentException("not a CUDA operation name: " + op);
  }

  /**
   * Throws when a status is not success.
   *
   * @param status what the call returned
   * @param op the call's C name (decides how the status is read)
   * @throws SamplesizeException naming the operation, the error string and the code
   */
  public static void checkCuda(int status, String op) {
    if (status == 0) { // cudaSuccess, CUDA_SUCCESS, CUBLAS_STATUS_SUCCESS, NVRTC_SUCCESS are all 0
      return;
    }
    String text;
    try {
      text =
          switch (libraryOf(op)) {
            case RUNTIME -> cudart.cudaGetErrorString(status).getString();
            case CUBLAS -> cublas.cublasGetStatusString(status).getString();
            case NVRTC -> nvrtc.nvrtcGetErrorString(status).getString();
            case DRIVER -> {
              try (PointerPointer<BytePointer> p = new PointerPointer<>(1L)) {
                yield cudart.cuGetErrorString(status, p) == 0 && !p.get(0).isNull()
                    ? p.getString(0)
                    : "driver error";
              }
            }
          };
    } catch (Throwable t) {
      text = "unknown error";
    }
    throw new SamplesizeException(op + " failed: " + text + " (status " + status + ")");
  }
}
