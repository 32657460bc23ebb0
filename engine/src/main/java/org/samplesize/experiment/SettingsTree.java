package org.samplesize.experiment;

import static org.samplesize.experiment.SettingsMappers.JSON;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import org.samplesize.InvalidInputException;

/**
 * The settings as one flat tree of kebab-case keys and back: {@link ExperimentSpec} and {@link
 * RunEnvironment} merged into one object, and a tree split between them and checked, a value of the
 * wrong type or range refused as a {@link SettingException} naming its key. Apart from {@link
 * SettingsIO} because mapping keys to the two records, and explaining Jackson's refusals in a
 * user's words, is the same job whatever layer (defaults, file, flags) the tree came from.
 */
final class SettingsTree {
  private SettingsTree() {}

  /** {@link SettingsIO#toTree}: all settings as a JSON object, in declaration order. */
  static ObjectNode of(RunSettings s) {
    ObjectNode tree = JSON.valueToTree(s.spec());
    tree.setAll((ObjectNode) JSON.valueToTree(s.environment()));
    return tree;
  }

  /** {@link SettingsIO#fromTree}: the validated settings of a tree with kebab-case keys. */
  static RunSettings settings(JsonNode tree) {
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
          for (int i = 0; i < f.getValue().size(); i++) {
            JsonNode item = f.getValue().get(i);
            // An empty block item ("- " with nothing after it) may read as empty text, which
            // Jackson turns into a null number as well.
            if (item.isNull() || item.isTextual() && item.asText().isBlank()) {
              throw new SettingException(
                  f.getKey(),
                  f.getValue(),
                  i,
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
        // is not split at its commas as the flag's value is. Text without a comma ("92%") is one
        // value that is no number: saying that commas are not split would send the reader looking
        // for a comma that is not there.
        boolean oneText = v.isTextual() && v.asText().indexOf(',') < 0;
        why =
            oneText
                ? "expected a number, or a list of them, e.g. " + LIST_EXAMPLES.get(key)
                : "expected a list, e.g. "
                    + LIST_EXAMPLES.get(key)
                    + (v.isTextual() ? " (text is not split at commas)" : "");
      }
      int item = e.getPath().size() > 1 && v.isArray() ? e.getPath().get(1).getIndex() : -1;
      throw new SettingException(key, v, item, why, e);
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

  /** The keys of the environment's settings; every other key is the specification's. */
  private static final java.util.Set<String> ENVIRONMENT_KEYS = environmentKeys();

  private static java.util.Set<String> environmentKeys() {
    java.util.Set<String> keys = new java.util.LinkedHashSet<>();
    JSON.valueToTree(RunEnvironment.defaults()).fieldNames().forEachRemaining(keys::add);
    return java.util.Collections.unmodifiableSet(keys);
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

  /**
   * What a boolean setting takes, and what it does not: YAML 1.1 reads yes, no, on and off as
   * booleans and YAML 1.2 as text, and 1 or "true" could be a typo as well as a choice, so every
   * boolean setting takes only true or false, in every settings file alike.
   */
  static final String BOOLEAN =
      "expected true or false, without quotes (yes/no, on/off and 1/0 are not read as booleans)";

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
    if (type.isEnum()) {
      // an unknown name (input-layout: nwhc): the names it takes, as the flag's help lists them
      return "expected one of "
          + java.util.Arrays.stream(type.getEnumConstants())
              .map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT))
              .collect(java.util.stream.Collectors.joining(", "));
    }
    String t = type.getSimpleName().toLowerCase(Locale.ROOT);
    return switch (t) {
      case "int", "integer", "long" -> "expected a whole number";
      case "double", "float" -> "expected a number";
      case "boolean" -> BOOLEAN;
      case "list" -> list;
      case "string" -> "expected text";
      default -> "expected a " + t;
    };
  }
}
