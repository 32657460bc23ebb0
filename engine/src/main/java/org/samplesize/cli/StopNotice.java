package org.samplesize.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One line on standard error when the JVM shuts down while a run is still working (Ctrl-C, {@code
 * kill}): what was kept and how to go on. Without it a stopped run ends silently, and a user cannot
 * tell whether an hour of training is lost. Registered around the run and removed when the run
 * returns or fails, so a run that ends by itself says nothing more.
 */
final class StopNotice implements AutoCloseable {
  private final Thread hook;
  private boolean registered;

  private StopNotice(Thread hook) {
    this.hook = hook;
  }

  /**
   * @param out the run's output folder
   * @param err where the line goes
   * @return the registered notice; close it when the run returns
   */
  static StopNotice register(Path out, PrintStream err) {
    StopNotice n = new StopNotice(new Thread(() -> err.println(message(out)), "samplesize-stop"));
    Runtime.getRuntime().addShutdownHook(n.hook);
    n.registered = true;
    return n;
  }

  /**
   * The line is made when the run stops, not when it starts: a run stopped while it still checks
   * the images has written no journal yet, and naming one that does not exist would send the user
   * looking for a file that holds nothing.
   *
   * @param out the run's output folder
   * @return the line printed when the run is stopped
   */
  static String message(Path out) {
    Path journal = out.resolve("journal.jsonl");
    if (!Files.isRegularFile(journal)) {
      return "samplesize run: stopped before the end, before any model was trained (it had not"
          + " yet written its journal to "
          + out
          + "): run the same command again to start it";
    }
    return "samplesize run: stopped before the end; every model finished so far is kept in "
        + journal
        + " and computed features in the cache: run the same command again to resume";
  }

  @Override
  public void close() {
    if (!registered) {
      return;
    }
    registered = false;
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The JVM is already stopping: the line is printed by the hook.
    }
  }
}
