package org.samplesize.benchmarks;

import java.nio.FloatBuffer;
import java.nio.file.Files;
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
import org.samplesize.ProgressListener;
import org.samplesize.bench.FeatureBench;
import org.samplesize.features.BatchPrefetcher;
import org.samplesize.features.ExecutionProfile;
import org.samplesize.features.FeatureExtractor;
import org.samplesize.features.ModelCard;
import org.samplesize.image.Augmentation;
import org.samplesize.image.ImageBatch;
import org.samplesize.image.ImagePipeline;
import org.samplesize.image.ImageRequest;

/**
 * Feature extraction throughput in images/s (one operation = one image): {@code inference} runs the
 * same pre-decoded batch again and again (the ceiling); {@code endToEnd} takes each batch from the
 * image pipeline (JPEG decode, resize, normalise on the decode threads) and runs it through the
 * same session. Same session, same batch, same thread count. Needs {@code ../shared} (or {@code
 * -Dsamplesize.shared}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(
    value = 1,
    jvmArgs = {"-Xmx2g", "-Dorg.bytedeco.javacpp.logger=slf4j"})
public class FeaturesBenchmark {

  /** Batch size of every call; {@link OperationsPerInvocation} below must match. */
  static final int BATCH = 64;

  @Param({"mobilenetv2-12-int8", "mobilenetv2-12-fp32-dequant"})
  String model;

  @Param({"2"})
  int threads;

  /** ONNX Runtime intra-op spinning: "0" = the cpu profile's default, "1" = ORT's default. */
  @Param({"0", "1"})
  String spinning;

  ImagePipeline pipeline;
  FeatureExtractor extractor;
  FloatBuffer decoded;
  List<ImageRequest> requests;
  BatchPrefetcher stream;
  Path cache;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    ModelCard card = ModelCard.load(model);
    Path file = BenchData.model(card.file());
    cache = Files.createTempDirectory("samplesize-jmh");
    pipeline = new ImagePipeline(card.preprocessing(), Augmentation.none(), threads, 42L);
    extractor =
        FeatureExtractor.open(
            card,
            file,
            card.featureTensor(),
            ExecutionProfile.load("cpu")
                .withSessionConfig("session.intra_op.allow_spinning", spinning),
            threads,
            cache,
            ProgressListener.NONE);
    List<Path> images = BenchData.sample(512);
    decoded = FeatureBench.predecode(pipeline, images, BATCH, card);
    requests = new ArrayList<>();
    for (int i = 0; i < 200 * BATCH; i++) {
      requests.add(new ImageRequest(images.get(i % images.size()), i, 0, false));
    }
  }

  @Setup(Level.Iteration)
  public void openStream() {
    stream = new BatchPrefetcher(pipeline.stream(requests, BATCH), 2);
  }

  @TearDown(Level.Iteration)
  public void closeStream() {
    stream.close();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    extractor.close();
    pipeline.close();
  }

  /** The ceiling: pre-decoded tensors, same session and batch. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public float[] inference() {
    return extractor.run(decoded, BATCH);
  }

  /** JPEG files → features through the pipeline's bounded queue. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public float[] endToEnd() {
    if (!stream.hasNext()) {
      stream.close();
      stream = new BatchPrefetcher(pipeline.stream(requests, BATCH), 2);
    }
    ImageBatch b = stream.next();
    try {
      return extractor.run(b.data(), b.size());
    } finally {
      b.release();
    }
  }
}
