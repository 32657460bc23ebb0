package org.samplesize.experiment;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * The seal of a journal line: every line of {@code journal.jsonl} ends with the CRC32C of the rest
 * of it ({@code "crc32c": "8 hex digits"}, the last field), so an edited or damaged line is found
 * ({@link Journal}).
 */
final class JournalLines {
  private JournalLines() {}

  /** The field that closes every line: CRC32C of the line without it. */
  static final String CHECK_FIELD = "crc32c";

  private static final Pattern CHECK_SUFFIX =
      Pattern.compile(",\"" + CHECK_FIELD + "\":\"([0-9a-f]{8})\"}$");

  /**
   * Closes a line: appends the {@link #CHECK_FIELD} field holding the CRC32C of the UTF-8 bytes of
   * {@code json} as given, as its last field.
   *
   * @param json one JSON object on one line, without the field
   * @return the line to write
   */
  static String seal(String json) {
    if (!json.startsWith("{") || !json.endsWith("}") || json.length() < 3) {
      throw new IllegalArgumentException("not a non-empty JSON object: " + json);
    }
    return json.substring(0, json.length() - 1)
        + ",\""
        + CHECK_FIELD
        + "\":\""
        + crc32c(json)
        + "\"}";
  }

  /**
   * Checks a line's seal.
   *
   * @param line a complete journal line
   * @return what is wrong with its checksum, or {@code null} when it ends with the checksum of the
   *     rest of it
   */
  static String checksumProblem(String line) {
    Matcher m = CHECK_SUFFIX.matcher(line);
    if (!m.find()) {
      return "the line has no " + CHECK_FIELD + " checksum at its end";
    }
    String content = line.substring(0, m.start()) + "}";
    String expected = crc32c(content);
    if (!expected.equals(m.group(1))) {
      return "the line does not match its checksum ("
          + CHECK_FIELD
          + " "
          + m.group(1)
          + ", its content gives "
          + expected
          + "): it was edited or damaged";
    }
    return null;
  }

  private static String crc32c(String s) {
    CRC32C crc = new CRC32C();
    crc.update(s.getBytes(StandardCharsets.UTF_8));
    return String.format(Locale.ROOT, "%08x", crc.getValue());
  }
}
