package org.samplesize.train.tail;

/**
 * Adam over a whole {@link TailParameters} set, as Keras 3 writes it (float32 arithmetic, the bias
 * correction folded into the step size):
 *
 * <pre>
 *   alpha_t = lr * sqrt(1 - beta2^t) / (1 - beta1^t)      (double, then rounded to float)
 *   m += (g - m) * (1 - beta1);  v += (g*g - v) * (1 - beta2)
 *   p -= (m * alpha_t) / (sqrt(v) + epsilon)
 * </pre>
 *
 * The CUDA backend's update kernel computes the same expressions.
 *
 * @param learningRate step size, &gt; 0 (the recipe's fine-tuning phase uses 1e-4)
 * @param beta1 first-moment decay in {@code [0, 1)}
 * @param beta2 second-moment decay in {@code [0, 1)}
 * @param epsilon added to the root of the second moment, &gt; 0 (Keras: 1e-7)
 */
public record TailAdam(double learningRate, double beta1, double beta2, double epsilon) {

  /** Validates the settings. */
  public TailAdam {
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException("learningRate = " + learningRate + ", expected > 0");
    }
    if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException(
          "beta1 = " + beta1 + ", beta2 = " + beta2 + ", expected values in [0, 1)");
    }
    if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
      throw new IllegalArgumentException("epsilon = " + epsilon + ", expected > 0");
    }
  }

  /**
   * @return the recipe's fine-tuning optimiser: {@code Adam(learning_rate=1e-4)} with Keras'
   *     defaults beta1 0.9, beta2 0.999, epsilon 1e-7
   */
  public static TailAdam recipe() {
    return new TailAdam(1e-4, 0.9, 0.999, 1e-7);
  }

  /**
   * @param t 1-based iteration
   * @return the bias-corrected step size, rounded to float
   */
  public float alpha(long t) {
    if (t < 1) {
      throw new IllegalArgumentException("iteration t = " + t + ", expected >= 1");
    }
    return (float) (learningRate * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t)));
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
    float a = alpha(moments.t);
    for (int i = 0; i < params.size(); i++) {
      float[] p = params.tensor(i);
      update(p, grads.tensor(i), moments.m.tensor(i), moments.v.tensor(i), 0, p.length, a);
    }
  }

  /**
   * The element-wise update of a range.
   *
   * @param p parameters
   * @param g gradients
   * @param m first moments
   * @param v second moments
   * @param from first index
   * @param to end index (exclusive)
   * @param alpha the step size from {@link #alpha(long)}
   */
  public void update(float[] p, float[] g, float[] m, float[] v, int from, int to, float alpha) {
    final float b1 = (float) (1 - beta1);
    final float b2 = (float) (1 - beta2);
    final float eps = (float) epsilon;
    for (int i = from; i < to; i++) {
      float gi = g[i];
      float mi = m[i] + (gi - m[i]) * b1;
      float vi = v[i] + (gi * gi - v[i]) * b2;
      m[i] = mi;
      v[i] = vi;
      p[i] -= (mi * alpha) / ((float) Math.sqrt(vi) + eps);
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
