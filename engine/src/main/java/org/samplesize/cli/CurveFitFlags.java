package org.samplesize.cli;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.samplesize.NumberText;
import org.samplesize.experiment.FitChoice;
import org.samplesize.fit.FitOptions;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The curve-fit flags that {@code fit} and {@code run} share: {@code --family}, {@code --method},
 * {@code --weights}, {@code --bootstrap}, {@code --level}. A flag not given keeps the default
 * ({@link FitChoice#defaults()}) in {@code fit}, and the config file's value in {@code run}.
 */
final class CurveFitFlags {
  @Option(
      names = "--family",
      split = ",",
      paramLabel = "NAME",
      description =
          "auto (default: fit every family; the answer is the mean of the curve families with an"
              + " interval calibrated on real learning curves, see docs/method.md;"
              + " --method recipe fits pow2 alone) or one or more of:"
              + " pow2, pow3, pow4, exp3, log2, vap3, mmf4, wbl4, last1 (the answer is then the"
              + " one that best predicts the largest size from the others, AICc breaking ties;"
              + " its interval accounts for that selection).")
  List<String> family;

  @Option(
      names = "--method",
      paramLabel = "lm|recipe",
      description =
          "lm: Levenberg-Marquardt least squares (default); recipe: the Keras recipe's gradient"
              + " descent on pow2.")
  String method;

  @Option(
      names = "--weights",
      paramLabel = "W",
      description = "none (default), repeat-variance or binomial (needs test_size).")
  String weights;

  @Option(
      names = "--bootstrap",
      paramLabel = "B",
      converter = BootstrapCount.class,
      description =
          "Bootstrap replicates for the intervals (each refits every family and, with several"
              + " families named, selects again); 0 turns them off, at most 100000 (default: 1000).")
  Integer bootstrap;

  @Option(
      names = "--level",
      paramLabel = "L",
      converter = NumberConverters.OpenFraction.class,
      description = "Interval level (default: 0.9, the 5th to the 95th percentile).")
  Double level;

  /**
   * @return the choice the flags make, the defaults where a flag was not given
   */
  FitChoice choice() {
    FitChoice d = FitChoice.defaults();
    return FitChoice.parse(
        family != null ? family : d.familyNames(),
        method != null ? method : d.method().id(),
        weights != null ? weights : d.weights().id(),
        bootstrap != null ? bootstrap : d.bootstrap(),
        level != null ? level : d.level());
  }

  /**
   * Puts the flags given into a run's flags, by setting key (the long flag names).
   *
   * @param flags the flags, by setting key
   */
  void putFlags(Map<String, Object> flags) {
    if (family != null) {
      // Checked here so that the message names the flag, not the settings.
      FitChoice.families(family);
      flags.put("family", family);
    }
    if (method != null) {
      flags.put("method", method);
    }
    if (weights != null) {
      flags.put("weights", weights);
    }
    if (bootstrap != null) {
      flags.put("bootstrap", bootstrap);
    }
    if (level != null) {
      flags.put("level", level);
    }
  }

  /**
   * Reads {@code --bootstrap}, naming the valid range when the value is not a whole number in it
   * (picocli's own message for 99999999999 said only "must be a whole number").
   */
  static final class BootstrapCount implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String text) {
      String t = text.trim();
      String range = "a whole number from 0 (off) to " + FitOptions.MAX_BOOTSTRAP;
      BigInteger v;
      try {
        v = NumberText.parseWhole(t);
      } catch (NumberFormatException e) {
        throw new TypeConversionException(
            "'" + text + "' must be " + range + NumberText.hint(t, false));
      }
      if (v.signum() < 0 || v.compareTo(BigInteger.valueOf(FitOptions.MAX_BOOTSTRAP)) > 0) {
        throw new TypeConversionException("'" + text + "' is outside the valid range: " + range);
      }
      return v.intValue();
    }
  }
}
