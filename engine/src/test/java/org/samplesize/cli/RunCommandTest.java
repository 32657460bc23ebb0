package org.samplesize.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.samplesize.train.HeadOptions;
import org.samplesize.train.tail.TailOptions;
import picocli.CommandLine;

/** The help texts of {@code run} and {@code bench} say the defaults that really apply. */
class RunCommandTest {
  private static String description(String command, String option) {
    CommandLine cl = Main.commandLine().getSubcommands().get(command);
    return String.join(" ", cl.getCommandSpec().findOption(option).description());
  }

  /** The number after "default " in the option's help. */
  private static double helpDefault(String option) {
    String d = description("run", option);
    Matcher m = Pattern.compile("\\(default ([0-9.]+), the recipe's").matcher(d);
    assertTrue(m.find(), d);
    return Double.parseDouble(m.group(1));
  }

  private static double helpNumber(String option, String pattern) {
    String d = description("run", option);
    Matcher m = Pattern.compile(pattern).matcher(d);
    assertTrue(m.find(), d);
    return Double.parseDouble(m.group(1));
  }

  @Test
  void theHelpStatesTheSplitAndDrawDefaultsThatApply() {
    CommandLine cl = Main.commandLine().getSubcommands().get("run");
    String about = String.join(" ", cl.getCommandSpec().usageMessage().description());
    org.samplesize.experiment.RunSettings d = org.samplesize.experiment.RunSettings.defaults();
    assertEquals("stratified", d.split());
    assertFalse(d.withReplacement());
    assertTrue(about.contains("a stratified 90/10 split"), about);
    assertTrue(about.contains("without replacement"), about);
    assertFalse(about.contains("Defaults = the Keras recipe"), about);
  }

  @Test
  void trainingDefaultsInTheHelpAreTheRecipes() {
    HeadOptions head = HeadOptions.recipe();
    TailOptions tail = TailOptions.recipe();
    assertEquals(head.epochs(), helpDefault("--epochs"));
    assertEquals(head.patience(), helpDefault("--patience"));
    assertEquals(head.batchSize(), helpDefault("--batch-size"));
    assertEquals(tail.batchSize(), helpDefault("--batch-size"));
    assertEquals(head.learningRate(), helpDefault("--learning-rate"));
    assertEquals(
        tail.extraEpochs(), helpNumber("--epochs", "the epochs its head ran plus ([0-9]+)"));
    assertEquals(tail.epochs(1), helpNumber("--epochs", "--epochs 1: at most ([0-9]+)"));
    assertEquals(tail.patience(), helpNumber("--epochs", "on its own \\(patience ([0-9]+),"));
    assertEquals(tail.extraEpochs(), helpDefault("--fine-tune-epochs"));
    assertEquals(tail.patience(), helpDefault("--fine-tune-patience"));
    assertEquals(tail.learningRate(), helpDefault("--fine-tune-learning-rate"));
    assertEquals(tail.patience(), helpNumber("--patience", "--fine-tune uses ([0-9]+)"));
    assertEquals(tail.learningRate(), helpNumber("--learning-rate", "--fine-tune uses ([0-9.]+)"));
  }
}
