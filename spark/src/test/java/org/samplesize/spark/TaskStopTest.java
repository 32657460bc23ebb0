package org.samplesize.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.util.ShutdownHookManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.ProgressListener;
import org.samplesize.SamplesizeException;
import org.samplesize.experiment.LocalFeatureExecutor;
import org.samplesize.experiment.Plan;
import org.samplesize.experiment.Planner;
import org.samplesize.experiment.RunSettings;
import org.samplesize.experiment.SettingsIO;
import org.samplesize.experiment.TinyData;
import org.samplesize.features.FeatureRequest;

/**
 * A run stopped (Ctrl-C or {@code kill} of the driver, which closes the executors) while a feature
 * task is inside its batches: the task ends as killed, which Spark logs at INFO, not with an ERROR
 * line and a stack trace after the run's stop line ("Exception in task ... FeatureExtractor is
 * closed"). A task that fails while no stop is under way still fails the job with its own error.
 */
class TaskStopTest {
  @TempDir static Path dir;
  static Path data;
  static Path model;

  @BeforeAll
  static void fixtures() throws Exception {
    data = TinyData.images(dir.resolve("data"), 40, 7);
    model = TinyData.model(dir);
  }

  private static RunSettings settings(String name) {
    Map<String, Object> f = new HashMap<>();
    f.put("data", data.toString());
    f.put("model", model.toString());
    f.put("out", dir.resolve("out-" + name).toString());
    f.put("cache", dir.resolve("cache-" + name).toString());
    f.put("threads", 1);
    return SettingsIO.resolve(null, f);
  }

  /**
   * Spark's log lines at ERROR, as the run's console would show them, whichever SLF4J binding the
   * test class path gives Spark: slf4j-simple, the launcher's (its lines go to whatever {@code
   * System.err} is when they are written: {@code [thread] ERROR logger - message}), or Log4j 2,
   * which Spark also brings (its console stream is fixed at start, so an appender reads it).
   */
  private static final class ErrorLines extends AbstractAppender implements AutoCloseable {
    private final List<String> into;
    private final java.io.PrintStream console = System.err;

    private ErrorLines(List<String> into) {
      super("task-stop-test", null, null, true, Property.EMPTY_ARRAY);
      this.into = into;
    }

    static ErrorLines start(List<String> into) {
      ErrorLines a = new ErrorLines(into);
      a.start();
      LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
      ctx.getConfiguration().getRootLogger().addAppender(a, Level.ERROR, null);
      ctx.updateLoggers();
      System.setErr(
          new java.io.PrintStream(a.new Tee(), true, java.nio.charset.StandardCharsets.UTF_8));
      return a;
    }

    @Override
    public void append(LogEvent e) {
      into.add(e.getLoggerName() + ": " + e.getMessage().getFormattedMessage());
    }

    @Override
    public void close() {
      stop();
    }

    @Override
    public void stop() {
      System.setErr(console);
      LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
      ctx.getConfiguration().getRootLogger().removeAppender(getName());
      ctx.updateLoggers();
      super.stop();
    }

    /** Passes {@code System.err} on to the console and keeps its ERROR lines. */
    private final class Tee extends java.io.OutputStream {
      private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

      @Override
      public synchronized void write(int b) {
        console.write(b);
        if (b == '\n') {
          String l = line.toString(java.nio.charset.StandardCharsets.UTF_8);
          if (l.contains(" ERROR ")) {
            into.add(l);
          }
          line.reset();
        } else {
          line.write(b);
        }
      }
    }
  }

  /** The reasons of the tasks that ended, as the driver's scheduler saw them. */
  private static List<String> taskEnds(JavaSparkContext jsc) {
    List<String> ends = new CopyOnWriteArrayList<>();
    jsc.sc()
        .addSparkListener(
            new SparkListener() {
              @Override
              public void onTaskEnd(SparkListenerTaskEnd e) {
                ends.add(e.reason().getClass().getSimpleName());
              }
            });
    return ends;
  }

  private static List<Thread> taskThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("Executor task launch worker"))
        .toList();
  }

  /** A task waiting to run its batch through the session (whose monitor the test holds). */
  private static boolean atTheSession(Thread t) {
    return t.getState() == Thread.State.BLOCKED
        && java.util.Arrays.stream(t.getStackTrace())
            .anyMatch(
                f ->
                    f.getClassName().endsWith("ExecutorState$Shared")
                        && f.getMethodName().equals("run"));
  }

  /**
   * Whether the stop has got as far as it goes while a task runs: waiting for the task to end
   * ({@code awaitTasks}), or, were it not to wait, closing the session under the task ({@code
   * clear}, blocked on the session's monitor).
   */
  private static boolean waitsForTheTask(Thread stopper) {
    return java.util.Arrays.stream(stopper.getStackTrace())
        .anyMatch(
            f ->
                f.getMethodName().equals("awaitTasks")
                    || (f.getMethodName().equals("clear")
                        && stopper.getState() == Thread.State.BLOCKED)
                    // Past its bounded wait, stopping Spark under the task.
                    || (f.getClassName().equals("org.apache.spark.SparkContext")
                        && f.getMethodName().equals("stop")));
  }

  @Test
  void aStopWhileATaskIsInsideItsBatchesEndsItAsKilledWithoutAnErrorLine() throws Exception {
    RunSettings s = settings("stop");
    Plan plan = new Planner().plan(s, ProgressListener.NONE);
    String tensor = plan.requireInputs().card().featureTensor();
    FeatureRequest req = LocalFeatureExecutor.request(plan, tensor);
    JavaSparkContext jsc = SparkExecutorProvider.context("local[2]");
    List<String> ends = taskEnds(jsc);
    SparkTrainingExecutor executors = new SparkTrainingExecutor(jsc);
    // The session the task will use (one per JVM): holding its monitor holds the task at its
    // batch, as a batch inside ONNX Runtime would.
    Object session =
        ((ExecutorState.Shared) ExecutorState.session(req, plan.requireInputs().modelFile(), s, 1))
            .fe();
    var rdd = jsc.parallelize(List.of(new int[] {0, 64}), 1).rdd();
    Throwable[] jobFailed = new Throwable[1];
    Thread job =
        new Thread(
            () -> {
              try {
                Jobs.run(
                    jsc.sc(),
                    rdd,
                    new SparkFeatureExecutor.FeaturePartition(
                        ClusterSettings.pin(s, Map.of()),
                        ClusterSettings.identity(s, plan),
                        tensor,
                        4),
                    (p, r) -> {},
                    "features");
              } catch (RuntimeException e) {
                jobFailed[0] = e;
              }
            });
    List<String> errors = new CopyOnWriteArrayList<>();
    ErrorLines lines = ErrorLines.start(errors);
    Thread stopper = new Thread(executors::close);
    try {
      synchronized (session) {
        job.start();
        long until = System.nanoTime() + 60_000_000_000L;
        while (taskThreads().stream().noneMatch(TaskStopTest::atTheSession)) {
          assertTrue(System.nanoTime() < until, "the task never reached its first batch");
          Thread.sleep(20);
        }
        // The run stops while the task waits at its batch (Ctrl-C closes the executors).
        stopper.start();
        long waiting = System.nanoTime() + 20_000_000_000L;
        while (stopper.isAlive() && !waitsForTheTask(stopper) && System.nanoTime() < waiting) {
          Thread.sleep(10);
        }
      }
      stopper.join(20_000);
      for (Thread t : taskThreads()) {
        t.join(20_000);
      }
      job.join(20_000);
    } finally {
      lines.stop();
    }
    assertFalse(stopper.isAlive(), "closing waits for the task at most a bounded time");
    assertEquals(List.of(), errors, "no ERROR line for the stopped task");
    assertEquals(List.of("TaskKilled"), ends, "the task ends as killed, not failed");
    assertTrue(jobFailed[0] != null, "the job did not finish: it was stopped");
  }

  /**
   * On Ctrl-C the jobs are cancelled before Spark's hooks stop the local executor's task threads
   * (tasks Spark still launched were rejected with ERROR lines) and the context.
   */
  @Test
  void theStopRunsBeforeSparkStopsTheLocalExecutorAndTheContext() {
    assertTrue(JobStop.PRIORITY > ShutdownHookManager.DEFAULT_SHUTDOWN_PRIORITY());
    assertTrue(JobStop.PRIORITY > ShutdownHookManager.SPARK_CONTEXT_SHUTDOWN_PRIORITY());
  }

  @Test
  void aTaskThatFailsWithoutAStopStillFailsTheJobWithItsError() {
    RunSettings s = settings("fail");
    Plan plan = new Planner().plan(s, ProgressListener.NONE);
    String tensor = plan.requireInputs().card().featureTensor();
    JavaSparkContext jsc = SparkExecutorProvider.context("local[2]");
    List<String> ends = taskEnds(jsc);
    List<String> errors = new CopyOnWriteArrayList<>();
    ErrorLines lines = ErrorLines.start(errors);
    try (lines;
        SparkTrainingExecutor closesTheContext = new SparkTrainingExecutor(jsc)) {
      // Another identity than this executor's plan: the task fails for a real reason.
      SamplesizeException e =
          assertThrows(
              SamplesizeException.class,
              () ->
                  Jobs.run(
                      jsc.sc(),
                      jsc.parallelize(List.of(new int[] {0, 8}), 1).rdd(),
                      new SparkFeatureExecutor.FeaturePartition(
                          ClusterSettings.pin(s, Map.of()), "not-this-plan", tensor, 4),
                      (p, r) -> {},
                      "features"));
      assertTrue(e.getMessage().contains("this executor plans another run"), e.getMessage());
      long until = System.currentTimeMillis() + 10_000;
      while (ends.isEmpty() && System.currentTimeMillis() < until) {
        Thread.onSpinWait();
      }
      assertEquals(List.of("ExceptionFailure"), ends, "a real failure is reported as one");
      assertTrue(
          errors.stream().anyMatch(l -> l.contains("Exception in task")),
          "Spark's ERROR line for the failed task: " + errors);
    }
  }
}
