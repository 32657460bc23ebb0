package org.samplesize.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.samplesize.InvalidInputException;

/**
 * Reads and writes {@link RunSettings}: config files (YAML or JSON, keys = long flag names), the
 * precedence flags &gt; config file &gt; defaults, and the comparison of a run's identity settings
 * with a journal's.
 */
public final class SettingsIO {
  private SettingsIO() {}

  private static final ObjectMapper JSON = configure(new ObjectMapper());
  private static final ObjectMapper YAML =
      configure(
          new ObjectMapper(
              YAMLFactory.builder()
                  .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                  .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                  .build()));

  private static ObjectMapper configure(ObjectMapper m) {
    m.setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE);
    m.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    m.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    m.enable(SerializationFeature.INDENT_OUTPUT);
    return m;
  }

  /**
   * Identity key of {@link org.samplesize.image.ImagePipeline#NUMBERS_VERSION}: not a setting, but
   * it decides the numbers as much as one does.
   */
  static final String IMAGE_NUMBERS = "image-numbers-version";

  /**
   * The flag {@code --target} sets the key {@code targets}; a config file may use either name, so
   * that "keys are the long flag names" holds for every flag.
   */
  static final String TARGET_ALIAS = "target";

  /**
   * Builds the settings in force: the defaults, overlaid by the config file (if any), overlaid by
   * the flags the user gave.
   *
   * @param configFile a YAML ({@code .yaml}, {@code .yml}) or JSON file, or {@code null}
   * @param flags the flags given on the command line, by setting key; absent keys keep the lower
   *     layer's value
   * @return the validated settings
   * @throws InvalidInputException naming the file and key, or the flag, when a value is unknown, of
   *     the wrong type or out of range
   */
  public static RunSettings resolve(Path configFile, Map<String, Object> flags) {
    ObjectNode tree = toTree(RunSettings.defaults());
    if (configFile != null) {
      JsonNode file = readConfig(configFile);
      if (file.has(TARGET_ALIAS) && file.has("targets")) {
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
        if (key.equals("targets") && value.isNumber()) {
          // target: 0.95, as the flag --target 0.95 is written
          value = JSON.createArrayNode().add(value);
        }
        tree.set(key, value);
      }
      try {
        fromTree(tree);
      } catch (InvalidInputException e) {
        throw new InvalidInputException("config file " + configFile + ": " + e.getMessage(), e);
      }
    }
    for (Map.Entry<String, Object> e : flags.entrySet()) {
      checkKnown(e.getKey(), "flag");
      tree.set(e.getKey(), JSON.valueToTree(e.getValue()));
    }
    return fromTree(tree);
  }

  /**
   * @param s settings
   * @return all settings as a JSON object with kebab-case keys, in declaration order
   */
  public static ObjectNode toTree(RunSettings s) {
    return JSON.valueToTree(s);
  }

  /**
   * @param s settings
   * @return the {@linkplain RunSettings#IDENTITY_KEYS identity} settings as a JSON object
   */
  public static ObjectNode identity(RunSettings s) {
    ObjectNode all = toTree(s);
    ObjectNode id = JSON.createObjectNode();
    all.fields()
        .forEachRemaining(
            e -> {
              // Recorded only when on, so journals written before the setting existed still match.
              if (RunSettings.IDENTITY_KEYS.contains(e.getKey())
                  && !(e.getKey().equals("jpeg-dct-scaling") && !e.getValue().asBoolean())) {
                id.set(e.getKey(), e.getValue());
              }
            });
    id.put(IMAGE_NUMBERS, org.samplesize.image.ImagePipeline.NUMBERS_VERSION);
    return id;
  }

  /**
   * Lists the identity settings that differ, one entry per key, worded for the user.
   *
   * @param recorded identity settings found in a journal
   * @param now identity settings of this run
   * @return e.g. {@code ["repeats: the journal has 5, this run 3"]}; empty when they agree
   */
  public static List<String> differences(JsonNode recorded, JsonNode now) {
    TreeSet<String> keys = new TreeSet<>();
    recorded.fieldNames().forEachRemaining(keys::add);
    now.fieldNames().forEachRemaining(keys::add);
    List<String> out = new ArrayList<>();
    for (String k : keys) {
      JsonNode a = recorded.path(k);
      JsonNode b = now.path(k);
      if (!sameValue(a, b)) {
        out.add(k + ": the journal has " + show(a) + ", this run " + show(b));
      }
    }
    return out;
  }

  private static boolean sameValue(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    if (a.isArray() && b.isArray()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        if (!sameValue(a.get(i), b.get(i))) {
          return false;
        }
      }
      return true;
    }
    boolean aNull = a.isMissingNode() || a.isNull();
    boolean bNull = b.isMissingNode() || b.isNull();
    if (aNull || bNull) {
      return aNull == bNull;
    }
    return a.equals(b);
  }

  private static String show(JsonNode n) {
    return n.isMissingNode() || n.isNull() ? "(default)" : n.toString();
  }

  /**
   * Writes the settings in force as YAML.
   *
   * @param s settings
   * @param file destination
   */
  public static void writeYaml(RunSettings s, Path file) {
    try {
      Files.writeString(
          file,
          "# samplesize run: the settings in force (usable as --config)\n"
              + YAML.writeValueAsString(toTree(s)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * @param tree settings as a JSON object (kebab-case keys)
   * @return the validated settings
   */
  public static RunSettings fromTree(JsonNode tree) {
    try {
      return JSON.treeToValue(tree, RunSettings.class);
    } catch (MismatchedInputException e) {
      String key = e.getPath().isEmpty() ? "?" : e.getPath().get(0).getFieldName();
      JsonNode v = tree.path(key == null ? "" : key);
      throw new InvalidInputException(
          "setting '" + key + "' = " + v + ": " + expected(e.getTargetType()), e);
    } catch (JsonProcessingException e) {
      Throwable c = e.getCause();
      if (c instanceof InvalidInputException iie) {
        throw iie;
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

  private static String expected(Class<?> type) {
    if (type == null) {
      return "wrong type";
    }
    String t = type.getSimpleName().toLowerCase(Locale.ROOT);
    return switch (t) {
      case "int", "integer", "long" -> "expected a whole number";
      case "double" -> "expected a number";
      case "boolean" -> "expected true or false";
      case "list" -> "expected a list, e.g. [0.05, 0.1]";
      case "string" -> "expected text";
      default -> "expected a " + t;
    };
  }

  private static JsonNode readConfig(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    ObjectMapper m = name.endsWith(".json") ? JSON : YAML;
    JsonNode n;
    try {
      n = m.readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new InvalidInputException(
          "config file " + file + " does not exist: check the --config path", e);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(
          "config file "
              + file
              + " line "
              + e.getLocation().getLineNr()
              + ": not valid "
              + (m == JSON ? "JSON" : "YAML")
              + ": "
              + e.getOriginalMessage(),
          e);
    } catch (IOException e) {
      throw new InvalidInputException("config file " + file + " cannot be read: " + e, e);
    }
    if (n == null || n.isMissingNode() || n.isNull()) {
      return JSON.createObjectNode();
    }
    if (!n.isObject()) {
      throw new InvalidInputException(
          "config file " + file + ": expected key: value pairs at the top level, got " + n);
    }
    return n;
  }

  private static void checkKnown(String key, String where) {
    ObjectNode known = toTree(RunSettings.defaults());
    if (!known.has(key)) {
      TreeSet<String> names = new TreeSet<>();
      known.fieldNames().forEachRemaining(names::add);
      names.remove("test-delay-millis");
      throw new InvalidInputException(
          where + ": unknown setting '" + key + "'; known settings: " + String.join(", ", names));
    }
  }
}
