package org.samplesize.train.cpu;

import java.util.function.Supplier;
import org.samplesize.UnavailableException;
import org.samplesize.train.Backend;
import org.samplesize.train.Precision;
import org.samplesize.train.TrainingBackend;
import org.samplesize.train.cpu.onednn.OneDnn;
import org.samplesize.train.cpu.tail.CpuTailNetwork;
import org.samplesize.train.tail.TailNetwork;
import org.samplesize.train.tail.TailOptions;
import org.samplesize.train.tail.TailSpec;

/**
 * The CPU as a {@link TrainingBackend}: always available, one device (index 0), its threads set by
 * the caller. Registered in {@code META-INF/services}.
 */
public final class CpuTrainingBackend implements TrainingBackend {

  private final Supplier<String> bf16Probe;

  /** For {@link java.util.ServiceLoader}. */
  public CpuTrainingBackend() {
    this(OneDnn::bf16UnavailableReason);
  }

  /**
   * @param bf16Probe says whether this CPU runs bf16 products (null) or why not; tests stand in for
   *     a CPU without AVX512-BF16 with it
   */
  CpuTrainingBackend(Supplier<String> bf16Probe) {
    this.bf16Probe = bf16Probe;
  }

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

  /** Null on CPUs with AVX512-BF16 where oneDNN loads, else why not (checked once per call). */
  @Override
  public String bf16UnavailableReason() {
    return bf16Probe.get();
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
    if (options.precision() == Precision.BF16) {
      String why = bf16UnavailableReason();
      if (why != null) {
        throw new UnavailableException("precision bf16: " + why + "; use --precision fp32");
      }
    }
    return new CpuTailNetwork(
        spec, numClasses, maxBatch, options.threads(), options.adam(), options.precision());
  }

  private static void checkDevice(int device) {
    if (device != 0) {
      throw new IllegalArgumentException("cpu device " + device + ": the CPU is device 0");
    }
  }
}
