package org.samplesize.experiment;

import static org.samplesize.experiment.SettingsMappers.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.util.List;
import org.samplesize.NumberText;

/**
 * A config file's numbers read as the number flags read them ({@link NumberText}), by what each
 * setting holds: whole numbers, floats, other numbers or text, taken from the settings records'
 * types. Apart from reading the file because the same rules apply to a bare number ({@code level:
 * 0.9}) and a quoted one ({@code level: '0.9'}), which are met at different stages.
 */
final class SettingNumbers {
  private SettingNumbers() {}

  /**
   * @param key a setting's key
   * @return whether its value is text, so that a value that looks like a number stays text
   */
  static boolean isText(String key) {
    return TEXT_KEYS.contains(key);
  }

  /**
   * @param key a setting's key
   * @return whether its value is a number or a list of numbers
   */
  static boolean isNumber(String key) {
    return NUMBER_KEYS.contains(key);
  }

  /**
   * A number for the setting {@code key}, read as its flag reads it (see {@link #number}).
   *
   * @param key a number setting's key
   * @param text the number as written
   * @return the number
   * @throws NumberFormatException with NumberText's message when the text is no such number
   */
  static JsonNode parse(String key, String text) {
    return number(text, FLOAT_KEYS.contains(key), WHOLE_KEYS.contains(key));
  }

  /**
   * A number as a number flag reads it: a whole number exactly, any other by {@link
   * NumberText#parseDouble}; for a float setting ({@code scale}, {@code mean}, {@code std}) or a
   * double one, a number its type cannot hold is refused as the flag refuses it ({@code scale:
   * 1e39} was read as a float Infinity). A whole-number setting takes whole-number text only, as
   * its flag does: {@code repeats: 1e2} was read as 100.0 and refused as "100.0: expected a whole
   * number", a value not typed.
   *
   * @param isFloat whether the setting is a float
   * @param isWhole whether the setting is a whole number
   * @throws NumberFormatException with NumberText's message when the text is no such number
   */
  private static JsonNode number(String text, boolean isFloat, boolean isWhole) {
    String t = text.strip();
    if (!isWhole && ConfigFile.YAML_NOT_FINITE.matcher(t).matches()) {
      // YAML's .nan and .inf, read as the flags read NaN and Infinity: the setting's own check
      // then refuses them with its range.
      boolean inf = t.toLowerCase(java.util.Locale.ROOT).endsWith("inf");
      t = inf ? (t.startsWith("-") ? "-" : "") + "Infinity" : "NaN";
    }
    if (isWhole) {
      return JSON.getNodeFactory().numberNode(NumberText.parseWhole(t));
    }
    if (isFloat) {
      NumberText.parseFloat(t);
    }
    if (t.matches("[+-]?[0-9]+")) {
      return JSON.getNodeFactory().numberNode(NumberText.parseWhole(t));
    }
    return JSON.getNodeFactory().numberNode(NumberText.parseDouble(t));
  }

  /**
   * The keys whose values are numbers or lists of numbers, from the settings records' types: a
   * quoted number there ({@code level: '0.9'}) is read as the flag reads it, where Jackson read
   * {@code '0.9f'} and {@code '0x1p-1'} too.
   */
  private static final java.util.Set<String> NUMBER_KEYS = keys(true, false);

  /** The keys whose values are floats or lists of floats ({@code scale}, {@code mean}, ...). */
  private static final java.util.Set<String> FLOAT_KEYS = keys(true, true);

  /**
   * The keys whose values are whole numbers or lists of them ({@code repeats}, {@code seed}, ...).
   */
  private static final java.util.Set<String> WHOLE_KEYS =
      keys(k -> k == int.class || k == Integer.class || k == long.class || k == Long.class);

  /** The keys whose values are text ({@code data}, {@code unfreeze-from}, ...). */
  private static final java.util.Set<String> TEXT_KEYS = keys(false, false);

  private static java.util.Set<String> keys(boolean numbers, boolean floats) {
    return keys(
        k ->
            numbers
                ? ((k.isPrimitive() && k != boolean.class) || Number.class.isAssignableFrom(k))
                    && (!floats || k == Float.class || k == float.class)
                : k == String.class);
  }

  /** The keys whose values (or list items) are of a type {@code kind} accepts. */
  private static java.util.Set<String> keys(java.util.function.Predicate<Class<?>> kind) {
    java.util.Set<String> keys = new java.util.HashSet<>();
    PropertyNamingStrategies.NamingBase kebab =
        (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.KEBAB_CASE;
    for (Class<?> r : List.of(ExperimentSpec.class, RunEnvironment.class)) {
      for (java.lang.reflect.RecordComponent c : r.getRecordComponents()) {
        java.lang.reflect.Type t = c.getGenericType();
        if (t instanceof java.lang.reflect.ParameterizedType list) {
          t = list.getActualTypeArguments()[0];
        }
        if (t instanceof Class<?> k && kind.test(k)) {
          keys.add(kebab.translate(c.getName()));
        }
      }
    }
    return java.util.Collections.unmodifiableSet(keys);
  }
}
