package org.samplesize.spark;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import org.apache.spark.TaskContext;
import org.apache.spark.TaskKilledException;
import org.samplesize.ProgressListener;
import org.samplesize.SamplesizeException;
import org.samplesize.experiment.FeatureSet;
import org.samplesize.experiment.LocalFeatureExecutor;
import org.samplesize.experiment.PipelineStages;
import org.samplesize.experiment.Plan;
import org.samplesize.experiment.Planner;
import org.samplesize.experiment.RunSettings;
import org.samplesize.features.ExecutionProfile;
import org.samplesize.features.FeatureExtractor;
import org.samplesize.features.FeatureRequest;
import org.samplesize.features.RowExtractor;

/**
 * What one executor JVM keeps across its tasks: the plan (made once from the driver's settings)
 * with its features read from the shared cache, and one ONNX Runtime session per model and tensor
 * (the pattern SynapseML follows for ONNX on Spark: a session is costly to open and is thread-safe
 * to run, so the tasks of one executor share it). A static holder, the one place this module keeps
 * state between tasks, because Spark gives an executor's tasks nothing else in common; {@link
 * #clear()} releases everything (the driver calls it when it stops in local mode, where executor
 * and driver share the JVM).
 */
final class ExecutorState {
  private ExecutorState() {}

  /** A plan made on this executor, checked against the driver's, and its features once read. */
  static final class Prepared {
    final RunSettings settings;
    final Plan plan;
    final String identity;
    private FeatureSet features;

    Prepared(RunSettings settings, Plan plan, String identity) {
      this.settings = settings;
      this.plan = plan;
      this.identity = identity;
    }

    /** The features, read from the cache the driver's feature pass filled. */
    synchronized FeatureSet features() {
      if (features == null) {
        features = new LocalFeatureExecutor().extract(plan, settings, ProgressListener.NONE);
      }
      return features;
    }

    synchronized void close() {
      if (features != null) {
        features.close();
        features = null;
      }
    }
  }

  private static final Map<String, Prepared> PLANS = new HashMap<>();
  private static final Map<String, FeatureExtractor> SESSIONS = new HashMap<>();

  /** Why a task that a stop cut short ends: the reason Spark logs for a killed task. */
  static final String STOPPED = "the run was stopped";

  /** Guards {@link #running}; waited on by {@link #awaitTasks}. */
  private static final Object TASKS = new Object();

  /** Tasks of this JVM inside {@link #task} now. */
  private static int running;

  /**
   * Counts the stops ({@link #stop}, {@link #clear}): a task that began before the latest one was
   * cut short by it.
   */
  private static volatile long generation;

  /**
   * Runs a task's body. A task that fails after a stop began ({@link #stop}: Ctrl-C or {@code kill}
   * of the driver; {@link #clear}: the driver closing the sessions and feature stores it was using)
   * ends as killed, not failed: Spark logs a {@link TaskKilledException} at INFO, where it logs a
   * failed task with an ERROR line and a stack trace after the run's own stop line, as if data were
   * lost. A task that fails while no stop is under way fails as before, with its own error.
   *
   * @param body the task's work; it receives the stop count the task began with, for {@link
   *     #checkNotStopped}
   * @param <T> what the task returns
   * @return what the body returned
   * @throws TaskKilledException when the body failed or stopped because of a stop
   */
  static <T> T task(LongFunction<T> body) {
    long began;
    synchronized (TASKS) {
      running++;
      began = generation;
    }
    try {
      return body.apply(began);
    } catch (RuntimeException e) {
      if (e instanceof TaskKilledException || !stoppedSince(began)) {
        throw e;
      }
      throw new TaskKilledException(STOPPED);
    } finally {
      synchronized (TASKS) {
        running--;
        TASKS.notifyAll();
      }
    }
  }

  /**
   * Ends a task at a point where it can stop cleanly (before a batch or a model) when a stop began
   * after it did, or when Spark killed it (its job was cancelled).
   *
   * @param began the stop count the task began with
   * @throws TaskKilledException when the task is to end
   */
  static void checkNotStopped(long began) {
    if (stoppedSince(began)) {
      throw new TaskKilledException(STOPPED);
    }
  }

  private static boolean stoppedSince(long began) {
    if (generation != began) {
      return true;
    }
    TaskContext tc = TaskContext.get();
    return tc != null && tc.isInterrupted();
  }

  /**
   * Begins a stop: the tasks of this JVM end at their next batch or model, and one failing from now
   * on ends as killed ({@link #task}).
   */
  static void stop() {
    synchronized (TASKS) {
      generation++;
    }
  }

  /**
   * Waits until no task of this JVM runs, at most {@code millis}.
   *
   * @param millis the longest to wait
   * @return whether none runs
   */
  static boolean awaitTasks(long millis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    synchronized (TASKS) {
      while (running > 0) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          return false;
        }
        try {
          TASKS.wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return running == 0;
        }
      }
      return true;
    }
  }

  /**
   * @return the tasks of this JVM running now
   */
  static int running() {
    synchronized (TASKS) {
      return running;
    }
  }

  /**
   * The plan of the driver's settings, made on first use in this JVM.
   *
   * @param settingsJson the driver's pinned settings
   * @param identity the SHA-256 of the driver plan's identity
   * @param threads threads a task may use
   * @return the plan, with the settings as this executor runs them
   * @throws SamplesizeException when this executor sees other data or another model
   */
  static synchronized Prepared plan(String settingsJson, String identity, int threads) {
    String key = settingsJson + "\u0000" + threads;
    Prepared p = PLANS.get(key);
    if (p == null) {
      // Inputs on a Hadoop FileSystem are copied here first: once per JVM, as the plan is made.
      RunSettings s = StoragePaths.onExecutor(ClusterSettings.read(settingsJson, threads));
      Plan plan = new Planner().plan(s, ProgressListener.NONE);
      p = new Prepared(s, plan, ClusterSettings.identity(s, plan));
      PLANS.put(key, p);
    }
    if (!p.identity.equals(identity)) {
      throw new SamplesizeException(
          "this executor plans another run than the driver (its data, model or cache differ at"
              + " the same paths): put the images, the model and --cache on storage every"
              + " executor reads at the same path");
    }
    return p;
  }

  /**
   * The JVM's ONNX Runtime session for a request's model and tensor, opened on first use.
   *
   * @param req the request
   * @param modelFile the card's model file
   * @param s settings (execution profile, cache folder)
   * @param threads intra-op threads of a session opened now
   * @return a view of the session whose {@code run} calls are serialized (the tasks of the executor
   *     decode in parallel and take turns at the session, which uses its threads); it stops at the
   *     next batch after a stop that begins from now on
   */
  static RowExtractor session(FeatureRequest req, Path modelFile, RunSettings s, int threads) {
    return session(req, modelFile, s, threads, generation);
  }

  /**
   * The session as {@link #session(FeatureRequest, Path, RunSettings, int)} gives it, for a task:
   * its view stops at the next batch after any stop since the task began, one that came while the
   * task was planning or opening the session included.
   *
   * @param req the request
   * @param modelFile the card's model file
   * @param s settings (execution profile, cache folder)
   * @param threads intra-op threads of a session opened now
   * @param began the stop count the task began with ({@link #task})
   * @return the view of the session
   */
  static synchronized RowExtractor session(
      FeatureRequest req, Path modelFile, RunSettings s, int threads, long began) {
    Path cacheDir = PipelineStages.cacheDir(s);
    String key = modelFile.toAbsolutePath() + "\u0000" + req.tensor() + "\u0000" + s.ep();
    FeatureExtractor fe = SESSIONS.get(key);
    if (fe == null) {
      fe =
          FeatureExtractor.open(
              req.card(),
              modelFile,
              req.tensor(),
              ExecutionProfile.load(s.ep()),
              threads,
              cacheDir,
              ProgressListener.NONE);
      SESSIONS.put(key, fe);
    }
    return new Shared(fe, began);
  }

  /** Closes every session and feature store this JVM holds. */
  static synchronized void clear() {
    // A task still running ends as killed when what it uses is closed under it (task).
    stop();
    PLANS.values().forEach(Prepared::close);
    PLANS.clear();
    for (FeatureExtractor fe : SESSIONS.values()) {
      // A task may still be inside ONNX Runtime with this session ({@link Shared#run} holds its
      // monitor: the driver stops in local mode without waiting for its tasks): closing the
      // session under that batch crashed the JVM (SIGSEGV) when a run was stopped during its
      // feature pass. The batch ends first; a later task finds the session closed.
      synchronized (fe) {
        fe.close();
      }
    }
    SESSIONS.clear();
  }

  /**
   * A session shared by tasks; closing the view leaves the session open. A batch asked for after a
   * stop began ends its task as killed instead of running ({@link #checkNotStopped}).
   *
   * @param fe the session
   * @param began the stop count its task began with (or, outside a task, when the view was made)
   */
  record Shared(FeatureExtractor fe, long began) implements RowExtractor {
    @Override
    public int cols() {
      return fe.cols();
    }

    @Override
    public String providerUsed() {
      return fe.providerUsed();
    }

    @Override
    public float[] run(FloatBuffer batch, int n) {
      checkNotStopped(began);
      synchronized (fe) {
        return fe.run(batch, n);
      }
    }

    @Override
    public void close() {}
  }
}
