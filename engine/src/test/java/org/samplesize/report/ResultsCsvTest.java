package org.samplesize.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.samplesize.InvalidInputException;
import org.samplesize.fit.CurveData;
import org.samplesize.fit.Examples;
import org.samplesize.fit.FitOptions;
import org.samplesize.fit.LearningCurveFitter;
import org.samplesize.fit.ResultsTable;

class ResultsCsvTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  @Test
  void readsTheRecipeTable() {
    ResultsTable t = ResultsCsv.read(Examples.recipeCsv());
    assertEquals(20, t.rows().size());
    assertEquals(1, t.curves().size());
    CurveData c = t.curves().get(0);
    assertEquals(ResultsTable.DEFAULT_CURVE, c.name());
    assertEquals(4, c.sizeCount());
    assertEquals(0.80710, c.mean(0), 1e-12);
    assertEquals(1651, c.largestSize(), 0);
    assertEquals(2, t.rows().get(0).line());
  }

  /**
   * An accuracy of 0 among repeats near 0.87 (a model that failed to train) is fitted as measured,
   * and the fit's own warning names only a size: the reader names the row. Repeats that merely
   * spread (a real small-sample curve) are not warned about, nor a size with only two repeats.
   */
  @Test
  void aRepeatFarFromTheOthersAtItsSizeIsNamedByItsLine() throws IOException {
    Path p =
        write(
            "failed.csv",
            "size,repeat,accuracy\n"
                + "50,0,0\n50,1,0.87\n50,2,0.868\n50,3,0.88\n"
                + "100,0,0.9\n100,1,0.91\n100,2,0.89\n"
                + "200,0,1\n200,1,0.93\n200,2,0.94\n");
    List<String> w = ResultsCsv.read(p).warnings();
    assertEquals(
        List.of(
            p
                + ":2: accuracy 0 at size 50 lies far from the other 3 repeats at that size (0.868"
                + " to 0.88): a model that failed to train, or a typo? It is fitted as measured;"
                + " fix or remove the row if it is not a real result"),
        w);
    // The farthest repeat of the corpus of real curves: 18 points off, 6 times the others' range.
    Path real =
        write(
            "real.csv",
            "size,repeat,accuracy\n8,0,0.684211\n8,1,0.865497\n8,2,0.877193\n8,3,0.888889\n"
                + "8,4,0.894737\n16,0,0.9\n16,1,0.91\n16,2,0.0\n16,3,0.92\n"
                + "32,0,0.93\n32,1,0.2\n");
    List<String> r = ResultsCsv.read(real).warnings();
    assertEquals(1, r.size(), r.toString());
    assertTrue(r.get(0).startsWith(real + ":9: accuracy 0 at size 16 "), r.get(0));
    assertTrue(r.get(0).contains("(0.9 to 0.92):"), r.get(0));
    // On 3 test images one image is 33 points: 0.333 among 0.667s is one image, not a failed
    // model; 0 among 1s on 10 test images is ten.
    Path few =
        write(
            "few.csv",
            "size,repeat,accuracy,test_size\n"
                + "8,0,0.333333,3\n8,1,0.666667,3\n8,2,0.666667,3\n8,3,0.666667,3\n"
                + "16,0,0,10\n16,1,1,10\n16,2,1,10\n");
    List<String> f = ResultsCsv.read(few).warnings();
    assertEquals(1, f.stream().filter(x -> x.contains("lies far from")).count(), f.toString());
    assertTrue(
        f.stream().anyMatch(x -> x.startsWith(few + ":6: accuracy 0 at size 16 ")), f.toString());
  }

  /**
   * Models scored on test sets of other sizes (the images not drawn for training, a test set that
   * shrinks as the size grows) are not on one fixed test set: warned, naming the curve and the
   * lines. Rows without a test size, and curves that differ from each other, are not.
   */
  @Test
  void aCurveScoredOnTestSetsOfDifferentSizesIsWarnedAbout() throws IOException {
    Path p =
        write(
            "shrinking.csv",
            "curve,size,accuracy,test_size\n"
                + "a,100,0.5,900\n"
                + "a,100,0.52,\n"
                + "a,200,0.6,800\n"
                + "b,100,0.5,900\n"
                + "b,200,0.6,800\n"
                + "c,100,0.5,500\n"
                + "c,200,0.6,500\n");
    List<String> w = ResultsCsv.read(p).warnings();
    assertEquals(1, w.size(), w.toString());
    assertTrue(
        w.get(0)
            .startsWith(
                p
                    + ": the models of curve 'a' were scored on test sets of different sizes (900"
                    + " on line 2, 800 on line 4), as were those of 1 other curve: "),
        w.get(0));
    Path same =
        write(
            "same.csv",
            "curve,size,accuracy,test_size\na,100,0.5,900\na,200,0.6,900\nb,100,0.5,40\n"
                + "b,200,0.6,\n");
    assertEquals(List.of(), ResultsCsv.read(same).warnings());
    // A table without a curve column names no curve: it read "the models of curve 'default'", a
    // name the table does not hold.
    Path one = write("one.csv", "size,accuracy,test_size\n100,0.5,900\n200,0.6,800\n");
    List<String> o = ResultsCsv.read(one).warnings();
    assertEquals(1, o.size(), o.toString());
    assertTrue(
        o.get(0)
            .startsWith(
                one
                    + ": the models were scored on test sets of different sizes (900 on line 2, 800"
                    + " on line 3): "),
        o.get(0));
  }

  /**
   * A spreadsheet saves the rows below its data that were once touched as {@code ,,,}: they hold
   * nothing, as a blank line, and were refused as an empty size. A row with some cells filled is
   * still refused by its empty cell.
   */
  @Test
  void rowsWithEveryCellEmptyAreSkippedAsBlankLines() throws IOException {
    Path p =
        write(
            "sheet.csv",
            "size,repeat,accuracy\n100,0,0.5\n100,1,0.52\n,,\n200,0,0.6\n200,1,0.62\n,,\n , ,\n");
    ResultsTable t = ResultsCsv.read(p);
    assertEquals(4, t.rows().size());
    assertEquals(5, t.rows().get(2).line(), "lines are still counted");
    assertEquals(List.of(), t.warnings());
    Path half = write("half.csv", "size,repeat,accuracy\n100,0,0.5\n200,0,0.6\n,1,\n");
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> ResultsCsv.read(half));
    assertTrue(
        e.getMessage().contains("half.csv:4: column 'size' (1): empty cell"), e.getMessage());
  }

  /**
   * A run whose drawn images did not all decode writes each model's real size, so one fraction's
   * repeats differ by an image or two: they are fitted as repeats at the fraction's mean size, not
   * as single rows (no size had repeats, so no interval).
   */
  @Test
  void aFractionsRepeatsOfSlightlyDifferentSizesAreRepeatsAtTheirMeanSize() throws IOException {
    Path p =
        write(
            "results.csv",
            "curve,fraction,size,repeat,accuracy,test_size\n"
                + "head,0.1,7,0,0.50,40\n"
                + "head,0.1,5,1,0.45,40\n"
                + "head,0.1,6,2,0.55,40\n"
                + "head,0.25,13,0,0.60,40\n"
                + "head,0.25,12,1,0.62,40\n"
                + "head,0.25,14,2,0.58,40\n"
                + "head,0.5,28,0,0.70,40\n"
                + "head,0.5,28,1,0.72,40\n"
                + "head,0.5,28,2,0.71,40\n");
    ResultsTable t = ResultsCsv.read(p);
    CurveData c = t.curves().get(0);
    assertEquals(3, c.sizeCount(), "one size a fraction");
    assertEquals(
        List.of(6.0, 13.0, 28.0), t.rows().stream().map(r -> r.size()).distinct().toList());
    assertEquals(0.50, c.mean(0), 1e-12);
    assertEquals(1, t.warnings().size(), t.warnings().toString());
    assertTrue(
        t.warnings()
            .get(0)
            .contains("fraction 0.1: 5–7, taken as 6; fraction 0.25: 12–14, taken as 13"),
        t.warnings().get(0));
    // Sizes that agree within each fraction (every image decoded): no warning, sizes as written.
    Path same =
        write(
            "same.csv",
            "curve,fraction,size,accuracy\nhead,0.1,7,0.5\nhead,0.1,7,0.6\n"
                + "head,0.5,30,0.7\nhead,0.5,30,0.72\n");
    assertEquals(List.of(), ResultsCsv.read(same).warnings());
  }

  @Test
  void readsTheRunnersResultsCsvAsItIsAndSelectsMetrics() throws IOException {
    Path p =
        write(
            "results.csv",
            "curve,fraction,size,repeat,accuracy,auc,roc_auc,macro_f1,test_size,seconds\n"
                + "head,0.05,165,0,0.82,0.95,0.95,0.80,367,1.2\n"
                + "head,0.05,165,1,0.80,0.94,0.94,0.79,367,1.1\n"
                + "head,0.1,330,0,0.86,0.97,0.97,0.85,367,1.9\n"
                + "tail,0.05,165,0,0.84,0.96,0.96,0.83,367,5.0\n"
                + "tail,0.1,330,0,0.88,0.98,0.98,0.87,367,9.1\n");
    ResultsTable acc = ResultsCsv.read(p);
    assertEquals(2, acc.curves().size());
    assertEquals("head", acc.curves().get(0).name());
    assertEquals(367, acc.curves().get(0).testSizes(0)[1]);
    ResultsTable f1 = ResultsCsv.read(p, "macro_f1");
    assertEquals("macro_f1", f1.metric());
    assertEquals(0.795, f1.curves().get(0).mean(0), 1e-12);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "missing column   | size,acc\\n100,0.5\\n200,0.6\\n              | :1: no column 'accuracy'",
        "non-numeric cell | size,accuracy\\n100,0.5\\n200,abc\\n         | :3: column 'accuracy' (2): 'abc' is not a number",
        "empty cell       | size,accuracy\\n100,0.5\\n200,\\n            | :3: column 'accuracy' (2): empty cell",
        "float suffix     | size,accuracy\\n100,0.5\\n200,0.9f\\n        | :3: column 'accuracy' (2): '0.9f' is not a number: a type suffix (f, d) is not read; write 0.9",
        "double suffix    | size,accuracy\\n100,0.5\\n200,0.9d\\n        | :3: column 'accuracy' (2): '0.9d' is not a number: a type suffix (f, d) is not read; write 0.9",
        "hex float        | size,accuracy\\n100,0.5\\n200,0x1p-1\\n      | :3: column 'accuracy' (2): '0x1p-1' is not a number: hexadecimal is not read; write it in decimal, 0.5",
        "size suffix      | size,accuracy\\n100,0.5\\n200f,0.6\\n        | :3: column 'size' (1): '200f' is not a number: a type suffix (f, d) is not read; write 200",
        "underscores      | size,accuracy\\n100,0.5\\n1_000,0.6\\n       | :3: column 'size' (1): '1_000' is not a number: write it without '_', 1000",
        "NaN              | size,accuracy\\n100,NaN\\n200,0.6\\n         | :2: column 'accuracy' (2): 'NaN' is not a finite number",
        "infinity         | size,accuracy\\n100,0.5\\nInfinity,0.6\\n    | :3: column 'size' (1): 'Infinity' is not a finite number",
        "accuracy > 1     | size,accuracy\\n100,0.5\\n200,91\\n          | :3: column 'accuracy' (2): 91 is outside [0, 1]; write the metric as a fraction (0.91, not 91)",
        "accuracy 1.01    | size,accuracy\\n100,0.5\\n200,1.01\\n        | :3: column 'accuracy' (2): 1.01 is outside [0, 1]: a fraction is at most 1; correct the value (a typo?)",
        "negative acc     | size,accuracy\\n100,-0.1\\n200,0.5\\n        | :2: column 'accuracy' (2): -0.1 is outside [0, 1]: a fraction is at least 0; correct the value (a typo?)",
        "size zero        | size,accuracy\\n0,0.5\\n200,0.6\\n           | :2: column 'size' (1): size 0 must be positive",
        "negative size    | size,accuracy\\n100,0.5\\n-5,0.6\\n          | :3: column 'size' (1): size -5 must be positive",
        "one size         | size,accuracy\\n100,0.5\\n100,0.6\\n         | :2: column 'size': curve 'default' has only one distinct size (100)",
        "bad test_size    | size,accuracy,test_size\\n100,0.5,1.5\\n200,0.6,3\\n | :2: column 'test_size' (3): 1.5 is not a positive whole number",
        "short row        | size,curve,accuracy\\n100,a,0.5\\n200\\n      | :3: the row has 1 fields, the header has 3",
        "long row         | size,accuracy\\n100,0.7,5\\n200,0.8\\n      | :2: the row has 3 fields, the header has 2",
        "empty file       | ''                                           | no column 'size'",
      })
  void badInputNamesFileLineAndColumn(String label, String text, String expected)
      throws IOException {
    Path p = write("bad.csv", text.strip().replace("\\n", "\n").replace("''", ""));
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> ResultsCsv.read(p));
    assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
    assertTrue(e.getMessage().contains(expected.strip()), label + ": " + e.getMessage());
    assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
  }

  /**
   * A semicolon-separated file said only "no column 'size'; the header has: size;accuracy", and a
   * folder "cannot read: Is a directory".
   */
  @Test
  void anotherSeparatorOrAFolderIsSaidInPlainWords() throws IOException {
    Path semi = write("semi.csv", "size;accuracy\n100;0.5\n200;0.6\n");
    assertEquals(
        semi
            + ":1: no column 'size'; the header has: size;accuracy; the file must be"
            + " comma-separated, and this one looks separated by ';'",
        assertThrows(InvalidInputException.class, () -> ResultsCsv.read(semi)).getMessage());
    Path tabs = write("tabs.csv", "size\taccuracy\n100\t0.5\n");
    assertTrue(
        assertThrows(InvalidInputException.class, () -> ResultsCsv.read(tabs))
            .getMessage()
            .endsWith("looks separated by tabs"));

    Path run = java.nio.file.Files.createDirectories(dir.resolve("run"));
    assertEquals(
        run
            + " is a folder, not a results table: give a CSV file (run writes results.csv in its"
            + " --out folder)",
        assertThrows(InvalidInputException.class, () -> ResultsCsv.read(run)).getMessage());
    Files.writeString(run.resolve("results.csv"), "size,accuracy\n100,0.5\n200,0.6\n");
    assertEquals(
        run + " is a folder: give the results.csv inside it: " + run.resolve("results.csv"),
        assertThrows(InvalidInputException.class, () -> ResultsCsv.read(run)).getMessage());
  }

  @Test
  void excelsByteOrderMarkIsNotPartOfTheFirstColumnName() throws IOException {
    Path p = write("bom.csv", "\uFEFFsize,accuracy\n100,0.5\n200,0.6\n");
    ResultsTable t = ResultsCsv.read(p);
    assertEquals(2, t.curves().get(0).sizeCount());
  }

  /**
   * A results table in Latin-1 or UTF-16 said "cannot read: Input length = 1"; one with a line of
   * gigabytes ended in an OutOfMemoryError. Now: the encoding and the line, and a line over the
   * limit is refused without the parser building it.
   */
  @Test
  void aTableThatIsNotUtf8OrHasAHugeLineIsRefusedWithTheLine() throws IOException {
    Path latin1 = dir.resolve("latin1.csv");
    Files.write(
        latin1, "size,accuracy,note\n100,0.5,ok\n200,0.6,caf\u00e9\n".getBytes("ISO-8859-1"));
    assertEquals(
        latin1 + ":3: not UTF-8 text (byte 0xE9 at column 12); save the file as UTF-8",
        assertThrows(InvalidInputException.class, () -> ResultsCsv.read(latin1)).getMessage());

    Path utf16 = dir.resolve("utf16.csv");
    Files.write(
        utf16, "size,accuracy\n100,0.5\n".getBytes(java.nio.charset.StandardCharsets.UTF_16));
    assertEquals(
        utf16
            + ": UTF-16 (big-endian) text (it starts with that encoding's byte order mark), not"
            + " UTF-8; save the file as UTF-8",
        assertThrows(InvalidInputException.class, () -> ResultsCsv.read(utf16)).getMessage());

    Path huge = dir.resolve("huge.csv");
    byte[] digits = new byte[org.samplesize.io.TextFiles.MAX_LINE_BYTES + 1];
    java.util.Arrays.fill(digits, (byte) '1');
    Files.write(huge, "size,accuracy\n100,0.5\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Files.write(huge, digits, java.nio.file.StandardOpenOption.APPEND);
    digits = null;
    String expected =
        huge
            + ":3: a line longer than 1 MiB (1,048,576 bytes), the limit for one line: is this the"
            + " right file?";
    assertEquals(
        expected,
        assertThrows(InvalidInputException.class, () -> ResultsCsv.read(huge)).getMessage());
    // Refused while streaming: far less allocated than the line (the parser built it whole).
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long before = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
    assertThrows(InvalidInputException.class, () -> ResultsCsv.read(huge));
    long allocated = mx.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
    assertTrue(
        allocated < org.samplesize.io.TextFiles.MAX_LINE_BYTES / 4, "allocated " + allocated);
  }

  @Test
  void anUnclosedQuoteIsReportedWhereItOpens() throws IOException {
    Path p = write("q.csv", "size,curve,accuracy\n100,\"a,0.5\n200,b,0.6\n300,b,0.7\n");
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> ResultsCsv.read(p));
    assertTrue(e.getMessage().startsWith(p + ":2: a quoted field starts"), e.getMessage());
  }

  @Test
  void quotedFieldsSpanningLinesAreNotMistakenForUnclosedOnes() throws IOException {
    Path p = write("ok.csv", "size,curve,accuracy\n100,\"a\nb \"\"x\"\"\",0.5\n");
    assertEquals(0, ResultsCsvReader.unclosedQuoteLine(p));
    Path bad = write("bad2.csv", "size,curve,accuracy\n100,\"a\"\"\n,0.5\n");
    assertEquals(2, ResultsCsvReader.unclosedQuoteLine(bad));
  }

  @Test
  void duplicateColumnNamesIgnoringCaseAreAnErrorNamingBoth() throws IOException {
    Path p = write("dup.csv", "size,accuracy,Accuracy\n100,0.5,0.9\n200,0.6,0.9\n");
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> ResultsCsv.read(p));
    assertTrue(
        e.getMessage()
            .startsWith(p + ":1: columns 'accuracy' (2) and 'Accuracy' (3) have the same name"),
        e.getMessage());
  }

  @Test
  void missingFileIsAUserError() {
    Path p = dir.resolve("nope.csv");
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> ResultsCsv.read(p));
    assertTrue(e.getMessage().startsWith(p + ": no such file"), e.getMessage());
  }

  /**
   * A header with a typo ("acuracy") or other names ("n") said what was missing but not what to do;
   * the message now says which name the column needs, or which flag picks another column.
   */
  @Test
  void aMissingColumnSaysWhatToDo() throws IOException {
    Path typo = write("typo.csv", "size,acuracy\n100,0.5\n200,0.6\n");
    assertEquals(
        typo
            + ":1: no column 'accuracy'; the header has: size, acuracy; name the metric's column"
            + " 'accuracy', or name the column to fit with --metric",
        assertThrows(InvalidInputException.class, () -> ResultsCsv.read(typo)).getMessage());
    Path n = write("n.csv", "n,accuracy\n100,0.5\n200,0.6\n");
    assertEquals(
        n
            + ":1: no column 'size'; the header has: n, accuracy; name the column of training-set"
            + " sizes 'size'",
        assertThrows(InvalidInputException.class, () -> ResultsCsv.read(n)).getMessage());
    assertTrue(
        assertThrows(InvalidInputException.class, () -> ResultsCsv.read(typo, "f1"))
            .getMessage()
            .endsWith(
                "no column 'f1' (chosen with --metric); the header has: size, acuracy; give"
                    + " --metric the name of a column of the header"));
  }

  @Test
  void missingMetricColumnMentionsTheFlag() throws IOException {
    Path p = write("m.csv", "size,accuracy\n100,0.5\n200,0.6\n");
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> ResultsCsv.read(p, "macro_f1"));
    assertTrue(
        e.getMessage().contains("no column 'macro_f1' (chosen with --metric)"), e.getMessage());
    assertTrue(e.getMessage().contains("size, accuracy"), e.getMessage());
  }

  @Test
  void aModelIdThatAppearsTwiceIsRefusedWithBothLines() throws IOException {
    String header = "curve,size,accuracy,id\n";
    String rows = "head,10,0.5,head/f0.1/r0\nhead,10,0.6,head/f0.1/r1\nhead,20,0.7,head/f0.2/r0\n";
    // Distinct ids (and equal accuracies under distinct ids) are fine.
    assertEquals(3, ResultsCsv.read(write("ok.csv", header + rows)).rows().size());
    assertEquals(
        3,
        ResultsCsv.read(write("same.csv", header + "head,10,0.5,a\nhead,10,0.5,b\nhead,20,0.7,c\n"))
            .rows()
            .size());
    Path twice = write("twice.csv", header + rows + rows);
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> ResultsCsv.read(twice));
    assertTrue(
        e.getMessage().contains("model id 'head/f0.1/r0' is on line 2 and again on line 5"),
        e.getMessage());
    assertTrue(e.getMessage().startsWith(twice + ":5: column 'id'"), e.getMessage());
    // With a seed column, the same ids from a run with another seed are other models.
    String seeded = "curve,size,accuracy,id,seed\n";
    String run1 = "head,10,0.5,head/f0.1/r0,1\nhead,20,0.7,head/f0.2/r0,1\n";
    String run2 = "head,10,0.6,head/f0.1/r0,2\nhead,20,0.8,head/f0.2/r0,2\n";
    assertEquals(4, ResultsCsv.read(write("seeds.csv", seeded + run1 + run2)).rows().size());
    Path again = write("again.csv", seeded + run1 + run1);
    InvalidInputException e2 =
        assertThrows(InvalidInputException.class, () -> ResultsCsv.read(again));
    assertTrue(
        e2.getMessage().contains("model id 'head/f0.1/r0' with seed 1 is on line 2 and again on"),
        e2.getMessage());
  }

  @Test
  void theRowOrderOfATableWithARepeatColumnDoesNotChangeTheAnswer() throws IOException {
    // The recipe's table in a shuffled row order: the bootstrap draws repeats by position, so
    // without ordering by the repeat column its interval ends moved at the bootstrap's noise.
    List<String> lines = Files.readAllLines(Examples.recipeCsv());
    List<String> rows = new ArrayList<>(lines.subList(1, lines.size()));
    Collections.shuffle(rows, new Random(7));
    rows.add(0, lines.get(0));
    Path shuffled = write("shuffled.csv", String.join("\n", rows) + "\n");
    ResultsTable a = ResultsCsv.read(Examples.recipeCsv());
    ResultsTable b = ResultsCsv.read(shuffled);
    CurveData ca = a.curves().get(0);
    CurveData cb = b.curves().get(0);
    for (int i = 0; i < ca.sizeCount(); i++) {
      assertArrayEquals(ca.values(i), cb.values(i), "size " + ca.size(i));
    }
    LearningCurveFitter fitter = new LearningCurveFitter(FitOptions.defaults());
    assertArrayEquals(
        fitter.fit(ca).interval(3303), fitter.fit(cb).interval(3303), "interval at 3303");
  }

  @Test
  void repeatsAreOrderedByNumberFirstThenByText() throws IOException {
    Path p =
        write(
            "r.csv",
            "size,repeat,accuracy\n"
                + "100,b,0.5\n100,10,0.4\n100,2,0.3\n100,a,0.6\n"
                + "200,1,0.8\n200,0,0.7\n");
    CurveData c = ResultsCsv.read(p).curves().get(0);
    assertArrayEquals(new double[] {0.3, 0.4, 0.6, 0.5}, c.values(0));
    assertArrayEquals(new double[] {0.7, 0.8}, c.values(1));
  }

  @Test
  void withoutARepeatColumnTheFileOrderIsKept() throws IOException {
    Path p = write("n.csv", "size,accuracy\n100,0.5\n100,0.3\n200,0.8\n200,0.7\n");
    CurveData c = ResultsCsv.read(p).curves().get(0);
    assertArrayEquals(new double[] {0.5, 0.3}, c.values(0));
  }

  /**
   * A table saved by pandas' to_csv starts with an unnamed index column, and the reader said only
   * "bad header: A header name is missing in [, size, ...]"; a table without a header said that
   * column 'size' was missing, with its numbers as the header.
   */
  @Test
  void anUnnamedColumnOrAHeaderOfNumbersSaysWhatToDo() throws IOException {
    Path pandas = write("pandas.csv", ",size,accuracy\n0,100,0.5\n1,200,0.6\n");
    assertEquals(
        pandas
            + ":1: column 1 has no name in the header (,size,accuracy); pandas' to_csv writes its"
            + " row index so: save with index=False; name every column",
        assertThrows(InvalidInputException.class, () -> ResultsCsv.read(pandas)).getMessage());
    Path middle = write("middle.csv", "size,,accuracy\n100,x,0.5\n200,y,0.6\n");
    assertEquals(
        middle + ":1: column 2 has no name in the header (size,,accuracy); name every column",
        assertThrows(InvalidInputException.class, () -> ResultsCsv.read(middle)).getMessage());
    Path bare = write("bare.csv", "100,0,0.5\n100,1,0.55\n200,0,0.6\n");
    assertEquals(
        bare
            + ":1: no column 'size'; the header has: 100, 0, 0.5; the first line must be the"
            + " header naming the columns, e.g. size,repeat,accuracy, and this one holds numbers",
        assertThrows(InvalidInputException.class, () -> ResultsCsv.read(bare)).getMessage());
  }

  /**
   * Two learners' rows told apart by a 'model' column (where 'curve' was meant) were pooled into
   * one curve without a word, each learner's accuracies taken as repeats of the other's.
   */
  @Test
  void aTextColumnThatSplitsACurveIntoGroupsIsWarnedAbout() throws IOException {
    String rows =
        "logreg,100,0,0.70\nlogreg,100,1,0.72\nlogreg,200,0,0.80\nlogreg,200,1,0.81\n"
            + "svc,100,0,0.50\nsvc,100,1,0.52\nsvc,200,0,0.75\nsvc,200,1,0.74\n";
    Path model = write("model.csv", "model,size,repeat,accuracy\n" + rows);
    ResultsTable t = ResultsCsv.read(model);
    assertEquals(1, t.curves().size());
    assertEquals(
        List.of(
            model
                + ": column 'model' holds 2 values (logreg, svc), each at several sizes, and fit does"
                + " not read it: their rows are fitted as one curve, as repeats of one model; if"
                + " they are different models or settings, name that column 'curve' to fit one"
                + " curve for each"),
        t.warnings());
    Path curve = write("curve.csv", "curve,size,repeat,accuracy\n" + rows);
    assertEquals(2, ResultsCsv.read(curve).curves().size());
    assertEquals(List.of(), ResultsCsv.read(curve).warnings());
    Path inCurve =
        write(
            "incurve.csv",
            "curve,learner,size,accuracy\n"
                + "head,a,100,0.7\nhead,b,100,0.5\nhead,a,200,0.8\nhead,b,200,0.75\n");
    List<String> w = ResultsCsv.read(inCurve).warnings();
    assertEquals(1, w.size(), w.toString());
    assertTrue(
        w.get(0)
            .endsWith("write them into the 'curve' column (e.g. head-a) to fit one curve for each"),
        w.toString());
    // Two such columns (a learner and a curve id) are one warning naming both; it was one each.
    Path two =
        write(
            "two.csv",
            "learner,curve_id,size,accuracy\n"
                + "head,h1,100,0.7\nhead,h1,200,0.8\ntune,t1,100,0.6\ntune,t1,200,0.85\n");
    assertEquals(
        List.of(
            two
                + ": columns 'learner' (2 values: head, tune) and 'curve_id' (2 values: h1, t1)"
                + " each hold values at several sizes, and fit reads neither: their rows are"
                + " fitted as one curve, as repeats of one model; if they are different models"
                + " or settings, name one of them 'curve' to fit one curve for each"),
        ResultsCsv.read(two).warnings());
    Path three =
        write(
            "three.csv",
            "curve,learner,curve_id,run,size,accuracy\n"
                + "c,head,h1,a,100,0.7\nc,head,h1,a,200,0.8\nc,tune,t1,b,100,0.6\n"
                + "c,tune,t1,b,200,0.85\n");
    List<String> w3 = ResultsCsv.read(three).warnings();
    assertEquals(1, w3.size(), w3.toString());
    assertTrue(
        w3.get(0)
            .startsWith(
                three
                    + ": columns 'learner' (2 values: head, tune), 'curve_id' (2 values: h1, t1)"
                    + " and 'run' (2 values: a, b) each hold values at several sizes, and fit"
                    + " reads none of them"),
        w3.toString());
    assertTrue(
        w3.get(0)
            .endsWith(
                "write them into the 'curve' column (e.g. head-head) to fit one curve for each"),
        w3.toString());
    // Not warned: numbers (seeds), a value per row (an id, a time), run's own columns.
    Path quiet =
        write(
            "quiet.csv",
            "size,accuracy,seed,when,backend\n"
                + "100,0.7,1,t1,cpu\n100,0.72,2,t2,cuda\n200,0.8,1,t3,cpu\n200,0.81,2,t4,cuda\n");
    assertEquals(List.of(), ResultsCsv.read(quiet).warnings());
  }

  @Test
  void twoRunsJoinedAreOrderedBySeedWithinARepeatNumber() throws IOException {
    // Repeats 0 and 1 of two seeds: the repeat numbers tie, the seed orders them.
    String header = "size,repeat,seed,accuracy\n";
    String[] rows = {
      "100,0,7,0.51", "100,1,7,0.52", "100,0,9,0.53", "100,1,9,0.54",
      "200,0,7,0.71", "200,1,7,0.72", "200,0,9,0.73", "200,1,9,0.74"
    };
    List<String> shuffled = new ArrayList<>(List.of(rows));
    Collections.shuffle(shuffled, new Random(3));
    CurveData a = ResultsCsv.read(write("a.csv", header + String.join("\n", rows))).curves().get(0);
    CurveData b =
        ResultsCsv.read(write("b.csv", header + String.join("\n", shuffled))).curves().get(0);
    assertArrayEquals(new double[] {0.51, 0.53, 0.52, 0.54}, a.values(0));
    assertArrayEquals(a.values(0), b.values(0));
    assertArrayEquals(a.values(1), b.values(1));
  }

  /**
   * Rows whose curve cell was left empty were fitted as the curve 'default', beside the curves the
   * other rows name, or merged into a curve the file calls 'default', without a word. A warning now
   * names them; a curve column empty in every row is one curve, as before.
   */
  @Test
  void rowsWithoutACurveNameBesideNamedCurvesAreWarnedAbout() throws IOException {
    Path p =
        write(
            "mixed.csv",
            "curve,size,accuracy\na,100,0.5\na,200,0.6\n,400,0.7\ndefault,100,0.4\n"
                + "default,200,0.5\n ,800,0.8\n");
    ResultsTable t = ResultsCsv.read(p);
    assertEquals(
        List.of(
            p
                + ": 2 rows have no curve name (first: line 4) while other rows name one (e.g."
                + " 'a'): they are fitted as the curve 'default'; fill in the curve column of every"
                + " row"),
        t.warnings());
    Path blank = write("blank.csv", "curve,size,accuracy\n,100,0.5\n,200,0.6\n");
    assertEquals(List.of(), ResultsCsv.read(blank).warnings());
  }

  /**
   * A row short of its last cells (a test_size left out) was read without a word, its test size
   * unknown; a cell left out of the middle would shift the rest. Said now, once for the table.
   */
  @Test
  void rowsShortOfTheirLastCellsAreSaid() throws IOException {
    Path p =
        write(
            "short.csv",
            "size,repeat,accuracy,test_size\n50,0,0.6,200\n50,1,0.62,200\n100,0,0.7,200\n"
                + "100,1,0.71\n200,0,0.78,200\n200,1,0.77\n");
    List<String> w = ResultsCsv.read(p).warnings();
    assertEquals(
        List.of(
            p
                + ": 2 rows have fewer cells than the header (first: line 5 has 3 of the header's 4"
                + " cells, no test_size): the missing cells are read as empty; a cell left out of"
                + " the middle of a row shifts the ones after it, so check those rows and fill in"
                + " every column"),
        w);
    Path whole = write("whole.csv", "size,accuracy,test_size\n50,0.6,200\n100,0.7,200\n");
    assertEquals(List.of(), ResultsCsv.read(whole).warnings());
  }
}
