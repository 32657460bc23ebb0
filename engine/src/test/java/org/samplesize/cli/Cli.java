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

  /**
   * What a call returned, and what the progress display wrote meanwhile.
   *
   * @param result the call's result
   * @param progress the progress display's lines and notes
   */
  public record Shown<T>(T result, String progress) {}

  /**
   * Runs {@code call} with the process's standard error captured: the progress display ({@code
   * ConsoleProgress}) writes its stage lines and notes there, not to the command line's err that
   * {@link Result#err()} holds.
   *
   * @param call e.g. {@code () -> Cli.run("run", ...)}
   * @return its result and what the display printed
   * @throws Exception what the call threw
   */
  public static <T> Shown<T> showingProgress(java.util.concurrent.Callable<T> call)
      throws Exception {
    java.io.PrintStream stderr = System.err;
    java.io.ByteArrayOutputStream shown = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(shown, true, java.nio.charset.StandardCharsets.UTF_8));
    T result;
    try {
      result = call.call();
    } finally {
      System.setErr(stderr);
    }
    return new Shown<>(result, shown.toString(java.nio.charset.StandardCharsets.UTF_8));
  }
}
