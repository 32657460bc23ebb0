package org.samplesize.report;

import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVRecord;
import org.samplesize.InvalidInputException;
import org.samplesize.NumberText;

/**
 * The cells of a results table as numbers, and a cell named in words for a message: shared by
 * {@link ResultsCsv}'s reader, {@link PerClassCsv}'s columns, {@link GroupingColumns} and {@link
 * RepeatOrder}, so that every reader of the file accepts the same numbers and names a bad cell the
 * same way.
 */
final class CsvCells {
  private CsvCells() {}

  /**
   * @param cell a cell's text
   * @return its number when it is a plain decimal or scientific notation ({@link NumberText}) and
   *     not NaN, else null (a text cell)
   */
  static Double parseOrNull(String cell) {
    if (!NumberText.isDecimal(cell)) {
      return null;
    }
    double v = NumberText.parseDecimal(cell);
    return Double.isNaN(v) ? null : v;
  }

  /**
   * A row's cell as a number, as {@link #number(String, String, String)} reads it; a cell past the
   * row's end is empty.
   *
   * @param rec the row
   * @param col the column's index
   * @param header the header's names
   * @param name the file, as messages name it
   * @param line the row's line
   * @return the cell's value
   * @throws InvalidInputException naming the cell when it is empty, not a number or not finite
   */
  static double number(CSVRecord rec, int col, List<String> header, String name, long line) {
    return number(col < rec.size() ? rec.get(col) : "", cell(name, line, header, col), "", true);
  }

  /**
   * {@link #number(CSVRecord, int, List, String, long)} for a count (a size, a test size): a
   * percentage there is not told to be written as a fraction.
   */
  static double count(CSVRecord rec, int col, List<String> header, String name, long line) {
    return number(col < rec.size() ? rec.get(col) : "", cell(name, line, header, col), "", false);
  }

  /**
   * A cell's number, for this table and {@link PerClassCsv}'s columns: a plain decimal or
   * scientific notation ({@link NumberText}), finite.
   *
   * @param text the cell
   * @param where the cell in words, e.g. {@code r.csv:3: column 'accuracy' (2)}
   * @param ifEmpty what to add to the message for an empty cell, e.g. a note on who writes 0
   * @return its value
   * @throws InvalidInputException naming the cell when it is empty, not a number or not finite
   */
  static double number(String text, String where, String ifEmpty) {
    return number(text, where, ifEmpty, true);
  }

  /**
   * {@link #number(String, String, String)}, saying whether the number is a fraction (a count is
   * not told to write a percentage as one).
   */
  static double number(String text, String where, String ifEmpty, boolean fraction) {
    if (text.isEmpty()) {
      throw new InvalidInputException(where + ": empty cell; a number is needed" + ifEmpty);
    }
    double v;
    try {
      v = NumberText.parseDecimal(text, fraction);
    } catch (NumberFormatException e) {
      throw new InvalidInputException(where + ": " + e.getMessage());
    }
    if (!Double.isFinite(v)) {
      throw new InvalidInputException(where + ": '" + text + "' is not a finite number");
    }
    return v;
  }

  /**
   * What follows a fraction's cell and value when it lies outside [0, 1]: a percentage (2 or more)
   * is told to be written as a fraction; 1.01 or −0.1 is a fraction mistyped, which "0.91, not 91"
   * would tell to be what it already is.
   *
   * @param value the value read, outside [0, 1]
   * @param what what to write as a fraction, e.g. {@code the metric}
   * @return e.g. {@code " is outside [0, 1]; write the metric as a fraction (0.91, not 91)"}
   */
  static String outsideZeroOne(double value, String what) {
    return " is outside [0, 1]"
        + (value < 0
            ? ": a fraction is at least 0; correct the value (a typo?)"
            : value < 2
                ? ": a fraction is at most 1; correct the value (a typo?)"
                : "; write " + what + " as a fraction (0.91, not 91)");
  }

  /**
   * Whether every cell of the row is empty: a spreadsheet saves the rows below its data that were
   * ever formatted or touched as {@code ,,,}. Such a row holds nothing, as a blank line (which the
   * parser skips), so every reader of the file skips it too rather than refuse its empty size.
   *
   * @param rec the row
   * @return true when the row has no cell with text
   */
  static boolean blank(CSVRecord rec) {
    for (String cell : rec) {
      if (!cell.isEmpty()) {
        return false;
      }
    }
    return true;
  }

  /** A cell in words: {@code r.csv:3: column 'accuracy' (2)}. */
  static String cell(String name, long line, List<String> header, int col) {
    return String.format(
        Locale.ROOT, "%s:%d: column '%s' (%d)", name, line, header.get(col), col + 1);
  }
}
