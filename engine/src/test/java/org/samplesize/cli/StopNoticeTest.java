package org.samplesize.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM registers the notice as {@code run} does: stopped with SIGTERM it prints the line
 * naming the journal; closed before it exits, it prints nothing.
 */
class StopNoticeTest {
  @TempDir Path dir;

  /** The child: registers the notice for {@code args[0]}, then waits or closes it and exits. */
  public static void main(String[] args) throws Exception {
    StopNotice n = StopNotice.register(Path.of(args[0]), System.err);
    if (args[1].equals("fail")) {
      // As Spark's shutdown hook stops its context under a running job: the job fails while the
      // JVM is stopping, and the failure reaches the command's handler.
      java.util.concurrent.CountDownLatch stopping = new java.util.concurrent.CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    stopping.countDown();
                    try {
                      Thread.sleep(5_000);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }));
      System.out.println("ready");
      System.out.flush();
      stopping.await();
      CommandFailures.handle(
          new org.samplesize.UnavailableException("--spark local[2]: Spark stopped"),
          Main.commandLine(),
          false);
      System.err.println("handled");
      System.err.flush();
    } else if (args[1].equals("wait")) {
      System.out.println("ready");
      System.out.flush();
      Thread.sleep(60_000);
    } else {
      n.close();
    }
  }

  @Test
  void aRunStoppedBySigtermSaysWhatIsKeptAndHowToResume() throws Exception {
    Files.createDirectories(dir.resolve("out"));
    Files.writeString(dir.resolve("out/journal.jsonl"), "{}\n");
    Path log = dir.resolve("stopped.log");
    Process child = child("wait", log);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!Files.readString(log).contains("ready")) {
      assertTrue(child.isAlive() && System.nanoTime() < deadline, Files.readString(log));
      Thread.sleep(10);
    }
    child.destroy(); // SIGTERM on Linux
    assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    assertTrue(
        Files.readString(log).contains(StopNotice.message(dir.resolve("out"))),
        Files.readString(log));
    assertTrue(StopNotice.message(dir.resolve("out")).contains("journal.jsonl"));
  }

  @Test
  void aRunThatFailsBecauseItIsStoppedSaysOnlyTheStopLine() throws Exception {
    Files.createDirectories(dir.resolve("out"));
    Files.writeString(dir.resolve("out/journal.jsonl"), "{}\n");
    Path log = dir.resolve("failed.log");
    Process child = child("fail", log);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!Files.readString(log).contains("ready")) {
      assertTrue(child.isAlive() && System.nanoTime() < deadline, Files.readString(log));
      Thread.sleep(10);
    }
    child.destroy(); // SIGTERM on Linux
    assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    String out = Files.readString(log);
    assertTrue(out.contains("handled"), out);
    assertTrue(out.contains(StopNotice.message(dir.resolve("out"))), out);
    assertFalse(out.contains("error"), out);
  }

  @Test
  void aRunStoppedBeforeItsJournalNamesNoJournal() throws Exception {
    Path out = dir.resolve("out");
    String before = StopNotice.message(out);
    assertFalse(before.contains("journal.jsonl"), before);
    assertTrue(before.contains("before any model was trained"), before);
    assertTrue(before.contains(out.toString()), before);
    Files.createDirectories(out);
    Files.writeString(out.resolve("journal.jsonl"), "{}\n");
    assertTrue(StopNotice.message(out).contains(out.resolve("journal.jsonl").toString()));
  }

  @Test
  void aRunThatEndsByItselfSaysNothing() throws Exception {
    Path log = dir.resolve("ended.log");
    Process child = child("close", log);
    assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, child.exitValue(), Files.readString(log));
    assertEquals("", Files.readString(log));
  }

  private Process child(String mode, Path log) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
            List.of(java, StopNoticeTest.class.getName(), dir.resolve("out").toString(), mode));
    pb.environment().put("CLASSPATH", System.getProperty("java.class.path"));
    Files.writeString(log, "");
    return pb.redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }
}
