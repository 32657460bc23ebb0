package org.samplesize.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.experiment.RunSettings;
import org.samplesize.experiment.SettingsIO;
import org.samplesize.features.FeatureRequest;
import org.samplesize.features.ModelCard;
import org.samplesize.features.RowExtractor;
import org.samplesize.features.TinyModels;

class ExecutorStateTest {

  /**
   * A task's batch inside ONNX Runtime holds the session's monitor ({@code Shared.run}); {@link
   * ExecutorState#clear()} (the driver stopping in local mode) must wait for it before closing the
   * session, as closing it under the batch crashed the JVM. The test holds that monitor as a
   * running batch would and checks that the session is still open until it lets go.
   */
  @Test
  void clearWaitsForABatchInsideTheSessionBeforeClosingIt(@TempDir Path tmp) throws Exception {
    Path model = TinyModels.write(tmp);
    ModelCard card = TinyModels.card(model);
    RunSettings s = SettingsIO.resolve(null, Map.of("cache", tmp.resolve("cache").toString()));
    RowExtractor shared =
        ExecutorState.session(FeatureRequest.pooled(List.of(), card), model, s, 1);
    Object session = ((ExecutorState.Shared) shared).fe();
    int cols = shared.cols();

    CountDownLatch inBatch = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread task =
        new Thread(
            () -> {
              synchronized (session) {
                inBatch.countDown();
                try {
                  release.await();
                  // Still open while the batch runs: clear() waits for it.
                  assertEquals(cols, shared.cols());
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
            });
    Throwable[] failed = new Throwable[1];
    task.setUncaughtExceptionHandler((t, e) -> failed[0] = e);
    task.start();
    assertTrue(inBatch.await(10, TimeUnit.SECONDS));
    Thread stopper = new Thread(ExecutorState::clear);
    stopper.start();
    stopper.join(300);
    release.countDown();
    task.join(10_000);
    stopper.join(10_000);
    assertEquals(null, failed[0], "the session was closed under a running batch");
    assertThrows(IllegalStateException.class, shared::cols, "closed once the batch ended");
  }

  /**
   * A stop that comes after a task began but before it fetched the session (while it planned, or
   * while another task opened the session) still ends the task at its first batch: the view counts
   * stops from when the task began, not from when it was fetched.
   */
  @Test
  void aStopBeforeTheTaskFetchesTheSessionStillEndsItAtItsFirstBatch(@TempDir Path tmp)
      throws Exception {
    Path model = TinyModels.write(tmp);
    ModelCard card = TinyModels.card(model);
    RunSettings s = SettingsIO.resolve(null, Map.of("cache", tmp.resolve("cache").toString()));
    FeatureRequest req = FeatureRequest.pooled(List.of(), card);
    try {
      ExecutorState.task(
          began -> {
            ExecutorState.stop();
            RowExtractor view = ExecutorState.session(req, model, s, 1, began);
            // Thrown by the view itself, before ONNX Runtime sees the batch.
            return assertThrows(
                org.apache.spark.TaskKilledException.class,
                () -> view.run(java.nio.FloatBuffer.allocate(0), 0));
          });
      // A view fetched outside a task after that stop runs (the driver's own width probe).
      assertTrue(ExecutorState.session(req, model, s, 1).cols() > 0);
    } finally {
      ExecutorState.clear();
    }
  }
}
