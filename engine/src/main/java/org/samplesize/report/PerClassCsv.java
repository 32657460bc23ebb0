package org.samplesize.report;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.samplesize.InvalidInputException;
import org.samplesize.classes.ClassTable;
import org.samplesize.fit.ResultsTable;

/**
 * Reads the per-class columns of a results table ({@link ResultsCsv#CLASS_COLUMNS}: {@code
 * train_n[CLASS]}, {@code test_n[CLASS]}, {@code recall[CLASS]}, {@code precision[CLASS]}, one of
 * each per class), with the optional {@code curve} and {@code fraction} columns. A table without
 * them, or with rows whose per-class cells are empty (models journaled before they were recorded),
 * reads as {@link ClassTable#missing} with the reason; a cell that is there but not a valid number
 * is an {@link InvalidInputException} naming the file, line and column.
 */
public final class PerClassCsv {
  private PerClassCsv() {}

  /**
   * @param file the CSV file (already read by {@link ResultsCsv#read}, so it exists and is valid
   *     UTF-8 CSV)
   * @return the per-class observations, or why there are none
   * @throws InvalidInputException when a per-class cell is malformed
   */
  public static ClassTable read(Path file) {
    return read(file, file.toString());
  }

  /**
   * As {@link #read(Path)}, naming the file {@code name} in messages (a staged copy by the file it
   * will replace, as {@link ResultsCsv#readJournaled}).
   *
   * @param file the CSV file
   * @param name how messages name it
   * @return the per-class observations, or why there are none
   * @throws InvalidInputException when a per-class cell is malformed
   */
  public static ClassTable read(Path file, String name) {
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        CSVParser parser =
            CSVParser.builder().setReader(in).setFormat(ResultsCsv.TABLE_FORMAT).get()) {
      List<String> header = new ArrayList<>(parser.getHeaderNames());
      if (!header.isEmpty() && header.get(0).startsWith("\uFEFF")) {
        header.set(0, header.get(0).substring(1));
      }
      Map<String, Integer> lower = new LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) {
        lower.putIfAbsent(header.get(i).toLowerCase(Locale.ROOT), i);
      }
      // The classes, in the order of their recall columns, then any class named only by another
      // per-class column: a table whose recall[mid] was removed or misspelt must not quietly
      // read as a table without the class (its share of the test set would vanish from the plan).
      List<String> classes = new ArrayList<>();
      Map<String, String> seenIn = new LinkedHashMap<>();
      for (String prefix : classPrefixesRecallFirst()) {
        String open = prefix + "[";
        for (String h : header) {
          if (h.toLowerCase(Locale.ROOT).startsWith(open) && h.endsWith("]")) {
            String c = h.substring(open.length(), h.length() - 1);
            if (seenIn.putIfAbsent(c.toLowerCase(Locale.ROOT), h) == null) {
              classes.add(c);
            }
          }
        }
      }
      if (classes.isEmpty()) {
        return ClassTable.missing(
            name,
            "the table has no per-class columns (recall[CLASS], precision[CLASS], train_n[CLASS],"
                + " test_n[CLASS])");
      }
      int k = classes.size();
      int[][] cols = new int[ResultsCsv.CLASS_COLUMNS.size()][k];
      for (int p = 0; p < cols.length; p++) {
        String prefix = ResultsCsv.CLASS_COLUMNS.get(p);
        for (int c = 0; c < k; c++) {
          String col = ResultsCsv.classColumn(prefix, classes.get(c));
          Integer i = lower.get(col.toLowerCase(Locale.ROOT));
          if (i == null) {
            return ClassTable.incomplete(
                name,
                classes,
                "the table has "
                    + seenIn.get(classes.get(c).toLowerCase(Locale.ROOT))
                    + " but no column "
                    + col);
          }
          cols[p][c] = i;
        }
      }
      Integer curveCol = lower.get(ResultsCsv.CURVE);
      Integer fractionCol = lower.get(ResultsCsv.FRACTION);
      Integer repeatCol = lower.get(ResultsCsv.REPEAT);
      Integer seedCol = lower.get("seed");
      List<Read> read = new ArrayList<>();
      int empty = 0;
      long firstEmpty = 0;
      for (CSVRecord rec : parser) {
        long line = parser.getCurrentLineNumber();
        if (CsvCells.blank(rec)) {
          continue;
        }
        if (cell(rec, cols[2][0]).isEmpty()) {
          empty++;
          firstEmpty = firstEmpty == 0 ? line : firstEmpty;
          continue;
        }
        int[] train = new int[k];
        int[] test = new int[k];
        double[] recall = new double[k];
        double[] precision = new double[k];
        for (int c = 0; c < k; c++) {
          train[c] = count(rec, cols[0][c], header, name, line);
          test[c] = count(rec, cols[1][c], header, name, line);
          recall[c] = share(rec, cols[2][c], header, name, line);
          precision[c] = share(rec, cols[3][c], header, name, line);
        }
        String curve =
            curveCol != null && curveCol < rec.size()
                ? rec.get(curveCol)
                : ResultsTable.DEFAULT_CURVE;
        double fraction = Double.NaN;
        if (fractionCol != null && !cell(rec, fractionCol).isEmpty()) {
          fraction = number(rec, fractionCol, header, name, line);
          if (!(fraction > 0 && fraction <= 1)) {
            throw new InvalidInputException(
                where(name, line, header, fractionCol)
                    + ": fraction "
                    + fraction
                    + " is not in (0, 1]");
          }
        }
        read.add(
            new Read(
                new ClassTable.Row(curve, fraction, line, train, test, recall, precision),
                repeatCol != null ? cell(rec, repeatCol) : "",
                seedCol != null ? cell(rec, seedCol) : ""));
      }
      if (repeatCol != null) {
        // In the order ResultsCsv.read takes the overall figures: the bootstrap draws a size's
        // repeats by position.
        read.sort(
            RepeatOrder.of(
                read, r -> r.row().curve(), r -> r.row().fraction(), Read::repeat, Read::seed));
      }
      List<ClassTable.Row> rows = read.stream().map(Read::row).toList();
      if (empty > 0) {
        return ClassTable.incomplete(
            name,
            classes,
            String.format(
                Locale.ROOT,
                "%d of %d models have no per-class figures (first on line %d): they were recorded"
                    + " before samplesize kept each class's training images and precision; run"
                    + " them again in a new output folder to get per-class curves",
                empty,
                empty + rows.size(),
                firstEmpty));
      }
      return new ClassTable(name, classes, rows, null);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException(name + ": no such file", e);
    } catch (IOException | UncheckedIOException e) {
      throw new InvalidInputException(name + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** The per-class column prefixes, recall first, so that classes come in recall-column order. */
  private static List<String> classPrefixesRecallFirst() {
    List<String> prefixes = new ArrayList<>();
    prefixes.add(ResultsCsv.CLASS_RECALL);
    for (String p : ResultsCsv.CLASS_COLUMNS) {
      if (!p.equals(ResultsCsv.CLASS_RECALL)) {
        prefixes.add(p);
      }
    }
    return prefixes;
  }

  /** A row as read, with the cells that order it among its repeats. */
  private record Read(ClassTable.Row row, String repeat, String seed) {}

  private static String cell(CSVRecord rec, int col) {
    return col < rec.size() ? rec.get(col) : "";
  }

  private static double number(
      CSVRecord rec, int col, List<String> header, String name, long line) {
    return number(rec, col, header, name, line, true);
  }

  private static double number(
      CSVRecord rec, int col, List<String> header, String name, long line, boolean fraction) {
    // Only the first class's recall cell tells a model recorded without per-class figures.
    return CsvCells.number(
        cell(rec, col),
        where(name, line, header, col),
        " (run writes 0 for a class with no test image)",
        fraction);
  }

  private static int count(CSVRecord rec, int col, List<String> header, String name, long line) {
    double v = number(rec, col, header, name, line, false);
    if (v < 0 || v != Math.rint(v) || v > Integer.MAX_VALUE) {
      throw new InvalidInputException(
          where(name, line, header, col)
              + ": "
              + cell(rec, col)
              + " is not a whole number of images");
    }
    return (int) v;
  }

  private static double share(CSVRecord rec, int col, List<String> header, String name, long line) {
    double v = number(rec, col, header, name, line);
    if (v < 0 || v > 1) {
      throw new InvalidInputException(
          where(name, line, header, col)
              + ": "
              + cell(rec, col)
              + CsvCells.outsideZeroOne(v, "it"));
    }
    return v;
  }

  private static String where(String name, long line, List<String> header, int col) {
    return CsvCells.cell(name, line, header, col);
  }
}
