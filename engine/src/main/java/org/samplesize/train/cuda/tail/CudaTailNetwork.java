package org.samplesize.train.cuda.tail;

import org.samplesize.train.tail.DeviceTailNetwork;
import org.samplesize.train.tail.TailAdam;
import org.samplesize.train.tail.TailSpec;

/**
 * The tail on a CUDA GPU: {@link DeviceTailNetwork}'s passes, the same as the CPU network's, over
 * {@link CudaTailOps} (cuBLAS for the 1×1 convolutions, NVRTC kernels for the depthwise
 * convolutions, ReLU6, pooling and Adam). The dense head (a few thousand multiply-adds per row)
 * runs on the host in {@link DeviceTailNetwork}, so both backends compute it identically. All
 * device memory is allocated in the constructor for {@link #maxBatch()} rows.
 *
 * <p>Not thread-safe. {@link #close()} frees the device memory and is idempotent.
 */
public final class CudaTailNetwork extends DeviceTailNetwork {

  /**
   * @param spec the tail
   * @param numClasses classes of the head, at least 2
   * @param maxBatch largest batch, at least 1
   * @param device CUDA device ordinal
   * @param adam the optimiser
   * @throws org.samplesize.SamplesizeException when a CUDA call fails (the message names it)
   */
  public CudaTailNetwork(TailSpec spec, int numClasses, int maxBatch, int device, TailAdam adam) {
    super(
        spec,
        numClasses,
        maxBatch,
        adam,
        (s, layout, k, batch) -> new CudaTailOps(s, layout, k, batch, device, adam.adam()));
  }
}
