package org.samplesize.cli;

import java.io.PrintWriter;
import java.util.Map;
import org.samplesize.InvalidInputException;
import org.samplesize.UnavailableException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code samplesize} command. Exit codes: 0 success; 1 an internal failure (the cause; set
 * {@code SAMPLESIZE_DEBUG=1} for the stack trace); 2 a user mistake (one line naming what to fix);
 * 3 something outside samplesize is unavailable: the network, a server, a download that fails its
 * checksum, disk space (one line saying what to do, e.g. work offline with {@code --mirror}).
 */
@Command(
    name = "samplesize",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "How many labelled images will your model need?",
      "Trains on subsamples of growing size, fits learning curves and extrapolates them with intervals."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:internal error (set SAMPLESIZE_DEBUG=1 for the stack trace)",
      "2:a mistake in the input (flags, files, settings)",
      "3:something outside samplesize is unavailable: network, server, download checksum, disk"
          + " space (work offline with --mirror DIR / --data DIR, or retry)"
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

  /**
   * Exit code for something outside samplesize that is unavailable: no network, a server that
   * cannot be reached or answers with an error, a download that fails its checksum, a full disk.
   */
  public static final int EXIT_UNAVAILABLE = 3;

  /** Environment variable that adds the stack trace (the cause) to an error. */
  static final String ENV_DEBUG = "SAMPLESIZE_DEBUG";

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
    return commandLine(System.getenv());
  }

  /**
   * @param env the environment ({@link #ENV_DEBUG} set: errors print their stack trace)
   * @return the command line with every subcommand and the error handlers installed
   */
  static CommandLine commandLine(Map<String, String> env) {
    boolean debug = env.get(ENV_DEBUG) != null;
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler((e, c, parsed) -> handleException(e, c, debug));
    return cl;
  }

  static int handleException(Exception e, CommandLine cl, boolean debug) {
    PrintWriter err = cl.getErr();
    String prefix = "samplesize " + cl.getCommandName() + ": ";
    Throwable known = findCause(e, InvalidInputException.class, UnavailableException.class);
    int code;
    if (known != null) {
      err.println(prefix + "error: " + known.getMessage());
      code = known instanceof UnavailableException ? EXIT_UNAVAILABLE : EXIT_USER_ERROR;
    } else if (UnavailableException.isDiskFull(e)) {
      err.println(
          prefix
              + "error: "
              + oneLine(e)
              + ". The disk is full: free space on it, or write elsewhere, and run again.");
      code = EXIT_UNAVAILABLE;
    } else {
      err.println(prefix + "internal error: " + describe(e));
      if (!debug) {
        err.println("(set " + ENV_DEBUG + "=1 for the stack trace)");
      }
      code = EXIT_INTERNAL_ERROR;
    }
    if (debug) {
      e.printStackTrace(err);
    }
    err.flush();
    return code;
  }

  /** The outermost cause of either type, or null. */
  @SafeVarargs
  private static Throwable findCause(Throwable t, Class<? extends Throwable>... types) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      for (Class<? extends Throwable> type : types) {
        if (type.isInstance(c)) {
          return c;
        }
      }
    }
    return null;
  }

  /** The failure's message and, when it does not already say it, its root cause's, on one line. */
  private static String oneLine(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String msg = String.valueOf(t.getMessage());
    String rootMsg = String.valueOf(root.getMessage());
    String s = root == t || msg.contains(rootMsg) ? msg : msg + ": " + rootMsg;
    return s.replace('\n', ' ');
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
