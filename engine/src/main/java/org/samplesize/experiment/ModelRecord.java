package org.samplesize.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Objects;

/**
 * One finished model: what it was trained on and what it measured. One line of {@code
 * journal.jsonl}, one row of {@code results.csv}.
 *
 * @param id the job id, unique in an experiment, e.g. {@code head/f0.05/r2} or {@code head/full}
 * @param curve which curve the model belongs to: {@code head} or {@code fine-tune}
 * @param fraction share of the training set ({@code 1.0} for the validation model)
 * @param repeat repeat number within the fraction, from 0 ({@code -1} for the validation model)
 * @param size training images drawn (duplicates counted when drawn with replacement)
 * @param seed the model's own seed (derived from the root seed)
 * @param indicesHash SHA-256 of the chosen training-set indices, in order
 * @param accuracy test-set accuracy
 * @param auc Keras-style AUC (one-vs-rest, micro, 200 thresholds)
 * @param rocAuc exact ROC AUC (macro one-vs-rest)
 * @param macroF1 macro-averaged F1
 * @param loss test-set cross-entropy
 * @param perClassRecall recall per class, in class order
 * @param testSize test images scored
 * @param epochsRun epochs actually trained
 * @param bestEpoch the epoch whose weights were kept (early stopping)
 * @param trainMillis wall time of training this model (its share when trained in a batch)
 * @param backend the training backend that really ran, e.g. {@code cpu}
 * @param executionProvider the ONNX Runtime execution provider that computed the features
 * @param finishedAt when the model finished (ISO-8601 UTC)
 * @param perClassPrecision precision per class, in class order (0 for a class the model never
 *     predicted); empty in a journal written before it was recorded
 * @param perClassTrainCount training images of each class the model used (the draws whose features
 *     could be read; with replacement an image counts each time it is drawn), in class order; empty
 *     in a journal written before it was recorded
 * @param perClassTestCount test images of each class scored, in class order; empty in a journal
 *     written before it was recorded
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder(alphabetic = false)
public record ModelRecord(
    String id,
    String curve,
    double fraction,
    int repeat,
    int size,
    long seed,
    String indicesHash,
    double accuracy,
    double auc,
    double rocAuc,
    double macroF1,
    double loss,
    List<Double> perClassRecall,
    int testSize,
    int epochsRun,
    int bestEpoch,
    long trainMillis,
    String backend,
    String executionProvider,
    String finishedAt,
    List<Double> perClassPrecision,
    List<Integer> perClassTrainCount,
    List<Integer> perClassTestCount) {

  /** Checks the fields a resumed run relies on. */
  public ModelRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(curve, "curve");
    perClassRecall = perClassRecall == null ? List.of() : List.copyOf(perClassRecall);
    perClassPrecision = perClassPrecision == null ? List.of() : List.copyOf(perClassPrecision);
    perClassTrainCount = perClassTrainCount == null ? List.of() : List.copyOf(perClassTrainCount);
    perClassTestCount = perClassTestCount == null ? List.of() : List.copyOf(perClassTestCount);
  }

  /**
   * A record without the per-class precision and counts (as journals written before they were
   * recorded hold it).
   *
   * @param id the job id
   * @param curve the curve
   * @param fraction share of the training set
   * @param repeat repeat number
   * @param size training images drawn
   * @param seed the model's seed
   * @param indicesHash SHA-256 of the training-set indices
   * @param accuracy test-set accuracy
   * @param auc Keras-style AUC
   * @param rocAuc exact ROC AUC
   * @param macroF1 macro F1
   * @param loss test-set cross-entropy
   * @param perClassRecall recall per class
   * @param testSize test images scored
   * @param epochsRun epochs trained
   * @param bestEpoch the epoch kept
   * @param trainMillis training wall time
   * @param backend the training backend
   * @param executionProvider the features' execution provider
   * @param finishedAt when the model finished
   */
  public ModelRecord(
      String id,
      String curve,
      double fraction,
      int repeat,
      int size,
      long seed,
      String indicesHash,
      double accuracy,
      double auc,
      double rocAuc,
      double macroF1,
      double loss,
      List<Double> perClassRecall,
      int testSize,
      int epochsRun,
      int bestEpoch,
      long trainMillis,
      String backend,
      String executionProvider,
      String finishedAt) {
    this(
        id,
        curve,
        fraction,
        repeat,
        size,
        seed,
        indicesHash,
        accuracy,
        auc,
        rocAuc,
        macroF1,
        loss,
        perClassRecall,
        testSize,
        epochsRun,
        bestEpoch,
        trainMillis,
        backend,
        executionProvider,
        finishedAt,
        null,
        null,
        null);
  }

  /**
   * @return whether the record holds every per-class figure (recall, precision, training and test
   *     counts) for the same number of classes; journals written before precision and the counts
   *     were recorded do not
   */
  public boolean hasPerClass() {
    int k = perClassRecall.size();
    return k > 0
        && perClassPrecision.size() == k
        && perClassTrainCount.size() == k
        && perClassTestCount.size() == k;
  }

  /**
   * @return true for the model trained on the whole training set ({@code --validate})
   */
  public boolean isValidation() {
    return repeat < 0;
  }

  /**
   * @return this model's row of {@code results.csv}
   */
  public org.samplesize.report.ResultsCsv.Row toRow() {
    return new org.samplesize.report.ResultsCsv.Row(
        curve,
        fraction,
        size,
        repeat,
        accuracy,
        auc,
        rocAuc,
        macroF1,
        testSize,
        loss,
        epochsRun,
        bestEpoch,
        trainMillis,
        backend,
        seed,
        indicesHash,
        id,
        hasPerClass()
            ? new org.samplesize.report.ResultsCsv.PerClass(
                perClassTrainCount, perClassTestCount, perClassRecall, perClassPrecision)
            : null);
  }
}
