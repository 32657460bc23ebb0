package org.samplesize.experiment;

import static org.samplesize.experiment.SettingsMappers.JSON;
import static org.samplesize.experiment.SettingsMappers.YAML;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.samplesize.InvalidInputException;
import org.samplesize.NumberText;
import org.samplesize.io.TextFiles;

/**
 * Reads a {@code --config} file (YAML or JSON) into a tree of settings by the keys it uses, before
 * they are checked: the file's own mistakes (missing, empty, bad syntax, a key twice) named with
 * the file and line, and its numbers read as the flags read them ({@link SettingNumbers}). Apart
 * from {@link SettingsIO}, which lays the file over the defaults and under the flags, because
 * parsing a file is a job of its own with its own messages.
 */
final class ConfigFile {
  private ConfigFile() {}

  /**
   * Where each of a config file's values is, as an editor shows it ({@code line 3, column 10}), so
   * that a refused value is named by its place as well as its key.
   */
  static final class Lines {
    private final Map<String, String> keys = new HashMap<>();
    private final Map<String, String> values = new HashMap<>();
    private final Map<String, List<String>> items = new HashMap<>();
    private final Map<String, String> written = new HashMap<>();

    /**
     * @param key a key of the file, as the file writes it
     * @return its value as the file writes it, for a number, text or a list of them ({@code 90},
     *     {@code [0.9, 95]}, {@code "0.1,2"}); null for anything else or no such key. A message
     *     echoing the value read instead said {@code [90.0]} for {@code target: 90}.
     */
    String written(String key) {
      return written.get(key);
    }

    /**
     * @param key a key of the file, as the file writes it
     * @return where the key is, e.g. {@code line 3, column 1}, or null when the file has no such
     *     key
     */
    String key(String key) {
      return keys.get(key);
    }

    /**
     * @param key a key of the file, as the file writes it
     * @param item the list item refused, or -1 for the whole value
     * @return where the value (or its item) starts, or null when the file has no such key
     */
    String value(String key, int item) {
      List<String> at = items.get(key);
      if (item >= 0 && at != null && item < at.size()) {
        return at.get(item);
      }
      return values.get(key);
    }
  }

  /**
   * A config file's settings by the keys it uses, and where each is.
   *
   * @param settings the top-level key: value pairs
   * @param lines where each key and value is
   */
  record Parsed(ObjectNode settings, Lines lines) {}

  /**
   * Reads a config file's settings by the keys it uses, and where each is in the file.
   *
   * @param file a JSON file ({@code .json}) or else YAML
   * @return its top-level key: value pairs (an empty object for a file of comments only), and their
   *     places
   * @throws InvalidInputException naming the file (and the line and column where there is one) when
   *     it is missing, empty, not valid YAML or JSON, gives a key twice, holds a number the flags
   *     would refuse, or is not key: value pairs
   */
  static Parsed parse(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    ObjectMapper m = name.endsWith(".json") ? JSON : YAML;
    JsonNode n;
    Lines lines = new Lines();
    String text = null;
    try {
      text = TextFiles.read(file, "config file " + file, TextFiles.MAX_SETTINGS_BYTES);
      if (text.isBlank()) {
        // An empty file (a failed write, a wrong path to a new file) would run every default,
        // tf_flowers included, where settings were meant; a file of comments only is deliberate.
        throw new InvalidInputException(
            "config file "
                + file
                + " is empty: write the settings in it (a run's settings.yaml is an example), or"
                + " drop --config");
      }
      // One pass over the parser's tokens: numbers as the command line reads them (NumberText),
      // not as YAML 1.1 does (0x10 is 16 there, 017 octal 15, 1_000 a thousand, and --repeats
      // refuses the first and the last and reads 017 as 17); a key given twice refused (a setting
      // added at the end of a file that already had it would otherwise win without a word); and
      // where each value is, for the messages.
      n = readWithPlainNumbers(m, text, file, lines);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException(
          "config file " + file + " does not exist: check the --config path", e);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(
          "config file "
              + file
              + " "
              + syntaxError(e, m == JSON ? "JSON" : "YAML")
              + (m == JSON && readsAsYaml(text)
                  ? " (the file reads as YAML: name it .yaml, or write it as JSON)"
                  : ""),
          e);
    } catch (IOException e) {
      throw new InvalidInputException("config file " + file + " cannot be read: " + e, e);
    }
    if (n == null || n.isMissingNode() || n.isNull()) {
      return new Parsed(JSON.createObjectNode(), lines);
    }
    if (!n.isObject()) {
      throw new InvalidInputException(
          "config file " + file + ": expected key: value pairs at the top level, got " + n);
    }
    return new Parsed((ObjectNode) n, lines);
  }

  /** A parser's place as an editor shows it: {@code line 3, column 10} (both from 1). */
  static String place(com.fasterxml.jackson.core.JsonLocation at) {
    if (at == null || at.getLineNr() <= 0) {
      return null;
    }
    // YAML's columns and JSON's count characters from 1, as editors do
    return "line " + at.getLineNr() + (at.getColumnNr() > 0 ? ", column " + at.getColumnNr() : "");
  }

  /**
   * A config file's tree with every unquoted number read by {@link NumberText}, the reader of
   * number flags; other values as Jackson reads them.
   */
  private static JsonNode readWithPlainNumbers(ObjectMapper m, String text, Path file, Lines lines)
      throws IOException {
    try (com.fasterxml.jackson.core.JsonParser p = m.createParser(text)) {
      com.fasterxml.jackson.core.JsonToken first = p.nextToken();
      if (first == null
          || first == com.fasterxml.jackson.core.JsonToken.VALUE_NULL
          || m == YAML
              && first == com.fasterxml.jackson.core.JsonToken.VALUE_STRING
              && p.getText().isBlank()) {
        // comments only, or an empty document
        return null;
      }
      JsonNode tree = plainNumbers(m, p, file, null, lines, null, null);
      // Whatever follows the settings would be dropped without a word: a second YAML document
      // after '---' (its settings, even its syntax errors, never read), or a second JSON object.
      com.fasterxml.jackson.core.JsonToken more = p.nextToken();
      if (m == YAML && more != null && more.isScalarValue() && p.getText().isBlank()) {
        // An empty document ("---" at the end, nothing after it) holds nothing to lose.
        more = p.nextToken();
        if (more == null) {
          return tree;
        }
      }
      if (more != null) {
        throw new InvalidInputException(
            "config file "
                + file
                + " line "
                + p.currentTokenLocation().getLineNr()
                + ": "
                + (m == YAML
                    ? "a second YAML document ('---') starts here; a settings file holds one:"
                        + " move its settings into the first and remove the '---' line"
                    : "more follows the settings' closing '}': keep one JSON object"));
      }
      return tree;
    }
  }

  /**
   * Refuses a YAML alias ({@code *name}): the parser gives it as the text of its anchor's name, so
   * {@code cache: *dir} would read as a folder called "dir" instead of the anchored value.
   */
  private static void refuseAlias(com.fasterxml.jackson.core.JsonParser p, Path file)
      throws IOException {
    if (p instanceof com.fasterxml.jackson.dataformat.yaml.YAMLParser y && y.isCurrentAlias()) {
      throw new InvalidInputException(
          "config file "
              + file
              + " line "
              + p.currentTokenLocation().getLineNr()
              + ": '*"
              + p.getText()
              + "' is a YAML alias; settings files do not expand anchors, aliases or '<<' merge"
              + " keys: write the value itself");
    }
  }

  /**
   * The scalar at the parser's token as the file writes it: a number's own digits ({@code 90}, not
   * the {@code 90.0} it is read as), text in double quotes; null for anything else.
   */
  private static String asWritten(com.fasterxml.jackson.core.JsonParser p) throws IOException {
    return switch (p.currentToken()) {
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> p.getText();
      case VALUE_STRING -> JSON.writeValueAsString(p.getText());
      default -> null;
    };
  }

  /**
   * YAML's spellings of the numbers that are not finite ({@code .nan}, {@code .inf}, {@code
   * -.Inf}): the parser gives them as numbers it then cannot read.
   */
  static final java.util.regex.Pattern YAML_NOT_FINITE =
      java.util.regex.Pattern.compile("[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN)");

  /**
   * YAML's spellings of true and false that every YAML reader agrees on; YAML 1.1's yes, no, on,
   * off, y and n are text in YAML 1.2, so a boolean setting refuses them rather than guess.
   */
  private static final java.util.Set<String> YAML_BOOLEANS =
      java.util.Set.of("true", "True", "TRUE", "false", "False", "FALSE");

  /**
   * The value at the parser's token, its numbers read as the command line reads them.
   *
   * @param key the top-level key the value belongs to, or null for the file's top-level object
   * @param lines where the top-level keys and values are, filled in here
   * @param items where each item of a top-level list value is, filled in here; null below that
   * @param texts each item of a top-level list value as the file writes it ({@link #asWritten}),
   *     filled in here; null below that
   */
  private static JsonNode plainNumbers(
      ObjectMapper m,
      com.fasterxml.jackson.core.JsonParser p,
      Path file,
      String key,
      Lines lines,
      List<String> items,
      List<String> texts)
      throws IOException {
    refuseAlias(p, file);
    String at = place(p.currentTokenLocation());
    switch (p.currentToken()) {
      case START_OBJECT -> {
        ObjectNode o = JSON.createObjectNode();
        while (p.nextToken() != com.fasterxml.jackson.core.JsonToken.END_OBJECT) {
          String name = p.currentName();
          String keyAt = place(p.currentTokenLocation());
          if (o.has(name)) {
            throw new InvalidInputException(
                "config file "
                    + file
                    + (keyAt == null ? "" : " " + keyAt)
                    + ": "
                    + (key == null ? "the setting '" : "the key '")
                    + name
                    + "' is given twice: keep one");
          }
          p.nextToken();
          List<String> itemsAt = null;
          if (key == null) {
            lines.keys.put(name, keyAt);
            lines.values.put(name, place(p.currentTokenLocation()));
            itemsAt = new ArrayList<>();
            lines.items.put(name, itemsAt);
          }
          // Text alone is echoed as it was read (unquoted, or in quotes where a list was due).
          String scalar =
              key == null && p.currentToken() != com.fasterxml.jackson.core.JsonToken.VALUE_STRING
                  ? asWritten(p)
                  : null;
          List<String> itemTexts =
              key == null && p.currentToken() == com.fasterxml.jackson.core.JsonToken.START_ARRAY
                  ? new ArrayList<>()
                  : null;
          o.set(
              name, plainNumbers(m, p, file, key == null ? name : key, lines, itemsAt, itemTexts));
          if (scalar != null) {
            lines.written.put(name, scalar);
          } else if (itemTexts != null && !itemTexts.contains(null)) {
            lines.written.put(name, "[" + String.join(", ", itemTexts) + "]");
          }
        }
        return o;
      }
      case START_ARRAY -> {
        com.fasterxml.jackson.databind.node.ArrayNode a = JSON.createArrayNode();
        while (p.nextToken() != com.fasterxml.jackson.core.JsonToken.END_ARRAY) {
          if (items != null) {
            items.add(place(p.currentTokenLocation()));
          }
          if (texts != null) {
            texts.add(asWritten(p));
          }
          a.add(plainNumbers(m, p, file, key, lines, null, null));
        }
        return a;
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        if (SettingNumbers.isText(setting(key))) {
          // A text setting that looks like a number (unfreeze-from: 0x10, data: 017), as
          // settings.yaml writes it unquoted: the text itself, not 16 or octal 15.
          return JSON.getNodeFactory().textNode(p.getText());
        }
        if (!SettingNumbers.isNumber(setting(key))) {
          // .nan given to a boolean (or an unknown key) is refused as the value it is, not as
          // YAML the parser cannot read
          return YAML_NOT_FINITE.matcher(p.getText()).matches()
              ? JSON.getNodeFactory().textNode(p.getText())
              : m.readTree(p);
        }
        return number(p, file, key, at, p.getText(), " (numbers are read as on the command line)");
      }
      case VALUE_STRING -> {
        String t = p.getText();
        if (SettingNumbers.isNumber(setting(key))
            && (NumberText.isDecimal(t) || !NumberText.hint(t).isEmpty())) {
          // A quoted number (level: '0.9') read as the flag reads it; text with no number in any
          // form ('five') is left for the settings' own check, which names what is expected.
          return number(p, file, key, at, t, "");
        }
        return m.readTree(p);
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        if (m == YAML && !YAML_BOOLEANS.contains(p.getText())) {
          // yes, no, on, off: YAML 1.1 reads them as booleans, YAML 1.2 as text; given as text,
          // a boolean setting refuses them with what it takes, and a text setting takes them.
          return JSON.getNodeFactory().textNode(p.getText());
        }
        return m.readTree(p);
      }
      default -> {
        return m.readTree(p);
      }
    }
  }

  /** A number setting's value (or list item) read by {@link SettingNumbers#parse}. */
  private static JsonNode number(
      com.fasterxml.jackson.core.JsonParser p,
      Path file,
      String key,
      String at,
      String text,
      String note) {
    try {
      return SettingNumbers.parse(setting(key), text);
    } catch (NumberFormatException e) {
      throw new InvalidInputException(
          "config file "
              + file
              + (at == null ? "" : " " + at)
              + (key == null ? "" : ": setting '" + key + "'")
              + ": "
              + e.getMessage()
              + note,
          e);
    }
  }

  /** Whether {@code text}, refused as JSON, is YAML's key: value pairs (a .json name on YAML). */
  private static boolean readsAsYaml(String text) {
    if (text == null || text.strip().startsWith("{")) {
      // JSON with a mistake (a trailing comma) can still read as a YAML flow mapping.
      return false;
    }
    try {
      JsonNode y = YAML.readTree(text);
      return y != null && y.isObject() && !y.isEmpty();
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** The setting a config file's key names: {@code target} is {@code targets}. */
  private static String setting(String key) {
    return SettingsIO.TARGET_ALIAS.equals(key) ? "targets" : key;
  }

  /**
   * A syntax error in one line: where (line, column) and the problem. SnakeYAML's message spans
   * several lines (the source line with a caret under it); its problem and mark are taken instead.
   */
  static String syntaxError(JsonProcessingException e, String format) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof org.yaml.snakeyaml.error.MarkedYAMLException y
          && y.getProblemMark() != null) {
        String context =
            y.getContext() == null
                ? ""
                : " ("
                    + y.getContext()
                    + (y.getContextMark() == null
                        ? ""
                        : " that starts on line " + (y.getContextMark().getLine() + 1))
                    + ")";
        return "line "
            + (y.getProblemMark().getLine() + 1)
            + ", column "
            + (y.getProblemMark().getColumn() + 1)
            + ": not valid "
            + format
            + ": "
            + firstLine(y.getProblem())
            + context;
      }
    }
    String where =
        e.getLocation() == null
            ? ""
            : "line "
                + e.getLocation().getLineNr()
                + (e.getLocation().getColumnNr() > 0
                    ? ", column " + e.getLocation().getColumnNr()
                    : "")
                + ": ";
    return where + "not valid " + format + ": " + firstLine(e.getOriginalMessage());
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "unreadable";
    }
    String t = text.strip();
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl).strip();
  }
}
