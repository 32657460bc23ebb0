package org.samplesize.io;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A second process for lock tests: file locks are per process, so only another JVM shows what a
 * second samplesize command meets. {@code main} takes a lock, prints {@value #READY} and holds it
 * until its standard input closes (or it is killed).
 *
 * <p>Modes: {@code folder DIR} claims DIR as an {@link OutputFolder}; {@code shared FILE} and
 * {@code exclusive FILE} lock FILE as a reader or a writer of the feature cache does.
 */
public final class LockHolder implements AutoCloseable {
  /** Printed once the lock is held. */
  public static final String READY = "locked";

  private final Process process;

  private LockHolder(Process process) {
    this.process = process;
  }

  /**
   * Starts a holder and waits until it holds the lock.
   *
   * @param mode {@code folder}, {@code shared} or {@code exclusive}
   * @param path the folder or file
   * @return the running holder; close it to end it
   * @throws IOException when it cannot be started or ends before holding the lock
   */
  public static LockHolder start(String mode, Path path) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
            List.of(java, "-Xmx64m", LockHolder.class.getName(), mode, path.toString()));
    // Through the environment, as CrashResumeTest does: a long command line crashes ONNX Runtime.
    pb.environment().put("CLASSPATH", System.getProperty("java.class.path"));
    pb.redirectErrorStream(true);
    pb.directory(new File(System.getProperty("java.io.tmpdir")));
    Process p = pb.start();
    InputStream out = p.getInputStream();
    StringBuilder seen = new StringBuilder();
    int c;
    while ((c = out.read()) >= 0) {
      seen.append((char) c);
      if (seen.toString().contains(READY + "\n")) {
        return new LockHolder(p);
      }
    }
    p.waitFor(10, TimeUnit.SECONDS);
    throw new IOException("the lock holder ended before holding the lock: " + seen);
  }

  /**
   * @return the holder's process id
   */
  public long pid() {
    return process.pid();
  }

  /** Kills the holder at once (SIGKILL), as a user's {@code kill -9} would. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Ends the holder normally (its standard input closes) and waits for it. */
  @Override
  public void close() throws IOException {
    process.getOutputStream().close();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        kill();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Takes the lock named by the arguments and holds it until standard input closes.
   *
   * @param args mode and path
   * @throws Exception when the lock cannot be taken
   */
  public static void main(String[] args) throws Exception {
    Path path = Path.of(args[1]);
    AutoCloseable held;
    switch (args[0]) {
      case "folder" -> held = OutputFolder.claim("--out", path, d -> false);
      case "shared", "exclusive" -> {
        FileChannel ch =
            FileChannel.open(
                path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock = ch.lock(0, Long.MAX_VALUE, args[0].equals("shared"));
        held =
            () -> {
              lock.release();
              ch.close();
            };
      }
      default -> throw new IllegalArgumentException("mode: folder, shared or exclusive");
    }
    System.out.write((READY + "\n").getBytes(StandardCharsets.US_ASCII));
    System.out.flush();
    while (System.in.read() >= 0) {
      // hold until the parent closes our input
    }
    held.close();
  }
}
