package org.samplesize.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;

/**
 * Checks on the comma-separated list options ({@code --fractions}, {@code --target}, {@code
 * --predict}, ...) that picocli does not make: a list given twice, an empty item, a decimal comma.
 * They run on the whole parse result before any command does, so every command refuses these
 * mistakes the same way; kept apart from {@link Main}, which only wires them in.
 */
final class ListOptionChecks {
  private ListOptionChecks() {}

  /**
   * Refuses a comma-separated list option given more than once ({@code --fractions 0.1 --fractions
   * 0.5}), as every other option given twice is refused: picocli would join the values, which a
   * user who meant the second to replace the first does not expect.
   *
   * @param parsed the parse result of the whole command line
   * @throws CommandLine.OverwrittenOptionException naming the option
   */
  static void refuseRepeatedLists(CommandLine.ParseResult parsed) {
    for (ListOption l : listOptions(parsed)) {
      if (l.option().originalStringValues().size() > 1) {
        throw new CommandLine.OverwrittenOptionException(
            l.command(),
            l.option(),
            "option '" + l.option().longestName() + "' should be specified only once");
      }
    }
  }

  /** A comma-separated list option given on the command line, with the command it belongs to. */
  private record ListOption(CommandLine command, CommandLine.Model.OptionSpec option) {}

  /** The comma-separated list options given, in the command and its subcommands, in order. */
  private static List<ListOption> listOptions(CommandLine.ParseResult parsed) {
    List<ListOption> out = new ArrayList<>();
    for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
      for (CommandLine.Model.OptionSpec o : p.matchedOptions()) {
        if (o.isMultiValue() && !o.splitRegex().isEmpty()) {
          out.add(new ListOption(p.commandSpec().commandLine(), o));
        }
      }
    }
    return out;
  }

  /**
   * Refuses a comma-separated list value with an empty item ({@code --target 0.9,}, {@code
   * --predict ,}): picocli drops empty items at the end, so such a list silently lost a value, and
   * {@code --target ,} asked no question at all. Also a decimal comma ({@code --target 0,95},
   * {@code --predict 1,5x}), which split into two values: one refused without a hint, or an answer
   * at a size no one asked for.
   *
   * @param parsed the parse result of the whole command line
   * @throws CommandLine.ParameterException naming the option and its value
   */
  static void refuseEmptyListItems(CommandLine.ParseResult parsed) {
    for (ListOption l : listOptions(parsed)) {
      for (String v : l.option().originalStringValues()) {
        String[] items = v.split(l.option().splitRegex(), -1);
        for (int i = 0; i + 1 < items.length; i++) {
          if (decimalComma(l.option().longestName(), items[i].strip(), items[i + 1].strip())) {
            throw new CommandLine.ParameterException(
                l.command(),
                String.format(
                    Locale.ROOT,
                    "%s: '%s' reads as the values %s and %s, separated by a comma; write a decimal"
                        + " with a point (%s.%s)",
                    l.option().longestName(),
                    v,
                    items[i].strip(),
                    items[i + 1].strip(),
                    items[i].strip(),
                    items[i + 1].strip()));
          }
        }
        for (String item : items) {
          if (item.isBlank()) {
            throw new CommandLine.ParameterException(
                l.command(),
                l.option().longestName()
                    + ": '"
                    + v
                    + "' has an empty value; separate the values by single commas, with none at"
                    + " either end");
          }
        }
      }
    }
  }

  /**
   * Whether two neighbouring list items are one number written with a decimal comma: {@code 0,95}
   * for a target or a fraction (no accuracy or fraction is 0), {@code 1,5x} for a size relative to
   * the largest (no one asks for the accuracy at one to nine images).
   */
  private static boolean decimalComma(String option, String item, String next) {
    return switch (option) {
      case "--target", "--fractions" -> item.equals("0") && next.matches("\\d+");
      case "--predict" -> item.matches("\\d") && next.matches("\\d+[xX]");
      default -> false;
    };
  }
}
