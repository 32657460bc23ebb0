package org.samplesize.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The gate that keeps the JVM's exit from tearing ONNX Runtime down under a running batch (a Ctrl-C
 * during the feature pass crashed the JVM in libonnxruntime.so): the exit waits for the batches in
 * flight and no batch starts after it.
 */
class NativeRunsTest {

  @Test
  void theExitWaitsForTheBatchInFlightAndHoldsBackTheNext() throws Exception {
    NativeRuns gate = new NativeRuns();
    gate.enter();
    assertEquals(1, gate.inFlight());
    CountDownLatch exiting = new CountDownLatch(1);
    boolean[] idle = new boolean[1];
    Thread exit =
        new Thread(
            () -> {
              exiting.countDown();
              idle[0] = gate.awaitIdle(5_000);
            });
    exit.start();
    exiting.await();
    Thread.sleep(200);
    assertTrue(exit.isAlive(), "the exit waits while a batch runs");
    gate.exit();
    exit.join(5_000);
    assertFalse(exit.isAlive());
    assertTrue(idle[0]);
    // A batch after the exit began never enters.
    Thread late = new Thread(gate::enter);
    late.setDaemon(true);
    late.start();
    late.join(300);
    assertTrue(late.isAlive(), "held back");
    assertEquals(0, gate.inFlight());
  }

  @Test
  void aBatchThatNeverEndsDoesNotHoldTheExitForever() {
    NativeRuns gate = new NativeRuns();
    gate.enter();
    long t0 = System.nanoTime();
    assertFalse(gate.awaitIdle(100));
    assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) < 5_000);
  }
}
