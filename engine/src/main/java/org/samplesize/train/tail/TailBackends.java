package org.samplesize.train.tail;

import org.samplesize.InvalidInputException;
import org.samplesize.ProgressListener;
import org.samplesize.train.Backends;
import org.samplesize.train.cpu.tail.CpuTailNetwork;
import org.samplesize.train.cuda.tail.CudaTailNetwork;

/** Opens a {@link TailNetwork} on the device a run asks for. */
public final class TailBackends {
  private TailBackends() {}

  /**
   * @param device {@code auto}, {@code cpu} or {@code cuda}
   * @param spec the tail
   * @param numClasses classes of the head
   * @param maxBatch largest batch
   * @param options threads and Adam settings
   * @param progress receives a note when {@code auto} falls back to the CPU; may be null
   * @return the network; the caller closes it
   * @throws InvalidInputException for an unknown device, or {@code cuda} where it cannot run
   */
  public static TailNetwork open(
      String device,
      TailSpec spec,
      int numClasses,
      int maxBatch,
      TailOptions options,
      ProgressListener progress) {
    return Backends.resolve(device, "fine-tuning", progress).equals("cuda")
        ? new CudaTailNetwork(spec, numClasses, maxBatch, 0, options.adam())
        : new CpuTailNetwork(spec, numClasses, maxBatch, options.threads(), options.adam());
  }
}
