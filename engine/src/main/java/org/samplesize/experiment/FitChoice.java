package org.samplesize.experiment;

import java.util.ArrayList;
import java.util.List;
import org.samplesize.InvalidInputException;
import org.samplesize.fit.CurveFamily;
import org.samplesize.fit.FitMethod;
import org.samplesize.fit.FitOptions;
import org.samplesize.fit.Weighting;

/**
 * How the learning curves are fitted, as the flags {@code --family}, {@code --method}, {@code
 * --weights}, {@code --bootstrap} and {@code --level} say it, for {@code run} and {@code fit}
 * alike. The fit reads the journaled results again on every run, so these may change between runs
 * of one experiment: they change {@code fit.json}, never {@code results.csv}.
 *
 * @param families the families to fit; empty = all, with automatic selection ({@code auto})
 * @param method the estimation method
 * @param weights the row weighting
 * @param bootstrap bootstrap replicates, 0 = off
 * @param level interval level in (0, 1)
 */
public record FitChoice(
    List<CurveFamily> families, FitMethod method, Weighting weights, int bootstrap, double level) {

  /** Validates through {@link FitOptions} (one set of checks) and copies the list. */
  public FitChoice {
    families = List.copyOf(families);
    applyTo(FitOptions.defaults(), families, method, weights, bootstrap, level);
  }

  /**
   * @return {@link FitOptions#defaults()}' choice: auto, {@code lm}, no weights, 1000 replicates,
   *     90%
   */
  public static FitChoice defaults() {
    FitOptions d = FitOptions.defaults();
    return new FitChoice(d.families(), d.method(), d.weights(), d.bootstrap(), d.level());
  }

  /**
   * Reads the flags' words; mistakes name the flag.
   *
   * @param family {@code auto} or family names ({@code pow2}, ...), each once
   * @param method {@code lm} or {@code recipe}
   * @param weights {@code none}, {@code repeat-variance} or {@code binomial}
   * @param bootstrap replicates, 0 = off
   * @param level interval level
   * @return the choice
   * @throws InvalidInputException naming the flag
   */
  public static FitChoice parse(
      List<String> family, String method, String weights, int bootstrap, double level) {
    return new FitChoice(
        families(family), FitMethod.byId(method), Weighting.byId(weights), bootstrap, level);
  }

  /**
   * @param names {@code auto}, or family names, each once (in any case)
   * @return the families, empty for {@code auto}
   * @throws InvalidInputException for an unknown name, a name given twice (it would be fitted once,
   *     as a target given twice is refused rather than answered twice), or {@code auto} mixed with
   *     names
   */
  public static List<CurveFamily> families(List<String> names) {
    List<CurveFamily> families = new ArrayList<>();
    boolean auto = false;
    for (String f : names) {
      if (f.trim().equalsIgnoreCase("auto")) {
        if (auto) {
          throw new InvalidInputException("--family: auto is listed twice");
        }
        auto = true;
      } else {
        CurveFamily cf;
        try {
          cf = CurveFamily.byId(f);
        } catch (InvalidInputException e) {
          throw new InvalidInputException("--family: " + e.getMessage());
        }
        if (families.contains(cf)) {
          throw new InvalidInputException("--family: " + cf.id() + " is listed twice");
        }
        families.add(cf);
      }
    }
    if (auto && !families.isEmpty()) {
      throw new InvalidInputException("--family: auto fits every family; give auto or names");
    }
    return families;
  }

  /**
   * @return the family names as the flag takes them: {@code [auto]} for every family
   */
  public List<String> familyNames() {
    if (families.isEmpty()) {
      return List.of("auto");
    }
    return families.stream().map(CurveFamily::id).toList();
  }

  /**
   * @param base the options to complete (seed, sizes, targets, threads)
   * @return {@code base} with this choice
   */
  public FitOptions applyTo(FitOptions base) {
    return applyTo(base, families, method, weights, bootstrap, level);
  }

  private static FitOptions applyTo(
      FitOptions base,
      List<CurveFamily> families,
      FitMethod method,
      Weighting weights,
      int bootstrap,
      double level) {
    return base.withFamilies(families)
        .withMethod(method)
        .withWeights(weights)
        .withBootstrap(bootstrap)
        .withLevel(level);
  }
}
