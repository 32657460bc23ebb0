package org.samplesize.fit;

/**
 * The Keras recipe's curve fit, reproduced operation by operation: {@code a·n^b} fitted to the size
 * means by plain gradient descent on their mean squared error, a = b = 0 at the start, learning
 * rate 0.01, 5000 steps, in float32 as TensorFlow ran it (the means rounded to float32,
 * TensorFlow's gradient of {@code pow} as z·ln(x), sums in index order). On the recipe's table it
 * gives exactly a = 0.6445642, b = 0.048097413 (the recipe printed 0.6445642113685608 and
 * 0.048097413033246994).
 */
public final class RecipeGradientDescent {
  /** The recipe's learning rate. */
  public static final float LEARNING_RATE = 0.01f;

  /** The recipe's number of steps. */
  public static final int STEPS = 5000;

  private RecipeGradientDescent() {}

  /**
   * Fits {@code a·n^b} to size means.
   *
   * @param sizes the sizes (cast to float32 as TensorFlow converts the Python list)
   * @param means the mean metric per size, in double as NumPy computes it (rounded to float32 here)
   * @return {a, b} as float32 values
   */
  public static float[] fit(double[] sizes, double[] means) {
    int m = sizes.length;
    float[] x = new float[m];
    float[] y = new float[m];
    float[] lx = new float[m];
    for (int i = 0; i < m; i++) {
      x[i] = (float) sizes[i];
      y[i] = (float) means[i];
      lx[i] = (float) Math.log(x[i]);
    }
    float a = 0;
    float b = 0;
    float scale = 1f / m;
    for (int step = 0; step < STEPS; step++) {
      float ga = 0;
      float gb = 0;
      for (int i = 0; i < m; i++) {
        float z = (float) Math.pow(x[i], b);
        float d = a * z - y[i];
        // d(mean((pred - y)^2))/d(pred_i) = (1/m) * (2 * d): Mean's gradient times Square's.
        float g = scale * (d * 2f);
        ga += g * z;
        gb += (z * lx[i]) * (g * a);
      }
      a -= ga * LEARNING_RATE;
      b -= gb * LEARNING_RATE;
    }
    return new float[] {a, b};
  }
}
