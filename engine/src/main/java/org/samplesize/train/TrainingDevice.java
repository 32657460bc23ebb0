package org.samplesize.train;

import java.util.Objects;
import org.samplesize.train.tail.TailNetwork;
import org.samplesize.train.tail.TailOptions;
import org.samplesize.train.tail.TailSpec;

/**
 * One device of a {@link TrainingBackend}, as {@link TrainingDevices#select} chose it: the device
 * index travels from the caller's choice ({@code cuda:1}) to the factories, never fixed at 0.
 *
 * @param backend the kind of device
 * @param index the device index, in {@code [0, backend.deviceCount())}
 */
public record TrainingDevice(TrainingBackend backend, int index) {

  /** Validates. */
  public TrainingDevice {
    Objects.requireNonNull(backend, "backend");
    if (index < 0) {
      throw new IllegalArgumentException("device index = " + index + ", expected >= 0");
    }
  }

  /**
   * @param threads CPU worker threads, &ge; 1
   * @return the device opened for head training; the caller closes it
   */
  public Backend openHeads(int threads) {
    return backend.openHeads(index, threads);
  }

  /**
   * @param spec the tail
   * @param numClasses classes of the head
   * @param maxBatch largest batch
   * @param options threads and Adam settings
   * @return the network on this device; the caller closes it
   */
  public TailNetwork openTail(TailSpec spec, int numClasses, int maxBatch, TailOptions options) {
    return backend.openTail(index, spec, numClasses, maxBatch, options);
  }

  /**
   * @return {@code cpu}, or the backend's name and the index, e.g. {@code cuda:1}
   */
  public String name() {
    return backend.hasCapability(TrainingBackend.Capability.ACCELERATOR)
        ? backend.name() + ":" + index
        : backend.name();
  }
}
