package org.samplesize.experiment;

import static org.samplesize.experiment.SettingsMappers.JSON;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.samplesize.InvalidInputException;

/**
 * Reads and writes {@link RunSettings}: config files (YAML or JSON, keys = long flag names), the
 * precedence flags &gt; config file &gt; defaults, and {@code settings.yaml}. What a resume must
 * match is {@link ResumeIdentity}'s.
 */
public final class SettingsIO {
  private SettingsIO() {}

  /**
   * The flag {@code --target} sets the key {@code targets}; a config file may use either name, so
   * that "keys are the long flag names" holds for every flag.
   */
  static final String TARGET_ALIAS = "target";

  /**
   * What {@code run --recipe} sets, by setting key (flag name). {@code recipe} itself is no
   * setting: a settings file holds these four instead.
   */
  public static final Map<String, Object> RECIPE_SETTINGS =
      Map.of("split", "recipe", "with-replacement", true, "stratified", false, "method", "recipe");

  /**
   * Flags of {@code run} that are not settings (they change no result and are not written to
   * settings.yaml), so that a settings file naming one is told to give the flag instead.
   */
  private static final List<String> COMMAND_LINE_ONLY = List.of("config", "quiet", "spark");

  /**
   * Builds the settings in force: the defaults, overlaid by the config file (if any), overlaid by
   * the flags the user gave. A key the file gives as {@code null} keeps its default, whatever the
   * key: the same as leaving it out.
   *
   * @param configFile a YAML ({@code .yaml}, {@code .yml}) or JSON file, or {@code null}
   * @param flags the flags given on the command line, by setting key; absent keys keep the lower
   *     layer's value
   * @return the validated settings
   * @throws InvalidInputException naming the file and key, or the flag, when a value is unknown, of
   *     the wrong type or out of range
   */
  public static RunSettings resolve(Path configFile, Map<String, Object> flags) {
    return resolve(configFile, flags, Map.of());
  }

  /**
   * Builds the settings in force as {@link #resolve(Path, Map)} does; a value refused is named as
   * the user gave it: a flag as it was typed, a config file's value by the file and key.
   *
   * @param configFile a YAML ({@code .yaml}, {@code .yml}) or JSON file, or {@code null}
   * @param flags the flags given on the command line, by setting key; absent keys keep the lower
   *     layer's value
   * @param typed how each flag was typed, by setting key, e.g. {@code targets} to {@code --target
   *     92}; a flag without an entry is named {@code --FLAG VALUE}
   * @return the validated settings
   * @throws InvalidInputException naming the flag, or the file and key, when a value is unknown, of
   *     the wrong type or out of range
   */
  public static RunSettings resolve(
      Path configFile, Map<String, Object> flags, Map<String, String> typed) {
    ObjectNode tree = toTree(RunSettings.defaults());
    java.util.Set<String> fileKeys = new java.util.HashSet<>();
    if (configFile != null) {
      JsonNode file = ConfigFile.read(configFile);
      // A key given as null is the key left out, so 'target: null' beside 'targets' is no clash.
      boolean alias = file.hasNonNull(TARGET_ALIAS);
      if (alias && file.hasNonNull("targets")) {
        throw new InvalidInputException(
            "config file "
                + configFile
                + ": both 'target' and 'targets' are given; they are the same setting: keep one");
      }
      Iterator<Map.Entry<String, JsonNode>> it = file.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        String key = e.getKey().equals(TARGET_ALIAS) ? "targets" : e.getKey();
        checkKnown(key, "config file " + configFile);
        JsonNode value = e.getValue();
        if (value.isNull()) {
          // null is the default, for every key alike: settings.yaml writes 'model: null' for the
          // settings left at a default that has no value of its own (the card's, off), and a
          // key such as 'data: null' or 'seed: ~' reads the same as the key left out.
          continue;
        }
        value = SettingNumbers.quoted(key, e.getKey(), value, configFile);
        if (key.equals("targets") && value.isNumber()) {
          // target: 0.95, as the flag --target 0.95 is written
          value = JSON.createArrayNode().add(value);
        }
        tree.set(key, value);
        fileKeys.add(key);
      }
      try {
        fromTree(tree);
      } catch (SettingException e) {
        // Named as the file names it: 'target' is read as 'targets'.
        String message =
            e.key().equals("targets") && alias
                ? e.getMessage()
                    .replaceFirst("^setting 'targets'", "setting '" + TARGET_ALIAS + "'")
                : e.getMessage();
        throw new InvalidInputException("config file " + configFile + ": " + message, e);
      } catch (InvalidInputException e) {
        throw new InvalidInputException(
            "config file " + configFile + ": " + asSetting(e.getMessage(), file), e);
      }
    }
    for (Map.Entry<String, Object> e : flags.entrySet()) {
      checkKnown(e.getKey(), "flag");
      tree.set(e.getKey(), JSON.valueToTree(e.getValue()));
    }
    try {
      return fromTree(tree);
    } catch (SettingException e) {
      if (flags.containsKey(e.key())) {
        String flag = typed.get(e.key());
        if (flag == null) {
          flag = flagName(e.key()) + " " + flagValue(flags.get(e.key()));
        }
        throw new InvalidInputException(flag + ": " + e.why(), e);
      }
      if (fileKeys.contains(e.key())) {
        // Refused only with the flags' values (a check across settings).
        throw new InvalidInputException("config file " + configFile + ": " + e.getMessage(), e);
      }
      throw e;
    }
  }

  /**
   * A check shared with the command line names its flag ({@code --level: 1.5 must be in (0, 1)});
   * refusing a config file's value, it names the file's key instead, as the file's other errors do.
   *
   * @param message the check's message
   * @param file the config file's settings, by the keys it uses
   * @return the message, its leading {@code --KEY:} written {@code setting 'KEY':} when the file
   *     gives KEY
   */
  private static String asSetting(String message, JsonNode file) {
    java.util.regex.Matcher flag = LEADING_FLAG.matcher(message);
    if (flag.lookingAt() && file.has(flag.group(1))) {
      return "setting '" + flag.group(1) + "':" + message.substring(flag.end());
    }
    return message;
  }

  private static final java.util.regex.Pattern LEADING_FLAG =
      java.util.regex.Pattern.compile("--([a-z][a-z0-9-]*):");

  /**
   * @param key a setting's key
   * @return the flag that sets it, e.g. {@code --target} for {@code targets}
   */
  public static String flagName(String key) {
    return "--" + (key.equals("targets") ? TARGET_ALIAS : key);
  }

  /** A flag's value as it would be typed: a list joined by commas, 30 rather than 30.0. */
  private static String flagValue(Object value) {
    if (value instanceof java.util.Collection<?> c) {
      return c.stream()
          .map(SettingsIO::flagValue)
          .collect(java.util.stream.Collectors.joining(","));
    }
    if ((value instanceof Double || value instanceof Float)
        && Double.isFinite(((Number) value).doubleValue())) {
      return new java.math.BigDecimal(value.toString()).stripTrailingZeros().toPlainString();
    }
    return String.valueOf(value);
  }

  /**
   * @param s settings
   * @return all settings as a JSON object with kebab-case keys, in declaration order
   */
  public static ObjectNode toTree(RunSettings s) {
    ObjectNode tree = JSON.valueToTree(s.spec());
    tree.setAll((ObjectNode) JSON.valueToTree(s.environment()));
    return tree;
  }

  /** The keys of the environment's settings; every other key is the specification's. */
  private static final java.util.Set<String> ENVIRONMENT_KEYS = environmentKeys();

  private static java.util.Set<String> environmentKeys() {
    java.util.Set<String> keys = new java.util.LinkedHashSet<>();
    JSON.valueToTree(RunEnvironment.defaults()).fieldNames().forEachRemaining(keys::add);
    return java.util.Collections.unmodifiableSet(keys);
  }

  /**
   * Writes the settings in force as YAML.
   *
   * @param s settings
   * @param file destination
   */
  public static void writeYaml(RunSettings s, Path file) {
    SettingsYaml.write(s, file);
  }

  /**
   * The settings in force as {@code settings.yaml} holds them.
   *
   * @param s settings
   * @return the YAML text, with its heading comment
   */
  static String yaml(RunSettings s) {
    return SettingsYaml.text(s);
  }

  /**
   * @param tree settings as a JSON object (kebab-case keys)
   * @return the validated settings
   */
  public static RunSettings fromTree(JsonNode tree) {
    try {
      ObjectNode spec = JSON.createObjectNode();
      ObjectNode environment = JSON.createObjectNode();
      tree.fields()
          .forEachRemaining(
              e ->
                  (ENVIRONMENT_KEYS.contains(e.getKey()) ? environment : spec)
                      .set(e.getKey(), e.getValue()));
      // A null item ("[0.5, null]", "[0.5, ~]") reached the record's
      // constructor as a null element, whose NullPointerException Jackson reported as
      // "Cannot construct instance of ...ExperimentSpec".
      for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        if (f.getValue().isArray()) {
          for (JsonNode item : f.getValue()) {
            // An empty block item ("- " with nothing after it) may read as empty text, which
            // Jackson turns into a null number as well.
            if (item.isNull() || item.isTextual() && item.asText().isBlank()) {
              throw new SettingException(
                  f.getKey(),
                  f.getValue(),
                  "a list item is empty: remove it, or give it a value",
                  null);
            }
          }
        }
      }
      // The specification first: its messages are the ones a user meets first on the command line.
      ExperimentSpec parsedSpec = JSON.treeToValue(spec, ExperimentSpec.class);
      return new RunSettings(parsedSpec, JSON.treeToValue(environment, RunEnvironment.class));
    } catch (MismatchedInputException e) {
      String key = e.getPath().isEmpty() ? "?" : e.getPath().get(0).getFieldName();
      JsonNode v = tree.path(key == null ? "" : key);
      String why = expected(key, e.getTargetType());
      if (!v.isArray() && LIST_EXAMPLES.containsKey(key)) {
        // One value is taken as a one-element list, and it did not read as an element: "0.5,1.0"
        // is not split at its commas as the flag's value is.
        why =
            "expected a list, e.g. "
                + LIST_EXAMPLES.get(key)
                + (v.isTextual() ? " (text is not split at commas)" : "");
      }
      throw new SettingException(key, v, why, e);
    } catch (JsonProcessingException e) {
      Throwable c = e.getCause();
      if (c instanceof InvalidInputException iie) {
        throw iie;
      }
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof com.fasterxml.jackson.core.exc.InputCoercionException ice) {
          throw outOfRange(tree, e, ice);
        }
      }
      throw new InvalidInputException("settings: " + e.getOriginalMessage(), e);
    } catch (IllegalArgumentException e) {
      // Jackson wraps exceptions thrown by the record constructor.
      for (Throwable c = e; c != null; c = c.getCause()) {
        if (c instanceof InvalidInputException iie) {
          throw iie;
        }
      }
      throw e;
    }
  }

  /**
   * A whole number too large for its setting: Jackson's message names the type, not the key, so the
   * key is the one on the exception's path or, without one, the first whole number of the settings
   * that does not fit the type (a long setting such as {@code seed} may well exceed an int's range,
   * so the path comes first).
   */
  private static SettingException outOfRange(
      JsonNode tree,
      JsonProcessingException thrown,
      com.fasterxml.jackson.core.exc.InputCoercionException e) {
    boolean toInt = e.getTargetType() == int.class || e.getTargetType() == Integer.class;
    String key = "?";
    if (thrown instanceof com.fasterxml.jackson.databind.JsonMappingException m
        && !m.getPath().isEmpty()
        && m.getPath().get(0).getFieldName() != null
        && tree.has(m.getPath().get(0).getFieldName())) {
      key = m.getPath().get(0).getFieldName();
    }
    for (java.util.Iterator<Map.Entry<String, JsonNode>> it = tree.fields();
        key.equals("?") && it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      JsonNode v = f.getValue();
      if (v.isIntegralNumber() && !(toInt ? v.canConvertToInt() : v.canConvertToLong())) {
        key = f.getKey();
        break;
      }
    }
    return new SettingException(
        key,
        tree.path(key),
        "out of range: expected a whole number from "
            + (toInt ? Integer.MIN_VALUE : Long.MIN_VALUE)
            + " to "
            + (toInt ? Integer.MAX_VALUE : Long.MAX_VALUE),
        e);
  }

  /** An example value of each list setting, for the message when something else is given. */
  private static final Map<String, String> LIST_EXAMPLES =
      Map.of(
          "fractions", "[0.05, 0.1, 0.25]",
          "targets", "[0.9, 0.95]",
          "family", "[pow3, pow4]",
          "mean", "[0.485, 0.456, 0.406]",
          "std", "[0.229, 0.224, 0.225]");

  private static String expected(String key, Class<?> type) {
    if (type == null) {
      return "wrong type";
    }
    String list =
        LIST_EXAMPLES.containsKey(key)
            ? "expected a list, e.g. " + LIST_EXAMPLES.get(key)
            : "expected a list";
    if (java.util.Collection.class.isAssignableFrom(type)) {
      return list;
    }
    String t = type.getSimpleName().toLowerCase(Locale.ROOT);
    return switch (t) {
      case "int", "integer", "long" -> "expected a whole number";
      case "double", "float" -> "expected a number";
      case "boolean" -> "expected true or false";
      case "list" -> list;
      case "string" -> "expected text";
      default -> "expected a " + t;
    };
  }

  private static void checkKnown(String key, String where) {
    ObjectNode known = toTree(RunSettings.defaults());
    if (known.has(key)) {
      return;
    }
    if (key.equals("recipe")) {
      String keys =
          new TreeMap<>(RECIPE_SETTINGS)
              .entrySet().stream()
                  .map(e -> e.getKey() + ": " + e.getValue())
                  .collect(Collectors.joining(", "));
      throw new InvalidInputException(
          where
              + ": 'recipe' is not a setting but a flag that sets four of them: write those"
              + " instead ("
              + keys
              + "), or give --recipe on the command line");
    }
    if (COMMAND_LINE_ONLY.contains(key)) {
      throw new InvalidInputException(
          where
              + ": '"
              + key
              + "' is not a setting of a settings file: give --"
              + key
              + " on the command line");
    }
    TreeSet<String> names = new TreeSet<>();
    known.fieldNames().forEachRemaining(k -> names.add(k.equals("targets") ? TARGET_ALIAS : k));
    throw new InvalidInputException(
        where + ": unknown setting '" + key + "'; known settings: " + String.join(", ", names));
  }
}
