package org.samplesize.report;

import static org.samplesize.report.ResultsCsv.ACCURACY;
import static org.samplesize.report.ResultsCsv.SIZE;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.samplesize.InvalidInputException;

/**
 * A results table's header checked and indexed: every column named, no name twice (case is
 * ignored), the size and metric columns there. Apart from reading the rows because each mistake of
 * a header (pandas' index column, another separator, no header at all) has its own message, and
 * those messages are most of what a header's check is.
 */
final class ResultsCsvHeader {
  private final List<String> header;
  private final String name;
  private final Map<String, Integer> columns = new LinkedHashMap<>();

  private ResultsCsvHeader(List<String> header, String name) {
    this.header = header;
    this.name = name;
  }

  /**
   * @param header the header's names, as the parser read them
   * @param name the file, as messages name it
   * @return the header, its columns indexed by their names in lower case
   * @throws InvalidInputException naming the column when one has no name or two have the same
   */
  static ResultsCsvHeader of(List<String> header, String name) {
    unnamedColumn(header, name);
    ResultsCsvHeader h = new ResultsCsvHeader(header, name);
    h.index();
    return h;
  }

  private void index() {
    for (int i = 0; i < header.size(); i++) {
      String key = header.get(i).toLowerCase(Locale.ROOT);
      Integer before = columns.putIfAbsent(key, i);
      if (before != null && !key.isEmpty()) {
        throw new InvalidInputException(
            String.format(
                Locale.ROOT,
                "%s:1: columns '%s' (%d) and '%s' (%d) have the same name (case is ignored);"
                    + " rename or remove one",
                name,
                header.get(before),
                before + 1,
                header.get(i),
                i + 1));
      }
    }
  }

  /**
   * @param col a column name in lower case
   * @return its index, or null when the header has no such column
   */
  Integer get(String col) {
    return columns.get(col);
  }

  /**
   * @return the index of the size column
   * @throws InvalidInputException naming the header when there is none
   */
  int sizeColumn() {
    return require(SIZE, "", "name the column of training-set sizes 'size'");
  }

  /**
   * @param metric the metric to fit, e.g. {@code accuracy}, in any case
   * @return the index of its column
   * @throws InvalidInputException naming the header and {@code --metric} when there is none
   */
  int metricColumn(String metric) {
    return metric.equalsIgnoreCase(ACCURACY)
        ? require(
            ACCURACY,
            "",
            "name the metric's column 'accuracy', or name the column to fit with --metric")
        : require(
            metric.toLowerCase(Locale.ROOT),
            " (chosen with --metric)",
            "give --metric the name of a column of the header");
  }

  /**
   * Refuses a header with a column left unnamed, naming the column: pandas' {@code
   * DataFrame.to_csv} writes its index as a first column with an empty name, which the parser
   * reported only as "A header name is missing in [, size, ...]".
   */
  private static void unnamedColumn(List<String> header, String name) {
    if (header.size() == 1 && header.get(0).isEmpty()) {
      return; // an empty file: the missing size column says so
    }
    for (int i = 0; i < header.size(); i++) {
      if (header.get(i).isEmpty()) {
        throw new InvalidInputException(
            String.format(
                Locale.ROOT,
                "%s:1: column %d has no name in the header (%s)%s; name every column",
                name,
                i + 1,
                String.join(",", header),
                i == 0 ? "; pandas' to_csv writes its row index so: save with index=False" : ""));
      }
    }
  }

  /**
   * The index of a column the fit needs; else the message names the column, the header and what to
   * do: use another separator when the header looks like one, else {@code todo}.
   */
  private int require(String col, String note, String todo) {
    Integer i = columns.get(col);
    if (i == null) {
      String hint = otherSeparator(header);
      if (hint.isEmpty()
          && !header.isEmpty()
          && header.stream().allMatch(h -> CsvCells.parseOrNull(h) != null)) {
        hint =
            "the first line must be the header naming the columns, e.g. size,repeat,accuracy, and"
                + " this one holds numbers";
      }
      throw new InvalidInputException(
          String.format(
              Locale.ROOT,
              "%s:1: no column '%s'%s; the header has: %s; %s",
              name,
              col,
              note,
              header.isEmpty() ? "(nothing)" : String.join(", ", header),
              hint.isEmpty() ? todo : hint));
    }
    return i;
  }

  /**
   * A hint when the header is one column holding another separator (a spreadsheet saved with
   * semicolons or tabs), else empty.
   */
  private static String otherSeparator(List<String> header) {
    if (header.size() != 1) {
      return "";
    }
    for (String sep : List.of(";", "\t", "|")) {
      if (header.get(0).contains(sep)) {
        return "the file must be comma-separated, and this one looks separated by "
            + (sep.equals("\t") ? "tabs" : "'" + sep + "'");
      }
    }
    return "";
  }
}
