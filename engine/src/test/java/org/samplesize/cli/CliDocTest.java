package org.samplesize.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** docs/cli.md is what {@code --help} says; the completion script knows every command. */
class CliDocTest {

  private static final List<String> COMMANDS =
      List.of("run", "fit", "features", "bench", "inspect");

  /** The repository root: the nearest folder above the working directory with mvnw in it. */
  static Path repositoryRoot() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("mvnw")) && Files.isDirectory(p.resolve("engine"))) {
        return p;
      }
    }
    throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
  }

  @Test
  void theCommittedReferenceIsUpToDate() throws IOException {
    Path file = repositoryRoot().resolve(CliDoc.FILE);
    String committed =
        Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    assertEquals(
        CliDoc.render(),
        committed,
        CliDoc.FILE + " is stale: run `" + CliDoc.REGENERATE + "` to regenerate");
  }

  @Test
  void everyVisibleOptionIsDocumentedAndNoHiddenOne() {
    String md = CliDoc.render();
    CommandLine cl = Main.commandLine();
    for (String c : COMMANDS) {
      assertTrue(md.contains("\n## samplesize " + c + "\n"), c);
      for (OptionSpec o : cl.getSubcommands().get(c).getCommandSpec().options()) {
        String name = o.longestName().replaceFirst("^--", "");
        // Negatable switches appear as --[no-]name.
        boolean shown = md.contains("`" + o.longestName()) || md.contains("`--[no-]" + name);
        assertEquals(!o.hidden(), shown, c + " " + o.longestName());
      }
    }
    // A command that works is listed (it was hidden from --help and docs/cli.md).
    assertTrue(md.contains("\n## samplesize completion\n"), "the completion command is listed");
    assertTrue(
        md.contains("| [`samplesize completion`](#samplesize-completion) | Prints the bash"), md);
    assertTrue(md.contains("| 2 | a mistake in the input"), "exit codes");
    // A run stopped by Ctrl-C ends with 130, which a script checking the status should know.
    assertTrue(md.contains("| 130 | stopped by Ctrl-C (143: by kill)"), "exit code of a stop");
    // A pipe inside a cell is escaped, or the table breaks.
    assertTrue(md.contains("`DIR\\|tf_flowers\\|fashion_mnist`"), md);
  }

  /**
   * The commands to install the completion are a code block to copy, not words run into the
   * paragraph; the help command is listed by what it does, not by its description's first line.
   */
  @Test
  void commandsToTypeAreACodeBlockAndHelpIsListedByItsHeader() {
    String md = CliDoc.render();
    assertTrue(
        md.contains(
            "Install it once:\n\n```\n./samplesize completion > ~/.samplesize-completion.bash\n"),
        md);
    assertTrue(
        md.contains("| [`samplesize help`](#samplesize-help) | Display help information"), md);
  }

  @Test
  void theCompletionScriptCompletesEveryCommandAndItsOptions() {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute("completion");
    String script = out.toString();
    assertEquals(0, code, err.toString());
    assertTrue(script.startsWith("#!/usr/bin/env bash"), script);
    assertTrue(script.contains("complete -F _complete_samplesize"), "registers for samplesize");
    for (String c : COMMANDS) {
      assertTrue(script.contains("_picocli_samplesize_" + c + "()"), c + " has a function");
    }
    assertTrue(script.contains("--mirror"), "run's options are completed");
    assertTrue(script.contains("--fractions"), "run's options are completed");
    // samplesize --help lists it among the commands.
    StringWriter usage = new StringWriter();
    cl.usage(new PrintWriter(usage));
    assertTrue(
        usage.toString().contains("  completion  Prints the bash completion script"),
        usage.toString());
    String readme;
    try {
      Path root = Path.of("").toAbsolutePath();
      while (!Files.isRegularFile(root.resolve("README.md"))) {
        root = root.getParent();
      }
      readme = Files.readString(root.resolve("README.md"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertTrue(readme.contains("| `samplesize completion` |"), "README's command table lists it");
  }
}
