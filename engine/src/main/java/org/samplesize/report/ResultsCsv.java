package org.samplesize.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.samplesize.InvalidInputException;
import org.samplesize.fit.LearningCurveFitter;
import org.samplesize.fit.ResultsTable;
import org.samplesize.io.AtomicFiles;

/**
 * The results table as CSV, both ways: {@link #stage} writes {@code run}'s {@code results.csv} (one
 * {@link Row} per subsample model, the columns of {@link #HEADER}); {@link #read} reads it, or any
 * table of the same shape. Reading: a results table from CSV: a header row with at least {@code
 * size} and the metric column ({@code accuracy} by default), optionally {@code curve}, {@code
 * test_size}, {@code repeat} (the order of the repeats within a size) and {@code id} (each id
 * once); other columns are ignored. The experiment runner's {@code results.csv} ({@code
 * curve,fraction,size,repeat,accuracy,auc,roc_auc,macro_f1,test_size,...}) reads as it is. Header
 * names match case-insensitively.
 *
 * <p>Every mistake is an {@link InvalidInputException} whose message names the file, the line and
 * the column: a missing file or column, a header column without a name (pandas' index) or a header
 * of numbers (no header at all), a row with more fields than the header, an empty or non-numeric
 * cell, NaN or infinity, a metric outside [0, 1], a size that is not a whole number from 1 to
 * {@link LearningCurveFitter#MAX_SIZE}, a curve with fewer than 2 distinct sizes. A text column
 * other than {@code curve} that splits a curve into groups at the same sizes is warned about (its
 * rows are pooled into one curve).
 *
 * <p>This class holds the columns and the entry points; the work is done in this package by {@code
 * ResultsCsvWriter} (writing), {@code ResultsCsvReader} (reading the rows), {@code
 * ResultsCsvHeader} (checking the header) and {@code CsvCells} (a cell's number, a cell in words).
 */
public final class ResultsCsv {
  /** The size column. */
  public static final String SIZE = "size";

  /** The optional curve column. */
  public static final String CURVE = "curve";

  /**
   * The optional repeat column: within each curve and size the rows are taken in its order (numbers
   * by value; ties by the {@code seed} column, then by the value), so the bootstrap, which draws
   * repeats by position, does not depend on row order.
   */
  public static final String REPEAT = "repeat";

  /** The optional test-set size column. */
  public static final String TEST_SIZE = "test_size";

  /**
   * The optional model id column ({@code run} writes it): an id that appears twice (with the same
   * {@code seed}, when there is a seed column) means the same model was counted twice, which would
   * shrink the intervals, so it is refused.
   */
  public static final String ID = "id";

  /** The subsample's share of the training set, written by {@code run}. */
  public static final String FRACTION = "fraction";

  /** The default metric column. */
  public static final String ACCURACY = "accuracy";

  /** The file name {@code run} writes inside its output folder. */
  public static final String FILE_NAME = "results.csv";

  /**
   * How a results table is parsed (and {@link PerClassCsv} reads the same file): a header row,
   * cells trimmed, empty lines and {@code #} comment lines skipped. A header name left empty is let
   * through the parser so that {@link #read} can say which column and what to do, instead of the
   * parser's "A header name is missing".
   */
  static final CSVFormat TABLE_FORMAT =
      CSVFormat.DEFAULT
          .builder()
          .setHeader()
          .setSkipHeaderRecord(true)
          .setTrim(true)
          .setIgnoreSurroundingSpaces(true)
          .setIgnoreEmptyLines(true)
          .setCommentMarker('#')
          .setAllowMissingColumnNames(true)
          .get();

  /** The columns {@code run} writes, in order. */
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

  private ResultsCsv() {}

  /**
   * One row of {@code run}'s table: one trained model, in the order of {@link #HEADER}.
   *
   * @param curve {@code head} or {@code fine-tune}
   * @param fraction share of the training set
   * @param size images used
   * @param repeat repeat index
   * @param accuracy test accuracy
   * @param auc macro one-vs-rest AUC (Keras' definition)
   * @param rocAuc exact ROC AUC
   * @param macroF1 macro F1
   * @param testSize test images scored
   * @param loss test loss
   * @param epochsRun epochs trained
   * @param bestEpoch the epoch whose weights were kept
   * @param trainMillis training time in milliseconds
   * @param backend the training backend
   * @param seed the model's seed
   * @param indicesHash the subsample's fingerprint
   * @param id the model's id
   * @param perClass the model's per-class figures, or null when its record has none (a journal
   *     written before they were recorded)
   */
  public record Row(
      String curve,
      double fraction,
      int size,
      int repeat,
      double accuracy,
      double auc,
      double rocAuc,
      double macroF1,
      int testSize,
      double loss,
      int epochsRun,
      int bestEpoch,
      long trainMillis,
      String backend,
      long seed,
      String indicesHash,
      String id,
      PerClass perClass) {}

  /**
   * One model's figures per class, each list in class order.
   *
   * @param trainCount training images of each class the model used
   * @param testCount test images of each class scored
   * @param recall recall of each class
   * @param precision precision of each class (0 for a class never predicted)
   */
  public record PerClass(
      List<Integer> trainCount,
      List<Integer> testCount,
      List<Double> recall,
      List<Double> precision) {
    /** Copies the lists and checks they have one entry per class each. */
    public PerClass {
      trainCount = List.copyOf(trainCount);
      testCount = List.copyOf(testCount);
      recall = List.copyOf(recall);
      precision = List.copyOf(precision);
      int k = recall.size();
      if (trainCount.size() != k || testCount.size() != k || precision.size() != k) {
        throw new IllegalArgumentException("per-class lists of different lengths");
      }
    }
  }

  /** Prefix of the per-class training-count columns: {@code train_n[CLASS]}. */
  public static final String CLASS_TRAIN_N = "train_n";

  /** Prefix of the per-class test-count columns: {@code test_n[CLASS]}. */
  public static final String CLASS_TEST_N = "test_n";

  /** Prefix of the per-class recall columns: {@code recall[CLASS]}. */
  public static final String CLASS_RECALL = "recall";

  /** Prefix of the per-class precision columns: {@code precision[CLASS]}. */
  public static final String CLASS_PRECISION = "precision";

  /** The per-class column prefixes, in the order {@code run} writes them. */
  public static final List<String> CLASS_COLUMNS =
      List.of(CLASS_TRAIN_N, CLASS_TEST_N, CLASS_RECALL, CLASS_PRECISION);

  /**
   * @param prefix one of {@link #CLASS_COLUMNS}
   * @param className a class name
   * @return the column name, e.g. {@code recall[daisy]}
   */
  public static String classColumn(String prefix, String className) {
    return prefix + "[" + className + "]";
  }

  /**
   * A staged results table.
   *
   * @param file the file holding it until the batch is committed
   * @param rows the number of rows
   */
  public record Staged(Path file, int rows) {}

  /**
   * Stages the rows sorted by curve ({@code head} first), fraction and repeat in {@code batch}:
   * they replace {@code file} when the batch is committed, so a reader never sees half a file.
   *
   * @param rows the rows, in any order
   * @param file destination
   * @param batch the files replaced together
   * @return the staged file, readable until the batch is committed or closed
   * @throws IOException naming {@code file} when it cannot be staged
   */
  public static Staged stage(List<Row> rows, Path file, AtomicFiles.Batch batch)
      throws IOException {
    return stage(rows, List.of(), file, batch);
  }

  /**
   * Stages the rows as {@link #stage(List, Path, AtomicFiles.Batch)} does, with the per-class
   * columns after {@link #HEADER} when any row has per-class figures: for each prefix of {@link
   * #CLASS_COLUMNS}, one column per class ({@code train_n[daisy]}, ..., {@code recall[daisy]},
   * ...). A row without them (a model journaled before they were recorded) leaves those cells
   * empty.
   *
   * @param rows the rows, in any order
   * @param classNames the class names, in class order; empty for no per-class columns
   * @param file destination
   * @param batch the files replaced together
   * @return the staged file, readable until the batch is committed or closed
   * @throws IOException naming {@code file} when it cannot be staged
   */
  public static Staged stage(
      List<Row> rows, List<String> classNames, Path file, AtomicFiles.Batch batch)
      throws IOException {
    return ResultsCsvWriter.stage(rows, classNames, file, batch);
  }

  /**
   * Reads the table with the {@code accuracy} metric.
   *
   * @param file the CSV file
   * @return the validated table
   * @throws InvalidInputException when the file is missing or malformed
   */
  public static ResultsTable read(Path file) {
    return read(file, ACCURACY);
  }

  /**
   * Reads the table.
   *
   * @param file the CSV file
   * @param metric the column holding the metric to fit, e.g. {@code accuracy} or {@code macro_f1}
   * @return the validated table
   * @throws InvalidInputException when the file is missing or malformed
   */
  public static ResultsTable read(Path file, String metric) {
    return ResultsCsvReader.read(file, metric, file.toString(), false);
  }

  /**
   * Reads a table {@code run} wrote from its journal, as {@link #read(Path, String)} with the
   * accuracy metric: its rows are models trained, not values typed, so a warning about a row gives
   * a run's advice (a repeat far from the others: more repeats lessen its weight) rather than a
   * table's (fix or remove the row, which the next run writes again from the journal). It is named
   * {@code name} in messages and warnings: run reads a staged copy before it replaces the file the
   * user will open, and a warning naming the copy's temporary name would point at a file that is
   * gone.
   *
   * @param file the CSV file
   * @param name how messages and warnings name the file, e.g. the path it will be renamed to
   * @return the validated table
   * @throws InvalidInputException when the file is malformed
   */
  public static ResultsTable readJournaled(Path file, String name) {
    return ResultsCsvReader.read(file, ACCURACY, name, true);
  }
}
