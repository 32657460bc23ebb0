package org.samplesize.train;

/**
 * Keras' {@code EarlyStopping} callback as a small state machine, independent of what is trained:
 * feed it the monitored value after every epoch; it says when to keep a copy of the weights and
 * when to stop. Semantics of Keras 3 with {@code baseline=None, start_from_epoch=0}: the first
 * epoch always yields a snapshot; a value improves when {@code value - minDelta > best} (mode max)
 * or {@code value + minDelta < best} (mode min), NaN never improves; training stops once {@code
 * patience} epochs in a row brought no improvement; the caller restores the last snapshot at the
 * end when {@code restore_best_weights} is set.
 */
public final class EarlyStopping {

  /** Whether larger or smaller monitored values are better. */
  public enum Mode {
    /** larger is better (AUC, accuracy) */
    MAX,
    /** smaller is better (loss) */
    MIN
  }

  private final Mode mode;
  private final double minDelta;
  private final int patience;
  private double best;
  private int bestEpoch = -1;
  private int wait;
  private boolean stop;
  private int epochsSeen;

  /**
   * @param mode which direction improves
   * @param minDelta smallest change that counts as improvement, &ge; 0
   * @param patience epochs without improvement before stopping, &ge; 0
   */
  public EarlyStopping(Mode mode, double minDelta, int patience) {
    if (!(minDelta >= 0)) {
      throw new IllegalArgumentException("minDelta = " + minDelta + ", expected >= 0");
    }
    if (patience < 0) {
      throw new IllegalArgumentException("patience = " + patience + ", expected >= 0");
    }
    this.mode = java.util.Objects.requireNonNull(mode, "mode");
    this.minDelta = minDelta;
    this.patience = patience;
    this.best = mode == Mode.MAX ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
  }

  /**
   * Records the monitored value of the epoch that just ended.
   *
   * @param value the monitored value (NaN never improves)
   * @return true when the caller should keep a copy of the current weights as the best so far
   * @throws IllegalStateException when called after {@link #shouldStop()} became true
   */
  public boolean update(double value) {
    if (stop) {
      throw new IllegalStateException("EarlyStopping.update called after training was stopped");
    }
    int epoch = epochsSeen++;
    boolean snapshot = false;
    if (bestEpoch < 0) {
      // Keras: "If best weights were never set, then the current weights are the best."
      bestEpoch = epoch;
      snapshot = true;
    }
    wait++;
    boolean improved =
        mode == Mode.MAX ? value - minDelta > best : value + minDelta < best; // NaN: false
    if (improved) {
      best = value;
      bestEpoch = epoch;
      wait = 0;
      return true;
    }
    if (wait >= patience && epoch > 0) {
      stop = true;
    }
    return snapshot;
  }

  /**
   * @return true once patience is exhausted
   */
  public boolean shouldStop() {
    return stop;
  }

  /**
   * @return 0-based epoch of the last snapshot, -1 before the first update
   */
  public int bestEpoch() {
    return bestEpoch;
  }

  /**
   * @return best monitored value so far (±infinity before any improvement)
   */
  public double best() {
    return best;
  }

  /**
   * @return epochs recorded so far
   */
  public int epochs() {
    return epochsSeen;
  }
}
