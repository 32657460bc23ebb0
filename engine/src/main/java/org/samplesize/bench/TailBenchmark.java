package org.samplesize.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.samplesize.ProgressListener;
import org.samplesize.train.TrainingBackend;
import org.samplesize.train.TrainingDevices;
import org.samplesize.train.tail.TailNetwork;
import org.samplesize.train.tail.TailOptions;
import org.samplesize.train.tail.TailParameters;
import org.samplesize.train.tail.TailSpec;

/**
 * Fine-tuning as a workload for {@code samplesize bench}: training steps (forward, backward, Adam)
 * of the backbone's tail from a cut block on, with the recipe's dropout and a 5-class head, on
 * seeded random trunk activations; per training backend (cpu, and cuda where a GPU is usable, else
 * a row saying why).
 */
public final class TailBenchmark {
  /** Classes of the head (tf_flowers'). */
  public static final int CLASSES = 5;

  /** Training steps per timed repetition. */
  static final int STEPS = 2;

  private TailBenchmark() {}

  /**
   * Rows for {@code samplesize bench}: training samples per second of the tail from {@code spec}'s
   * cut, at one batch size, each repetition {@value #STEPS} steps after untimed warm-up.
   *
   * @param spec the tail (from the user's model and cut)
   * @param model the model's name, for the rows
   * @param batch samples per training step, at least 1
   * @param threads CPU worker threads
   * @param warmup untimed repetitions first, at least 0
   * @param repetitions timed repetitions, at least 1
   * @param progress receives a stage per backend; may be null
   * @return one row per backend
   */
  public static List<BenchRow> benchRows(
      TailSpec spec,
      String model,
      int batch,
      int threads,
      int warmup,
      int repetitions,
      ProgressListener progress) {
    if (batch < 1 || threads < 1 || warmup < 0 || repetitions < 1) {
      throw new IllegalArgumentException(
          "batch = "
              + batch
              + ", threads = "
              + threads
              + ", warmup = "
              + warmup
              + ", repetitions = "
              + repetitions);
    }
    ProgressListener p = progress == null ? ProgressListener.NONE : progress;
    String note =
        "training step (forward, backward, Adam) of "
            + spec.blocks().size()
            + " blocks from "
            + spec.cutTensor()
            + ", dropout "
            + TailOptions.recipe().dropout()
            + ", "
            + CLASSES
            + " classes, random trunk activations";
    Workload w = new Workload(spec, batch, TailOptions.recipe().dropout(), 42);
    List<BenchRow> rows = new ArrayList<>();
    for (String device : List.of("cpu", "cuda")) {
      if (device.equals("cuda")) {
        TrainingBackend cuda = TrainingDevices.named(device);
        if (!cuda.isAvailable()) {
          rows.add(
              row(
                  "cuda",
                  model,
                  batch,
                  threads,
                  new double[0],
                  "skipped: no usable CUDA GPU (" + cuda.unavailableReason() + ")"));
          continue;
        }
      }
      TailOptions options = TailOptions.recipe().withThreads(threads);
      try (TailNetwork net =
          TrainingDevices.select(device, "fine-tuning", p)
              .openTail(spec, CLASSES, batch, options)) {
        net.setParameters(TailParameters.of(spec, CLASSES, w.headWeight, new float[CLASSES]));
        p.stage("bench finetune " + net.name(), (long) (warmup + repetitions) * STEPS, "steps");
        double[] rates = new double[repetitions];
        double sink = 0;
        for (int rep = -warmup; rep < repetitions; rep++) {
          long t0 = System.nanoTime();
          for (int s = 0; s < STEPS; s++) {
            sink += net.trainStep(w.trunk, w.labels, batch, w.dropout);
            p.advance(1);
          }
          if (rep >= 0) {
            rates[rep] = (double) STEPS * batch / ((System.nanoTime() - t0) / 1e9);
          }
        }
        p.endStage();
        if (!Double.isFinite(sink)) {
          throw new IllegalStateException("fine-tuning benchmark: the loss is " + sink);
        }
        rows.add(row(device, model, batch, threads, rates, net.name() + "; " + note));
      }
    }
    return rows;
  }

  private static BenchRow row(
      String device, String model, int batch, int threads, double[] rates, String note) {
    return new BenchRow(
        "finetune", device, "fp32", model, batch, threads, "-", "samples/s", rates, note);
  }

  /** One seeded batch: trunk activations, labels, a dropout mask and a small random head. */
  static final class Workload {
    final float[] trunk;
    final int[] labels;
    final float[] dropout;
    final float[] headWeight;

    Workload(TailSpec spec, int batch, double dropoutRate, long seed) {
      SplittableRandom r = new SplittableRandom(seed);
      headWeight = new float[CLASSES * spec.featureDim()];
      for (int i = 0; i < headWeight.length; i++) {
        headWeight[i] = (float) (r.nextGaussian() * 0.05);
      }
      trunk = new float[batch * spec.inputSize()];
      for (int i = 0; i < trunk.length; i++) {
        trunk[i] = (float) Math.max(0, r.nextGaussian()); // ReLU6 outputs are non-negative
      }
      labels = new int[batch];
      for (int i = 0; i < batch; i++) {
        labels[i] = r.nextInt(CLASSES);
      }
      dropout = new float[batch * spec.featureDim()];
      for (int i = 0; i < dropout.length; i++) {
        dropout[i] = r.nextDouble() < dropoutRate ? 0f : (float) (1 / (1 - dropoutRate));
      }
    }
  }
}
