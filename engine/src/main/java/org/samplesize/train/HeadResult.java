package org.samplesize.train;

/**
 * What training one job produced.
 *
 * @param job the job
 * @param test metrics of the final (restored-best, when asked) weights on the test rows
 * @param epochsRun epochs trained before early stopping or the epoch limit
 * @param bestEpoch 0-based epoch whose weights were kept (the last epoch when nothing was restored)
 * @param bestValAuc Keras-style validation AUC of that epoch; NaN when the job had no validation
 *     rows
 * @param trainNanos wall time of the whole joint training call that trained this job together with
 *     the others (models are trained at once, so the time is shared, not per model)
 * @param backend the backend that ran, e.g. {@code "cpu (2 threads)"} or {@code "cuda:0 NVIDIA
 *     H200"}
 * @param weights final weights, {@code numClasses × features} row-major (class-major)
 * @param bias final bias, one per class
 */
public record HeadResult(
    TrainingJob job,
    Metrics test,
    int epochsRun,
    int bestEpoch,
    double bestValAuc,
    long trainNanos,
    String backend,
    float[] weights,
    float[] bias) {}
