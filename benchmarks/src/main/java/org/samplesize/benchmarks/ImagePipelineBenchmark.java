package org.samplesize.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.samplesize.image.Augmentation;
import org.samplesize.image.BatchStream;
import org.samplesize.image.ImageBatch;
import org.samplesize.image.ImagePipeline;
import org.samplesize.image.ImageRequest;
import org.samplesize.image.Preprocessing;

/**
 * Images per second through the image pipeline on tf_flowers photos: decode + squash to 224 + the
 * recipe's augmentation + normalise to [-1, 1], batched into direct buffers. {@code augment =
 * false} is the baseline (decode + resize + normalise only). Needs {@code ../shared/data} (or
 * {@code -Dsamplesize.shared}). The side-by-side comparison with the Python peers is {@link
 * ImageHarness}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(
    value = 1,
    jvmArgs = {"-Xmx2g"})
public class ImagePipelineBenchmark {
  /** Images per benchmark call. */
  static final int IMAGES = 256;

  @Param({"2"})
  int threads;

  @Param({"false", "true"})
  boolean augment;

  private ImagePipeline pipeline;
  private List<ImageRequest> requests;

  /** Builds the pipeline and the request list (evenly spaced photos over all classes). */
  @Setup(Level.Trial)
  public void setUp() {
    List<Path> files = BenchData.sample(IMAGES);
    requests = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      requests.add(new ImageRequest(files.get(i), i, 0, augment));
    }
    pipeline =
        new ImagePipeline(Preprocessing.kerasSquash224(), Augmentation.recipe(), threads, 42);
  }

  /** Frees the pipeline's threads and native memory. */
  @TearDown(Level.Trial)
  public void tearDown() {
    pipeline.close();
  }

  /**
   * @param bh sinks one float of every batch so nothing is optimised away
   * @return images delivered
   */
  @Benchmark
  @OperationsPerInvocation(IMAGES)
  public int pipeline(Blackhole bh) {
    int n = 0;
    try (BatchStream s = pipeline.stream(requests, 32)) {
      while (s.hasNext()) {
        ImageBatch b = s.next();
        bh.consume(b.data().get(b.data().limit() - 1));
        n += b.size();
        b.release();
      }
    }
    return n;
  }
}
