package org.samplesize.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the {@code samplesize} command line in-process and keeps what it printed. */
public final class Cli {
  private Cli() {}

  /**
   * What one invocation did.
   *
   * @param code its exit code
   * @param out what it printed on standard output
   * @param err what it printed on standard error
   */
  public record Result(int code, String out, String err) {}

  /**
   * Runs {@code samplesize args...} as the shell would, with a fresh command line.
   *
   * @param args the command and its flags, e.g. {@code "fit", "--results", "r.csv"}
   * @return its exit code and output
   */
  public static Result run(String... args) {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Result(code, out.toString(), err.toString());
  }
}
