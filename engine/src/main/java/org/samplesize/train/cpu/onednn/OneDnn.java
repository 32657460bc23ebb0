package org.samplesize.train.cpu.onednn;

import static org.bytedeco.dnnl.global.dnnl.dnnl_cpu_isa_avx512_core_bf16;
import static org.bytedeco.dnnl.global.dnnl.dnnl_get_effective_cpu_isa;
import static org.bytedeco.dnnl.global.dnnl.dnnl_success;
import static org.bytedeco.dnnl.global.dnnl.dnnl_version;

import org.bytedeco.dnnl.dnnl_version_t;
import org.bytedeco.javacpp.Loader;
import org.samplesize.SamplesizeException;

/**
 * Loads oneDNN once per JVM, says whether this CPU multiplies bf16 natively, and checks every
 * oneDNN status.
 */
public final class OneDnn {
  private static volatile String loadStatus;
  private static volatile String version;

  private OneDnn() {}

  /**
   * @return null when oneDNN loaded, else why not, one line (loaded once, cached)
   */
  public static String unavailableReason() {
    String s = loadStatus;
    if (s == null) {
      synchronized (OneDnn.class) {
        s = loadStatus;
        if (s == null) {
          try {
            Loader.load(org.bytedeco.dnnl.global.dnnl.class);
            dnnl_version_t v = dnnl_version();
            version = v.major() + "." + v.minor() + "." + v.patch();
            s = "";
          } catch (Throwable t) {
            s = "oneDNN (the bf16 matrix library) did not load: " + t;
          }
          loadStatus = s;
        }
      }
    }
    return s.isEmpty() ? null : s;
  }

  /**
   * @return oneDNN's version, e.g. {@code 3.11.0}, or null when it did not load
   */
  public static String version() {
    return unavailableReason() == null ? version : null;
  }

  /**
   * Whether bf16 matrix products run natively here: oneDNN loads and the CPU has the AVX512-BF16
   * instructions (oneDNN's effective ISA includes {@code avx512_core_bf16}; AMX and AVX10 CPUs do).
   *
   * @return null when they do, else why not, one line
   */
  public static String bf16UnavailableReason() {
    String load = unavailableReason();
    if (load != null) {
      return load;
    }
    int isa = dnnl_get_effective_cpu_isa();
    if ((isa & dnnl_cpu_isa_avx512_core_bf16) != dnnl_cpu_isa_avx512_core_bf16) {
      return "this CPU has no AVX512-BF16 instructions";
    }
    return null;
  }

  /**
   * @param status what a oneDNN call returned
   * @param op the call's C name
   * @throws SamplesizeException naming the call and the status when it is not success
   */
  static void check(int status, String op) {
    if (status != dnnl_success) {
      throw new SamplesizeException(op + " failed: oneDNN status " + status);
    }
  }
}
