package org.samplesize.report;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.samplesize.InvalidInputException;
import org.samplesize.fit.LearningCurveFitter;
import org.samplesize.fit.ResultsTable;
import org.samplesize.io.AtomicFiles;
import org.samplesize.io.TextFiles;

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
    String name = file.toString();
    if (Files.isDirectory(file)) {
      // Reading it would fail with the system's "Is a directory".
      Path inside = file.resolve(FILE_NAME);
      throw new InvalidInputException(
          Files.isRegularFile(inside)
              ? name + " is a folder: give the " + FILE_NAME + " inside it: " + inside
              : name
                  + " is a folder, not a results table: give a CSV file (run writes "
                  + FILE_NAME
                  + " in its --out folder)");
    }
    try (Reader in = withoutBom(open(file, name));
        CSVParser parser = CSVParser.builder().setReader(in).setFormat(TABLE_FORMAT).get()) {
      List<String> header = parser.getHeaderNames();
      ResultsCsvHeader columns = ResultsCsvHeader.of(header, name);
      int sizeCol = columns.sizeColumn();
      int valueCol = columns.metricColumn(metric);
      Integer curveCol = columns.get(CURVE);
      Integer testCol = columns.get(TEST_SIZE);
      Integer idCol = columns.get(ID);
      Integer seedCol = columns.get("seed");
      Integer repeatCol = columns.get(REPEAT);
      Integer fractionCol = columns.get(FRACTION);
      Map<String, Long> idLines = new HashMap<>();
      // Rows that repeat an earlier one in every column: a file pasted in twice, or two copies
      // joined. Each copy counts as another model at its size, so the bootstrap sees less noise
      // than there is and the interval comes out too narrow. A warning, not a refusal: two runs
      // with other seeds share curve, fraction and repeat, and in a table with few columns two of
      // their models can score the same. Without a repeat column equal rows are ordinary (two
      // repeats with the same accuracy), so they are not looked for.
      Map<List<String>, Long> rowLines = repeatCol != null ? new HashMap<>() : null;
      GroupingColumns grouping =
          new GroupingColumns(
              header, Arrays.asList(sizeCol, valueCol, curveCol, testCol, idCol, repeatCol));
      List<Read> read = new ArrayList<>();
      long copies = 0;
      long firstCopy = 0;
      long firstOriginal = 0;
      ResultsTable.Builder table = ResultsTable.builder(name).metric(metric);
      Iterator<CSVRecord> it = parser.iterator();
      long line = 1;
      while (true) {
        CSVRecord rec;
        try {
          if (!it.hasNext()) {
            break;
          }
          rec = it.next();
        } catch (UncheckedIOException | IllegalStateException e) {
          long open = unclosedQuoteLine(file);
          if (open > 0) {
            throw new InvalidInputException(
                name
                    + ":"
                    + open
                    + ": a quoted field starts on this line and its closing quote is missing",
                e);
          }
          throw new InvalidInputException(
              name + ":" + (parser.getCurrentLineNumber() + 1) + ": not valid CSV: " + rootCause(e),
              e);
        }
        line = parser.getCurrentLineNumber();
        if (rec.size() < header.size() && rec.size() <= Math.max(sizeCol, valueCol)) {
          throw new InvalidInputException(
              String.format(
                  Locale.ROOT,
                  "%s:%d: the row has %d fields, the header has %d; fill in every column",
                  name,
                  line,
                  rec.size(),
                  header.size()));
        }
        if (rec.size() > header.size()) {
          // A cell without a column would be dropped without a word: a stray comma, or a value
          // holding a comma that is not quoted, shifts what the row means.
          throw new InvalidInputException(
              String.format(
                  Locale.ROOT,
                  "%s:%d: the row has %d fields, the header has %d; remove the extra cells, name"
                      + " their columns in the header, or quote a value that holds a comma",
                  name,
                  line,
                  rec.size(),
                  header.size()));
        }
        double size = CsvCells.number(rec, sizeCol, header, name, line);
        if (!(size > 0)) {
          throw new InvalidInputException(
              CsvCells.cell(name, line, header, sizeCol)
                  + ": size "
                  + rec.get(sizeCol)
                  + " must be positive (the number of training examples)");
        }
        if (size != Math.rint(size) || size > LearningCurveFitter.MAX_SIZE) {
          throw new InvalidInputException(
              CsvCells.cell(name, line, header, sizeCol)
                  + ": size "
                  + rec.get(sizeCol)
                  + " must be a whole number of training examples, from 1 to "
                  + String.format(Locale.ROOT, "%.0f", LearningCurveFitter.MAX_SIZE));
        }
        double value = CsvCells.number(rec, valueCol, header, name, line);
        if (value < 0 || value > 1) {
          throw new InvalidInputException(
              CsvCells.cell(name, line, header, valueCol)
                  + ": "
                  + rec.get(valueCol)
                  + " is outside [0, 1]; write the metric as a fraction (0.91, not 91)");
        }
        int testSize = 0;
        if (testCol != null && testCol < rec.size() && !rec.get(testCol).isEmpty()) {
          double t = CsvCells.number(rec, testCol, header, name, line);
          if (!(t >= 1) || t != Math.rint(t) || t > Integer.MAX_VALUE) {
            throw new InvalidInputException(
                CsvCells.cell(name, line, header, testCol)
                    + ": "
                    + rec.get(testCol)
                    + " is not a positive whole number of test examples");
          }
          testSize = (int) t;
        }
        String curve =
            curveCol != null && curveCol < rec.size()
                ? rec.get(curveCol)
                : ResultsTable.DEFAULT_CURVE;
        if (idCol != null && idCol < rec.size() && !rec.get(idCol).isEmpty()) {
          // Runs with other seeds reuse the ids (head/f0.05/r0, ...): with a seed column the pair
          // identifies the model, so two runs may be combined on purpose.
          String seed = seedCol != null && seedCol < rec.size() ? rec.get(seedCol) : null;
          String key = seed != null ? rec.get(idCol) + "\u0000" + seed : rec.get(idCol);
          Long first = idLines.putIfAbsent(key, line);
          if (first != null) {
            throw new InvalidInputException(
                String.format(
                    Locale.ROOT,
                    "%s: model id '%s'%s is on line %d and again on line %d: the same model is in"
                        + " the table twice (two results files joined?); keep one row per model",
                    CsvCells.cell(name, line, header, idCol),
                    rec.get(idCol),
                    seed != null ? " with seed " + seed : "",
                    first,
                    line));
          }
        }
        Long original = rowLines == null ? null : rowLines.putIfAbsent(rec.toList(), line);
        if (original != null && copies++ == 0) {
          firstCopy = line;
          firstOriginal = original;
        }
        String repeat = repeatCol != null && repeatCol < rec.size() ? rec.get(repeatCol) : "";
        String seed = seedCol != null && seedCol < rec.size() ? rec.get(seedCol) : "";
        grouping.add(rec, curve, size);
        String fraction =
            fractionCol != null && fractionCol < rec.size() ? rec.get(fractionCol).strip() : "";
        read.add(new Read(curve, size, value, testSize, line, repeat, seed, fraction));
      }
      if (fractionCol != null) {
        read = FractionSizes.atMeanSize(read, name, table::warn);
      }
      if (repeatCol != null) {
        // The bootstrap draws each size's repeats by position, so the same models in another row
        // order would give other interval ends (at the bootstrap's noise). With a repeat column
        // the repeats are taken in its order within each curve and size, whatever the file's row
        // order; run writes them in that order already. Tables of several runs joined repeat the
        // repeat numbers: the seed, then the value itself, order those, so no row order is left.
        read.sort(
            RepeatOrder.of(read, Read::curve, Read::size, Read::repeat, Read::seed)
                .thenComparingDouble(Read::value)
                .thenComparingInt(Read::testSize));
      }
      for (Read r : read) {
        table.add(r.curve(), r.size(), r.value(), r.testSize(), r.line());
      }
      grouping.warnings(name, curveCol != null).forEach(table::warn);
      if (copies > 0) {
        table.warn(
            String.format(
                Locale.ROOT,
                "%s: %d row%s the same as an earlier row in every column (line %d repeats line"
                    + " %d): if part of the table is in it twice (a file pasted in twice), each"
                    + " copy counts as another model and the interval is too narrow; keep one row"
                    + " per model",
                name,
                copies,
                copies == 1 ? " is" : "s are",
                firstCopy,
                firstOriginal));
      }
      return table.build();
    } catch (NoSuchFileException e) {
      throw new InvalidInputException(
          name + ": no such file; pass a CSV with a header holding at least size and accuracy", e);
    } catch (IOException | UncheckedIOException e) {
      throw new InvalidInputException(name + ": cannot read: " + rootCause(e), e);
    } catch (IllegalArgumentException e) {
      if (e instanceof InvalidInputException iie) {
        throw iie;
      }
      // commons-csv rejects duplicate or empty header names with IllegalArgumentException
      throw new InvalidInputException(name + ":1: bad header: " + e.getMessage(), e);
    }
  }

  /** One row as read, before the rows are put in repeat order. */
  record Read(
      String curve,
      double size,
      double value,
      int testSize,
      long line,
      String repeat,
      String seed,
      String fraction) {

    /** This row at another size. */
    Read atSize(double other) {
      return new Read(curve, other, value, testSize, line, repeat, seed, fraction);
    }
  }

  /**
   * Opens the file after {@link TextFiles#check} streamed through it: not UTF-8 (a UTF-16 file, a
   * Latin-1 byte) and a row too long to hold are refused with the line, before the parser sees it.
   */
  private static BufferedReader open(Path file, String name) throws IOException {
    TextFiles.check(file, name, true);
    return Files.newBufferedReader(file, StandardCharsets.UTF_8);
  }

  /** Skips a UTF-8 byte order mark (Excel writes one) so the first header name reads clean. */
  private static Reader withoutBom(BufferedReader in) throws IOException {
    in.mark(1);
    if (in.read() != '\uFEFF') {
      in.reset();
    }
    return in;
  }

  /**
   * The line where a quoted field opens that is never closed, or 0 when every quote closes (the
   * parser reports such a field only at the end of the file). Quotes count as CSV does: a field's
   * opening quote, a doubled quote inside it, its closing quote.
   */
  static long unclosedQuoteLine(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException | UncheckedIOException e) {
      return 0;
    }
    long line = 1;
    long openedAt = 0;
    boolean quoted = false;
    boolean fieldStart = true;
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (quoted) {
        if (ch == '"') {
          if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
            i++;
          } else {
            quoted = false;
          }
        } else if (ch == '\n') {
          line++;
        }
        continue;
      }
      if (ch == '"' && fieldStart) {
        quoted = true;
        openedAt = line;
      } else if (ch == '\n') {
        line++;
        fieldStart = true;
        continue;
      }
      fieldStart = ch == ',' || fieldStart && Character.isWhitespace(ch);
    }
    return quoted ? openedAt : 0;
  }

  private static String rootCause(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c.getMessage() == null ? c.toString() : c.getMessage();
  }
}
