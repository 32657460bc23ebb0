package org.samplesize.train.cpu;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * OpenBLAS (JavaCPP preset, no LAPACK) for the CPU backend's matrix products, loaded once per JVM.
 * Our worker threads each call single-threaded GEMMs, so loading sets OpenBLAS' own thread count to
 * 1 for the whole process (otherwise every call would spawn threads that fight ours).
 */
final class Blas {
  private static volatile String status;

  private Blas() {}

  /**
   * @return null when OpenBLAS is usable, else why not (loaded once, cached)
   */
  static String unavailableReason() {
    String s = status;
    if (s == null) {
      synchronized (Blas.class) {
        s = status;
        if (s == null) {
          try {
            Loader.load(openblas_nolapack.class);
            org.bytedeco.openblas.presets.openblas_nolapack.blas_set_num_threads(1);
            s = "";
          } catch (Throwable t) {
            s = "OpenBLAS not usable: " + t;
          }
          status = s;
        }
      }
    }
    return s.isEmpty() ? null : s;
  }

  /** Row-major {@code c = a · bᵀ}: {@code a} is m × k, {@code b} is n × k, {@code c} is m × n. */
  static void gemmNt(int m, int n, int k, FloatPointer a, FloatPointer b, FloatPointer c) {
    openblas_nolapack.cblas_sgemm(
        openblas_nolapack.CblasRowMajor,
        openblas_nolapack.CblasNoTrans,
        openblas_nolapack.CblasTrans,
        m,
        n,
        k,
        1f,
        a,
        k,
        b,
        k,
        0f,
        c,
        n);
  }

  /** Row-major {@code c = aᵀ · b}: {@code a} is k × m, {@code b} is k × n, {@code c} is m × n. */
  static void gemmTn(int m, int n, int k, FloatPointer a, FloatPointer b, FloatPointer c) {
    openblas_nolapack.cblas_sgemm(
        openblas_nolapack.CblasRowMajor,
        openblas_nolapack.CblasTrans,
        openblas_nolapack.CblasNoTrans,
        m,
        n,
        k,
        1f,
        a,
        m,
        b,
        n,
        0f,
        c,
        n);
  }
}
