package org.samplesize.fit;

import java.util.Locale;
import org.samplesize.InvalidInputException;

/** How the curve parameters are estimated. */
public enum FitMethod {
  /**
   * Levenberg-Marquardt least squares over all rows (Apache Commons Math), several starting points,
   * bounds on asymptotes. The default.
   */
  LM("lm"),
  /**
   * The Keras recipe's own fit, reproduced bit for bit: {@code pow2} by gradient descent on the
   * mean squared error of the size means, a = b = 0 at the start, learning rate 0.01, 5000 steps,
   * float32 arithmetic. See {@link RecipeGradientDescent}.
   */
  RECIPE("recipe");

  private final String id;

  FitMethod(String id) {
    this.id = id;
  }

  /**
   * @return the name used on the command line and in {@code fit.json}
   */
  public String id() {
    return id;
  }

  /**
   * @param id {@code lm} or {@code recipe}
   * @return the method
   * @throws InvalidInputException for any other name
   */
  public static FitMethod byId(String id) {
    String want = id.trim().toLowerCase(Locale.ROOT);
    for (FitMethod m : values()) {
      if (m.id.equals(want)) {
        return m;
      }
    }
    throw new InvalidInputException("--method: unknown method '" + id + "'; choose lm or recipe");
  }

  @Override
  public String toString() {
    return id;
  }
}
