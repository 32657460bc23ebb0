package org.samplesize.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * A mistake on the command line, said in plain words: picocli's messages name Java types ({@code
 * 'abc' is not a long}) and report some mistakes less helpfully than a user needs (a missing option
 * before a misspelt one). Kept apart from {@link Main} so that the wording can change without
 * touching the command line's set-up or the handling of failures while a command runs.
 */
final class ParseErrors {
  private ParseErrors() {}

  /**
   * A mistake on the command line (unknown option, a value of the wrong type, a missing or repeated
   * option): one line, the mistake in plain words and where the help is, exit 2; no usage dump.
   */
  static int handle(CommandLine.ParameterException e) {
    CommandLine cl = e.getCommandLine();
    String name = cl.getCommandSpec().qualifiedName();
    PrintWriter err = cl.getErr();
    err.println(name + ": error: " + plainWords(e) + " (see '" + name + " --help')");
    err.flush();
    return Main.EXIT_USER_ERROR;
  }

  private static final Pattern INVALID_VALUE =
      Pattern.compile("Invalid value for option '([^']+)'(?: \\([^)]*\\))?: (.*)", Pattern.DOTALL);

  private static final Pattern NOT_A_TYPE =
      Pattern.compile("'(.*)' is not an? (\\w+)", Pattern.DOTALL);

  /** Picocli's {@code help} given a word that names no command. */
  private static final Pattern UNKNOWN_HELP_TOPIC =
      Pattern.compile("Unknown subcommand '(.*)'\\.?", Pattern.DOTALL);

  private static final Pattern ENUM =
      Pattern.compile(
          "expected one of \\[(.*)\\] \\(case-(?:in)?sensitive\\) but was '(.*)'", Pattern.DOTALL);

  /** Picocli's message for a command-line mistake, reworded without its type jargon. */
  static String plainWords(CommandLine.ParameterException e) {
    CommandLine cl = e.getCommandLine();
    if (e instanceof CommandLine.UnmatchedArgumentException u) {
      return unmatched(cl, u.getUnmatched(), u.getSuggestions());
    }
    if (e instanceof CommandLine.MissingParameterException m) {
      // Picocli checks required options before it reports unknown ones; a misspelt --out is
      // more helpfully reported as such than as a missing --out.
      List<String> unknown = unknownOptions(cl.getUnmatchedArguments());
      if (!unknown.isEmpty()) {
        return unmatched(
            cl,
            cl.getUnmatchedArguments(),
            new CommandLine.UnmatchedArgumentException(cl, cl.getUnmatchedArguments())
                .getSuggestions());
      }
      List<String> names = new ArrayList<>();
      for (CommandLine.Model.ArgSpec a : m.getMissing()) {
        names.add(describe(a));
      }
      String msg = String.valueOf(m.getMessage());
      if (msg.startsWith("Missing required option")) {
        return (names.size() == 1 ? "missing required option " : "missing required options ")
            + String.join(", ", names);
      }
      if (m.getMissing().size() == 1 && m.getMissing().get(0).isOption()) {
        CommandLine.Model.OptionSpec spec = (CommandLine.Model.OptionSpec) m.getMissing().get(0);
        String opt = spec.longestName();
        Matcher found = Pattern.compile("but found '(.*)'").matcher(msg);
        if (!found.find()) {
          return opt + " needs a value";
        }
        String next = found.group(1);
        // A value such as --out=-h-run (or --out -h-run) is read as options when it starts
        // like one (-h); it is no option's name, so it was most likely meant as the value. Only
        // a path can be written another way (./-h-run); --seed ./-h5 is no seed.
        return opt
            + " needs a value, but is followed by "
            + (cl.getCommandSpec().findOption(next) != null
                ? "the option '" + next + "'"
                : "'"
                    + next
                    + "', read as an option"
                    + (takesPath(spec) ? ": if it is the value, write it as ./" + next : ""));
      }
    }
    if (e instanceof CommandLine.OverwrittenOptionException o && o.getOverwritten().isOption()) {
      CommandLine.Model.OptionSpec opt = (CommandLine.Model.OptionSpec) o.getOverwritten();
      String n = opt.longestName();
      if (opt.negatable()) {
        String neg =
            cl.getCommandSpec().negatableOptionTransformer().makeNegative(n, cl.getCommandSpec());
        return n + " and " + neg + " set the same switch: give one of them, once";
      }
      if (!opt.splitRegex().isEmpty()) {
        return n + " is given more than once: give it once, with its values separated by commas";
      }
      return n + " is given more than once: give it once";
    }
    String msg = String.valueOf(e.getMessage());
    Matcher help = UNKNOWN_HELP_TOPIC.matcher(msg);
    if (help.matches()) {
      CommandLine root = cl;
      while (root.getParent() != null) {
        root = root.getParent();
      }
      return unknownCommand(root, help.group(1));
    }
    Matcher iv = INVALID_VALUE.matcher(msg);
    if (iv.matches()) {
      return iv.group(1) + ": " + valueProblem(iv.group(2));
    }
    return msg.isEmpty() ? msg : Character.toLowerCase(msg.charAt(0)) + msg.substring(1);
  }

  /** Whether an option's value is a file or folder: typed as a path, or labelled DIR or FILE. */
  private static boolean takesPath(CommandLine.Model.OptionSpec spec) {
    return java.nio.file.Path.class.equals(spec.type())
        || java.io.File.class.equals(spec.type())
        || spec.paramLabel().matches(".*\\b(DIR|FILE)\\b.*");
  }

  /** "'abc' is not a long" → "'abc' must be a whole number", and the like. */
  private static String valueProblem(String s) {
    Matcher t = NOT_A_TYPE.matcher(s);
    if (t.matches()) {
      String what =
          switch (t.group(2)) {
            case "long", "int", "integer", "short", "byte", "BigInteger" -> "a whole number";
            case "double", "float", "BigDecimal" -> "a number";
            case "boolean" -> "true or false";
            case "char" -> "a single character";
            default -> "a " + t.group(2);
          };
      return "'" + t.group(1) + "' must be " + what;
    }
    Matcher en = ENUM.matcher(s);
    if (en.matches()) {
      return "'" + en.group(2) + "' must be one of " + en.group(1) + " (in any case)";
    }
    return s;
  }

  private static String unmatched(CommandLine cl, List<String> args, List<String> suggestions) {
    List<String> unknown = unknownOptions(args);
    String msg;
    if (!unknown.isEmpty()) {
      msg =
          (unknown.size() == 1 ? "unknown option " : "unknown options ")
              + "'"
              + String.join("', '", unknown)
              + "'";
    } else if (!cl.getSubcommands().isEmpty()) {
      // Picocli's suggestion is the nearest command however far ('nosuch': "Did you mean:
      // bench?"); the commands are few, so name them all, and a close one first.
      return unknownCommand(cl, args.isEmpty() ? "" : args.get(0));
    } else {
      msg =
          (args.size() == 1 ? "unexpected argument '" : "unexpected arguments '")
              + String.join("', '", args)
              + "': this command takes only options, each value after its option (--name value)"
              + listAfter(cl, args)
              + switchValue(cl, args.get(0));
    }
    if (!suggestions.isEmpty()) {
      msg += ". Did you mean: " + String.join(" or ", suggestions) + "?";
    } else if (unknown.size() == 1) {
      msg += elsewhere(cl, unknown.get(0));
    }
    return msg;
  }

  /**
   * A word that names no command ({@code samplesize runn}, {@code samplesize help fitt}): the
   * commands close to it (at most two edits, or beginning with it), then every command.
   *
   * @param root the command line whose subcommands are the commands
   * @param word what was given
   * @return {@code "unknown command 'fitt' (did you mean fit?): the commands are run, fit,
   *     features, bench, inspect, completion, help"}
   */
  static String unknownCommand(CommandLine root, String word) {
    List<String> names = new ArrayList<>(root.getSubcommands().keySet());
    // help last: the commands that do the work first
    if (names.remove("help")) {
      names.add("help");
    }
    org.apache.commons.text.similarity.LevenshteinDistance distance =
        new org.apache.commons.text.similarity.LevenshteinDistance(2);
    String lower = word.toLowerCase(java.util.Locale.ROOT);
    List<String> close = new ArrayList<>();
    for (String n : names) {
      if (distance.apply(lower, n) >= 0 || (!lower.isEmpty() && n.startsWith(lower))) {
        close.add(n);
      }
    }
    return "unknown command '"
        + word
        + "'"
        + (close.isEmpty() ? "" : " (did you mean " + String.join(" or ", close) + "?)")
        + ": the commands are "
        + String.join(", ", names);
  }

  /**
   * When the stray arguments follow an option that takes a list and its value ({@code --fractions
   * 0.05 0.1 0.25}, {@code --target 0.85, 0.9}, {@code --fractions=0.05 0.1}), the list was most
   * likely split by a space: the hint joins the option's value and every stray value that follows
   * it.
   *
   * @param strays the arguments nothing took, in the order given
   * @return {@code "; --fractions takes its values separated by commas, without spaces: --fractions
   *     0.05,0.1,0.25"}, or empty
   */
  private static String listAfter(CommandLine cl, List<String> strays) {
    CommandLine.ParseResult parsed = cl.getParseResult();
    if (parsed == null || strays.isEmpty()) {
      return "";
    }
    List<String> given = parsed.originalArgs();
    // The first stray may also be the value of an earlier option (--target 0.9 --fractions 0.05
    // 0.9): each place it is given is tried.
    for (int at : places(given, strays.get(0))) {
      String before = given.get(at - 1);
      String name;
      String first;
      int eq = before.indexOf('=');
      if (before.startsWith("-") && eq > 0) {
        name = before.substring(0, eq);
        first = before.substring(eq + 1);
      } else if (at >= 2) {
        name = given.get(at - 2);
        first = before;
      } else {
        continue;
      }
      CommandLine.Model.OptionSpec option = cl.getCommandSpec().findOption(name);
      if (option == null || option.splitRegex().isEmpty() || option.arity().max() != 1) {
        continue;
      }
      List<String> values = new ArrayList<>();
      values.add(first);
      for (int k = 0; k < strays.size() && at + k < given.size(); k++) {
        if (!given.get(at + k).equals(strays.get(k))) {
          break;
        }
        values.add(given.get(at + k));
      }
      return "; "
          + option.longestName()
          + " takes its values separated by commas, without spaces: "
          + option.longestName()
          + " "
          + values.stream()
              .map(v -> v.replaceAll("^,+|,+$", ""))
              .filter(v -> !v.isEmpty())
              .collect(java.util.stream.Collectors.joining(","));
    }
    return "";
  }

  /**
   * Where {@code value} is given after the first argument, in order: a stray value may also be an
   * earlier option's ({@code --seed 1 --validate 1}), so every place is tried, not the first.
   */
  private static List<Integer> places(List<String> given, String value) {
    List<Integer> at = new ArrayList<>();
    for (int i = 1; i < given.size(); i++) {
      if (given.get(i).equals(value)) {
        at.add(i);
      }
    }
    return at;
  }

  /**
   * When the stray argument follows a switch ({@code --validate yes}), it was meant as its value,
   * which a switch does not take.
   *
   * @return {@code "; --validate is a switch and takes no value: write --validate or
   *     --no-validate"}, or empty
   */
  private static String switchValue(CommandLine cl, String stray) {
    CommandLine.ParseResult parsed = cl.getParseResult();
    if (parsed == null) {
      return "";
    }
    List<String> given = parsed.originalArgs();
    for (int at : places(given, stray)) {
      String name = given.get(at - 1);
      CommandLine.Model.OptionSpec option = cl.getCommandSpec().findOption(name);
      if (option == null && name.startsWith("--no-")) {
        option = cl.getCommandSpec().findOption("--" + name.substring("--no-".length()));
      }
      if (option == null || option.arity().max() != 0) {
        continue;
      }
      String plain = option.longestName().replaceFirst("^--\\[no-\\]", "--");
      return "; "
          + name
          + " is a switch and takes no value: write "
          + plain
          + (option.negatable() ? " or " + plain.replaceFirst("^--", "--no-") : "")
          + ", without "
          + stray;
    }
    return "";
  }

  /**
   * Where an option unknown to this command is known, e.g. {@code --spark} given to {@code fit}.
   *
   * @return {@code ": an option of 'run'"}, or empty when no other command takes it
   */
  private static String elsewhere(CommandLine cl, String option) {
    CommandLine parent = cl.getParent();
    if (parent == null) {
      return "";
    }
    String name = option.contains("=") ? option.substring(0, option.indexOf('=')) : option;
    List<String> commands = new ArrayList<>();
    for (Map.Entry<String, CommandLine> c : parent.getSubcommands().entrySet()) {
      if (c.getValue() != cl
          && c.getKey().equals(c.getValue().getCommandName())
          && c.getValue().getCommandSpec().findOption(name) != null) {
        commands.add("'" + c.getKey() + "'");
      }
    }
    return commands.isEmpty() ? "" : ": an option of " + String.join(" and ", commands) + " only";
  }

  /** The unmatched arguments that look like options (not negative numbers). */
  private static List<String> unknownOptions(List<String> args) {
    List<String> out = new ArrayList<>();
    for (String a : args) {
      if (a.startsWith("-") && a.length() > 1 && !a.matches("-[0-9.].*")) {
        out.add(a);
      }
    }
    return out;
  }

  private static String describe(CommandLine.Model.ArgSpec a) {
    if (a instanceof CommandLine.Model.OptionSpec o) {
      return o.longestName() + " " + o.paramLabel();
    }
    return a.paramLabel();
  }
}
