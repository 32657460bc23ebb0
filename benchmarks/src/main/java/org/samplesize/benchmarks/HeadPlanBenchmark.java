package org.samplesize.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;
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
import org.samplesize.bench.HeadBenchmark;
import org.samplesize.train.Backend;
import org.samplesize.train.HeadOptions;
import org.samplesize.train.HeadResult;
import org.samplesize.train.TrainingDevices;

/**
 * The recipe's head plan (3303 × 1280 random clustered features, 5 classes, models = 5 repeats × 5,
 * 10, 25, 50% for 20, 10 epochs, batch 64, dropout 0.3, Adam), all models trained at once. {@code
 * patience = 10} disables early stopping (every model runs all 10 epochs, the same work as the
 * peers); {@code patience = 3} is the recipe. Run beside {@code ../shared/peers/peer_head.py}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
// A plan is one shot of ~0.1 s: after 3 shots the JIT is still compiling (the shots spread by
// 23-46%),
// so 15 warm-up shots; the cold cost of a fresh JVM is what the whole-run benchmark measures.
@Warmup(iterations = 15)
@Measurement(iterations = 10)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx4g", "-Xms1g", "--add-modules", "jdk.incubator.vector"})
public class HeadPlanBenchmark {

  /** cpu or cuda. */
  @Param({"cpu"})
  public String device;

  /** CPU worker threads. */
  @Param({"2"})
  public int threads;

  /** Models trained at once; 20 = the recipe's plan. */
  @Param({"20"})
  public int models;

  /** 10 = no early stopping (same work as the peers), 3 = the recipe. */
  @Param({"10", "3"})
  public int patience;

  private Backend backend;
  private HeadBenchmark.Plan plan;
  private HeadOptions options;

  /** Builds the features and the plan (untimed). */
  @Setup(Level.Trial)
  public void setUp() {
    backend = TrainingDevices.select(device, "training heads", null).openHeads(threads);
    plan = HeadBenchmark.recipePlan(models, 42);
    options = HeadOptions.recipe().withThreads(threads).withPatience(patience);
  }

  /** Frees the backend. */
  @TearDown(Level.Trial)
  public void tearDown() {
    backend.close();
  }

  /**
   * @return the trained models (returned so that nothing is dead code)
   */
  @Benchmark
  public List<HeadResult> trainPlan() {
    return HeadBenchmark.run(plan, options, backend);
  }
}
