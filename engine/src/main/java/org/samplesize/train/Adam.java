package org.samplesize.train;

/**
 * The Adam optimiser exactly as Keras 3 writes it, on flat {@code float[]} parameter blocks of any
 * shape:
 *
 * <pre>
 *   alpha_t = lr * sqrt(1 - beta2^t) / (1 - beta1^t)      (double, then rounded to float)
 *   m += (g - m) * (1 - beta1);  v += (g*g - v) * (1 - beta2)
 *   p -= (m * alpha_t) / (sqrt(v) + epsilon)              (float, no fused multiply-add)
 * </pre>
 *
 * Stateless apart from its settings: the moments live in a {@link State} the caller owns, one per
 * parameter block, so many models (or layers) share one {@code Adam}. Thread-safe.
 */
public final class Adam {
  private final double learningRate;
  private final float oneMinusBeta1;
  private final float oneMinusBeta2;
  private final double beta1;
  private final double beta2;
  private final float epsilon;

  /**
   * @param learningRate &gt; 0
   * @param beta1 in {@code [0, 1)}
   * @param beta2 in {@code [0, 1)}
   * @param epsilon &gt; 0
   */
  public Adam(double learningRate, double beta1, double beta2, double epsilon) {
    if (!(learningRate > 0)) {
      throw new IllegalArgumentException("learningRate = " + learningRate + ", expected > 0");
    }
    if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException(
          "beta1 = " + beta1 + ", beta2 = " + beta2 + ", expected values in [0, 1)");
    }
    if (!(epsilon > 0)) {
      throw new IllegalArgumentException("epsilon = " + epsilon + ", expected > 0");
    }
    this.learningRate = learningRate;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.oneMinusBeta1 = (float) (1 - beta1);
    this.oneMinusBeta2 = (float) (1 - beta2);
    this.epsilon = (float) epsilon;
  }

  /**
   * @param options head options whose Adam settings to use
   * @return an optimiser with those settings
   */
  public static Adam of(HeadOptions options) {
    return new Adam(options.learningRate(), options.beta1(), options.beta2(), options.epsilon());
  }

  /**
   * The bias-corrected step size of iteration {@code t}.
   *
   * @param t 1-based iteration
   * @return {@code lr * sqrt(1 - beta2^t) / (1 - beta1^t)} rounded to float
   */
  public float alpha(long t) {
    if (t < 1) {
      throw new IllegalArgumentException("iteration t = " + t + ", expected >= 1");
    }
    return (float) (learningRate * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t)));
  }

  /**
   * @return {@code (float) (1 - beta1)}
   */
  public float oneMinusBeta1() {
    return oneMinusBeta1;
  }

  /**
   * @return {@code (float) (1 - beta2)}
   */
  public float oneMinusBeta2() {
    return oneMinusBeta2;
  }

  /**
   * @return epsilon as float
   */
  public float epsilon() {
    return epsilon;
  }

  /**
   * @param size number of parameters in the block
   * @return fresh zero moments at iteration 0
   */
  public State newState(int size) {
    return new State(size);
  }

  /**
   * One update of a parameter block; advances {@code state}'s iteration.
   *
   * @param state the block's moments
   * @param params parameters, updated in place from {@code offset}
   * @param offset where the block starts in {@code params}
   * @param grads gradients, from {@code gradOffset}
   * @param gradOffset where the block's gradients start
   */
  public void step(State state, float[] params, int offset, float[] grads, int gradOffset) {
    state.t++;
    update(params, offset, grads, gradOffset, state.m, state.v, 0, state.m.length, alpha(state.t));
  }

  /**
   * The element-wise update with a given step size, for callers that keep moments in their own
   * arrays (many models stacked in one array).
   *
   * @param params parameters
   * @param offset first parameter
   * @param grads gradients
   * @param gradOffset first gradient
   * @param m first moments
   * @param v second moments
   * @param momentOffset first moment index
   * @param length number of parameters
   * @param alpha step size from {@link #alpha(long)}
   */
  public void update(
      float[] params,
      int offset,
      float[] grads,
      int gradOffset,
      float[] m,
      float[] v,
      int momentOffset,
      int length,
      float alpha) {
    final float b1 = oneMinusBeta1;
    final float b2 = oneMinusBeta2;
    final float eps = epsilon;
    for (int i = 0; i < length; i++) {
      float g = grads[gradOffset + i];
      float mi = m[momentOffset + i];
      float vi = v[momentOffset + i];
      mi += (g - mi) * b1;
      vi += (g * g - vi) * b2;
      m[momentOffset + i] = mi;
      v[momentOffset + i] = vi;
      params[offset + i] -= (mi * alpha) / ((float) Math.sqrt(vi) + eps);
    }
  }

  /**
   * {@link #update(float[], int, float[], int, float[], float[], int, int, float)} of whole arrays,
   * the same floats: indexed alike, the loop is one C2 vectorises (with different offsets it cannot
   * prove the arrays do not overlap, and runs it one element at a time).
   *
   * @param params parameters, updated in place
   * @param grads gradients, at least as long
   * @param m first moments, at least as long
   * @param v second moments, at least as long
   * @param alpha step size from {@link #alpha(long)}
   */
  public void update(float[] params, float[] grads, float[] m, float[] v, float alpha) {
    final float b1 = oneMinusBeta1;
    final float b2 = oneMinusBeta2;
    final float eps = epsilon;
    for (int i = 0; i < params.length; i++) {
      float g = grads[i];
      float mi = m[i];
      float vi = v[i];
      mi += (g - mi) * b1;
      vi += (g * g - vi) * b2;
      m[i] = mi;
      v[i] = vi;
      params[i] -= (mi * alpha) / ((float) Math.sqrt(vi) + eps);
    }
  }

  /** Moments and iteration count of one parameter block. Not thread-safe. */
  public static final class State {
    final float[] m;
    final float[] v;
    long t;

    State(int size) {
      if (size < 1) {
        throw new IllegalArgumentException("state size = " + size + ", expected >= 1");
      }
      m = new float[size];
      v = new float[size];
    }

    /**
     * @return iterations done so far
     */
    public long iterations() {
      return t;
    }
  }
}
