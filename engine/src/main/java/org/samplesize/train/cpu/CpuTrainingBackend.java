package org.samplesize.train.cpu;

import org.samplesize.train.Backend;
import org.samplesize.train.TrainingBackend;
import org.samplesize.train.cpu.tail.CpuTailNetwork;
import org.samplesize.train.tail.TailNetwork;
import org.samplesize.train.tail.TailOptions;
import org.samplesize.train.tail.TailSpec;

/**
 * The CPU as a {@link TrainingBackend}: always available, one device (index 0), its threads set by
 * the caller. Registered in {@code META-INF/services}.
 */
public final class CpuTrainingBackend implements TrainingBackend {

  /** For {@link java.util.ServiceLoader}. */
  public CpuTrainingBackend() {}

  @Override
  public String name() {
    return "cpu";
  }

  @Override
  public boolean isAvailable() {
    return true;
  }

  @Override
  public String unavailableReason() {
    return null;
  }

  @Override
  public int deviceCount() {
    return 1;
  }

  @Override
  public boolean hasCapability(Capability capability) {
    return capability == Capability.HEADS || capability == Capability.TAILS;
  }

  @Override
  public Backend openHeads(int device, int threads) {
    checkDevice(device);
    return new CpuBackend(threads);
  }

  @Override
  public TailNetwork openTail(
      int device, TailSpec spec, int numClasses, int maxBatch, TailOptions options) {
    checkDevice(device);
    return new CpuTailNetwork(spec, numClasses, maxBatch, options.threads(), options.adam());
  }

  private static void checkDevice(int device) {
    if (device != 0) {
      throw new IllegalArgumentException("cpu device " + device + ": the CPU is device 0");
    }
  }
}
