package org.samplesize.train;

import java.util.Locale;
import org.samplesize.InvalidInputException;
import org.samplesize.ProgressListener;
import org.samplesize.train.cpu.CpuBackend;
import org.samplesize.train.cuda.CudaBackend;
import org.samplesize.train.cuda.CudaProbe;

/** Chooses a training backend by name and by what the machine has. */
public final class Backends {
  private Backends() {}

  /**
   * @param device {@code auto} (CUDA when usable, else CPU with one note), {@code cpu} or {@code
   *     cuda} (fails when no usable GPU is there)
   * @param threads CPU worker threads, &ge; 1
   * @param progress receives the note when {@code auto} falls back to the CPU; may be null
   * @return the backend; the caller closes it
   * @throws InvalidInputException for an unknown device name, or {@code cuda} without a usable GPU
   */
  public static Backend select(String device, int threads, ProgressListener progress) {
    String d = device == null ? "auto" : device.trim().toLowerCase(Locale.ROOT);
    switch (d) {
      case "cpu":
        return new CpuBackend(threads);
      case "cuda":
        {
          CudaProbe.Result r = CudaProbe.probe();
          if (!r.available()) {
            throw new InvalidInputException(
                "--device cuda: no usable CUDA GPU ("
                    + r.reason()
                    + "); use --device cpu or --device auto");
          }
          return new CudaBackend(0);
        }
      case "auto":
        {
          CudaProbe.Result r = CudaProbe.probe();
          if (r.available()) {
            return new CudaBackend(0);
          }
          if (progress != null) {
            progress.note("training heads on CPU: no usable CUDA GPU (" + r.reason() + ")");
          }
          return new CpuBackend(threads);
        }
      default:
        throw new InvalidInputException(
            "--device " + device + " is not a training device; use auto, cpu or cuda");
    }
  }

  /**
   * @return whether a usable CUDA GPU is there (probed once per JVM)
   */
  public static boolean cudaAvailable() {
    return CudaProbe.probe().available();
  }
}
