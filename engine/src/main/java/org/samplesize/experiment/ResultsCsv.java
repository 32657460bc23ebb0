package org.samplesize.experiment;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.samplesize.io.AtomicFiles;

/**
 * Writes {@code results.csv}: one row per subsample model (the validation model is not a point of
 * the learning curve and goes to {@code validation.json} instead). {@code samplesize fit} reads the
 * file as is: it groups rows by {@code curve} and fits accuracy against {@code size}.
 */
public final class ResultsCsv {
  private ResultsCsv() {}

  /** The file name inside the output folder. */
  public static final String FILE_NAME = "results.csv";

  /** The columns, in order. */
  public static final List<String> HEADER =
      List.of(
          "curve",
          "fraction",
          "size",
          "repeat",
          "accuracy",
          "auc",
          "roc_auc",
          "macro_f1",
          "test_size",
          "loss",
          "epochs_run",
          "best_epoch",
          "train_ms",
          "backend",
          "seed",
          "indices_hash",
          "id");

  /**
   * Writes the rows sorted by curve, fraction and repeat, atomically (a temporary file moved into
   * place), so a reader never sees half a file.
   *
   * @param records finished models; validation models are left out
   * @param file destination
   * @return the number of rows written
   */
  public static int write(List<ModelRecord> records, Path file) {
    try (AtomicFiles.Batch one = AtomicFiles.batch()) {
      int n = stage(records, file, one).rows();
      one.commit();
      return n;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * Stages the rows, sorted as {@link #write}, in {@code batch}: they replace {@code file} when the
   * batch is committed.
   *
   * @param records finished models; validation models are left out
   * @param file destination
   * @param batch the files replaced together
   * @return the staged file, readable until the batch is committed or closed
   * @throws IOException naming {@code file} when it cannot be staged
   */
  static Staged stage(List<ModelRecord> records, Path file, AtomicFiles.Batch batch)
      throws IOException {
    List<ModelRecord> rows = rows(records);
    return new Staged(batch.stage(file, os -> print(rows, os)), rows.size());
  }

  /**
   * A staged results table.
   *
   * @param file the file holding it until the batch is committed
   * @param rows the number of rows
   */
  record Staged(Path file, int rows) {}

  private static List<ModelRecord> rows(List<ModelRecord> records) {
    return records.stream()
        .filter(r -> !r.isValidation())
        .sorted(
            Comparator.comparing((ModelRecord r) -> curveOrder(r.curve()))
                .thenComparing(ModelRecord::curve)
                .thenComparingDouble(ModelRecord::fraction)
                .thenComparingInt(ModelRecord::repeat))
        .toList();
  }

  private static void print(List<ModelRecord> rows, OutputStream os) throws IOException {
    try (Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8);
        CSVPrinter p =
            new CSVPrinter(
                w,
                CSVFormat.DEFAULT
                    .builder()
                    .setRecordSeparator('\n')
                    .setHeader(HEADER.toArray(String[]::new))
                    .build())) {
      for (ModelRecord r : rows) {
        p.printRecord(
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
      }
    }
  }

  private static int curveOrder(String curve) {
    return curve.equals("head") ? 0 : 1;
  }
}
