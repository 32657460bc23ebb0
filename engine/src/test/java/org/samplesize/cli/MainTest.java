package org.samplesize.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
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
    int rc = Main.handleException(e, cl, false);
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

    String[] bug = handle(new IllegalStateException("a bug"));
    assertEquals("1", bug[0]);
    assertTrue(bug[1].startsWith("samplesize run: internal error: "), bug[1]);
    assertTrue(bug[1].contains("set SAMPLESIZE_DEBUG=1"), bug[1]);
  }

  @Test
  void helpListsTheExitCodes() {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    cl.setOut(new PrintWriter(out));
    assertEquals(0, cl.execute("--help"));
    assertTrue(out.toString().contains("Exit codes:"), out.toString());
    assertTrue(out.toString().contains("3   something outside samplesize"), out.toString());
  }
}
