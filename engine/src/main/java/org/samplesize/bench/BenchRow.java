package org.samplesize.bench;

import java.util.Arrays;

/**
 * One line of {@code samplesize bench}: the throughput of one stage (features, head training,
 * fine-tuning) on one backend at one batch size, from several timed repetitions after warm-up.
 * Stages other than features add their own rows.
 *
 * @param stage what was timed: {@code features}, {@code head}, {@code finetune}, ...
 * @param backend where it ran: {@code cpu}, {@code cuda}, {@code tensorrt}, ...
 * @param precision {@code fp32}, {@code fp16}, {@code int8} (model weights), ...
 * @param model the model or configuration timed
 * @param batch items per call
 * @param threads CPU threads used
 * @param decode {@code included} (from image files) or {@code excluded} (pre-decoded tensors), or
 *     {@code n/a}
 * @param unit what the rates count, e.g. {@code img/s}
 * @param samples the rate of every timed repetition, in order
 * @param note why a row has no samples (backend unusable), or anything odd; empty otherwise
 */
public record BenchRow(
    String stage,
    String backend,
    String precision,
    String model,
    int batch,
    int threads,
    String decode,
    String unit,
    double[] samples,
    String note) {

  /** Copies the samples. */
  public BenchRow {
    samples = samples == null ? new double[0] : samples.clone();
    note = note == null ? "" : note;
  }

  @Override
  public double[] samples() {
    return samples.clone();
  }

  /**
   * @return the median rate, NaN without samples
   */
  public double median() {
    if (samples.length == 0) {
      return Double.NaN;
    }
    double[] s = samples.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  /**
   * @return the slowest repetition, NaN without samples
   */
  public double min() {
    return Arrays.stream(samples).min().orElse(Double.NaN);
  }

  /**
   * @return the fastest repetition, NaN without samples
   */
  public double max() {
    return Arrays.stream(samples).max().orElse(Double.NaN);
  }

  /**
   * @return (max − min) / median in percent, NaN without samples
   */
  public double spreadPercent() {
    return 100 * (max() - min()) / median();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BenchRow r
        && r.stage.equals(stage)
        && r.backend.equals(backend)
        && r.precision.equals(precision)
        && r.model.equals(model)
        && r.batch == batch
        && r.threads == threads
        && r.decode.equals(decode)
        && r.unit.equals(unit)
        && Arrays.equals(r.samples, samples)
        && r.note.equals(note);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(
        stage,
        backend,
        precision,
        model,
        batch,
        threads,
        decode,
        unit,
        Arrays.hashCode(samples),
        note);
  }

  @Override
  public String toString() {
    return stage + "/" + backend + "/" + precision + " b" + batch + " " + decode + ": " + median();
  }
}
