package org.samplesize.train.tail;

import org.samplesize.train.Metrics;
import org.samplesize.train.TrainingJob;

/**
 * What fine-tuning one job produced.
 *
 * @param job the job (as trained in the head phase)
 * @param unfreezeFrom the first trainable block, e.g. {@code block_10}
 * @param test metrics of the final (restored-best, when asked) model on the test rows
 * @param headEpochsRun epochs of the head phase this job started from
 * @param epochsRun fine-tuning epochs run before early stopping or the limit
 * @param bestEpoch 0-based fine-tuning epoch whose weights were kept
 * @param bestValAuc Keras-style validation AUC of that epoch; NaN without validation rows
 * @param trainNanos wall time of this job's fine-tuning
 * @param backend what ran, e.g. {@code "cpu (2 threads, OpenBLAS)"}
 */
public record TailResult(
    TrainingJob job,
    String unfreezeFrom,
    Metrics test,
    int headEpochsRun,
    int epochsRun,
    int bestEpoch,
    double bestValAuc,
    long trainNanos,
    String backend) {}
