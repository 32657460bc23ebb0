package org.samplesize.report;

import static org.samplesize.report.ResultsCsv.CURVE;
import static org.samplesize.report.ResultsCsv.FILE_NAME;
import static org.samplesize.report.ResultsCsv.FRACTION;
import static org.samplesize.report.ResultsCsv.ID;
import static org.samplesize.report.ResultsCsv.REPEAT;
import static org.samplesize.report.ResultsCsv.TABLE_FORMAT;
import static org.samplesize.report.ResultsCsv.TEST_SIZE;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.samplesize.InvalidInputException;
import org.samplesize.fit.LearningCurveFitter;
import org.samplesize.fit.Percent;
import org.samplesize.fit.ResultsTable;
import org.samplesize.io.TextFiles;

/**
 * Reads a results table into a {@link ResultsTable}, as {@link ResultsCsv#read(Path, String)}
 * describes: opens the file, has {@link ResultsCsvHeader} check the header, checks each row (field
 * count, size, metric, test size, model ids, rows copied) and puts the rows in repeat order. Apart
 * from {@link ResultsCsv}, which keeps the columns and the public entry points, because reading is
 * where almost every rule about a table lives.
 */
final class ResultsCsvReader {
  private ResultsCsvReader() {}

  /**
   * Reads and checks the table, as {@link ResultsCsv#read(Path, String)} and {@link
   * ResultsCsv#readJournaled} say (their parameters, result, exceptions); {@code journaled} for a
   * table a run wrote from its journal ({@link ResultsCsv#readJournaled}), whose warnings give a
   * run's advice.
   */
  static ResultsTable read(Path file, String metric, String name, boolean journaled) {
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
      long unnamed = 0;
      long firstUnnamed = 0;
      String named = null;
      long firstCopy = 0;
      long firstOriginal = 0;
      long shortRows = 0;
      String firstShort = null;
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
        if (CsvCells.blank(rec)) {
          continue;
        }
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
        if (rec.size() < header.size()) {
          // Size and metric are there (else refused above), the last columns are not: read as
          // empty, which was said nowhere; a cell left out of the middle shifts the rest.
          if (shortRows++ == 0) {
            firstShort =
                String.format(
                    Locale.ROOT,
                    "line %d has %d of the header's %d cells, no %s",
                    line,
                    rec.size(),
                    header.size(),
                    String.join(", ", header.subList(rec.size(), header.size())));
          }
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
        double size = CsvCells.count(rec, sizeCol, header, name, line);
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
                  + CsvCells.outsideZeroOne(value, "the metric"));
        }
        int testSize = 0;
        if (testCol != null && testCol < rec.size() && !rec.get(testCol).isEmpty()) {
          double t = CsvCells.count(rec, testCol, header, name, line);
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
        if (curveCol != null && curve.isBlank() && unnamed++ == 0) {
          firstUnnamed = line;
        } else if (curveCol != null && !curve.isBlank() && named == null) {
          named = curve.strip();
        }
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
      String testSets = mixedTestSizes(read, name, curveCol != null);
      if (testSets != null) {
        table.warn(testSets);
      }
      String stray = strayRepeat(read, name, header.get(valueCol), journaled);
      if (stray != null) {
        table.warn(stray);
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
      if (unnamed > 0 && named != null) {
        // A row whose curve cell was left empty joins the curve 'default', beside the curves the
        // other rows name (and into a curve the file itself calls 'default'): most likely a cell
        // forgotten, whose model then counts in a curve of its own.
        table.warn(
            String.format(
                Locale.ROOT,
                "%s: %d row%s no curve name (first: line %d) while other rows name one (e.g."
                    + " '%s'): %s fitted as the curve '%s'; fill in the curve column of every"
                    + " row",
                name,
                unnamed,
                unnamed == 1 ? " has" : "s have",
                firstUnnamed,
                named,
                unnamed == 1 ? "it is" : "they are",
                ResultsTable.DEFAULT_CURVE));
      }
      if (shortRows > 0) {
        table.warn(
            String.format(
                Locale.ROOT,
                "%s: %d row%s fewer cells than the header (first: %s): the missing cells are read"
                    + " as empty; a cell left out of the middle of a row shifts the ones after it,"
                    + " so check %s and fill in every column",
                name,
                shortRows,
                shortRows == 1 ? " has" : "s have",
                firstShort,
                shortRows == 1 ? "that row" : "those rows"));
      }
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

  /**
   * The warning for a curve whose rows give other test-set sizes, or null when each curve gives one
   * (rows without a test size not counted). The answer is an accuracy on one fixed test set; models
   * scored on other test sets (a test set of "the images not drawn for training", which shrinks as
   * the size grows, or two evaluations joined) differ by that set too, which the fit takes for the
   * effect of the training-set size.
   */
  private static String mixedTestSizes(List<Read> read, String name, boolean named) {
    Map<String, Read> first = new HashMap<>();
    Read[] mixed = null;
    int curves = 0;
    java.util.Set<String> counted = new java.util.HashSet<>();
    for (Read r : read) {
      if (r.testSize() <= 0) {
        continue;
      }
      Read f = first.putIfAbsent(r.curve(), r);
      if (f != null && f.testSize() != r.testSize() && counted.add(r.curve())) {
        curves++;
        if (mixed == null) {
          mixed = new Read[] {f, r};
        }
      }
    }
    if (mixed == null) {
      return null;
    }
    return String.format(
        Locale.ROOT,
        "%s: the models%s were scored on test sets of different sizes (%d on line %d, %d on line"
            + " %d)%s: a learning curve compares models on one fixed test set, and here part of"
            + " what changes between the accuracies is the test set, which the fit takes for the"
            + " effect of the training-set size; score every model on the same test set",
        name,
        // Without a curve column the table's one curve has no name of the table's own.
        named ? " of curve '" + mixed[0].curve() + "'" : "",
        mixed[0].testSize(),
        mixed[0].line(),
        mixed[1].testSize(),
        mixed[1].line(),
        curves > 1
            ? ", as were those of " + (curves - 1) + " other curve" + (curves > 2 ? "s" : "")
            : "");
  }

  /**
   * The warning for a repeat far from the other repeats at its size (an accuracy of 0 among 0.87s:
   * a model that failed to train, or a typo), or null for none. The row is fitted as measured; the
   * warning names its line, since the fit's own warnings (a curve missing the means) name only a
   * size, often another one. Far: more than {@value #STRAY_POINTS} from the median of the others
   * and more than {@value #STRAY_SPREADS} times their range, with at least two others. No repeat of
   * the 1,104 sizes with three or more repeats in the corpus of real curves is that far (the
   * farthest real ones: 18 points off at 6 times the others' range, 38 points at 2.5 times).
   */
  private static String strayRepeat(
      List<Read> read, String name, String column, boolean journaled) {
    Map<List<Object>, List<Read>> bySize = new LinkedHashMap<>();
    for (Read r : read) {
      bySize.computeIfAbsent(List.of(r.curve(), r.size()), k -> new ArrayList<>()).add(r);
    }
    Read first = null;
    double[] firstOthers = null;
    int count = 0;
    for (List<Read> group : bySize.values()) {
      if (group.size() < 3) {
        continue;
      }
      for (Read r : group) {
        double[] others =
            group.stream().filter(o -> o != r).mapToDouble(Read::value).sorted().toArray();
        int k = others.length;
        double median = k % 2 == 1 ? others[k / 2] : (others[k / 2 - 1] + others[k / 2]) / 2;
        double off = Math.abs(r.value() - median);
        // On a test set of a few images one image moves the accuracy by 20 points or more (1/3 of
        // 3): a repeat two images from the others is the test set's noise, not a failed model.
        boolean fewImages = r.testSize() > 0 && off <= 2.0 / r.testSize();
        if (off > STRAY_POINTS && off > STRAY_SPREADS * (others[k - 1] - others[0]) && !fewImages) {
          if (count++ == 0) {
            first = r;
            firstOthers = others;
          }
        }
      }
    }
    if (first == null) {
      return null;
    }
    return String.format(
        Locale.ROOT,
        "%s:%d: %s %s at size %.0f lies far from the other %d repeats at that size (%s to %s)%s:"
            + (journaled
                ? " a model whose training went astray? It is fitted as measured; more --repeats"
                    + " at that size lessen its weight"
                : " a model that failed to train, or a typo? It is fitted as measured; fix or"
                    + " remove the row if it is not a real result"),
        name,
        first.line(),
        column,
        Percent.fraction(first.value()),
        first.size(),
        firstOthers.length,
        Percent.fraction(firstOthers[0]),
        Percent.fraction(firstOthers[firstOthers.length - 1]),
        count > 1
            ? ", and "
                + (count - 1)
                + " other row"
                + (count > 2 ? "s are" : " is")
                + " as far from theirs"
            : "");
  }

  /** A repeat this far from the others' median ... */
  static final double STRAY_POINTS = 0.2;

  /** ... and this many times their range is warned about ({@link #strayRepeat}). */
  static final double STRAY_SPREADS = 5;

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
