package org.samplesize.experiment;

import java.util.Objects;

/**
 * One model the experiment will train: which curve, which subsample.
 *
 * @param id unique job id, e.g. {@code head/f0.05/r2}; the journal key
 * @param curve {@code head} or {@code fine-tune}
 * @param fraction share of the training set ({@code 1.0} for the validation model)
 * @param repeat repeat number within the fraction, from 0; {@code -1} for the validation model
 * @param size training images drawn
 * @param seed the model's own seed, derived from the root seed
 * @param indicesHash SHA-256 of the chosen training-set indices, in order
 */
public record PlannedModel(
    String id, String curve, double fraction, int repeat, int size, long seed, String indicesHash) {

  /** The curve of models that train only the classification head on frozen features. */
  public static final String HEAD = "head";

  /** The curve of models that also fine-tune the top of the backbone. */
  public static final String FINE_TUNE = "fine-tune";

  /** Checks the fields. */
  public PlannedModel {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(curve, "curve");
    if (size < 1) {
      throw new IllegalArgumentException("model " + id + ": size must be >= 1, got " + size);
    }
  }

  /**
   * @param curve the curve
   * @param fraction the fraction
   * @param repeat the repeat, or -1 for the validation model
   * @return the job id, e.g. {@code head/f0.05/r2} or {@code head/full}
   */
  public static String idOf(String curve, double fraction, int repeat) {
    return repeat < 0 ? curve + "/full" : curve + "/f" + fraction + "/r" + repeat;
  }

  /**
   * @return true for the model trained on the whole training set
   */
  public boolean isValidation() {
    return repeat < 0;
  }
}
