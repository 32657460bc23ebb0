package org.samplesize.train;

/**
 * Classification metrics of one model on one labelled set, each named for what it is (the recipe
 * itself once unpacked {@code evaluate} and called the AUC "accuracy").
 *
 * @param accuracy fraction of rows whose arg-max prediction is the label (ties: the lowest class)
 * @param kerasAuc AUC as {@code tf.keras.metrics.AUC()} computes it on one-hot labels: all (row,
 *     class) pairs flattened into one binary problem (micro average), {@code aucThresholds} evenly
 *     spaced thresholds, ROC curve, trapezoidal ("interpolation") summation
 * @param rocAuc exact ROC AUC, macro average of one-vs-rest over the classes present in the labels
 *     (ties count one half, as scikit-learn's {@code roc_auc_score(multi_class="ovr")}); NaN when
 *     fewer than two classes are present
 * @param macroF1 unweighted mean over all classes of F1; a class with no true and no predicted rows
 *     counts 0 (scikit-learn's {@code zero_division=0})
 * @param perClassRecall recall of each class; 0 for a class with no rows
 * @param confusion {@code confusion[true][predicted]} row counts
 * @param loss mean categorical cross-entropy, probabilities clipped to {@code [1e-7, 1 - 1e-7]} as
 *     Keras does
 */
public record Metrics(
    double accuracy,
    double kerasAuc,
    double rocAuc,
    double macroF1,
    double[] perClassRecall,
    int[][] confusion,
    double loss) {}
