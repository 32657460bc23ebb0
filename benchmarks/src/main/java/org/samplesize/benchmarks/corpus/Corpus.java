package org.samplesize.benchmarks.corpus;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.samplesize.InvalidInputException;
import org.samplesize.fit.CurveData;

/**
 * Reads the corpus: every {@code NAME.curves.csv} in a folder with its {@code NAME.truth.csv}
 * (format in {@code corpus/README.md}). Checks what it reads and names the file and line of
 * anything wrong.
 */
public final class Corpus {
  private Corpus() {}

  /** Suffix of a curves table. */
  public static final String CURVES = ".curves.csv";

  /** Suffix of a truth table. */
  public static final String TRUTH = ".truth.csv";

  /**
   * Reads every table pair in a folder, in file-name order.
   *
   * @param folder the tables folder
   * @return the curves, in file order and, within a file, in first-appearance order
   * @throws InvalidInputException when the folder has no curves table, a table lacks its partner or
   *     a row is wrong
   */
  public static List<CorpusCurve> read(Path folder) {
    List<Path> files;
    try (Stream<Path> s = Files.list(folder)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(CURVES)).sorted().toList();
    } catch (IOException e) {
      throw new InvalidInputException(
          "--corpus " + folder + ": cannot list the folder (" + e.getMessage() + ")");
    }
    if (files.isEmpty()) {
      throw new InvalidInputException(
          "--corpus " + folder + ": no *" + CURVES + " file; see corpus/README.md");
    }
    List<CorpusCurve> out = new ArrayList<>();
    Map<String, Path> seen = new LinkedHashMap<>();
    for (Path curves : files) {
      String name = curves.getFileName().toString();
      Path truth =
          curves.resolveSibling(name.substring(0, name.length() - CURVES.length()) + TRUTH);
      for (CorpusCurve c : read(curves, truth)) {
        Path before = seen.put(c.id(), curves);
        if (before != null) {
          throw new InvalidInputException(
              curves + ": curve_id " + c.id() + " is also in " + before + "; ids must be unique");
        }
        out.add(c);
      }
    }
    return out;
  }

  /**
   * Reads one pair of tables.
   *
   * @param curvesFile the training curves
   * @param truthFile the truth beyond them
   * @return the curves in first-appearance order
   * @throws InvalidInputException when a file is missing or a row is wrong
   */
  public static List<CorpusCurve> read(Path curvesFile, Path truthFile) {
    if (!Files.isRegularFile(truthFile)) {
      throw new InvalidInputException(
          curvesFile + ": its truth table " + truthFile + " is missing; write both tables");
    }
    Map<String, Builder> curves = new LinkedHashMap<>();
    for (CSVRecord r :
        records(curvesFile, List.of("dataset", "curve_id", "size", "repeat", "accuracy"))) {
      String where = curvesFile + ":" + (r.getRecordNumber() + 1);
      String id = r.get("curve_id").trim();
      Builder b = curves.computeIfAbsent(id, k -> new Builder(k, r, curvesFile));
      b.check(r, where);
      double size = positive(r, "size", where);
      double acc = unit(r, "accuracy", where);
      int testSize = (int) optionalNumber(r, "test_size", 0, where);
      b.rows.computeIfAbsent(size, k -> new ArrayList<>()).add(new double[] {acc, testSize});
    }
    for (CSVRecord r :
        records(truthFile, List.of("curve_id", "factor", "size", "accuracy", "n_truth_repeats"))) {
      String where = truthFile + ":" + (r.getRecordNumber() + 1);
      Builder b = curves.get(r.get("curve_id").trim());
      if (b == null) {
        throw new InvalidInputException(
            where
                + ": curve_id "
                + r.get("curve_id")
                + " has no rows in "
                + curvesFile
                + "; every truth row needs its curve");
      }
      double factor = positive(r, "factor", where);
      if (!(factor > 1)) {
        throw new InvalidInputException(
            where + ": column 'factor': " + factor + " must be above 1 (truth beyond the curve)");
      }
      int repeats = (int) positive(r, "n_truth_repeats", where);
      CorpusCurve.Truth t =
          new CorpusCurve.Truth(
              factor,
              positive(r, "size", where),
              unit(r, "accuracy", where),
              optionalNumber(r, "accuracy_sd", Double.NaN, where),
              repeats,
              (int) optionalNumber(r, "test_size", 0, where));
      if (b.truths.put(factor, t) != null) {
        throw new InvalidInputException(
            where + ": curve " + b.id + " has a second truth at factor " + factor);
      }
    }
    List<CorpusCurve> out = new ArrayList<>();
    for (Builder b : curves.values()) {
      out.add(b.build(curvesFile, truthFile));
    }
    return out;
  }

  private static List<CSVRecord> records(Path file, List<String> required) {
    CSVFormat fmt =
        CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).build();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        CSVParser p = CSVParser.parse(in, fmt)) {
      for (String col : required) {
        if (!p.getHeaderMap().containsKey(col)) {
          throw new InvalidInputException(
              file + ":1: no column '" + col + "'; the header needs " + required);
        }
      }
      return p.getRecords();
    } catch (IOException | UncheckedIOException e) {
      throw new InvalidInputException(file + ": cannot read (" + e.getMessage() + ")");
    }
  }

  private static double number(CSVRecord r, String col, String where) {
    String s = r.isMapped(col) && r.isSet(col) ? r.get(col).trim() : "";
    try {
      double v = Double.parseDouble(s);
      if (!Double.isFinite(v)) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new InvalidInputException(
          where + ": column '" + col + "': '" + s + "' is not a finite number");
    }
  }

  private static double optionalNumber(CSVRecord r, String col, double absent, String where) {
    if (!r.isMapped(col) || !r.isSet(col) || r.get(col).isBlank()) {
      return absent;
    }
    return number(r, col, where);
  }

  private static double positive(CSVRecord r, String col, String where) {
    double v = number(r, col, where);
    if (!(v > 0)) {
      throw new InvalidInputException(where + ": column '" + col + "': " + v + " must be > 0");
    }
    return v;
  }

  private static double unit(CSVRecord r, String col, String where) {
    double v = number(r, col, where);
    if (v < 0 || v > 1) {
      throw new InvalidInputException(
          where + ": column '" + col + "': " + v + " is outside [0, 1]");
    }
    return v;
  }

  private static String text(CSVRecord r, String col, String absent) {
    return r.isMapped(col) && r.isSet(col) && !r.get(col).isBlank() ? r.get(col).trim() : absent;
  }

  /** Collects one curve's rows; the metadata of its first row must hold for all. */
  private static final class Builder {
    final String id;
    final String source;
    final String dataset;
    final String group;
    final String learner;
    final String backbone;
    final String seed;
    final TreeMap<Double, List<double[]>> rows = new TreeMap<>();
    final TreeMap<Double, CorpusCurve.Truth> truths = new TreeMap<>();

    Builder(String id, CSVRecord r, Path file) {
      this.id = id;
      this.source = text(r, "source", file.getFileName().toString());
      this.dataset = text(r, "dataset", "");
      this.group = text(r, "group", "real");
      this.learner = text(r, "learner", "");
      this.backbone = text(r, "backbone", "none");
      this.seed = text(r, "seed", "0");
    }

    void check(CSVRecord r, String where) {
      if (id.isEmpty()) {
        throw new InvalidInputException(where + ": column 'curve_id' is empty");
      }
      if (dataset.isEmpty()) {
        throw new InvalidInputException(where + ": column 'dataset' is empty");
      }
      String[][] same = {
        {"dataset", dataset},
        {"group", group},
        {"learner", learner},
        {"backbone", backbone},
        {"seed", seed}
      };
      for (String[] s : same) {
        String v = text(r, s[0], s[1]);
        if (!v.equals(s[1])) {
          throw new InvalidInputException(
              where
                  + ": column '"
                  + s[0]
                  + "' is '"
                  + v
                  + "' but curve "
                  + id
                  + " began with '"
                  + s[1]
                  + "'; one curve_id per curve");
        }
      }
    }

    CorpusCurve build(Path curvesFile, Path truthFile) {
      if (rows.size() < 2) {
        throw new InvalidInputException(
            curvesFile + ": curve " + id + " has " + rows.size() + " size(s); a curve needs 2+");
      }
      if (truths.isEmpty()) {
        throw new InvalidInputException(
            truthFile + ": curve " + id + " has no truth row; add one or drop the curve");
      }
      double[] sizes = new double[rows.size()];
      double[][] values = new double[rows.size()][];
      int[][] tests = new int[rows.size()][];
      int i = 0;
      for (Map.Entry<Double, List<double[]>> e : rows.entrySet()) {
        sizes[i] = e.getKey();
        values[i] = e.getValue().stream().mapToDouble(v -> v[0]).toArray();
        tests[i] = e.getValue().stream().mapToInt(v -> (int) v[1]).toArray();
        i++;
      }
      for (CorpusCurve.Truth t : truths.values()) {
        if (!(t.size() > sizes[sizes.length - 1])) {
          throw new InvalidInputException(
              truthFile
                  + ": curve "
                  + id
                  + ": truth size "
                  + t.size()
                  + " is not beyond the curve's largest size "
                  + sizes[sizes.length - 1]);
        }
      }
      long s;
      try {
        s = Long.parseLong(seed);
      } catch (NumberFormatException e) {
        throw new InvalidInputException(
            curvesFile + ": curve " + id + ": column 'seed': '" + seed + "' is not an integer");
      }
      return new CorpusCurve(
          id,
          source,
          dataset,
          group,
          learner,
          backbone,
          s,
          new CurveData(id, sizes, values, tests),
          new ArrayList<>(truths.values()));
    }
  }
}
