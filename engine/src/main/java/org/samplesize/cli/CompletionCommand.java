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
 * file-name completion off, so {@code samplesize run --data ~/pho<TAB>} completed nothing.
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
    spec.commandLine().getOut().print(withPathCompletion(script, root));
    spec.commandLine().getOut().print('\n');
    spec.commandLine().getOut().flush();
  }

  /**
   * @param script picocli's bash completion script for {@code root}
   * @param root the top command
   * @return the script, with file-name completion (and the label's lower-case words) after each
   *     subcommand option whose value label names a DIR or FILE and that picocli left without any
   */
  static String withPathCompletion(String script, CommandSpec root) {
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
      for (OptionSpec option : sub.getValue().getCommandSpec().options()) {
        if (!option.typeInfo().isBoolean() && PATH_LABEL.matcher(option.paramLabel()).find()) {
          for (String name : option.names()) {
            body = body.replace(emptyCase(name), fileCase(name, words(option.paramLabel())));
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

  private static List<String> words(String label) {
    List<String> words = new ArrayList<>();
    for (String part : label.split("\\|")) {
      Matcher m = WORD.matcher(part);
      if (m.matches()) {
        words.add(part);
      }
    }
    return words;
  }
}
