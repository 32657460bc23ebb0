package org.samplesize.cli;

import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code samplesize} command. Exit codes: 0 success; 1 an internal failure (the cause; set
 * {@code SAMPLESIZE_DEBUG=1} for the stack trace); 2 a user mistake (one line naming what to fix);
 * 3 something outside samplesize is unavailable: the network, a server, a download that fails its
 * checksum, disk space (one line saying what to do, e.g. work offline with {@code --mirror}); 130
 * (143) stopped by Ctrl-C ({@code kill}), the JVM's own codes, which {@code run} follows with a
 * line saying how to resume.
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
          + " space, a write refused while running (work offline with --mirror DIR / --data DIR,"
          + " or retry)",
      "130:stopped by Ctrl-C (143: by kill); a stopped run resumes when run again"
    },
    subcommands = {
      CommandLine.HelpCommand.class,
      RunCommand.class,
      FitCommand.class,
      FeaturesCommand.class,
      BenchCommand.class,
      InspectCommand.class
    })
public final class Main implements java.util.concurrent.Callable<Integer> {

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

  /** The hidden command that prints the shell completion script. */
  static final String COMPLETION = "completion";

  /** Environment variable that adds the stack trace (the cause) to an error. */
  static final String ENV_DEBUG = "SAMPLESIZE_DEBUG";

  /**
   * No command given: a mistake like any other on the command line, so the usage goes to standard
   * error and the exit code is 2.
   */
  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    err.println("samplesize: error: no command given: give one of the commands below");
    spec.commandLine().usage(err);
    err.flush();
    return EXIT_USER_ERROR;
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
    // `samplesize completion > FILE` writes the bash/zsh completion script (docs/cli.md and the
    // README say how to install it).
    CommandLine completion = new CommandLine(new CompletionCommand());
    completion.setCommandName(COMPLETION); // picocli names it generate-completion
    // picocli marks it a help command, and a help command's line is not validated: 'completion
    // --bogus' or 'completion bash' printed the script with exit 0. It is checked as every command.
    completion.getCommandSpec().helpCommand(false);
    // -V says samplesize's version, as every other command's does, not picocli's own.
    completion.getCommandSpec().versionProvider(new VersionProvider());
    cl.addSubcommand(COMPLETION, completion);
    completion
        .getCommandSpec()
        .usageMessage()
        .description(
            "Prints the bash completion script for every command and option (zsh too, after"
                + " bashcompinit).",
            "Install it once:",
            "  ./samplesize completion > ~/.samplesize-completion.bash",
            "  echo 'source ~/.samplesize-completion.bash' >> ~/.bashrc");
    // --dtype float16, --resize short_side_center_crop, ...: enum values in any case everywhere.
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    NumberConverters.register(cl);
    cl.setExecutionStrategy(
        parsed -> {
          ListOptionChecks.refuseRepeatedLists(parsed);
          ListOptionChecks.refuseEmptyListItems(parsed);
          return new CommandLine.RunLast().execute(parsed);
        });
    cl.setExecutionExceptionHandler((e, c, parsed) -> CommandFailures.handle(e, c, debug));
    cl.setParameterExceptionHandler((e, args) -> ParseErrors.handle(e));
    return cl;
  }

  /**
   * Runs the command line and exits the JVM with its exit code.
   *
   * @param args command-line arguments
   */
  public static void main(String[] args) {
    System.exit(execute(commandLine(), args));
  }

  /**
   * Runs the command line; Java running out of memory on this thread (which picocli does not catch)
   * ends with one line and exit 1, like every other failure, not a stack trace.
   *
   * @param cl the command line
   * @param args command-line arguments
   * @return the exit code
   */
  static int execute(CommandLine cl, String[] args) {
    try {
      return cl.execute(args);
    } catch (OutOfMemoryError e) {
      PrintWriter err = cl.getErr();
      err.println(
          cl.getCommandSpec().qualifiedName() + ": error: " + CommandFailures.outOfMemory(e));
      if (System.getenv(ENV_DEBUG) != null) {
        e.printStackTrace(err);
      }
      err.flush();
      return EXIT_INTERNAL_ERROR;
    } catch (LinkageError e) {
      Throwable link = CommandFailures.nativeLoadFailure(e);
      if (link == null) {
        throw e;
      }
      PrintWriter err = cl.getErr();
      err.println(
          cl.getCommandSpec().qualifiedName()
              + ": error: "
              + CommandFailures.nativeLibraryMissing(
                  link, System.getProperty("os.name"), System.getProperty("os.arch")));
      if (System.getenv(ENV_DEBUG) != null) {
        e.printStackTrace(err);
      }
      err.flush();
      return EXIT_UNAVAILABLE;
    }
  }
}
