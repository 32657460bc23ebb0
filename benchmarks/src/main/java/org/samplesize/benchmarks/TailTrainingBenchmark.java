package org.samplesize.benchmarks;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.samplesize.features.TailGraphReader;
import org.samplesize.train.Precision;
import org.samplesize.train.cpu.onednn.OneDnn;
import org.samplesize.train.cpu.tail.CpuTailNetwork;
import org.samplesize.train.tail.TailAdam;
import org.samplesize.train.tail.TailNetwork;
import org.samplesize.train.tail.TailParameters;
import org.samplesize.train.tail.TailSpec;

/**
 * One fine-tuning training step (forward, backward, Adam) of the MobileNetV2 tail from a cut block
 * on, with dropout 0.3 and a 5-class head, as {@code ../shared/peers/peer_finetune.py} times it
 * (random trunk activations; weights from the fp32 zoo file). The {@code samples} counter is
 * training samples per second; {@code threads=1} is the single-core baseline; {@code
 * precision=bf16} runs the 1×1 convolutions' products in bf16 (oneDNN; CPUs with AVX512-BF16 only:
 * elsewhere that variant fails in its setup, saying why).
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar TailTrainingBenchmark -p threads=2 -rf json}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 8)
@Measurement(iterations = 3, time = 10)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx3g", "-Xms3g", "--add-modules", "jdk.incubator.vector"})
@State(Scope.Benchmark)
public class TailTrainingBenchmark {

  /** Worker threads (and OpenBLAS slices); 1 is the baseline. */
  @Param({"1", "2"})
  public int threads;

  /** Minibatch size. */
  @Param({"64"})
  public int batch;

  /** The matrix products' arithmetic, {@code fp32} or {@code bf16}. */
  @Param({"fp32", "bf16"})
  public String precision;

  /** The first trainable block. */
  @Param({"block_10"})
  public String cut;

  private TailNetwork network;
  private float[] x;
  private int[] y;
  private float[] dropout;

  /** Samples trained, reported by JMH as a rate. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Samples {
    /** training samples processed */
    public long samples;

    /** Resets the counter before each iteration. */
    @Setup(Level.Iteration)
    public void reset() {
      samples = 0;
    }
  }

  /** Reads the tail, builds the network and a seeded batch. */
  @Setup
  public void setup() {
    TailSpec spec = TailGraphReader.read(BenchData.model("mobilenetv2-12-fp32-dequant.onnx"), cut);
    int k = 5;
    SplittableRandom r = new SplittableRandom(42);
    float[] hw = new float[k * spec.featureDim()];
    for (int i = 0; i < hw.length; i++) {
      hw[i] = (float) (r.nextGaussian() * 0.05);
    }
    Precision p = Precision.parse(precision);
    if (p == Precision.BF16 && OneDnn.bf16UnavailableReason() != null) {
      throw new IllegalStateException("precision bf16: " + OneDnn.bf16UnavailableReason());
    }
    network = new CpuTailNetwork(spec, k, batch, threads, TailAdam.recipe(), p);
    network.setParameters(TailParameters.of(spec, k, hw, new float[k]));
    x = new float[batch * spec.inputSize()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    y = new int[batch];
    for (int i = 0; i < batch; i++) {
      y[i] = r.nextInt(k);
    }
    dropout = new float[batch * spec.featureDim()];
    for (int i = 0; i < dropout.length; i++) {
      dropout[i] = r.nextDouble() < 0.3 ? 0f : (float) (1 / 0.7);
    }
  }

  /** Frees the native buffers. */
  @TearDown
  public void tearDown() {
    network.close();
  }

  /**
   * @param s the sample counter
   * @return the minibatch loss (so the step is not dead code)
   */
  @Benchmark
  public double trainStep(Samples s) {
    double loss = network.trainStep(x, y, batch, dropout);
    s.samples += batch;
    return loss;
  }
}
