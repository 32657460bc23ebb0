package org.samplesize.train;

import org.samplesize.train.tail.TailNetwork;
import org.samplesize.train.tail.TailOptions;
import org.samplesize.train.tail.TailSpec;

/**
 * A kind of device that trains heads and tails (the CPU, CUDA GPUs): the one interface the rest of
 * the engine sees. Implementations are found with {@link java.util.ServiceLoader} ({@code
 * META-INF/services/org.samplesize.train.TrainingBackend}), as DJL finds its engines, so this
 * package never names them; {@link TrainingDevices} chooses among them. An implementation holds
 * only device work (buffers, kernels, matrix products): the training loop, batching, early stopping
 * and metrics live above it ({@link HeadTrainer}, {@code tail.TailTrainer}, {@code
 * tail.DeviceTailNetwork}).
 *
 * <p>Implementations must have a public no-argument constructor that touches no native library;
 * probing happens in {@link #isAvailable()}, at most once per JVM.
 */
public interface TrainingBackend {

  /** What a backend can do, for selection by capability. */
  enum Capability {
    /** Opens {@link Backend}s that train stacks of dense heads. */
    HEADS,
    /** Opens {@link TailNetwork}s that fine-tune a backbone's tail. */
    TAILS,
    /** Runs on an accelerator; {@code auto} prefers such a backend when it is available. */
    ACCELERATOR
  }

  /**
   * @return the name a {@code --device} value uses, lower case: {@code cpu}, {@code cuda}
   */
  String name();

  /**
   * @return whether at least one device of this kind can be used here
   */
  boolean isAvailable();

  /**
   * @return why the backend is not available, one short line; null when it is
   */
  String unavailableReason();

  /**
   * @return usable devices of this kind (0 when unavailable); the CPU counts as one
   */
  int deviceCount();

  /**
   * @param capability a capability
   * @return whether this backend has it
   */
  boolean hasCapability(Capability capability);

  /**
   * Whether {@link #openTail} can run {@link Precision#BF16} here (natively, fast enough to be
   * worth it). The default: no.
   *
   * @return null when it can, else why not, one short line
   */
  default String bf16UnavailableReason() {
    return "bf16 fine-tuning is implemented for the CPU only";
  }

  /**
   * Opens a device for head training.
   *
   * @param device device index in {@code [0, deviceCount())}
   * @param threads CPU worker threads, &ge; 1 (used by the CPU; a GPU may ignore it)
   * @return the opened device; the caller closes it
   * @throws org.samplesize.UnavailableException when the device cannot be used
   */
  Backend openHeads(int device, int threads);

  /**
   * Opens a tail network on a device.
   *
   * @param device device index in {@code [0, deviceCount())}
   * @param spec the tail
   * @param numClasses classes of the dense head, &ge; 2
   * @param maxBatch largest batch, &ge; 1
   * @param options threads, Adam settings and the precision ({@link Precision#BF16} only where
   *     {@link #bf16UnavailableReason()} is null)
   * @return the network; the caller closes it
   * @throws org.samplesize.UnavailableException when the device cannot be used, or cannot run the
   *     precision
   */
  TailNetwork openTail(
      int device, TailSpec spec, int numClasses, int maxBatch, TailOptions options);
}
