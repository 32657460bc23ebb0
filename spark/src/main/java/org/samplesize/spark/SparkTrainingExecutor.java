package org.samplesize.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.samplesize.ProgressListener;
import org.samplesize.SamplesizeException;
import org.samplesize.experiment.FeatureSet;
import org.samplesize.experiment.LocalTrainingExecutor;
import org.samplesize.experiment.ModelRecord;
import org.samplesize.experiment.Plan;
import org.samplesize.experiment.PlannedModel;
import org.samplesize.experiment.Planner;
import org.samplesize.experiment.RunSettings;
import org.samplesize.experiment.StreamingTrainingExecutor;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction1;

/**
 * Training on Spark: one task per planned model, each running the engine's own training ({@link
 * LocalTrainingExecutor} on that one model: a head, or a fine-tune model with its head trained
 * again from its seed) on the features the executor reads from the shared cache. A model's numbers
 * depend only on its seed, its subsample and the features, so they are those of the single-machine
 * run. Each record reaches the caller as its task finishes; a model whose record came already (a
 * retried or speculative attempt) is not handed over again.
 *
 * <p>Closing it stops the Spark context, which it owns: its jobs are cancelled first and their
 * running tasks given a short wait to end ({@link JobStop}), also when the driver is stopped by
 * Ctrl-C or {@code kill}.
 */
public final class SparkTrainingExecutor implements StreamingTrainingExecutor {

  /**
   * Records travel as the journal writes them; derived properties ({@code validation}) are not read
   * back.
   */
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .configure(
              com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
              false);

  private final JavaSparkContext jsc;
  private final JobStop stop;
  private final String failFirstAttemptOf;
  private final Map<String, String> uris;
  private final HadoopStorage.Output out;
  private boolean closed;

  /**
   * @param jsc the context, stopped by {@link #close()}
   */
  public SparkTrainingExecutor(JavaSparkContext jsc) {
    this(jsc, null);
  }

  /**
   * @param jsc the context
   * @param failFirstAttemptOf a model whose task's first attempt fails (tests of Spark's retry), or
   *     {@code null}
   */
  SparkTrainingExecutor(JavaSparkContext jsc, String failFirstAttemptOf) {
    this(jsc, failFirstAttemptOf, Map.of(), null);
  }

  /**
   * @param jsc the context
   * @param failFirstAttemptOf a model whose task's first attempt fails (tests), or {@code null}
   * @param uris inputs the driver copied from a Hadoop FileSystem, by setting name: the executors
   *     copy them too
   * @param out {@code --out} on a Hadoop FileSystem: the journal is sent there after each record,
   *     every output when this closes; or {@code null}
   */
  SparkTrainingExecutor(
      JavaSparkContext jsc,
      String failFirstAttemptOf,
      Map<String, String> uris,
      HadoopStorage.Output out) {
    this.jsc = jsc;
    this.stop = JobStop.register(jsc.sc());
    this.failFirstAttemptOf = failFirstAttemptOf;
    this.uris = Map.copyOf(uris);
    this.out = out;
  }

  @Override
  public void train(
      Plan plan,
      FeatureSet features,
      List<PlannedModel> models,
      RunSettings settings,
      ProgressListener progress,
      Consumer<ModelRecord> finished) {
    if (closed) {
      throw new IllegalStateException("SparkTrainingExecutor is closed");
    }
    if (models.isEmpty()) {
      return;
    }
    String pinned = ClusterSettings.pin(settings, uris);
    String identity = ClusterSettings.identity(settings, plan);
    List<ModelTask> tasks = new ArrayList<>(models.size());
    for (PlannedModel m : models) {
      tasks.add(new ModelTask(m.id(), m.curve(), m.fraction(), m.repeat(), m.indicesHash()));
    }
    Set<String> due = new HashSet<>();
    models.forEach(m -> due.add(m.id()));
    Set<String> seen = new HashSet<>();
    org.apache.spark.rdd.RDD<ModelTask> rdd;
    try {
      rdd = jsc.parallelize(tasks, tasks.size()).rdd();
    } catch (IllegalStateException e) {
      throw Jobs.ifStopped(jsc.sc(), e, "training");
    }
    Jobs.run(
        jsc.sc(),
        rdd,
        new TrainPartition(pinned, identity, failFirstAttemptOf),
        (partition, lines) -> {
          for (String line : lines) {
            ModelRecord r = parse(line);
            if (!due.contains(r.id())) {
              throw new SamplesizeException("a task returned model " + r.id() + ", not asked for");
            }
            if (seen.add(r.id())) {
              finished.accept(r);
              if (out != null) {
                // Journaled here; now there too, before the next record: a driver killed from
                // here on loses no finished model.
                out.sendJournal();
              }
            }
          }
        },
        "training " + models.size() + " models");
    executorsSeen = Math.max(executorsSeen, executorsNow());
  }

  private static ModelRecord parse(String line) {
    try {
      return JSON.readValue(line, ModelRecord.class);
    } catch (IOException e) {
      throw new UncheckedIOException("a model record from a task", e);
    }
  }

  /**
   * One model to train on an executor.
   *
   * @param id the model
   * @param curve its curve
   * @param fraction its share of the training set
   * @param repeat its repeat ({@code -1} for the validation model)
   * @param indicesHash its subsample as the driver planned it
   */
  record ModelTask(String id, String curve, double fraction, int repeat, String indicesHash)
      implements Serializable {}

  /** What a training task runs: its models, one after the other, each as a JSON record. */
  static final class TrainPartition
      extends AbstractFunction1<Iterator<ModelTask>, ArrayList<String>> implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String settingsJson;
    private final String identity;
    private final String failFirstAttemptOf;

    TrainPartition(String settingsJson, String identity, String failFirstAttemptOf) {
      this.settingsJson = settingsJson;
      this.identity = identity;
      this.failFirstAttemptOf = failFirstAttemptOf;
    }

    @Override
    public ArrayList<String> apply(Iterator<ModelTask> tasks) {
      return ExecutorState.task(began -> train(tasks, began));
    }

    private ArrayList<String> train(Iterator<ModelTask> tasks, long began) {
      TaskContext tc = TaskContext.get();
      int threads = Math.max(1, tc == null ? 1 : tc.cpus());
      ExecutorState.Prepared p = ExecutorState.plan(settingsJson, identity, threads);
      ArrayList<String> out = new ArrayList<>();
      while (tasks.hasNext()) {
        ExecutorState.checkNotStopped(began);
        ModelTask t = tasks.next();
        if (t.id().equals(failFirstAttemptOf) && tc != null && tc.attemptNumber() == 0) {
          throw new SamplesizeException("first attempt of model " + t.id() + " fails (test)");
        }
        Plan plan = p.plan;
        PlannedModel m = find(plan, t.id());
        if (m == null && t.repeat() >= 0) {
          // A model an adaptive run (--until-width) added after the plan: drawn here as the
          // driver drew it, from the same seed.
          plan =
              Planner.extend(
                  plan, p.settings, List.of(new Planner.Draw(t.curve(), t.fraction(), t.repeat())));
          m = find(plan, t.id());
        }
        if (m == null) {
          throw new SamplesizeException("this executor's plan has no model " + t.id());
        }
        if (!m.indicesHash().equals(t.indicesHash())) {
          throw new SamplesizeException(
              "model " + t.id() + ": this executor drew another subsample than the driver");
        }
        try (LocalTrainingExecutor trainer = new LocalTrainingExecutor()) {
          ModelRecord r =
              trainer
                  .train(plan, p.features(), List.of(m), p.settings, ProgressListener.NONE)
                  .get(0);
          out.add(JSON.writeValueAsString(r));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return out;
    }

    private static PlannedModel find(Plan plan, String id) {
      return plan.models().stream().filter(x -> x.id().equals(id)).findFirst().orElse(null);
    }
  }

  /** The most executors seen while training (a cluster may add or remove some during the run). */
  private int executorsSeen;

  /**
   * @return the executors the context has now: its JVMs other than the driver's, or 1 in local
   *     mode, where the driver's JVM runs the tasks
   */
  private int executorsNow() {
    if (jsc.sc().isLocal()) {
      return 1;
    }
    return Math.max(0, jsc.sc().statusTracker().getExecutorInfos().length - 1);
  }

  /**
   * The master, the most executors seen while training, the cores Spark offered and its version:
   * {@code spark master}, {@code spark executors}, {@code spark cores}, {@code spark version}.
   */
  @Override
  public Map<String, Object> facts() {
    Map<String, Object> f = new java.util.LinkedHashMap<>();
    f.put("spark master", jsc.sc().master());
    if (!jsc.sc().isStopped()) {
      executorsSeen = Math.max(executorsSeen, executorsNow());
      f.put("spark executors", executorsSeen);
      f.put("spark cores", jsc.sc().defaultParallelism());
    } else if (executorsSeen > 0) {
      f.put("spark executors", executorsSeen);
    }
    f.put("spark version", jsc.version());
    return f;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      // Tasks still running (the run failed, or was stopped) end first, or at least the wait.
      stop.stopJobs(JobStop.TASK_WAIT_MILLIS);
      jsc.stop();
    } finally {
      stop.close();
      ExecutorState.clear();
      if (out != null) {
        // The run's outputs (results, fit, report; the journal last) are complete by now.
        out.sendAll();
      }
    }
  }
}
