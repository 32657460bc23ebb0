package org.samplesize.benchmarks;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.samplesize.UnavailableException;

/**
 * The command line of the side-by-side harnesses: {@code --flag value} pairs, each with a default,
 * after optional operands (a mode). {@code --help} prints the usage; an unknown flag, a flag
 * without its value or a value of the wrong kind prints a one-line error and the usage and exits
 * with status 2, instead of a Java exception (every harness answered {@code --help} with {@code
 * IllegalArgumentException: unknown flag --help}).
 *
 * <pre>{@code
 * static final HarnessFlags FLAGS =
 *     HarnessFlags.of("FeaturesHarness", "Feature extraction, ours against the peer.")
 *         .flag("--threads", "N", "2", "intra-op threads");
 *
 * public static void main(String[] args) throws Exception {
 *   FLAGS.main(args, f -> run(f.integer("--threads")));
 * }
 * }</pre>
 */
final class HarnessFlags {

  /** The status a bad command line exits with. */
  static final int USAGE_ERROR = 2;

  /** Exit status when something outside samplesize the harness needs is unavailable here. */
  static final int UNAVAILABLE = 3;

  /** Runs a harness with its parsed flags. */
  @FunctionalInterface
  interface Body {
    /**
     * @param flags the parsed flags
     * @throws Exception on failure
     */
    void run(Values flags) throws Exception;
  }

  /** A bad command line: the message is the one line printed before the usage. */
  static final class UsageError extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    UsageError(String message) {
      super(message);
    }
  }

  private record Flag(String name, String value, String defaultValue, String help) {}

  private final String command;
  private final String operands;
  private final int operandCount;
  private final String about;
  private final Map<String, Flag> flags;

  private HarnessFlags(
      String command, String operands, int operandCount, String about, Map<String, Flag> flags) {
    this.command = command;
    this.operands = operands;
    this.operandCount = operandCount;
    this.about = about;
    this.flags = flags;
  }

  /**
   * @param command the class's simple name, e.g. {@code AdaptiveHarness}
   * @param about one sentence saying what it measures
   * @return a command line without flags yet
   */
  static HarnessFlags of(String command, String about) {
    return new HarnessFlags(
        Objects.requireNonNull(command, "command"),
        "",
        0,
        Objects.requireNonNull(about, "about"),
        new LinkedHashMap<>());
  }

  /**
   * @param synopsis the operands as the usage shows them, e.g. {@code tail|head}
   * @param count how many operands come before the flags
   * @return a copy that takes them
   */
  HarnessFlags withOperands(String synopsis, int count) {
    return new HarnessFlags(command, synopsis, count, about, flags);
  }

  /**
   * @param name e.g. {@code --curves}
   * @param value what the value is, for the usage, e.g. {@code N} or {@code FILE}
   * @param defaultValue the value when the flag is not given, as typed on the command line
   * @param help what the flag sets
   * @return a copy with the flag
   */
  HarnessFlags flag(String name, String value, String defaultValue, String help) {
    if (!name.startsWith("--") || name.equals("--help")) {
      throw new IllegalArgumentException("flag names start with -- and are not --help: " + name);
    }
    Map<String, Flag> more = new LinkedHashMap<>(flags);
    if (more.put(name, new Flag(name, value, defaultValue, help)) != null) {
      throw new IllegalArgumentException("flag " + name + " given twice");
    }
    return new HarnessFlags(command, operands, operandCount, about, more);
  }

  /**
   * @return the usage: the command, what it measures, and each flag with its default
   */
  String usage() {
    StringBuilder sb =
        new StringBuilder("usage: java -cp benchmarks/target/benchmarks.jar ")
            .append("org.samplesize.benchmarks.")
            .append(command)
            .append(operands.isEmpty() ? "" : " " + operands)
            .append(" [flags]\n")
            .append(about)
            .append("\n\nflags:\n");
    int width = "--help".length();
    for (Flag f : flags.values()) {
      width = Math.max(width, f.name().length() + 1 + f.value().length());
    }
    for (Flag f : flags.values()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "  %-" + width + "s  %s (default: %s)%n",
              f.name() + " " + f.value(),
              f.help(),
              f.defaultValue()));
    }
    sb.append(String.format(Locale.ROOT, "  %-" + width + "s  %s%n", "--help", "print this"));
    return sb.toString();
  }

  /**
   * Parses {@code args} and runs {@code body} with them; for {@code main}, where a bad command line
   * ends the JVM with {@link #USAGE_ERROR}.
   *
   * @param args the command line
   * @param body the harness
   * @throws Exception what the harness throws
   */
  void main(String[] args, Body body) throws Exception {
    int status = run(args, System.out, System.err, body);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Parses {@code args} and runs {@code body} with them. {@code --help} prints the usage to {@code
   * out} and runs nothing; a bad command line (also a bad value {@code body} reads through {@link
   * Values}) prints {@code command: problem} and the usage to {@code err}.
   *
   * @param args the command line
   * @param out where the usage goes after {@code --help}
   * @param err where a bad command line is reported
   * @param body the harness
   * @return 0, {@link #USAGE_ERROR} after a bad command line, or {@link #UNAVAILABLE} (one line on
   *     {@code err}) when the harness needs something this machine lacks
   * @throws Exception what the harness throws
   */
  int run(String[] args, PrintStream out, PrintStream err, Body body) throws Exception {
    Values values;
    try {
      values = parse(args);
    } catch (UsageError e) {
      return usageError(e, err);
    }
    if (values == null) {
      out.print(usage());
      out.flush();
      return 0;
    }
    try {
      body.run(values);
    } catch (UsageError e) {
      return usageError(e, err);
    } catch (UnavailableException e) {
      // Such as bf16 products on a CPU without AVX512-BF16: one line, not a stack trace.
      err.println(command + ": " + e.getMessage());
      err.flush();
      return UNAVAILABLE;
    }
    return 0;
  }

  private int usageError(UsageError e, PrintStream err) {
    err.println(command + ": " + e.getMessage());
    err.print(usage());
    err.flush();
    return USAGE_ERROR;
  }

  /** The values, or null after {@code --help}. */
  private Values parse(String[] args) {
    for (String a : args) {
      if (a.equals("--help") || a.equals("-h")) {
        return null;
      }
    }
    List<String> given = new ArrayList<>();
    int i = 0;
    for (; i < args.length && i < operandCount && !args[i].startsWith("--"); i++) {
      given.add(args[i]);
    }
    if (given.size() < operandCount) {
      throw new UsageError("expected " + operands + " first");
    }
    Map<String, String> values = new LinkedHashMap<>();
    flags.values().forEach(f -> values.put(f.name(), f.defaultValue()));
    for (; i < args.length; i += 2) {
      Flag f = flags.get(args[i]);
      if (f == null) {
        throw new UsageError(
            (args[i].startsWith("--") ? "unknown flag " : "unexpected argument ") + args[i]);
      }
      if (i + 1 >= args.length) {
        throw new UsageError(f.name() + " needs a value (" + f.value() + ")");
      }
      values.put(f.name(), args[i + 1]);
    }
    return new Values(given, values);
  }

  /** The parsed command line: the operands and every flag's value (its default if not given). */
  static final class Values {
    private final List<String> operands;
    private final Map<String, String> values;

    private Values(List<String> operands, Map<String, String> values) {
      this.operands = List.copyOf(operands);
      this.values = values;
    }

    /**
     * @param i which
     * @return the operand
     */
    String operand(int i) {
      return operands.get(i);
    }

    /**
     * @param name the flag
     * @return its value as given
     */
    String text(String name) {
      String v = values.get(name);
      if (v == null) {
        throw new IllegalArgumentException("no flag " + name + "; flags: " + values.keySet());
      }
      return v;
    }

    /**
     * @param name the flag
     * @return its value as an {@code int}
     * @throws UsageError when it is not a whole number
     */
    int integer(String name) {
      try {
        return Integer.parseInt(text(name));
      } catch (NumberFormatException e) {
        throw badValue(name, "a whole number");
      }
    }

    /**
     * @param name the flag
     * @return its value as a {@code long}
     * @throws UsageError when it is not a whole number
     */
    long longInteger(String name) {
      try {
        return Long.parseLong(text(name));
      } catch (NumberFormatException e) {
        throw badValue(name, "a whole number");
      }
    }

    /**
     * @param name the flag
     * @return its value as a {@code double}
     * @throws UsageError when it is not a number
     */
    double real(String name) {
      try {
        return Double.parseDouble(text(name));
      } catch (NumberFormatException e) {
        throw badValue(name, "a number");
      }
    }

    /**
     * @param name the flag
     * @return its comma-separated values
     */
    List<String> list(String name) {
      return List.of(text(name).split(","));
    }

    /**
     * @param name the flag
     * @return its comma-separated values as numbers
     * @throws UsageError when one is not a number
     */
    List<Double> reals(String name) {
      List<Double> out = new ArrayList<>();
      for (String s : list(name)) {
        try {
          out.add(Double.parseDouble(s));
        } catch (NumberFormatException e) {
          throw badValue(name, "numbers separated by commas");
        }
      }
      return out;
    }

    /**
     * @param name the flag
     * @return its value as a path
     */
    Path path(String name) {
      return Path.of(text(name));
    }

    /**
     * @param name the flag
     * @param expected what it should be, e.g. {@code "fp32 or bf16"}
     * @return the error to throw for its value
     */
    UsageError badValue(String name, String expected) {
      return new UsageError(name + " " + text(name) + ": expected " + expected);
    }
  }
}
