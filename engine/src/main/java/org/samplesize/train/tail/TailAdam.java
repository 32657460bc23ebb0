package org.samplesize.train.tail;

import java.util.Objects;
import org.samplesize.train.Adam;

/**
 * The shared {@link Adam} optimiser (Keras 3 arithmetic, float32) applied to a whole {@link
 * TailParameters} set with one iteration counter. The CUDA backend's update kernel computes the
 * same expressions from {@link #adam()}'s constants.
 */
public final class TailAdam {
  private final Adam adam;

  /**
   * @param adam the optimiser settings
   */
  public TailAdam(Adam adam) {
    this.adam = Objects.requireNonNull(adam, "adam");
  }

  /**
   * @param learningRate step size, &gt; 0
   * @param beta1 first-moment decay in {@code [0, 1)}
   * @param beta2 second-moment decay in {@code [0, 1)}
   * @param epsilon &gt; 0
   */
  public TailAdam(double learningRate, double beta1, double beta2, double epsilon) {
    this(new Adam(learningRate, beta1, beta2, epsilon));
  }

  /**
   * @return the recipe's fine-tuning optimiser: {@code Adam(learning_rate=1e-4)} with Keras'
   *     defaults beta1 0.9, beta2 0.999, epsilon 1e-7
   */
  public static TailAdam recipe() {
    return new TailAdam(1e-4, 0.9, 0.999, 1e-7);
  }

  /**
   * @return the underlying optimiser (its constants feed the CUDA kernel)
   */
  public Adam adam() {
    return adam;
  }

  /**
   * @param like the parameters the moments are for
   * @return zero moments at iteration 0
   */
  public Moments newMoments(TailParameters like) {
    return new Moments(TailParameters.zerosLike(like), TailParameters.zerosLike(like));
  }

  /**
   * One update of every tensor; advances the iteration.
   *
   * @param moments the optimiser state
   * @param params updated in place
   * @param grads the gradients
   */
  public void step(Moments moments, TailParameters params, TailParameters grads) {
    moments.t++;
    float alpha = adam.alpha(moments.t);
    for (int i = 0; i < params.size(); i++) {
      float[] p = params.tensor(i);
      adam.update(
          p, 0, grads.tensor(i), 0, moments.m.tensor(i), moments.v.tensor(i), 0, p.length, alpha);
    }
  }

  /** First and second moments of every tensor and the iteration count. Not thread-safe. */
  public static final class Moments {
    final TailParameters m;
    final TailParameters v;
    long t;

    Moments(TailParameters m, TailParameters v) {
      this.m = m;
      this.v = v;
    }

    /**
     * @return updates done so far
     */
    public long iterations() {
      return t;
    }
  }
}
