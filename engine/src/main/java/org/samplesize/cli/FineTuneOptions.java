package org.samplesize.cli;

import java.util.Map;
import org.samplesize.InvalidInputException;
import org.samplesize.experiment.RunSettings;
import picocli.CommandLine.Option;

/**
 * {@code run}'s flags of the second training phase, {@code --fine-tune} and the settings that only
 * it uses, with the checks that tie them together ({@code --unfreeze-from none} is {@code
 * --no-fine-tune}; a second-phase flag without fine-tuning is refused). Kept apart from {@link
 * RunCommand} so that fine-tuning's flags change in one place. The defaults in the descriptions are
 * {@code TailOptions.recipe()}'s; {@code RunCommandTest} checks that they agree.
 */
final class FineTuneOptions {
  @Option(
      names = "--fine-tune",
      negatable = true,
      description = "Also fine-tune the top of the backbone (a second curve).")
  Boolean fineTune;

  @Option(
      names = "--unfreeze-from",
      paramLabel = "BLOCK|none",
      description =
          "First backbone block trained with --fine-tune, block_0..block_16 (default"
              + " block_10): it and every later block train, the earlier ones stay frozen; none"
              + " trains no block, as --no-fine-tune (and as bench's --unfreeze-from none).")
  String unfreezeFrom;

  @Option(
      names = "--precision",
      paramLabel = "fp32|bf16",
      description =
          "Arithmetic of --fine-tune's matrix products (default fp32). bf16 rounds their operands"
              + " to bfloat16 and accumulates in fp32, weights stay fp32: faster on CPUs with"
              + " AVX512-BF16, results differ by rounding; other CPUs say so and run fp32.")
  String precision;

  @Option(
      names = "--fine-tune-epochs",
      paramLabel = "N",
      description =
          "Epochs --fine-tune's second phase may run beyond those its head ran (default 20, the"
              + " recipe's: at most head epochs + 20); early stopping usually ends it sooner.")
  Integer fineTuneEpochs;

  @Option(
      names = "--fine-tune-patience",
      paramLabel = "N",
      description =
          "Early stopping of --fine-tune's second phase: epochs without a better validation AUC"
              + " (default 5, the recipe's).")
  Integer fineTunePatience;

  @Option(
      names = "--fine-tune-learning-rate",
      paramLabel = "X",
      description =
          "Adam learning rate of --fine-tune's second phase (default 0.0001, the recipe's).")
  Double fineTuneLearningRate;

  /** Refuses a second-phase setting given without fine-tuning, which would change nothing. */
  private static void onlyWithFineTune(String flag, Object value, RunSettings settings) {
    if (value != null && !settings.fineTune()) {
      throw new InvalidInputException(
          flag + " is used only when fine-tuning: add --fine-tune, or drop " + flag);
    }
  }

  /** Whether {@code --unfreeze-from none} was given. */
  private boolean unfreezesNothing() {
    return unfreezeFrom != null && unfreezeFrom.strip().equalsIgnoreCase("none");
  }

  /**
   * Adds the flags given to {@code flags}, by setting key; {@code --unfreeze-from none} is put as
   * {@code fine-tune: false}.
   *
   * @param f the flags by setting key
   * @throws InvalidInputException for {@code --fine-tune} with {@code --unfreeze-from none}
   */
  void putFlags(Map<String, Object> f) {
    if (unfreezesNothing()) {
      if (Boolean.TRUE.equals(fineTune)) {
        throw new InvalidInputException(
            "--fine-tune trains the backbone from a block on, and --unfreeze-from none trains"
                + " none: drop one of them");
      }
      RunCommand.put(f, "fine-tune", false);
    } else {
      RunCommand.put(f, "fine-tune", fineTune);
      RunCommand.put(f, "unfreeze-from", unfreezeFrom);
    }
    RunCommand.put(f, "precision", precision);
    RunCommand.put(f, "fine-tune-epochs", fineTuneEpochs);
    RunCommand.put(f, "fine-tune-patience", fineTunePatience);
    RunCommand.put(f, "fine-tune-learning-rate", fineTuneLearningRate);
  }

  /**
   * Refuses a second-phase flag given while the settings in force do not fine-tune.
   *
   * @param settings the resolved settings (the config file and {@code --recipe} included)
   * @throws InvalidInputException naming the flag
   */
  void checkUsed(RunSettings settings) {
    // --unfreeze-from none is the same as --no-fine-tune, so it needs no fine-tuning.
    onlyWithFineTune("--unfreeze-from", unfreezesNothing() ? null : unfreezeFrom, settings);
    onlyWithFineTune("--precision", precision, settings);
    onlyWithFineTune("--fine-tune-epochs", fineTuneEpochs, settings);
    onlyWithFineTune("--fine-tune-patience", fineTunePatience, settings);
    onlyWithFineTune("--fine-tune-learning-rate", fineTuneLearningRate, settings);
  }
}
