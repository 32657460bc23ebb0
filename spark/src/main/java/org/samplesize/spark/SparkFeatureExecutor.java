package org.samplesize.spark;

import java.io.Serializable;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.samplesize.ProgressListener;
import org.samplesize.SamplesizeException;
import org.samplesize.experiment.FeatureExecutor;
import org.samplesize.experiment.FeatureSet;
import org.samplesize.experiment.LocalFeatureExecutor;
import org.samplesize.experiment.PipelineStages;
import org.samplesize.experiment.Plan;
import org.samplesize.experiment.RunSettings;
import org.samplesize.features.FeatureCache;
import org.samplesize.features.FeatureRequest;
import org.samplesize.features.InputBatch;
import org.samplesize.features.InputSource;
import org.samplesize.features.RowExtractor;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction1;

/**
 * The feature pass on Spark: the plan's image list in partitions of whole batches (so that each
 * ONNX Runtime call sees the batch the single-machine pass would); each executor decodes its rows
 * with the engine's image pipeline and runs them through its JVM's one session ({@link
 * ExecutorState#session}); the driver writes the rows, as tasks finish, into the same feature cache
 * the single-machine pass writes (same key, same file, resumable). A cache that is already complete
 * starts no job. Then the features are read as the single-machine pass reads them ({@link
 * LocalFeatureExecutor}), with its checks.
 */
public final class SparkFeatureExecutor implements FeatureExecutor {

  /** Partitions per core of the cluster: small enough to balance, large enough to batch. */
  private static final int PARTITIONS_PER_CORE = 4;

  private final JavaSparkContext jsc;
  private final java.util.Map<String, String> uris;

  /** How the feature cache's note on a complete cache begins. */
  private static final String REUSING = "features: reusing cache";

  /**
   * @param jsc the context (not stopped here)
   */
  public SparkFeatureExecutor(JavaSparkContext jsc) {
    this(jsc, java.util.Map.of());
  }

  /**
   * @param jsc the context (not stopped here)
   * @param uris inputs the driver copied from a Hadoop FileSystem, by setting name: the executors
   *     copy them too
   */
  SparkFeatureExecutor(JavaSparkContext jsc, java.util.Map<String, String> uris) {
    this.jsc = jsc;
    this.uris = java.util.Map.copyOf(uris);
  }

  @Override
  public FeatureSet extract(Plan plan, RunSettings s, ProgressListener progress) {
    String pinned = ClusterSettings.pin(s, uris);
    String identity = ClusterSettings.identity(s, plan);
    List<String> tensors = new ArrayList<>();
    tensors.add(plan.requireInputs().card().featureTensor());
    if (plan.requireInputs().tailSpec() != null) {
      tensors.add(plan.requireInputs().tailSpec().cutTensor());
    }
    // The local read below says "reusing cache" for a cache that was complete before this pass
    // (remembered here), as the single-machine pass does; this pass only says what it computes.
    java.util.Set<String> reused = java.util.concurrent.ConcurrentHashMap.newKeySet();
    ProgressListener computing =
        notesTo(
            progress,
            message -> {
              if (message.startsWith(REUSING)) {
                reused.add(message);
              } else {
                progress.note(message);
              }
            });
    for (String tensor : tensors) {
      FeatureRequest req = LocalFeatureExecutor.request(plan, tensor);
      var key =
          FeatureCache.key(
              req, plan.requireInputs().modelFile(), PipelineStages.cacheDir(s), progress);
      int rows = req.images().size();
      FeatureCache.getOrCompute(
              key,
              rows,
              req.dtype(),
              fromRow -> open(pinned, identity, tensor, fromRow, rows, s.batch()),
              // The cache needs the width before the first row: this JVM's session tells it (in
              // local mode the tasks then use that same session).
              () ->
                  new PassThrough(
                      ExecutorState.session(
                          req, plan.requireInputs().modelFile(), s, s.effectiveThreads())),
              PipelineStages.cacheDir(s),
              computing,
              req.stageName())
          .close();
    }
    // A cache this pass has just written is not one reused: the single-machine pass says only
    // "done" for it.
    ProgressListener reading =
        notesTo(
            progress,
            message -> {
              if (!message.startsWith(REUSING) || reused.contains(message)) {
                progress.note(message);
              }
            });
    return new LocalFeatureExecutor().extract(plan, s, reading);
  }

  /** Starts the job for rows {@code from .. rows-1}; its results come back as batches. */
  private InputSource.Batches open(
      String pinned, String identity, String tensor, int from, int rows, int batch) {
    int cores;
    try {
      cores = Math.max(1, jsc.sc().defaultParallelism());
    } catch (IllegalStateException e) {
      throw Jobs.ifStopped(jsc.sc(), e, "feature extraction");
    }
    int batches = (rows - from + batch - 1) / batch;
    int perPartition =
        Math.max(1, (batches + cores * PARTITIONS_PER_CORE - 1) / (cores * PARTITIONS_PER_CORE));
    int span = perPartition * batch;
    List<int[]> ranges = new ArrayList<>();
    // Partitions start at whole batches counted from the first row to compute, as the
    // single-machine pass counts them.
    for (int a = from; a < rows; a += span) {
      ranges.add(new int[] {a, Math.min(rows, a + span)});
    }
    BlockingQueue<Object> arrived = new LinkedBlockingQueue<>();
    Thread runner =
        new Thread(
            () -> {
              try {
                Jobs.run(
                    jsc.sc(),
                    jsc.parallelize(ranges, ranges.size()).rdd(),
                    new FeaturePartition(pinned, identity, tensor, batch),
                    (p, r) -> arrived.add(r),
                    "features (" + tensor + ")");
                arrived.add(END);
              } catch (IllegalStateException e) {
                arrived.add(Jobs.ifStopped(jsc.sc(), e, "feature extraction"));
              } catch (RuntimeException e) {
                arrived.add(e);
              }
            },
            "samplesize-spark-features");
    runner.setDaemon(true);
    runner.start();
    return new InputSource.Batches() {
      int left = ranges.size();

      @Override
      public boolean hasNext() {
        return left > 0;
      }

      @Override
      public InputBatch next() {
        Object o;
        try {
          o = arrived.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SamplesizeException("features: interrupted", e);
        }
        if (o instanceof RuntimeException e) {
          left = 0;
          throw e;
        }
        if (o == END) {
          left = 0;
          throw new SamplesizeException("features: the job ended early");
        }
        left--;
        PartitionRows r = (PartitionRows) o;
        List<InputBatch.SkippedRow> skipped = new ArrayList<>();
        for (int i = 0; i < r.skippedRows.length; i++) {
          skipped.add(
              new InputBatch.SkippedRow(r.skippedRows[i], r.skippedPaths[i], r.skippedReasons[i]));
        }
        return new InputBatch(FloatBuffer.wrap(r.data), r.rows.length, r.rows, skipped, null);
      }

      @Override
      public void close() {
        if (left > 0) {
          jsc.sc().cancelAllJobs();
        }
      }
    };
  }

  private static final Object END = new Object();

  /** One partition's rows, as they travel back to the driver. */
  static final class PartitionRows implements Serializable {
    private static final long serialVersionUID = 1L;
    final int[] rows;
    final float[] data;
    final int[] skippedRows;
    final String[] skippedPaths;
    final String[] skippedReasons;

    PartitionRows(FeatureCache.ComputedRows c) {
      this.rows = c.rows();
      this.data = c.data();
      int n = c.skipped().size();
      skippedRows = new int[n];
      skippedPaths = new String[n];
      skippedReasons = new String[n];
      for (int i = 0; i < n; i++) {
        skippedRows[i] = c.skipped().get(i).row();
        skippedPaths[i] = c.skipped().get(i).path();
        skippedReasons[i] = c.skipped().get(i).reason();
      }
    }
  }

  /** What a feature task runs: decode its rows and run them through the executor's session. */
  static final class FeaturePartition extends AbstractFunction1<Iterator<int[]>, PartitionRows>
      implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String settingsJson;
    private final String identity;
    private final String tensor;
    private final int batch;

    FeaturePartition(String settingsJson, String identity, String tensor, int batch) {
      this.settingsJson = settingsJson;
      this.identity = identity;
      this.tensor = tensor;
      this.batch = batch;
    }

    @Override
    public PartitionRows apply(Iterator<int[]> ranges) {
      return ExecutorState.task(began -> rows(ranges, began));
    }

    private PartitionRows rows(Iterator<int[]> ranges, long began) {
      TaskContext tc = TaskContext.get();
      int taskThreads = Math.max(1, tc == null ? 1 : tc.cpus());
      // The session is the executor's: it runs on all of the executor's cores.
      int executorCores = Runtime.getRuntime().availableProcessors();
      ExecutorState.Prepared p = ExecutorState.plan(settingsJson, identity, taskThreads);
      FeatureRequest req = LocalFeatureExecutor.request(p.plan, tensor);
      RowExtractor session =
          ExecutorState.session(
              req, p.plan.requireInputs().modelFile(), p.settings, executorCores, began);
      int[] range = ranges.next();
      return new PartitionRows(
          FeatureCache.computeRows(req, session, range[0], range[1], taskThreads, batch));
    }
  }

  /** Rows computed by the tasks pass through to the cache unchanged. */
  private record PassThrough(RowExtractor session) implements RowExtractor {
    @Override
    public int cols() {
      return session.cols();
    }

    @Override
    public String providerUsed() {
      return session.providerUsed();
    }

    @Override
    public float[] run(FloatBuffer batch, int n) {
      float[] out = new float[n * cols()];
      batch.duplicate().clear().get(out);
      return out;
    }

    @Override
    public void close() {}
  }

  /** {@code progress} with its notes sent to {@code note} instead, to be kept or dropped there. */
  private static ProgressListener notesTo(
      ProgressListener progress, java.util.function.Consumer<String> note) {
    return new ProgressListener() {
      @Override
      public void stage(String name, long total, String unit) {
        progress.stage(name, total, unit);
      }

      @Override
      public void advance(long n) {
        progress.advance(n);
      }

      @Override
      public void note(String message) {
        note.accept(message);
      }

      @Override
      public void endStage() {
        progress.endStage();
      }
    };
  }
}
