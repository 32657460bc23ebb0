package org.samplesize.cli;

import java.util.Map;
import org.samplesize.InvalidInputException;
import org.samplesize.experiment.SettingsIO;

/**
 * {@code run --recipe}: the settings that make a run do what the Keras recipe does, merged into the
 * flags given, where a flag that says otherwise is refused rather than silently overridden. Kept
 * apart from {@link RunCommand} so that what the recipe sets, and how a clash is said, change in
 * one place.
 */
final class RecipeFlag {
  private RecipeFlag() {}

  /** What {@code --recipe} sets, by setting key (flag name). */
  static final Map<String, Object> RECIPE = SettingsIO.RECIPE_SETTINGS;

  /**
   * Adds what {@code --recipe} sets to the flags given.
   *
   * @param f the flags given, by setting key
   * @throws InvalidInputException for a flag given with another value than the recipe's, naming
   *     both
   */
  static void put(Map<String, Object> f) {
    for (Map.Entry<String, Object> e : new java.util.TreeMap<>(RECIPE).entrySet()) {
      Object given = f.get(e.getKey());
      if (given != null && !String.valueOf(given).equalsIgnoreCase(String.valueOf(e.getValue()))) {
        throw new InvalidInputException(
            "--recipe sets "
                + recipeFlag(e.getKey(), e.getValue())
                + ", and "
                + recipeFlag(e.getKey(), given)
                + " was given: drop one of them");
      }
      f.put(e.getKey(), e.getValue());
    }
  }

  private static String recipeFlag(String key, Object value) {
    if (value instanceof Boolean b) {
      return b ? "--" + key : "--no-" + key;
    }
    return "--" + key + " " + value;
  }
}
