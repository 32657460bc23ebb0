package org.samplesize;

/**
 * How the library reports progress. The library never prints; the command line draws a progress bar
 * (or plain log lines when output is not a terminal) from these calls. Implementations must be
 * thread-safe: workers call {@link #advance(long)} concurrently.
 */
public interface ProgressListener {

  /** A listener that ignores everything. */
  ProgressListener NONE =
      new ProgressListener() {
        @Override
        public void stage(String name, long total, String unit) {}

        @Override
        public void advance(long done) {}
      };

  /**
   * A listener that passes only notes on, ignoring stages and counts.
   *
   * @param sink receives each note; must be thread-safe if notes come from several threads
   * @return the listener
   */
  static ProgressListener notesTo(java.util.function.Consumer<String> sink) {
    java.util.Objects.requireNonNull(sink, "sink");
    return new ProgressListener() {
      @Override
      public void stage(String name, long total, String unit) {}

      @Override
      public void advance(long done) {}

      @Override
      public void note(String message) {
        sink.accept(message);
      }
    };
  }

  /**
   * A new stage begins.
   *
   * @param name what is happening, e.g. {@code "features"} or {@code "training heads"}
   * @param total how many units the stage has, or -1 when unknown
   * @param unit what is counted, e.g. {@code "img"} or {@code "models"}
   */
  void stage(String name, long total, String unit);

  /**
   * Units finished since the last call.
   *
   * @param done units finished, at least 0
   */
  void advance(long done);

  /**
   * A one-line note for the user (a skipped file, a fallback to CPU). Default: ignored.
   *
   * @param message the note
   */
  default void note(String message) {}

  /** The current stage is over. Default: nothing. */
  default void endStage() {}
}
