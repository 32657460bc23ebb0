package org.samplesize.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.samplesize.InvalidInputException;
import org.samplesize.SamplesizeException;
import org.samplesize.UnavailableException;
import picocli.CommandLine;

class MainTest {
  @Test
  void versionNamesTheBuildAndTheNativeLibraries() {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    cl.setOut(new PrintWriter(out));
    assertEquals(0, cl.execute("--version"));
    assertTrue(out.toString().startsWith("samplesize "), out.toString());
    assertTrue(out.toString().contains("ONNX Runtime 1.29.0"), out.toString());
  }

  @Test
  void unknownOptionIsAUserError() {
    CommandLine cl = Main.commandLine();
    cl.setErr(new PrintWriter(new StringWriter()));
    assertEquals(Main.EXIT_USER_ERROR, cl.execute("--no-such-flag"));
  }

  private static String[] handle(Exception e) {
    CommandLine cl = Main.commandLine().getSubcommands().get("run");
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    int rc = CommandFailures.handle(e, cl, false);
    return new String[] {Integer.toString(rc), err.toString()};
  }

  @Test
  void eachKindOfFailureHasItsExitCode() {
    String[] user = handle(new RuntimeException(new InvalidInputException("--seed: bad")));
    assertEquals("2", user[0]);
    assertEquals("samplesize run: error: --seed: bad", user[1].strip());

    String[] away =
        handle(
            new SamplesizeException(
                "stage failed", new UnavailableException("cannot download x from y: z. Do w.")));
    assertEquals("3", away[0]);
    assertEquals("samplesize run: error: cannot download x from y: z. Do w.", away[1].strip());

    String[] full =
        handle(
            new UncheckedIOException(
                "cannot write /o/results.csv", new IOException("No space left on device")));
    assertEquals("3", full[0]);
    assertEquals(
        "samplesize run: error: cannot write /o/results.csv: No space left on device. The disk is"
            + " full: free space on it, or write elsewhere, and run again.",
        full[1].strip());

    // As a full disk under the plot arrives: wrapped from its cause alone, whose toString() would
    // put "java.io.IOException:" in front of the sentence.
    String[] plot =
        handle(
            new UncheckedIOException(
                new IOException(
                    "cannot write /o/learning-curve.png: No space left on device",
                    new IOException("No space left on device"))));
    assertEquals("3", plot[0]);
    assertEquals(
        "samplesize run: error: cannot write /o/learning-curve.png: No space left on device. The"
            + " disk is full: free space on it, or write elsewhere, and run again.",
        plot[1].strip());

    String[] bug = handle(new IllegalStateException("a bug"));
    assertEquals("1", bug[0]);
    assertTrue(bug[1].startsWith("samplesize run: internal error: "), bug[1]);
    assertTrue(bug[1].contains("set SAMPLESIZE_DEBUG=1"), bug[1]);
  }

  /**
   * A folder made read-only while a run wrote into it: the write of its outputs (or of the feature
   * cache) fails with an access denied on a temporary file. That is the file system refusing, not a
   * bug, so it is one line with exit 3 naming the folder to make writable, not an internal error
   * with a chain of exceptions naming a hidden temporary file.
   */
  @Test
  void aWriteRefusedByThePermissionsIsOneLineNamingTheFolder(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws IOException {
    java.nio.file.Path tmp = dir.resolve(".results.csv.4ce801290c57ed40.tmp");
    String[] r =
        handle(
            new UncheckedIOException(
                "cannot write the outputs into " + dir,
                new IOException(
                    "cannot write " + dir.resolve("results.csv") + ": " + tmp,
                    new java.nio.file.AccessDeniedException(tmp.toString()))));
    assertEquals("3", r[0]);
    assertEquals(
        "samplesize run: error: cannot write the outputs into "
            + dir
            + ": permission denied writing to "
            + dir
            + ": make it writable for this user, or use another folder, and run the same command"
            + " again",
        r[1].strip());

    // A file that exists (a journal made read-only) is named itself.
    java.nio.file.Path journal = java.nio.file.Files.createFile(dir.resolve("journal.jsonl"));
    String[] file =
        handle(
            new UncheckedIOException(new java.nio.file.AccessDeniedException(journal.toString())));
    assertEquals("3", file[0]);
    assertTrue(file[1].contains("permission denied writing to " + journal + ":"), file[1]);

    String[] readOnly =
        handle(
            new UncheckedIOException(
                "cannot write x",
                new java.nio.file.FileSystemException(
                    "/mnt/o/results.csv", null, "Read-only file system")));
    assertEquals("3", readOnly[0]);
    // not "make it writable for this user", which no user can do to a read-only mount
    assertTrue(
        readOnly[1].contains(
            "the file system holding /mnt/o/results.csv is mounted read-only: use a folder on a"
                + " writable one"),
        readOnly[1]);
    assertFalse(readOnly[1].contains("for this user"), readOnly[1]);
  }

  /**
   * The output folder removed (or renamed) while a run wrote into it: the next output's temporary
   * file cannot be created. One line naming the folder, exit 3, not an internal error.
   */
  @Test
  void anOutputFolderRemovedWhileRunningIsOneLineNamingIt(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    java.nio.file.Path gone = dir.resolve("out");
    java.nio.file.Path tmp = gone.resolve(".results.csv.3419b441d19b2750.tmp");
    String[] r =
        handle(
            new UncheckedIOException(
                "cannot write the outputs into " + gone,
                new IOException(
                    "cannot write " + gone.resolve("results.csv") + ": " + tmp,
                    new java.nio.file.NoSuchFileException(tmp.toString()))));
    assertEquals("3", r[0]);
    assertEquals(
        "samplesize run: error: cannot write the outputs into "
            + gone
            + ": the folder "
            + gone
            + " was removed or renamed while the command ran: run the same command again (or"
            + " move the folder back first, to resume from what it holds)",
        r[1].strip());

    // A missing file in a folder that exists is not this case.
    String[] other =
        handle(
            new UncheckedIOException(
                new java.nio.file.NoSuchFileException(dir.resolve("x").toString())));
    assertEquals("1", other[0]);
  }

  /** A command that runs out of memory on the calling thread, as a huge CSV line did. */
  @CommandLine.Command(name = "oom")
  static final class OutOfMemoryCommand implements Runnable {
    @Override
    public void run() {
      throw new OutOfMemoryError("Java heap space");
    }
  }

  @Test
  void aNativeLibraryThatDoesNotLoadIsOneLineNamingThePlatform() {
    String[] r =
        handle(
            new RuntimeException(
                "loading",
                new UnsatisfiedLinkError("no jniopenblas_nolapack in java.library.path")));
    assertEquals(Integer.toString(Main.EXIT_UNAVAILABLE), r[0]);
    List<String> lines = r[1].lines().toList();
    assertEquals(1, lines.size(), r[1]);
    assertTrue(lines.get(0).startsWith("samplesize run: error: a native library"), r[1]);
    assertTrue(lines.get(0).contains("no jniopenblas_nolapack"), r[1]);

    String mac =
        CommandFailures.nativeLibraryMissing(
            new UnsatisfiedLinkError("no jniopencv_core"), "Mac OS X", "aarch64");
    assertTrue(mac.contains("Linux x86-64 only, and this is Mac OS X aarch64"), mac);
    assertTrue(mac.contains("'samplesize fit'"), mac);
    String linux =
        CommandFailures.nativeLibraryMissing(
            new UnsatisfiedLinkError("bad ELF header"), "Linux", "amd64");
    assertTrue(linux.contains("~/.javacpp/cache"), linux);

    // The JVM's second answer for a class whose native loading failed before.
    assertNotNull(
        CommandFailures.nativeLoadFailure(
            new NoClassDefFoundError(
                "Could not initialize class org.bytedeco.opencv.global.opencv_core")));
    assertNull(CommandFailures.nativeLoadFailure(new NoClassDefFoundError("com/example/Missing")));

    // Thrown on the command's own thread, the error is not wrapped.
    CommandLine cl = Main.commandLine();
    cl.addSubcommand("nolib", new NoLibraryCommand());
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    assertEquals(Main.EXIT_UNAVAILABLE, Main.execute(cl, new String[] {"nolib"}));
    assertEquals(1, err.toString().lines().count(), err.toString());
    assertTrue(err.toString().startsWith("samplesize: error: a native library"), err.toString());
  }

  @CommandLine.Command(name = "nolib")
  static class NoLibraryCommand implements Runnable {
    @Override
    public void run() {
      throw new UnsatisfiedLinkError("no jniopencv_core in java.library.path");
    }
  }

  @Test
  void runningOutOfMemoryIsOneLineWithAdviceNotAStackTrace() {
    CommandLine cl = Main.commandLine();
    cl.addSubcommand("oom", new OutOfMemoryCommand());
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    assertEquals(Main.EXIT_INTERNAL_ERROR, Main.execute(cl, new String[] {"oom"}));
    List<String> lines = err.toString().lines().toList();
    assertEquals(1, lines.size(), err.toString());
    assertTrue(
        lines
            .get(0)
            .startsWith(
                "samplesize: error: out of memory (Java heap space): give Java"
                    + " more memory, e.g. SAMPLESIZE_JAVA_OPTS=-Xmx8g"),
        lines.get(0));
    assertTrue(lines.get(0).endsWith("or use fewer --threads, and run again"), lines.get(0));

    // On a worker thread it arrives wrapped, as the cause of the command's exception.
    String[] worker =
        handle(
            new java.util.concurrent.ExecutionException(
                new OutOfMemoryError("unable to create native thread")));
    assertEquals("1", worker[0]);
    assertTrue(
        worker[1].startsWith(
            "samplesize run: error: out of memory (unable to create native thread): give Java"),
        worker[1]);
    assertEquals(1, worker[1].lines().count(), worker[1]);
  }

  @Test
  void helpListsTheExitCodes() {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    cl.setOut(new PrintWriter(out));
    assertEquals(0, cl.execute("--help"));
    assertTrue(out.toString().contains("Exit codes:"), out.toString());
    // Columns widen with the longest code (130): matched by words, not by spaces.
    assertTrue(
        out.toString().matches("(?s).*\\n\\s+3\\s+something outside samplesize.*"), out.toString());
    assertTrue(out.toString().matches("(?s).*\\n\\s+130\\s+stopped by Ctrl-C.*"), out.toString());
  }
}
