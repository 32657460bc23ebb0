package org.samplesize.benchmarks;

/**
 * One measured figure.
 *
 * @param name stable identifier, compared across runs
 * @param title what was measured, for the table
 * @param unit the unit of {@code ours} and {@code peer}
 * @param higherIsBetter true for rates, false for times
 * @param ours our repetitions
 * @param peerName what the peer is, or null when there is none
 * @param peer the peer's repetitions, or null
 * @param config the settings that must match for two runs to be compared
 */
record Figure(
    String name,
    String title,
    String unit,
    boolean higherIsBetter,
    Stats ours,
    String peerName,
    Stats peer,
    String config) {

  /** How many times faster ours is than the peer (above 1: ours is faster); NaN without one. */
  double ratio() {
    if (peer == null) {
      return Double.NaN;
    }
    return higherIsBetter ? ours.median() / peer.median() : peer.median() / ours.median();
  }
}
