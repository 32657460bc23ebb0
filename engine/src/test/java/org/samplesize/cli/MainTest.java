package org.samplesize.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
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
}
