package org.samplesize.report;

import static org.samplesize.report.ResultsCsv.CLASS_COLUMNS;
import static org.samplesize.report.ResultsCsv.HEADER;
import static org.samplesize.report.ResultsCsv.classColumn;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.samplesize.io.AtomicFiles;
import org.samplesize.report.ResultsCsv.PerClass;
import org.samplesize.report.ResultsCsv.Row;

/**
 * Writes {@code run}'s results table: the rows in a fixed order, the columns of {@link
 * ResultsCsv#HEADER} and then the per-class columns. Apart from {@link ResultsCsv}'s reader because
 * writing shares nothing with reading but the column names, and a change to the one should not have
 * to be read past the other.
 */
final class ResultsCsvWriter {
  private ResultsCsvWriter() {}

  /**
   * Stages the rows as {@link ResultsCsv#stage(List, List, Path, AtomicFiles.Batch)} says (its
   * parameters, its result): sorted by curve ({@code head} first), fraction and repeat; the
   * per-class columns only when a row has figures for these classes.
   */
  static ResultsCsv.Staged stage(
      List<Row> rows, List<String> classNames, Path file, AtomicFiles.Batch batch)
      throws IOException {
    List<Row> sorted =
        rows.stream()
            .sorted(
                Comparator.comparingInt((Row r) -> r.curve().equals("head") ? 0 : 1)
                    .thenComparing(Row::curve)
                    .thenComparingDouble(Row::fraction)
                    .thenComparingInt(Row::repeat))
            .toList();
    List<String> classes =
        rows.stream()
                .anyMatch(
                    r -> r.perClass() != null && r.perClass().recall().size() == classNames.size())
            ? List.copyOf(classNames)
            : List.of();
    return new ResultsCsv.Staged(
        batch.stage(file, os -> print(sorted, classes, os)), sorted.size());
  }

  /** Writes the header and one record per row, per-class cells empty for a row without them. */
  private static void print(List<Row> rows, List<String> classes, OutputStream os)
      throws IOException {
    List<String> header = new ArrayList<>(HEADER);
    for (String prefix : CLASS_COLUMNS) {
      for (String c : classes) {
        header.add(classColumn(prefix, c));
      }
    }
    try (Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8);
        CSVPrinter p =
            new CSVPrinter(
                w,
                CSVFormat.DEFAULT
                    .builder()
                    .setRecordSeparator('\n')
                    .setHeader(header.toArray(String[]::new))
                    .get())) {
      for (Row r : rows) {
        List<Object> cells = new ArrayList<>(header.size());
        Collections.addAll(
            cells,
            r.curve(),
            r.fraction(),
            r.size(),
            r.repeat(),
            r.accuracy(),
            r.auc(),
            r.rocAuc(),
            r.macroF1(),
            r.testSize(),
            r.loss(),
            r.epochsRun(),
            r.bestEpoch(),
            r.trainMillis(),
            r.backend(),
            r.seed(),
            r.indicesHash(),
            r.id());
        if (!classes.isEmpty()) {
          PerClass pc = r.perClass();
          boolean has = pc != null && pc.recall().size() == classes.size();
          for (List<?> values :
              has
                  ? List.of(pc.trainCount(), pc.testCount(), pc.recall(), pc.precision())
                  : Collections.<List<?>>nCopies(
                      CLASS_COLUMNS.size(), Collections.nCopies(classes.size(), ""))) {
            cells.addAll(values);
          }
        }
        p.printRecord(cells);
      }
    }
  }
}
