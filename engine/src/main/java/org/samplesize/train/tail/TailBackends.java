package org.samplesize.train.tail;

import org.samplesize.InvalidInputException;
import org.samplesize.ProgressListener;
import org.samplesize.train.cpu.tail.CpuTailNetwork;
import org.samplesize.train.cuda.CudaProbe;
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
    String d = device == null ? "auto" : device.trim().toLowerCase(java.util.Locale.ROOT);
    switch (d) {
      case "cpu":
        return new CpuTailNetwork(spec, numClasses, maxBatch, options.threads(), options.adam());
      case "cuda":
        {
          CudaProbe.Result r = CudaProbe.probe();
          if (!r.available()) {
            throw new InvalidInputException(
                "--device cuda: no usable CUDA GPU ("
                    + r.reason()
                    + "); use --device cpu or --device auto");
          }
          return new CudaTailNetwork(spec, numClasses, maxBatch, 0, options.adam());
        }
      case "auto":
        {
          CudaProbe.Result r = CudaProbe.probe();
          if (r.available()) {
            return new CudaTailNetwork(spec, numClasses, maxBatch, 0, options.adam());
          }
          if (progress != null) {
            progress.note("fine-tuning on CPU: no usable CUDA GPU (" + r.reason() + ")");
          }
          return new CpuTailNetwork(spec, numClasses, maxBatch, options.threads(), options.adam());
        }
      default:
        throw new InvalidInputException(
            "--device " + device + " is not a training device; use auto, cpu or cuda");
    }
  }
}
