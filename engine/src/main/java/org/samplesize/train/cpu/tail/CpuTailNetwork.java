package org.samplesize.train.cpu.tail;

import org.samplesize.train.Precision;
import org.samplesize.train.cpu.onednn.OneDnn;
import org.samplesize.train.tail.DeviceTailNetwork;
import org.samplesize.train.tail.TailAdam;
import org.samplesize.train.tail.TailSpec;

/**
 * The tail on the CPU: {@link DeviceTailNetwork}'s passes over {@link CpuTailOps} (channel-major
 * activations, each 1×1 convolution one OpenBLAS {@code sgemm} split over worker threads, the
 * depthwise convolutions in Java). Every buffer is native memory allocated once, in the
 * constructor, for {@link #maxBatch()} rows; a step allocates nothing but small heap arrays.
 *
 * <p>Not thread-safe. Close it to free the native memory; {@link #close()} is idempotent.
 */
public final class CpuTailNetwork extends DeviceTailNetwork {

  /**
   * @param spec the tail
   * @param numClasses classes of the dense head, at least 2
   * @param maxBatch largest batch, at least 1; buffers are sized for it
   * @param threads worker threads for the Java kernels and for OpenBLAS, at least 1
   * @param adam the optimiser used by {@link #trainStep}
   */
  public CpuTailNetwork(TailSpec spec, int numClasses, int maxBatch, int threads, TailAdam adam) {
    this(spec, numClasses, maxBatch, threads, adam, Precision.FP32);
  }

  /**
   * @param spec the tail
   * @param numClasses classes of the dense head, at least 2
   * @param maxBatch largest batch, at least 1; buffers are sized for it
   * @param threads worker threads for the Java kernels and for OpenBLAS, at least 1
   * @param adam the optimiser used by {@link #trainStep}
   * @param precision {@link Precision#BF16}: the 1×1 convolutions' products in bf16 through oneDNN
   *     (which then uses one OpenMP thread per core); the caller has resolved it with {@link
   *     Precision#effective} against {@link OneDnn#bf16UnavailableReason()}
   * @throws org.samplesize.UnavailableException when bf16 is asked for and cannot run here
   */
  public CpuTailNetwork(
      TailSpec spec,
      int numClasses,
      int maxBatch,
      int threads,
      TailAdam adam,
      Precision precision) {
    super(
        spec,
        numClasses,
        maxBatch,
        adam,
        (s, layout, k, batch) ->
            new CpuTailOps(s, layout, k, batch, threads, adam.adam(), precision == Precision.BF16));
  }
}
