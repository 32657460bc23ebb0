package org.samplesize.train.cpu.tail;

import org.samplesize.train.tail.TailAdam;
import org.samplesize.train.tail.TailDeviceOps;
import org.samplesize.train.tail.TailLayout;
import org.samplesize.train.tail.TailSpec;

/**
 * Opens the CPU tail's ops for tests in other packages (the CUDA kernels are compared with them).
 */
public final class CpuTailOpsAccess {
  private CpuTailOpsAccess() {}

  /**
   * @param spec the tail
   * @param numClasses classes of the head
   * @param maxBatch largest batch
   * @param threads worker threads
   * @param adam the optimiser
   * @return the CPU ops; the caller closes them
   */
  public static TailDeviceOps open(
      TailSpec spec, int numClasses, int maxBatch, int threads, TailAdam adam) {
    return new CpuTailOps(
        spec, TailLayout.of(spec), numClasses, maxBatch, threads, adam.adam(), false);
  }

  /**
   * @param buffer a buffer of the CPU ops
   * @param values written from its start
   */
  public static void write(TailDeviceOps.Buffer buffer, float[] values) {
    ((NativeBuffer) buffer).buffer.put(0, values, 0, values.length);
  }

  /**
   * @param buffer a buffer of the CPU ops
   * @param length floats to read
   * @return its first {@code length} floats
   */
  public static float[] read(TailDeviceOps.Buffer buffer, int length) {
    float[] v = new float[length];
    ((NativeBuffer) buffer).buffer.get(0, v, 0, length);
    return v;
  }
}
