package org.samplesize.experiment;

import static org.samplesize.experiment.SettingsMappers.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.samplesize.InvalidInputException;

/**
 * Reads and writes {@link RunSettings}: config files (YAML or JSON, keys = long flag names), the
 * precedence flags &gt; config file &gt; defaults, and {@code settings.yaml}. What a resume must
 * match is {@link ResumeIdentity}'s.
 *
 * <p>This class lays the layers over each other and names a refused value as the user gave it; the
 * parts are in this package: {@code ConfigFile} parses a config file, {@code SettingNumbers} reads
 * its numbers as the flags do, {@code SettingsTree} maps keys to the settings records and back,
 * {@code SettingsYaml} writes {@code settings.yaml}, and {@code SettingsMappers} holds the Jackson
 * mappers they share.
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
    ConfigFile.Lines lines = null;
    boolean alias = false;
    if (configFile != null) {
      ConfigFile.Parsed parsed = ConfigFile.parse(configFile);
      JsonNode file = parsed.settings();
      lines = parsed.lines();
      // A key given as null is the key left out, so 'target: null' beside 'targets' is no clash.
      alias = file.hasNonNull(TARGET_ALIAS);
      if (alias && file.hasNonNull("targets")) {
        throw new InvalidInputException(
            at(configFile, lines.key(TARGET_ALIAS))
                + ": both 'target' and 'targets' are given (also at "
                + lines.key("targets")
                + "); they are the same setting: keep one");
      }
      Iterator<Map.Entry<String, JsonNode>> it = file.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        String key = e.getKey().equals(TARGET_ALIAS) ? "targets" : e.getKey();
        checkKnown(key, at(configFile, lines.key(e.getKey())));
        JsonNode value = e.getValue();
        if (value.isNull()) {
          // null is the default, for every key alike: settings.yaml writes 'model: null' for the
          // settings left at a default that has no value of its own (the card's, off), and a
          // key such as 'data: null' or 'seed: ~' reads the same as the key left out.
          continue;
        }
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
        throw inFile(configFile, lines, alias, e);
      } catch (InvalidInputException e) {
        java.util.regex.Matcher flag = LEADING_FLAG.matcher(e.getMessage());
        if (flag.lookingAt() && file.has(flag.group(1))) {
          // A check shared with the command line names its flag (--level: 1.5 must be in
          // (0, 1)); refusing a config file's value, it names the file's key instead.
          throw new InvalidInputException(
              at(configFile, lines.value(flag.group(1), -1))
                  + ": setting '"
                  + flag.group(1)
                  + "':"
                  + e.getMessage().substring(flag.end()),
              e);
        }
        throw new InvalidInputException("config file " + configFile + ": " + e.getMessage(), e);
      }
    }
    for (Map.Entry<String, Object> e : flags.entrySet()) {
      checkKnown(e.getKey(), "flag");
      tree.set(e.getKey(), JSON.valueToTree(e.getValue()));
    }
    try {
      Map<String, String> sources = new java.util.HashMap<>();
      for (String key : fileKeys) {
        if (!flags.containsKey(key)) {
          String named = asWritten(key, alias);
          sources.put(key, at(configFile, lines.value(named, -1)) + ": setting '" + named + "'");
        }
      }
      return fromTree(tree).withSources(sources);
    } catch (SettingException e) {
      if (flags.containsKey(e.key())) {
        String flag = typed.get(e.key());
        Object given = flags.get(e.key());
        if (given instanceof String text && text.isBlank() && e.why().startsWith("is empty")) {
          // Named as typed, not as "--model : is empty" (as --data '' is).
          throw new InvalidInputException(flagName(e.key()) + " " + e.why(), e);
        }
        if (flag == null) {
          flag = flagName(e.key()) + " " + flagValue(flags.get(e.key()));
        }
        throw new InvalidInputException(flag + ": " + e.why(), e);
      }
      if (fileKeys.contains(e.key())) {
        // Refused only with the flags' values (a check across settings).
        throw inFile(configFile, lines, alias, e);
      }
      throw e;
    }
  }

  /**
   * A config file's value refused, named as the file names it: the file, the line and column of the
   * value (or of the list item refused) and the key as written ('target' is read as 'targets').
   */
  private static InvalidInputException inFile(
      Path configFile, ConfigFile.Lines lines, boolean alias, SettingException e) {
    String named = asWritten(e.key(), alias);
    String written = lines.written(named);
    // The value as the file writes it ('target: 90' said "= [90.0]", a list and a float the file
    // does not hold); else as it was read.
    String message =
        written != null
            ? "setting '" + named + "' = " + written + ": " + e.why()
            : named.equals(e.key())
                ? e.getMessage()
                : e.getMessage().replaceFirst("^setting 'targets'", "setting '" + named + "'");
    String where = lines.value(named, e.item());
    return new InvalidInputException(at(configFile, where) + ": " + message, e);
  }

  /**
   * @param key a setting's key
   * @param alias whether the file writes 'targets' as 'target'
   * @return the key as the file writes it
   */
  private static String asWritten(String key, boolean alias) {
    return key.equals("targets") && alias ? TARGET_ALIAS : key;
  }

  /**
   * @param configFile the config file
   * @param place where in it, e.g. {@code line 3, column 10}, or null
   * @return {@code config file FILE line 3, column 10}, the way every message about the file starts
   */
  private static String at(Path configFile, String place) {
    return "config file " + configFile + (place == null ? "" : " " + place);
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
    return SettingsTree.of(s);
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
    return SettingsTree.settings(tree);
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
    if (key.equals("<<")) {
      throw new InvalidInputException(
          where
              + ": '<<' (a YAML merge key) is not read in a settings file: write its settings as"
              + " keys of their own");
    }
    TreeSet<String> names = new TreeSet<>();
    known.fieldNames().forEachRemaining(k -> names.add(k.equals("targets") ? TARGET_ALIAS : k));
    String near = nearName(key, names);
    if (near != null) {
      throw new InvalidInputException(
          where
              + ": unknown setting '"
              + key
              + "': did you mean '"
              + near
              + "'? (keys are the long flag names, words joined by dashes)");
    }
    throw new InvalidInputException(
        where + ": unknown setting '" + key + "'; known settings: " + String.join(", ", names));
  }

  /**
   * The known name an unknown key most likely meant: the same words written another way ({@code
   * train_fraction}, {@code trainFraction}, {@code --seed}), or a name at most two edits away (one
   * for short keys), the nearest first; null when none is that near.
   *
   * @param key the unknown key
   * @param names the known names
   * @return the name meant, or null
   */
  static String nearName(String key, java.util.Collection<String> names) {
    String kebab =
        key.strip()
            .replaceFirst("^-+", "")
            .replaceAll("([a-z0-9])([A-Z])", "$1-$2")
            .replaceAll("[_\\s]+", "-")
            .toLowerCase(java.util.Locale.ROOT);
    if (names.contains(kebab)) {
      return kebab;
    }
    String best = null;
    int bestDistance = kebab.length() <= 4 ? 1 : 2;
    // Levenshtein: insertions, deletions and substitutions of one character each
    LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
    for (String name : names) {
      int d = distance.apply(kebab, name);
      // within the limit for the first, strictly nearer than the best so far after it
      if (best == null ? d <= bestDistance : d < bestDistance) {
        best = name;
        bestDistance = d;
      }
    }
    return best;
  }
}
