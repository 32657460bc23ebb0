#!/usr/bin/env python3
"""Golden values for ClassificationMetricsTest, computed independently of the Java code.

Keras' AUC (tf.keras.metrics.AUC(), Keras 3 defaults: num_thresholds=200, curve='ROC',
summation_method='interpolation', multi_label=False) re-implemented from its definition:
  thresholds = [0 - 1e-7] + [i / 199 for i in 1..198] + [1 + 1e-7]  (float32)
  on one-hot labels, every (row, class) pair is one binary example (multi_label=False flattens);
  tp[i] = #positives with pred > thresholds[i], fp[i] likewise for negatives;
  tpr = tp / (tp + fn), fpr = fp / (fp + tn)   (divide_no_nan)
  auc = sum_i (fpr[i] - fpr[i+1]) * (tpr[i] + tpr[i+1]) / 2
The script checks that Keras' bucketed fast path (ceil(p * 199) - 1) gives the same counts.
Exact ROC AUC (macro one-vs-rest), macro F1, accuracy, log loss from scikit-learn.

Run: /usr/bin/python3 metrics_reference.py > metrics_reference.json
"""
import json

import numpy as np
from sklearn.metrics import accuracy_score, f1_score, log_loss, recall_score, roc_auc_score


def keras_auc(probs, labels, k, num_thresholds=200):
    eps = np.float32(1e-7)
    inner = [np.float32((i + 1) * 1.0 / (num_thresholds - 1)) for i in range(num_thresholds - 2)]
    thresholds = np.array([np.float32(0.0) - eps] + inner + [np.float32(1.0) + eps], dtype=np.float32)
    y = np.eye(k, dtype=np.float32)[labels].reshape(-1)
    p = probs.astype(np.float32).reshape(-1)
    pos = y == 1
    tp = np.array([np.sum(p[pos] > t) for t in thresholds], dtype=np.float64)
    fp = np.array([np.sum(p[~pos] > t) for t in thresholds], dtype=np.float64)
    fn = pos.sum() - tp
    tn = (~pos).sum() - fp
    # Keras' optimised path: bucket = ceil(p * (T - 1)) - 1, clipped at 0; counts = suffix sums.
    bucket = np.maximum(np.ceil(p * np.float32(num_thresholds - 1)).astype(np.int64) - 1, 0)
    tp_b = np.cumsum(np.bincount(bucket[pos], minlength=num_thresholds)[::-1])[::-1]
    fp_b = np.cumsum(np.bincount(bucket[~pos], minlength=num_thresholds)[::-1])[::-1]
    assert np.array_equal(tp_b, tp) and np.array_equal(fp_b, fp), "bucketed path disagrees"
    div = lambda a, b: np.where(b == 0, 0.0, a / np.where(b == 0, 1, b))
    tpr = div(tp, tp + fn)
    fpr = div(fp, fp + tn)
    return float(np.sum((fpr[:-1] - fpr[1:]) * (tpr[:-1] + tpr[1:]) / 2))


def softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def case(name, probs, labels, k):
    probs = probs.astype(np.float32)
    present = sorted(set(labels.tolist()))
    # macro over the classes present, one-vs-rest (= roc_auc_score(multi_class="ovr") when all are)
    roc = float(np.mean([roc_auc_score(labels == c, probs[:, c]) for c in present]))
    if k > 2 and len(present) == k and np.allclose(probs.sum(axis=1), 1, atol=1e-5):
        ovr = roc_auc_score(labels, probs, multi_class="ovr", average="macro", labels=list(range(k)))
        assert abs(ovr - roc) < 1e-12
    pred = probs.argmax(axis=1)
    clipped = np.clip(probs.astype(np.float64), 1e-7, 1 - 1e-7)
    return {
        "name": name,
        "classes": k,
        "labels": labels.tolist(),
        "probabilities": [float(v) for v in probs.reshape(-1)],
        "kerasAuc": keras_auc(probs, labels, k),
        "rocAucMacroOvr": float(roc),
        "accuracy": float(accuracy_score(labels, pred)),
        "macroF1": float(f1_score(labels, pred, average="macro", labels=list(range(k)), zero_division=0)),
        "perClassRecall": [float(v) for v in recall_score(labels, pred, average=None, labels=list(range(k)), zero_division=0)],
        "loss": float(np.mean(-np.log(clipped[np.arange(len(labels)), labels]))),
    }


def main():
    rng = np.random.default_rng(20261129)
    cases = []
    # a realistic head: 5 classes, logits correlated with the label
    n, k = 367, 5
    labels = rng.integers(0, k, n)
    logits = rng.normal(0, 1, (n, k)) + 2.0 * np.eye(k)[labels]
    cases.append(case("flowers-like-367x5", softmax(logits), labels, k))
    # weak signal, many ties after rounding to 2 decimals
    n, k = 200, 3
    labels = rng.integers(0, k, n)
    p = softmax(rng.normal(0, 1, (n, k)) + 0.5 * np.eye(k)[labels])
    cases.append(case("ties-200x3", np.round(p, 2), labels, k))
    # binary, 2 classes
    n, k = 101, 2
    labels = rng.integers(0, k, n)
    cases.append(case("binary-101", softmax(rng.normal(0, 1.5, (n, k)) + np.eye(k)[labels]), labels, k))
    # a class absent from the labels and exact 0 / 1 probabilities
    n, k = 40, 4
    labels = rng.integers(0, 3, n)
    p = softmax(rng.normal(0, 3, (n, k)) + 3 * np.eye(k)[labels])
    p[0] = [1, 0, 0, 0]
    p[1] = [0, 1, 0, 0]
    p[2] = [0.25, 0.25, 0.25, 0.25]
    cases.append(case("absent-class-40x4", p, labels, k))
    print(json.dumps({"generator": "metrics_reference.py", "cases": cases}, indent=1))


if __name__ == "__main__":
    main()
