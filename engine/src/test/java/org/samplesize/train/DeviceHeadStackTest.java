package org.samplesize.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The checks every head stack shares, on a device that only records what reaches it: bad input is
 * refused before any device call, on every device alike.
 */
class DeviceHeadStackTest {

  /** Records the device calls that got through the checks. */
  static final class RecordingStack extends DeviceHeadStack {
    final List<String> calls = new ArrayList<>();
    boolean deviceClosed;

    RecordingStack(int rows, int cols, int classes, int models) {
      super(
          FeatureMatrix.of(new float[rows * cols], rows, cols),
          new int[rows],
          classes,
          models,
          HeadOptions.recipe());
    }

    @Override
    protected void doSetParameters(int model, float[] weights, float[] bias) {
      calls.add("set " + model);
    }

    @Override
    protected void doGetParameters(int model, float[] weights, float[] bias) {
      calls.add("get " + model);
    }

    @Override
    protected void doSaveBest(int model) {
      calls.add("save " + model);
    }

    @Override
    protected void doRestoreBest(int model) {
      calls.add("restore " + model);
    }

    @Override
    protected void doTrainEpoch(int[][] orders, long[] dropoutKeys) {
      calls.add("epoch");
    }

    @Override
    protected void doPredict(int[][] rowSets, float[][] probabilities) {
      calls.add("predict");
    }

    @Override
    protected void release() {
      calls.add("release");
    }

    @Override
    protected void ensureDeviceOpen() {
      if (deviceClosed) {
        throw new IllegalStateException("device closed");
      }
    }
  }

  @Test
  void badInputNeverReachesTheDevice() {
    RecordingStack s = new RecordingStack(10, 3, 2, 2);
    assertThrows(
        IndexOutOfBoundsException.class, () -> s.setParameters(2, new float[6], new float[2]));
    assertThrows(
        IllegalArgumentException.class, () -> s.setParameters(0, new float[5], new float[2]));
    IllegalArgumentException row =
        assertThrows(
            IllegalArgumentException.class,
            () -> s.trainEpoch(new int[][] {{0, 1}, {3, 10}}, new long[2]));
    assertEquals("model 1: row 10 at position 1 is outside [0, 10)", row.getMessage());
    assertThrows(IllegalArgumentException.class, () -> s.trainEpoch(new int[1][], new long[2]));
    assertThrows(
        IllegalArgumentException.class,
        () -> s.predict(new int[][] {{1, 2}, null}, new float[][] {new float[3], null}));
    IllegalStateException none = assertThrows(IllegalStateException.class, () -> s.restoreBest(1));
    assertEquals("no best weights were saved for model 1", none.getMessage());
    assertEquals(List.of(), s.calls);

    s.setParameters(0, new float[6], new float[2]);
    s.saveBest(0);
    s.restoreBest(0);
    s.trainEpoch(new int[][] {{0, 9}, null}, new long[2]);
    s.predict(new int[2][], new float[2][]); // no model named: nothing to do
    s.predict(new int[][] {null, {4}}, new float[][] {null, new float[2]});
    assertEquals(List.of("set 0", "save 0", "restore 0", "epoch", "predict"), s.calls);

    s.calls.clear();
    int[] labels = new int[10];
    IllegalArgumentException counted =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                s.trainEpochAndCount(
                    new int[][] {{0}, null}, new long[2], new int[][] {null, {-1}}, labels, 2, 5));
    assertEquals("model 1: row -1 at position 0 is outside [0, 10)", counted.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> s.trainEpochAndCount(new int[2][], new long[2], new int[2][], labels, 3, 5));
    assertThrows(
        IllegalArgumentException.class,
        () -> s.trainEpochAndCount(new int[2][], new long[2], new int[1][], labels, 2, 5));
    assertEquals(List.of(), s.calls);
    // by default: the epoch, then the counts through predict
    long[][] counts =
        s.trainEpochAndCount(
            new int[][] {{0}, null}, new long[2], new int[][] {{1}, null}, labels, 2, 5);
    assertEquals(List.of("epoch", "predict"), s.calls);
    assertEquals(10, counts[0].length);
    assertEquals(null, counts[1]);
  }

  @Test
  void closeIsIdempotentAndUseAfterItNamesTheClass() {
    RecordingStack s = new RecordingStack(4, 2, 3, 1);
    s.close();
    s.close();
    assertEquals(List.of("release"), s.calls);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.saveBest(0));
    assertTrue(e.getMessage().contains("RecordingStack is closed"), e.getMessage());
    RecordingStack t = new RecordingStack(4, 2, 3, 1);
    t.deviceClosed = true;
    assertThrows(IllegalStateException.class, () -> t.trainEpoch(new int[1][], new long[1]));
    assertThrows(IllegalArgumentException.class, () -> new RecordingStack(4, 2, 1, 1), "one class");
    assertThrows(IllegalArgumentException.class, () -> new RecordingStack(4, 2, 2, 0), "no model");
  }
}
