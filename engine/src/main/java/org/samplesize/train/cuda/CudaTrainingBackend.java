package org.samplesize.train.cuda;

import org.samplesize.UnavailableException;
import org.samplesize.train.Backend;
import org.samplesize.train.Precision;
import org.samplesize.train.TrainingBackend;
import org.samplesize.train.cuda.tail.CudaTailNetwork;
import org.samplesize.train.tail.TailNetwork;
import org.samplesize.train.tail.TailOptions;
import org.samplesize.train.tail.TailSpec;

/**
 * CUDA GPUs as a {@link TrainingBackend}: available when {@link CudaProbe} finds a usable device
 * (probed once per JVM, on the first question, never at construction), one device per GPU the
 * runtime reports. Registered in {@code META-INF/services}.
 */
public final class CudaTrainingBackend implements TrainingBackend {

  /** For {@link java.util.ServiceLoader}; loads nothing native. */
  public CudaTrainingBackend() {}

  @Override
  public String name() {
    return "cuda";
  }

  @Override
  public boolean isAvailable() {
    return CudaProbe.probe().available();
  }

  @Override
  public String unavailableReason() {
    return CudaProbe.probe().reason();
  }

  @Override
  public int deviceCount() {
    return CudaProbe.probe().deviceCount();
  }

  @Override
  public boolean hasCapability(Capability capability) {
    return true;
  }

  @Override
  public Backend openHeads(int device, int threads) {
    return new CudaBackend(device);
  }

  @Override
  public TailNetwork openTail(
      int device, TailSpec spec, int numClasses, int maxBatch, TailOptions options) {
    if (options.precision() != Precision.FP32) {
      throw new UnavailableException(
          "precision " + options.precision() + ": " + bf16UnavailableReason());
    }
    return new CudaTailNetwork(spec, numClasses, maxBatch, device, options.adam());
  }
}
