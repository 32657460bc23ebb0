package org.samplesize.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.InvalidInputException;
import org.samplesize.classes.ClassTable;
import org.samplesize.io.AtomicFiles;

/** The per-class columns of results.csv, written and read back. */
class PerClassCsvTest {
  @TempDir Path dir;

  private static ResultsCsv.Row row(int repeat, ResultsCsv.PerClass pc) {
    return new ResultsCsv.Row(
        "head",
        0.5,
        10,
        repeat,
        0.8,
        0.9,
        0.9,
        0.8,
        20,
        0.5,
        3,
        2,
        7,
        "cpu",
        1L + repeat,
        "h",
        "head/f0.5/r" + repeat,
        pc);
  }

  private Path write(List<ResultsCsv.Row> rows) throws Exception {
    Path file = dir.resolve("results.csv");
    try (AtomicFiles.Batch b = AtomicFiles.batch()) {
      ResultsCsv.stage(rows, List.of("cat", "dog"), file, b);
      b.commit();
    }
    return file;
  }

  @Test
  void perClassColumnsRoundTrip() throws Exception {
    ResultsCsv.PerClass pc =
        new ResultsCsv.PerClass(
            List.of(4, 6), List.of(9, 11), List.of(0.5, 0.75), List.of(1.0, 0.6));
    Path file = write(List.of(row(0, pc)));
    String header = Files.readAllLines(file).get(0);
    assertTrue(
        header.endsWith(
            ",id,train_n[cat],train_n[dog],test_n[cat],test_n[dog],recall[cat],recall[dog],"
                + "precision[cat],precision[dog]"),
        header);
    ClassTable t = PerClassCsv.read(file);
    assertTrue(t.present(), t.missing());
    assertEquals(List.of("cat", "dog"), t.classes());
    ClassTable.Row r = t.rows().get(0);
    assertArrayEquals(new int[] {4, 6}, r.trainCount());
    assertArrayEquals(new int[] {9, 11}, r.testCount());
    assertArrayEquals(new double[] {0.5, 0.75}, r.recall());
    assertArrayEquals(new double[] {1.0, 0.6}, r.precision());
    assertEquals(0.5, r.fraction());
  }

  /** A spreadsheet's empty rows ({@code ,,,}) below the data are no model without figures. */
  @Test
  void rowsWithEveryCellEmptyAreSkipped() throws Exception {
    ResultsCsv.PerClass pc =
        new ResultsCsv.PerClass(
            List.of(4, 6), List.of(9, 11), List.of(0.5, 0.75), List.of(1.0, 0.6));
    Path file = write(List.of(row(0, pc), row(1, pc)));
    String header = Files.readAllLines(file).get(0);
    String empty = ",".repeat(header.split(",", -1).length - 1);
    Files.writeString(file, Files.readString(file) + empty + "\n" + empty + "\n");
    ClassTable t = PerClassCsv.read(file);
    assertTrue(t.present(), t.missing());
    assertEquals(2, t.rows().size());
  }

  @Test
  void modelsRecordedBeforePerClassFiguresLeaveThemMissingWithTheReason() throws Exception {
    ResultsCsv.PerClass pc =
        new ResultsCsv.PerClass(
            List.of(4, 6), List.of(9, 11), List.of(0.5, 0.75), List.of(1.0, 0.6));
    Path file = write(List.of(row(0, pc), row(1, null)));
    ClassTable t = PerClassCsv.read(file);
    assertFalse(t.present());
    assertTrue(t.missing().startsWith("1 of 2 models have no per-class figures"), t.missing());
    // No model with figures: no per-class columns at all.
    Path none = write(List.of(row(0, null)));
    assertFalse(Files.readAllLines(none).get(0).contains("recall["));
    assertTrue(PerClassCsv.read(none).missing().contains("no per-class columns"));
  }

  @Test
  void aClassWhoseRecallColumnIsMissingIsNamedNotDropped() throws Exception {
    // recall[b] removed (or misspelt 'recall [b]'): reading the table as one of class a alone
    // would drop b's share of the test set from every per-class answer and the labelling plan.
    for (String recallB : List.of("", ",recall [b]")) {
      Path file = dir.resolve("no-recall-b.csv");
      Files.writeString(
          file,
          "size,accuracy,train_n[a],train_n[b],test_n[a],test_n[b],recall[a]"
              + recallB
              + ",precision[a],precision[b]\n"
              + "10,0.5,5,5,5,5,0.5"
              + (recallB.isEmpty() ? "" : ",0.5")
              + ",0.5,0.5\n");
      ClassTable t = PerClassCsv.read(file);
      assertFalse(t.present());
      assertTrue(t.incomplete());
      assertEquals(List.of("a", "b"), t.classes());
      assertEquals("the table has train_n[b] but no column recall[b]", t.missing());
    }
  }

  @Test
  void aBadPerClassCellNamesTheLineAndColumn() throws Exception {
    Path file = dir.resolve("bad.csv");
    Files.writeString(
        file,
        "size,accuracy,train_n[a],test_n[a],recall[a],precision[a]\n"
            + "10,0.5,5,5,0.5,0.5\n"
            + "20,0.6,10,5,91,0.5\n");
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> PerClassCsv.read(file));
    assertTrue(e.getMessage().contains("bad.csv:3: column 'recall[a]' (5)"), e.getMessage());
    assertTrue(e.getMessage().endsWith("write it as a fraction (0.91, not 91)"), e.getMessage());
    // A recall of 1.01 is a fraction mistyped, not a percentage: as the accuracy column says it.
    Files.writeString(
        file,
        "size,accuracy,train_n[a],test_n[a],recall[a],precision[a]\n"
            + "10,0.5,5,5,0.5,0.5\n"
            + "20,0.6,10,5,1.01,0.5\n");
    e = assertThrows(InvalidInputException.class, () -> PerClassCsv.read(file));
    assertTrue(
        e.getMessage()
            .endsWith(
                "1.01 is outside [0, 1]: a fraction is at most 1; correct the value"
                    + " (a typo?)"),
        e.getMessage());
  }

  @Test
  void anEmptyPerClassCellIsCalledEmpty() throws Exception {
    Path file = dir.resolve("empty.csv");
    Files.writeString(
        file,
        "size,accuracy,train_n[a],train_n[b],test_n[a],test_n[b],recall[a],recall[b],"
            + "precision[a],precision[b]\n"
            + "10,0.5,5,0,5,0,0.5,,0.5,\n"
            + "20,0.6,10,0,5,0,0.6,,0.5,\n");
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> PerClassCsv.read(file));
    // it said "'' is not a finite number"
    assertEquals(
        file
            + ":2: column 'recall[b]' (8): empty cell; a number is needed (run writes 0 for a"
            + " class with no test image)",
        e.getMessage());
  }

  /**
   * A per-class cell and a results cell are read by one method ({@link ResultsCsv#number(String,
   * String, String)}): the same words for a number too large for a double.
   */
  @Test
  void aNonFiniteCellIsRefusedAsInTheResultsColumns() throws Exception {
    Path file = dir.resolve("huge.csv");
    Files.writeString(
        file,
        "size,accuracy,train_n[a],test_n[a],recall[a],precision[a]\n"
            + "10,0.5,5,5,0.5,0.5\n"
            + "20,0.6,10,5,0.6,1e400\n");
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> PerClassCsv.read(file));
    assertEquals(
        file + ":3: column 'precision[a]' (6): '1e400' is not a finite number", e.getMessage());
    Path results = dir.resolve("huge-results.csv");
    Files.writeString(results, "size,accuracy\n10,0.5\n20,1e400\n");
    e = assertThrows(InvalidInputException.class, () -> ResultsCsv.read(results));
    assertEquals(
        results + ":3: column 'accuracy' (2): '1e400' is not a finite number", e.getMessage());
  }

  /** Double.parseDouble read a recall of 0.6f and a count of 0x5. */
  @Test
  void javaNumberFormsInPerClassCellsAreRefusedWithTheCell() throws Exception {
    Path file = dir.resolve("java.csv");
    Files.writeString(
        file,
        "size,accuracy,train_n[a],test_n[a],recall[a],precision[a]\n"
            + "10,0.5,5,5,0.5,0.5\n"
            + "20,0.6,10,0x5,0.6f,0.5\n");
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> PerClassCsv.read(file));
    assertEquals(
        file
            + ":3: column 'test_n[a]' (4): '0x5' is not a number: hexadecimal is not read; write"
            + " it in decimal, 5",
        e.getMessage());
  }

  @Test
  void rowsComeInRepeatOrderWhateverTheFileOrder() throws Exception {
    ResultsCsv.PerClass a =
        new ResultsCsv.PerClass(
            List.of(4, 6), List.of(9, 11), List.of(0.1, 0.2), List.of(1.0, 1.0));
    ResultsCsv.PerClass b =
        new ResultsCsv.PerClass(
            List.of(4, 6), List.of(9, 11), List.of(0.3, 0.4), List.of(1.0, 1.0));
    ResultsCsv.PerClass c =
        new ResultsCsv.PerClass(
            List.of(4, 6), List.of(9, 11), List.of(0.5, 0.6), List.of(1.0, 1.0));
    Path file = write(List.of(row(0, a), row(1, b), row(2, c)));
    List<String> lines = Files.readAllLines(file);
    // Repeats 2, 0, 1 in the file: read back as 0, 1, 2, each with its own line number.
    Files.write(file, List.of(lines.get(0), lines.get(3), lines.get(1), lines.get(2)));
    List<ClassTable.Row> rows = PerClassCsv.read(file).rows();
    assertEquals(0.1, rows.get(0).recall()[0]);
    assertEquals(0.3, rows.get(1).recall()[0]);
    assertEquals(0.5, rows.get(2).recall()[0]);
    assertEquals(3, rows.get(0).line());
  }
}
