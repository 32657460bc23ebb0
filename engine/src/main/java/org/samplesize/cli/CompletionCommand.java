package org.samplesize.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;

/**
 * {@code samplesize completion}: picocli's bash completion script, with file names completed after
 * every option whose value is a path. picocli completes file names only for options typed {@code
 * File} or {@code Path}; {@code --data DIR|tf_flowers}, {@code run --out DIR} and {@code --model
 * NAME|FILE} are strings (they also take names), and their case in the script turned bash's default
 * file-name completion off, so {@code samplesize run --data ~/pho<TAB>} completed nothing. Options
 * that take one of a list of words ({@code --device auto|cpu|cuda}) are offered those words, and
 * negatable flags their {@code --no-} form.
 */
class CompletionCommand extends AutoComplete.GenerateCompletion {
  @Spec CommandSpec spec;

  /** A value label naming a path: {@code DIR}, {@code FILE}, {@code DIR|tf_flowers}, ... */
  private static final Pattern PATH_LABEL = Pattern.compile("(^|\\|)(DIR|FILE)($|\\|)");

  /** The lower-case words of a label, offered beside the file names: tf_flowers, auto, ... */
  private static final Pattern WORD = Pattern.compile("[a-z][a-z0-9_]*");

  @Override
  public void run() {
    CommandSpec root = spec.root();
    String script = AutoComplete.bash(root.name(), root.commandLine());
    spec.commandLine().getOut().print(withValueCompletion(script, root));
    spec.commandLine().getOut().print('\n');
    spec.commandLine().getOut().flush();
  }

  /**
   * @param script picocli's bash completion script for {@code root}
   * @param root the top command
   * @return the script, with file-name completion (and the label's lower-case words) after each
   *     subcommand option whose value label names a DIR or FILE and that picocli left without any,
   *     the listed values after the others that take one of a list (--device, --model's cards,
   *     --unfreeze-from's blocks, --family's families, --weights' weightings), and each negatable
   *     flag's --no- form among the flags
   */
  static String withValueCompletion(String script, CommandSpec root) {
    String out = script;
    for (Map.Entry<String, CommandLine> sub : root.subcommands().entrySet()) {
      String header = "function _picocli_" + root.name() + "_" + sub.getKey() + "() {";
      int start = out.indexOf(header);
      if (start < 0) {
        continue;
      }
      int end = out.indexOf("\n}\n", start);
      if (end < 0) {
        continue;
      }
      String body = out.substring(start, end);
      CommandSpec command = sub.getValue().getCommandSpec();
      for (OptionSpec option : command.options()) {
        if (option.typeInfo().isBoolean()) {
          if (option.negatable()) {
            body = withNegatedFlags(body, option, command);
          }
          continue;
        }
        List<String> words = words(option.paramLabel());
        if (option.paramLabel().equals("NAME|FILE")) {
          // --model: the built-in cards by name, or a file.
          words = new ArrayList<>(org.samplesize.features.ModelCard.builtInNames());
          java.util.Collections.sort(words);
        }
        if (option.longestName().equals("--family")) {
          // auto, or the families by name (a comma-separated list: the first is completed).
          words = new ArrayList<>(List.of("auto"));
          for (org.samplesize.fit.CurveFamily f : org.samplesize.fit.CurveFamily.values()) {
            words.add(f.id());
          }
        }
        if (option.longestName().equals("--weights")) {
          words = new ArrayList<>();
          for (org.samplesize.fit.Weighting w : org.samplesize.fit.Weighting.values()) {
            words.add(w.id());
          }
        }
        if (option.paramLabel().startsWith("BLOCK|")) {
          // --unfreeze-from: block_0 .. block_16 (the MobileNetV2 cards' blocks), then none.
          List<String> blocks = new ArrayList<>();
          for (int b = 0; b <= 16; b++) {
            blocks.add("block_" + b);
          }
          blocks.addAll(words);
          words = blocks;
        }
        boolean path = PATH_LABEL.matcher(option.paramLabel()).find();
        if (path || !words.isEmpty()) {
          for (String name : option.names()) {
            body =
                body.replace(emptyCase(name), path ? fileCase(name, words) : wordCase(name, words));
          }
        }
      }
      out = out.substring(0, start) + body + out.substring(end);
    }
    return out;
  }

  private static String emptyCase(String name) {
    return "    '" + name + "')\n      return\n      ;;";
  }

  // The words go one a line: the case sets IFS to a newline, so spaces would not split them.
  private static String fileCase(String name, List<String> words) {
    String extra =
        words.isEmpty()
            ? ""
            : " $( compgen -W $'" + String.join("\\n", words) + "' -- \"${curr_word}\" )";
    return "    '"
        + name
        + "')\n"
        + "      local IFS=$'\\n'\n"
        + "      type compopt &>/dev/null && compopt -o filenames\n"
        + "      COMPREPLY=( $( compgen -f -- \"${curr_word}\" )"
        + extra
        + " ) # files\n"
        + "      return $?\n"
        + "      ;;";
  }

  /** A value from a list of words only: {@code --device auto|cpu|cuda}, {@code --split}, ... */
  private static String wordCase(String name, List<String> words) {
    return "    '"
        + name
        + "')\n"
        + "      local IFS=$'\\n'\n"
        + "      COMPREPLY=( $( compgen -W $'"
        + String.join("\\n", words)
        + "' -- \"${curr_word}\" ) )\n"
        + "      return $?\n"
        + "      ;;";
  }

  /**
   * The flags' list with the {@code --no-} form of a negatable flag beside it ({@code --augment},
   * {@code --no-augment}): picocli's script offered only the first.
   */
  private static String withNegatedFlags(String body, OptionSpec option, CommandSpec command) {
    String out = body;
    for (String name : option.names()) {
      String negated = command.negatableOptionTransformer().makeNegative(name, command);
      if (!negated.equals(name) && !out.contains("'" + negated + "'")) {
        out =
            out.replaceFirst(
                "(local flag_opts=\"[^\"]*)'" + Pattern.quote(name) + "'",
                "$1'"
                    + Matcher.quoteReplacement(name)
                    + "' '"
                    + Matcher.quoteReplacement(negated)
                    + "'");
      }
    }
    return out;
  }

  /**
   * The literal values a label lists: its lower-case words ({@code auto|cpu|cuda}, {@code none} of
   * {@code BLOCK|none}), or every part of a list of upper-case values ({@code FLOAT32|FLOAT16});
   * placeholders such as {@code DIR}, {@code N} or {@code BLOCK} are not values.
   */
  private static List<String> words(String label) {
    List<String> words = new ArrayList<>();
    String[] parts = label.split("\\|");
    for (String part : parts) {
      Matcher m = WORD.matcher(part);
      if (m.matches()) {
        words.add(part);
      }
    }
    if (words.isEmpty()
        && parts.length > 1
        && java.util.Arrays.stream(parts)
            .noneMatch(p -> PLACEHOLDERS.contains(p) || !p.matches("[A-Z][A-Z0-9_]*"))) {
      words.addAll(List.of(parts));
    }
    return words;
  }

  /** Upper-case labels that stand for a value rather than being one. */
  private static final java.util.Set<String> PLACEHOLDERS =
      java.util.Set.of("DIR", "FILE", "NAME", "BLOCK", "PROFILE", "EP", "MODE", "TENSOR", "N");
}
