package org.samplesize.experiment;

import static org.samplesize.experiment.SettingsMappers.JSON;
import static org.samplesize.experiment.SettingsMappers.YAML;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import org.samplesize.InvalidInputException;
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
   * Reads a config file's settings by the keys it uses.
   *
   * @param file a JSON file ({@code .json}) or else YAML
   * @return its top-level key: value pairs; an empty object for a file of comments only
   * @throws InvalidInputException naming the file (and the line where there is one) when it is
   *     missing, empty, not valid YAML or JSON, gives a key twice, holds a number the flags would
   *     refuse, or is not key: value pairs
   */
  static JsonNode read(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    ObjectMapper m = name.endsWith(".json") ? JSON : YAML;
    JsonNode n;
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
      // A key given twice (a setting added at the end of a file that already had it) is refused:
      // otherwise the last one would win without a word.
      n = m.reader().with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY).readTree(text);
      if (n != null && n.isObject()) {
        // Read again, its numbers as the command line reads them (NumberText), not as YAML 1.1
        // does: 0x10 is 16 there, 017 octal 15, 1_000 a thousand, and --repeats refuses the
        // first and the last and reads 017 as 17.
        n = readWithPlainNumbers(m, text, file);
      }
    } catch (NoSuchFileException e) {
      throw new InvalidInputException(
          "config file " + file + " does not exist: check the --config path", e);
    } catch (JsonProcessingException e) {
      String twice = duplicateKey(e);
      if (twice != null) {
        throw new InvalidInputException(
            "config file "
                + file
                + (e.getLocation() == null || e.getLocation().getLineNr() <= 0
                    ? ""
                    : " line " + e.getLocation().getLineNr())
                + ": the setting '"
                + twice
                + "' is given twice: keep one",
            e);
      }
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
      return JSON.createObjectNode();
    }
    if (!n.isObject()) {
      throw new InvalidInputException(
          "config file " + file + ": expected key: value pairs at the top level, got " + n);
    }
    return n;
  }

  /**
   * A config file's tree with every unquoted number read by {@link NumberText}, the reader of
   * number flags; other values as Jackson reads them.
   */
  private static JsonNode readWithPlainNumbers(ObjectMapper m, String text, Path file)
      throws IOException {
    try (com.fasterxml.jackson.core.JsonParser p = m.createParser(text)) {
      p.nextToken();
      JsonNode tree = plainNumbers(m, p, file, null);
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

  private static JsonNode plainNumbers(
      ObjectMapper m, com.fasterxml.jackson.core.JsonParser p, Path file, String key)
      throws IOException {
    refuseAlias(p, file);
    switch (p.currentToken()) {
      case START_OBJECT -> {
        ObjectNode o = JSON.createObjectNode();
        while (p.nextToken() != com.fasterxml.jackson.core.JsonToken.END_OBJECT) {
          String name = p.currentName();
          p.nextToken();
          o.set(name, plainNumbers(m, p, file, key == null ? name : key));
        }
        return o;
      }
      case START_ARRAY -> {
        com.fasterxml.jackson.databind.node.ArrayNode a = JSON.createArrayNode();
        while (p.nextToken() != com.fasterxml.jackson.core.JsonToken.END_ARRAY) {
          a.add(plainNumbers(m, p, file, key));
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
          return m.readTree(p);
        }
        try {
          return SettingNumbers.parse(setting(key), p.getText());
        } catch (NumberFormatException e) {
          throw new InvalidInputException(
              "config file "
                  + file
                  + " line "
                  + p.currentTokenLocation().getLineNr()
                  + (key == null ? "" : ": setting '" + key + "'")
                  + ": "
                  + e.getMessage()
                  + " (numbers are read as on the command line)",
              e);
        }
      }
      default -> {
        return m.readTree(p);
      }
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

  private static final java.util.regex.Pattern DUPLICATE_FIELD =
      java.util.regex.Pattern.compile("^Duplicate field '(.*)' for `ObjectNode`");

  /** The key a file gives twice, from Jackson's refusal, or null for any other error. */
  private static String duplicateKey(JsonProcessingException e) {
    if (!(e instanceof MismatchedInputException)) {
      return null;
    }
    java.util.regex.Matcher k = DUPLICATE_FIELD.matcher(String.valueOf(e.getOriginalMessage()));
    return k.find() ? k.group(1) : null;
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
