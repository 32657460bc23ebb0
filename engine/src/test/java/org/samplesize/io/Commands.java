package org.samplesize.io;

/** Runs system commands from tests that mount file systems (a read-only or full tmpfs). */
public final class Commands {
  private Commands() {}

  /**
   * Runs a command, its output read and dropped, and returns its exit status; -1 when it cannot be
   * started (no {@code mount} on this system), so a mount test skips there as it does without root,
   * instead of failing.
   *
   * @param command the command and its arguments
   * @return its exit status, or -1
   * @throws InterruptedException if interrupted while waiting for it
   * @throws java.io.IOException if its output cannot be read
   */
  public static int run(String... command) throws InterruptedException, java.io.IOException {
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (java.io.IOException notThere) {
      return -1;
    }
    p.getInputStream().readAllBytes();
    return p.waitFor();
  }
}
