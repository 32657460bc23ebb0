package org.samplesize.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.samplesize.io.AtomicFiles;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Writes {@code docs/cli.md}, the command-line reference, from the same picocli model that prints
 * {@code --help}: per command its usage line, description, options and parameters; then the exit
 * codes. A test compares the committed file with a fresh rendering, so the two cannot drift apart.
 *
 * <p>Regenerate: {@code ./mvnw -q -pl engine -am -Pcli-doc process-classes} (the {@code cli-doc}
 * profile of the engine runs this class), or run it with the output file as its argument (no
 * argument: standard output).
 */
public final class CliDoc {
  private CliDoc() {}

  /** The file this class writes, relative to the repository root. */
  public static final String FILE = "docs/cli.md";

  /** The command that regenerates {@link #FILE}, run from the repository root. */
  public static final String REGENERATE = "./mvnw -q -pl engine -am -Pcli-doc process-classes";

  /**
   * @param args the output file, or none for standard output
   * @throws IOException when the file cannot be written
   */
  public static void main(String[] args) throws IOException {
    String md = render();
    if (args.length == 0) {
      PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
      out.print(md);
      out.flush();
    } else {
      Path file = Path.of(args[0]);
      AtomicFiles.writeString(file, md);
      System.out.println("wrote " + file.toAbsolutePath());
    }
  }

  /**
   * @return the whole reference as markdown, the same on every machine
   */
  public static String render() {
    CommandLine root = Main.commandLine(Map.of());
    StringBuilder sb = new StringBuilder();
    CommandSpec spec = root.getCommandSpec();
    sb.append("# Command-line reference\n\n");
    sb.append("<!-- Generated from the command definitions by ")
        .append(CliDoc.class.getName())
        .append("; do not edit. Regenerate: ")
        .append(REGENERATE)
        .append(" -->\n\n");
    sb.append("Every command prints the same text with `--help`.\n\n");
    List<CommandLine> commands = new ArrayList<>();
    collect(root, commands);
    sb.append("| command | what it does |\n|---|---|\n");
    for (CommandLine c : commands) {
      CommandSpec s = c.getCommandSpec();
      sb.append("| [`")
          .append(s.qualifiedName())
          .append("`](#")
          .append(anchor(s.qualifiedName()))
          .append(") | ")
          .append(cell(firstLine(s)))
          .append(" |\n");
    }
    sb.append('\n');
    for (CommandLine c : commands) {
      command(sb, c.getCommandSpec());
    }
    sb.append("## Exit codes\n\n| code | meaning |\n|---|---|\n");
    for (Map.Entry<String, String> e : spec.usageMessage().exitCodeList().entrySet()) {
      sb.append("| ")
          .append(e.getKey().strip())
          .append(" | ")
          .append(cell(format(e.getValue())))
          .append(" |\n");
    }
    sb.append("\n## Shell completion\n\n")
        .append("`samplesize completion` prints a bash completion script for every command and")
        .append(
            " option (it also works in zsh after `autoload -U +X bashcompinit && bashcompinit`).")
        .append(" Install it once:\n\n")
        .append("```\n")
        .append("./samplesize completion > ~/.samplesize-completion.bash\n")
        .append("echo 'source ~/.samplesize-completion.bash' >> ~/.bashrc\n")
        .append("```\n");
    return sb.toString();
  }

  /** The root first, then every visible subcommand, depth first, in declaration order. */
  private static void collect(CommandLine c, List<CommandLine> out) {
    out.add(c);
    for (CommandLine sub : c.getSubcommands().values()) {
      // Aliases map to the same object: list each command once.
      if (!sub.getCommandSpec().usageMessage().hidden() && !out.contains(sub)) {
        collect(sub, out);
      }
    }
  }

  private static void command(StringBuilder sb, CommandSpec s) {
    sb.append("## ").append(s.qualifiedName()).append("\n\n");
    CommandLine.Help help =
        new CommandLine.Help(
            s, new CommandLine.Help.ColorScheme.Builder(CommandLine.Help.Ansi.OFF).build());
    sb.append("```\n").append(help.synopsis(0).stripTrailing()).append("\n```\n\n");
    String description = description(s);
    if (!description.isEmpty()) {
      sb.append(description).append("\n\n");
    }
    List<PositionalParamSpec> params = new ArrayList<>();
    for (PositionalParamSpec p : s.positionalParameters()) {
      if (!p.hidden()) {
        params.add(p);
      }
    }
    if (!params.isEmpty()) {
      sb.append("| parameter | description |\n|---|---|\n");
      for (PositionalParamSpec p : params) {
        sb.append("| `")
            .append(cell(p.paramLabel()))
            .append("` | ")
            .append(cell(description(p)))
            .append(" |\n");
      }
      sb.append('\n');
    }
    List<OptionSpec> options = new ArrayList<>();
    for (OptionSpec o : s.options()) {
      if (!o.hidden()) {
        options.add(o);
      }
    }
    if (!options.isEmpty()) {
      sb.append("| option | value | default | description |\n|---|---|---|---|\n");
      for (OptionSpec o : options) {
        sb.append("| ")
            .append(names(s, o))
            .append(" | ")
            .append(o.arity().max() == 0 ? "" : "`" + cell(o.paramLabel()) + "`")
            .append(" | ")
            .append(o.defaultValue() == null ? "" : "`" + cell(o.defaultValue()) + "`")
            .append(" | ")
            .append(cell(description(o)))
            .append(" |\n");
      }
      sb.append('\n');
    }
    Map<String, String> codes = s.usageMessage().exitCodeList();
    if (s.parent() != null && !codes.isEmpty()) {
      sb.append("Exit codes: ");
      List<String> parts = new ArrayList<>();
      codes.forEach((k, v) -> parts.add(k.strip() + " " + format(v)));
      sb.append(cell(String.join("; ", parts))).append(".\n\n");
    }
  }

  private static String names(CommandSpec s, OptionSpec o) {
    List<String> out = new ArrayList<>();
    for (String n : o.names()) {
      String shown =
          o.negatable() ? s.negatableOptionTransformer().makeSynopsis(n, s).toString() : n;
      out.add("`" + cell(shown) + "`");
    }
    return String.join(", ", out);
  }

  /** The description as {@code --help} shows it: variables and {@code %n} rendered, one line. */
  private static String description(CommandLine.Model.ArgSpec a) {
    List<String> lines = new ArrayList<>();
    for (String d : a.description()) {
      String def = a.defaultValue() == null ? "null" : a.defaultValue();
      String candidates = "";
      if (a.completionCandidates() != null) {
        List<String> c = new ArrayList<>();
        a.completionCandidates().forEach(c::add);
        candidates = String.join(", ", c);
      }
      lines.add(
          format(
              d.replace("${DEFAULT-VALUE}", def.replace("%", "%%"))
                  .replace("${COMPLETION-CANDIDATES}", candidates)));
    }
    return String.join(" ", lines);
  }

  /**
   * The command's description lines as one paragraph; lines indented by two spaces (commands to
   * type, as in the completion command's) as a code block after it.
   */
  private static String description(CommandSpec s) {
    List<String> lines = new ArrayList<>();
    List<String> code = new ArrayList<>();
    for (String line : s.usageMessage().description()) {
      String f = format(line);
      if (line.startsWith("  ")) {
        code.add(f.strip());
      } else if (!f.isEmpty()) {
        lines.add(f);
      }
    }
    String text = String.join(" ", lines);
    return code.isEmpty() ? text : text + "\n\n```\n" + String.join("\n", code) + "\n```";
  }

  /** The command's header, or else the first sentence of its description. */
  private static String firstLine(CommandSpec s) {
    String[] header = s.usageMessage().header();
    if (header.length > 0) {
      return format(header[0]);
    }
    return SENTENCE_END.split(description(s), 2)[0];
  }

  private static final java.util.regex.Pattern SENTENCE_END =
      java.util.regex.Pattern.compile("(?<=[.?!])\\s+(?=[A-Z])");

  /** Picocli formats help text with {@link String#format}: {@code %n} is a line break. */
  private static String format(String s) {
    String out;
    try {
      out = String.format(Locale.ROOT, s);
    } catch (java.util.IllegalFormatException e) {
      out = s;
    }
    return out.replace("\r\n", "\n").replace('\n', ' ').strip();
  }

  /** Text safe inside a markdown table cell. */
  private static String cell(String s) {
    return s.replace("|", "\\|");
  }

  /** GitHub's heading anchor: lower case, spaces to hyphens, punctuation dropped. */
  static String anchor(String heading) {
    return heading.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-');
  }
}
