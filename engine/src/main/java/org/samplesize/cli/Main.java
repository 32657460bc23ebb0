package org.samplesize.cli;

import java.io.PrintWriter;
import java.util.Locale;
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
    cl.setExecutionExceptionHandler((e, c, parsed) -> handleException(e, c, debug));
    cl.setParameterExceptionHandler((e, args) -> ParseErrors.handle(e));
    return cl;
  }

  static int handleException(Exception e, CommandLine cl, boolean debug) {
    PrintWriter err = cl.getErr();
    String prefix = cl.getCommandSpec().qualifiedName() + ": ";
    Throwable known = findCause(e, InvalidInputException.class, UnavailableException.class);
    Throwable oom = findCause(e, OutOfMemoryError.class);
    Throwable link = nativeLoadFailure(e);
    int code;
    if (oom != null && known == null) {
      err.println(prefix + "error: " + outOfMemory(oom));
      code = EXIT_INTERNAL_ERROR;
    } else if (link != null && known == null) {
      err.println(
          prefix
              + "error: "
              + nativeLibraryMissing(
                  link, System.getProperty("os.name"), System.getProperty("os.arch")));
      code = EXIT_UNAVAILABLE;
    } else if (known != null) {
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

  /**
   * A native library (OpenCV, OpenBLAS, ONNX Runtime) that could not be loaded, or null: an {@link
   * UnsatisfiedLinkError} anywhere in the cause chain, or the {@link NoClassDefFoundError} that the
   * JVM throws for a JavaCPP class whose loading failed once before.
   */
  static Throwable nativeLoadFailure(Throwable t) {
    Throwable link = findCause(t, UnsatisfiedLinkError.class);
    if (link != null) {
      return link;
    }
    Throwable ncdf = findCause(t, NoClassDefFoundError.class);
    String m = ncdf == null || ncdf.getMessage() == null ? "" : ncdf.getMessage();
    return m.contains("org.bytedeco") || m.contains("ai.onnxruntime") ? ncdf : null;
  }

  /**
   * What to say when a native library does not load: the bundled natives are for Linux x86-64 only,
   * so elsewhere the image, feature and training commands cannot run while {@code fit} (pure Java)
   * can; on Linux x86-64 the usual cause is a damaged JavaCPP cache.
   */
  static String nativeLibraryMissing(Throwable link, String os, String arch) {
    String what = link.getMessage() == null ? link.getClass().getSimpleName() : link.getMessage();
    what = what.lines().findFirst().orElse(what).strip();
    boolean supported =
        os != null
            && os.toLowerCase(Locale.ROOT).startsWith("linux")
            && ("amd64".equals(arch) || "x86_64".equals(arch));
    if (!supported) {
      return "a native library could not be loaded ("
          + what
          + "): samplesize bundles its native libraries (OpenCV, OpenBLAS, ONNX Runtime) for Linux"
          + " x86-64 only, and this is "
          + os
          + " "
          + arch
          + ". Run the image, feature and training commands on Linux x86-64 (a container works);"
          + " 'samplesize fit' on a results table works here";
    }
    return "a native library could not be loaded ("
        + what
        + "): the unpacked copies in ~/.javacpp/cache may be damaged or from another version;"
        + " delete that folder and run again (set "
        + ENV_DEBUG
        + "=1 for the stack trace)";
  }

  /** Environment variable whose JVM options the {@code samplesize} launcher passes to Java. */
  static final String ENV_JAVA_OPTS = "SAMPLESIZE_JAVA_OPTS";

  /**
   * Java ran out of memory: what ran out and what to do, on one line (no stack trace; with {@link
   * #ENV_DEBUG} set, the trace follows).
   */
  static String outOfMemory(Throwable oom) {
    String what = oom.getMessage() == null ? "Java heap space" : oom.getMessage();
    long max = Runtime.getRuntime().maxMemory();
    String heap =
        max == Long.MAX_VALUE ? "" : String.format(Locale.ROOT, " (now %d MiB)", max >> 20);
    return "out of memory ("
        + what
        + "): give Java more memory, e.g. "
        + ENV_JAVA_OPTS
        + "=-Xmx8g"
        + heap
        + ", or use fewer --threads, and run again";
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
    // A wrapper made from its cause alone (new UncheckedIOException(e)) carries the cause's
    // toString() as its message, class name and all: the cause says it in plain words.
    while (t.getCause() != null
        && t.getCause() != t
        && String.valueOf(t.getMessage()).equals(String.valueOf(t.getCause()))) {
      t = t.getCause();
    }
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
      err.println(cl.getCommandSpec().qualifiedName() + ": error: " + outOfMemory(e));
      if (System.getenv(ENV_DEBUG) != null) {
        e.printStackTrace(err);
      }
      err.flush();
      return EXIT_INTERNAL_ERROR;
    } catch (LinkageError e) {
      Throwable link = nativeLoadFailure(e);
      if (link == null) {
        throw e;
      }
      PrintWriter err = cl.getErr();
      err.println(
          cl.getCommandSpec().qualifiedName()
              + ": error: "
              + nativeLibraryMissing(
                  link, System.getProperty("os.name"), System.getProperty("os.arch")));
      if (System.getenv(ENV_DEBUG) != null) {
        e.printStackTrace(err);
      }
      err.flush();
      return EXIT_UNAVAILABLE;
    }
  }
}
