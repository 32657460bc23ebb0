package org.samplesize.fit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.samplesize.InvalidInputException;

/**
 * The input of a fit: one row per trained model (curve, training-set size, metric value, optional
 * test-set size). Read one from CSV with {@code org.samplesize.report.ResultsCsv}, or build one in
 * code with {@link #builder(String)}. Immutable; validated on construction: every value is finite
 * and in [0, 1], every size is positive, every curve has at least two distinct sizes.
 */
public final class ResultsTable {

  /** Curve name used when the input has no {@code curve} column or the cell is blank. */
  public static final String DEFAULT_CURVE = "default";

  /**
   * One trained model.
   *
   * @param curve which learning curve the row belongs to
   * @param size training-set size
   * @param value the metric (accuracy by default), in [0, 1]
   * @param testSize test-set size the metric was measured on, 0 when unknown
   * @param line where the row came from (1-based line of the source file), 0 when built in code
   */
  public record Row(String curve, double size, double value, int testSize, long line) {}

  private final String source;
  private final String metric;
  private final List<Row> rows;
  private final List<CurveData> curves;
  private final List<String> warnings;

  private ResultsTable(String source, String metric, List<Row> rows, List<String> warnings) {
    this.source = source;
    this.metric = metric;
    this.rows = List.copyOf(rows);
    this.warnings = List.copyOf(warnings);
    if (this.rows.isEmpty()) {
      throw new InvalidInputException(
          source + ": no data rows; expected one row per trained model");
    }
    Map<String, List<Row>> byCurve = new LinkedHashMap<>();
    for (Row r : this.rows) {
      check(r);
      byCurve.computeIfAbsent(r.curve(), k -> new ArrayList<>()).add(r);
    }
    List<CurveData> cs = new ArrayList<>();
    for (Map.Entry<String, List<Row>> e : byCurve.entrySet()) {
      cs.add(toCurve(e.getKey(), e.getValue()));
    }
    this.curves = List.copyOf(cs);
  }

  private void check(Row r) {
    String where = r.line() > 0 ? source + ":" + r.line() : source + " (curve " + r.curve() + ")";
    if (!Double.isFinite(r.size()) || !(r.size() > 0)) {
      throw new InvalidInputException(
          where + ": column 'size': " + r.size() + " is not a positive training-set size");
    }
    if (!Double.isFinite(r.value()) || r.value() < 0 || r.value() > 1) {
      throw new InvalidInputException(
          where + ": column '" + metric + "': " + r.value() + " is outside [0, 1]");
    }
    if (r.testSize() < 0) {
      throw new InvalidInputException(
          where + ": column 'test_size': " + r.testSize() + " must be positive (or empty)");
    }
  }

  private CurveData toCurve(String name, List<Row> rs) {
    TreeMap<Double, List<Row>> bySize = new TreeMap<>();
    for (Row r : rs) {
      bySize.computeIfAbsent(r.size(), k -> new ArrayList<>()).add(r);
    }
    if (bySize.size() < 2) {
      throw new InvalidInputException(
          source
              + ":"
              + rs.get(0).line()
              + ": column 'size': curve '"
              + name
              + "' has only one distinct size ("
              + CurveData.formatSize(bySize.firstKey())
              + "); a learning curve needs at least 2 sizes");
    }
    double[] sizes = new double[bySize.size()];
    double[][] values = new double[sizes.length][];
    int[][] testSizes = new int[sizes.length][];
    int i = 0;
    for (Map.Entry<Double, List<Row>> e : bySize.entrySet()) {
      sizes[i] = e.getKey();
      List<Row> group = e.getValue();
      values[i] = new double[group.size()];
      testSizes[i] = new int[group.size()];
      for (int j = 0; j < group.size(); j++) {
        values[i][j] = group.get(j).value();
        testSizes[i][j] = group.get(j).testSize();
      }
      i++;
    }
    return new CurveData(name, sizes, values, testSizes);
  }

  /**
   * @return where the rows came from (a file name, or a label given to the builder)
   */
  public String source() {
    return source;
  }

  /**
   * @return the metric column the values were taken from, e.g. {@code accuracy}
   */
  public String metric() {
    return metric;
  }

  /**
   * @return all rows in input order
   */
  public List<Row> rows() {
    return rows;
  }

  /**
   * @return what the reader noticed about the rows without refusing them (sentences, without a
   *     prefix), e.g. rows repeated in every column; empty for none
   */
  public List<String> warnings() {
    return warnings;
  }

  /**
   * @return the curves in order of first appearance, each with its rows grouped by size
   */
  public List<CurveData> curves() {
    return curves;
  }

  /**
   * Starts a table built in code (the experiment runner does this).
   *
   * @param source a label for messages, e.g. the run directory
   * @return a builder for the {@code accuracy} metric
   */
  public static Builder builder(String source) {
    return new Builder(source);
  }

  /** Collects rows; {@link #build()} validates them. Not thread-safe. */
  public static final class Builder {
    private final String source;
    private String metric = "accuracy";
    private final List<Row> rows = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    private Builder(String source) {
      this.source = source;
    }

    /**
     * @param name the metric the values are (default {@code accuracy})
     * @return this builder
     */
    public Builder metric(String name) {
      this.metric = name;
      return this;
    }

    /**
     * Adds a row of the default curve.
     *
     * @param size training-set size
     * @param value metric value in [0, 1]
     * @return this builder
     */
    public Builder add(double size, double value) {
      return add(DEFAULT_CURVE, size, value, 0);
    }

    /**
     * Adds a row.
     *
     * @param curve curve name (blank = {@value #DEFAULT_CURVE})
     * @param size training-set size
     * @param value metric value in [0, 1]
     * @param testSize test-set size, 0 when unknown
     * @return this builder
     */
    public Builder add(String curve, double size, double value, int testSize) {
      return add(curve, size, value, testSize, 0);
    }

    /**
     * Adds a row with its source line (readers use this so errors name the line).
     *
     * @param curve curve name (blank = {@value #DEFAULT_CURVE})
     * @param size training-set size
     * @param value metric value in [0, 1]
     * @param testSize test-set size, 0 when unknown
     * @param line 1-based line in the source file, 0 when unknown
     * @return this builder
     */
    public Builder add(String curve, double size, double value, int testSize, long line) {
      String c = curve == null || curve.isBlank() ? DEFAULT_CURVE : curve.trim();
      rows.add(new Row(c, size, value, testSize, line));
      return this;
    }

    /**
     * Adds a warning about the rows, one the reader does not refuse them for.
     *
     * @param sentence the warning, without a prefix
     * @return this builder
     */
    public Builder warn(String sentence) {
      warnings.add(sentence);
      return this;
    }

    /**
     * @return the validated table
     * @throws InvalidInputException when a value is out of range or a curve has fewer than 2 sizes
     */
    public ResultsTable build() {
      return new ResultsTable(source, metric, rows, warnings);
    }
  }
}
