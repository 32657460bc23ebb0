package org.samplesize.train.cpu;

/**
 * Whether the CPU kernels written with the Vector API ({@code jdk.incubator.vector}) may run. They
 * need the JVM started with {@code --add-modules jdk.incubator.vector} (the launcher, the tests and
 * the benchmarks do) and a CPU with vectors of at least 256 bits; elsewhere, or with {@code
 * -Dsamplesize.vector=false}, the plain loops run instead. Both compute the same floats: the choice
 * changes speed, never results.
 */
public final class CpuVectors {
  private static final String MODULE = "jdk.incubator.vector";
  private static final int BITS = detect();

  private CpuVectors() {}

  /**
   * @return true when the Vector API kernels run
   */
  public static boolean enabled() {
    return BITS >= 256;
  }

  /** The preferred vector width in bits, 0 when the kernels may not run. */
  private static int detect() {
    if (!Boolean.parseBoolean(System.getProperty("samplesize.vector", "true"))) {
      return 0;
    }
    if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
      return 0;
    }
    return Probe.preferredBits();
  }

  /** Loaded only once the module is known to be there. */
  private static final class Probe {
    static int preferredBits() {
      return jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize();
    }
  }
}
