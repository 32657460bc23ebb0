package org.samplesize.cli;

import java.io.PrintWriter;
import org.samplesize.InvalidInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code samplesize} command. Exit codes: 0 success, 2 a user mistake (one line naming what to
 * fix), 1 an internal failure (the cause; set {@code SAMPLESIZE_DEBUG=1} for the stack trace).
 */
@Command(
    name = "samplesize",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "How many labelled images will your model need?",
      "Trains on subsamples of growing size, fits learning curves and extrapolates them with intervals."
    },
    subcommands = {
      CommandLine.HelpCommand.class,
      RunCommand.class,
      FitCommand.class,
      FeaturesCommand.class,
      BenchCommand.class,
      InspectCommand.class
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Exit code for a mistake in the user's input. */
  public static final int EXIT_USER_ERROR = 2;

  /** Exit code for an internal failure. */
  public static final int EXIT_INTERNAL_ERROR = 1;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * Builds the configured command line; tests call this to run commands in-process.
   *
   * @return the command line with every subcommand and the error handlers installed
   */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler(Main::handleException);
    return cl;
  }

  private static int handleException(
      Exception e, CommandLine cl, CommandLine.ParseResult parseResult) {
    PrintWriter err = cl.getErr();
    Throwable user = findCause(e, InvalidInputException.class);
    if (user != null) {
      err.println("samplesize " + cl.getCommandName() + ": error: " + user.getMessage());
      err.flush();
      return EXIT_USER_ERROR;
    }
    err.println("samplesize " + cl.getCommandName() + ": internal error: " + describe(e));
    if (System.getenv("SAMPLESIZE_DEBUG") != null) {
      e.printStackTrace(err);
    } else {
      err.println("(set SAMPLESIZE_DEBUG=1 for the stack trace)");
    }
    err.flush();
    return EXIT_INTERNAL_ERROR;
  }

  private static Throwable findCause(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return c;
      }
    }
    return null;
  }

  private static String describe(Throwable t) {
    StringBuilder sb = new StringBuilder(String.valueOf(t));
    for (Throwable c = t.getCause(); c != null && c != t; c = c.getCause()) {
      sb.append("\n  caused by: ").append(c);
    }
    return sb.toString();
  }

  /**
   * Runs the command line and exits the JVM with its exit code.
   *
   * @param args command-line arguments
   */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
