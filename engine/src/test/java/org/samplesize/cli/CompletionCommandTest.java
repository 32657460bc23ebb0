package org.samplesize.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The completion script completes file names after every option whose value is a path. */
class CompletionCommandTest {

  private static String script() {
    CommandLine cl = Main.commandLine();
    StringWriter text = new StringWriter();
    cl.setOut(new PrintWriter(text));
    assertEquals(0, cl.execute("completion"));
    return text.toString();
  }

  @Test
  void anUnknownOptionOrArgumentIsRefusedAsByEveryCommand() {
    for (String extra : new String[] {"--bogus", "zsh"}) {
      CommandLine cl = Main.commandLine();
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      cl.setOut(new PrintWriter(out));
      cl.setErr(new PrintWriter(err));
      assertEquals(Main.EXIT_USER_ERROR, cl.execute("completion", extra), err.toString());
      assertTrue(err.toString().contains("samplesize completion: error:"), err.toString());
      assertEquals("", out.toString(), "no script beside the error");
    }
  }

  @Test
  void versionIsSamplesizesAsInEveryCommand() {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    cl.setOut(new PrintWriter(out));
    assertEquals(0, cl.execute("completion", "--version"));
    assertTrue(out.toString().startsWith("samplesize "), out.toString());
  }

  /** The case of {@code option} inside the completion function of {@code command}. */
  private static String caseOf(String script, String command, String option) {
    int f = script.indexOf("function _picocli_samplesize_" + command + "() {");
    assertTrue(f >= 0, command + " has no completion function");
    int end = script.indexOf("\n}\n", f);
    int c = script.indexOf("    '" + option + "')", f);
    assertTrue(c >= 0 && c < end, command + " " + option + " has no case");
    return script.substring(c, script.indexOf(";;", c));
  }

  @Test
  void dataOutAndModelCompleteFileNames() {
    String s = script();
    String data = caseOf(s, "run", "--data");
    assertTrue(data.contains("compgen -f"), data);
    assertTrue(data.contains("compgen -W $'tf_flowers\\nfashion_mnist'"), data);
    assertTrue(caseOf(s, "run", "--out").contains("compgen -f"));
    assertTrue(caseOf(s, "features", "--model").contains("compgen -f"));
    assertTrue(caseOf(s, "inspect", "--data").contains("compgen -f"));
    assertTrue(caseOf(s, "bench", "--data").contains("compgen -f"));
  }

  @Test
  void everyPathOptionOfEveryCommandCompletesFileNames() {
    String s = script();
    CommandLine cl = Main.commandLine();
    for (var sub : cl.getSubcommands().entrySet()) {
      for (OptionSpec o : sub.getValue().getCommandSpec().options()) {
        String label = o.paramLabel();
        if (!o.hidden()
            && !o.typeInfo().isBoolean()
            && label.matches("(.*\\|)?(DIR|FILE)(\\|.*)?")) {
          String c = caseOf(s, sub.getKey(), o.longestName());
          assertTrue(c.contains("compgen -f"), sub.getKey() + " " + o.longestName() + ": " + c);
        }
      }
    }
  }

  /**
   * Values from a list are offered (--device, --split, --precision, --method, --unfreeze-from,
   * --model's built-in cards), and every negatable flag's --no- form: picocli's script offered
   * nothing after these string options and only the first form of each flag.
   */
  @Test
  void listedValuesAndNegatedFlagsAreOffered() {
    String s = script();
    assertTrue(caseOf(s, "run", "--device").contains("compgen -W $'auto\\ncpu\\ncuda'"));
    assertTrue(caseOf(s, "run", "--split").contains("$'stratified\\nrecipe'"));
    assertTrue(caseOf(s, "run", "--precision").contains("$'fp32\\nbf16'"));
    assertTrue(caseOf(s, "fit", "--method").contains("$'lm\\nrecipe'"));
    // The families and weightings by name, which were left to be typed.
    assertTrue(
        caseOf(s, "fit", "--family")
            .contains("$'auto\\npow2\\npow3\\npow4\\nexp3\\nlog2\\nvap3\\nmmf4\\nwbl4\\nlast1'"),
        caseOf(s, "fit", "--family"));
    assertTrue(
        caseOf(s, "run", "--weights").contains("$'none\\nrepeat-variance\\nbinomial'"),
        caseOf(s, "run", "--weights"));
    String unfreeze = caseOf(s, "run", "--unfreeze-from");
    assertTrue(unfreeze.contains("block_10\\n") && unfreeze.contains("\\nnone'"), unfreeze);
    String model = caseOf(s, "run", "--model");
    assertTrue(model.contains("compgen -f") && model.contains("mobilenetv2-12-int8"), model);
    CommandLine cl = Main.commandLine();
    for (var sub : cl.getSubcommands().entrySet()) {
      int f = s.indexOf("function _picocli_samplesize_" + sub.getKey() + "() {");
      String flags =
          s.substring(
              s.indexOf("local flag_opts=", f), s.indexOf('\n', s.indexOf("local flag_opts=", f)));
      for (OptionSpec o : sub.getValue().getCommandSpec().options()) {
        if (o.negatable() && !o.hidden()) {
          String negated =
              sub.getValue()
                  .getCommandSpec()
                  .negatableOptionTransformer()
                  .makeNegative(o.longestName(), sub.getValue().getCommandSpec());
          assertTrue(flags.contains("'" + negated + "'"), sub.getKey() + ": " + flags);
        }
      }
    }
  }
}
