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
    return resolve(device, "training heads", progress).equals("cuda")
        ? new CudaBackend(0)
        : new CpuBackend(threads);
  }

  /**
   * What a {@code --device} value means on this machine: {@code cpu}, or {@code cuda} where a
   * usable GPU is there; {@code auto} takes CUDA when it can and otherwise notes why the CPU runs.
   *
   * @param device {@code auto} (or null), {@code cpu} or {@code cuda}, any case
   * @param work what runs, for the note, e.g. {@code "training heads"}
   * @param progress receives the note when {@code auto} falls back to the CPU; may be null
   * @return {@code cpu} or {@code cuda}
   * @throws InvalidInputException for an unknown device name, or {@code cuda} without a usable GPU
   */
  public static String resolve(String device, String work, ProgressListener progress) {
    String d = device == null ? "auto" : device.trim().toLowerCase(Locale.ROOT);
    switch (d) {
      case "cpu":
        return "cpu";
      case "cuda":
        {
          CudaProbe.Result r = CudaProbe.probe();
          if (!r.available()) {
            throw new InvalidInputException(
                "--device cuda: no usable CUDA GPU ("
                    + r.reason()
                    + "); use --device cpu or --device auto");
          }
          return "cuda";
        }
      case "auto":
        {
          CudaProbe.Result r = CudaProbe.probe();
          if (r.available()) {
            return "cuda";
          }
          if (progress != null) {
            progress.note(work + " on CPU: no usable CUDA GPU (" + r.reason() + ")");
          }
          return "cpu";
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
