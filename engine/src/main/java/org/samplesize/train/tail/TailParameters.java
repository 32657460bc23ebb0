package org.samplesize.train.tail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The trainable tensors of a tail plus its dense head, in one fixed order: for each block {@code
 * expand.weight, expand.bias} (when it has an expansion), {@code depthwise.weight, depthwise.bias,
 * project.weight, project.bias}; then {@code last.weight, last.bias}; then {@code head.weight}
 * ({@code numClasses × featureDim}, row-major: one row per class) and {@code head.bias}. Weights
 * are laid out as in {@link Conv1x1Spec} and {@link DepthwiseSpec}.
 *
 * <p>Mutable training state: {@link #tensor(int)} returns the live array. Not thread-safe.
 */
public final class TailParameters {
  private final List<String> names;
  private final float[][] values;

  private TailParameters(List<String> names, float[][] values) {
    this.names = List.copyOf(names);
    this.values = values;
  }

  /**
   * Parameters initialised from the spec's (pretrained) weights and a trained head.
   *
   * @param spec the tail
   * @param numClasses classes of the head, at least 2
   * @param headWeight {@code numClasses × featureDim}, row-major (copied)
   * @param headBias {@code numClasses} (copied)
   * @return the parameters
   * @throws IllegalArgumentException when the head's shape does not fit
   */
  public static TailParameters of(
      TailSpec spec, int numClasses, float[] headWeight, float[] headBias) {
    if (numClasses < 2) {
      throw new IllegalArgumentException("numClasses must be at least 2, got " + numClasses);
    }
    if (headWeight.length != (long) numClasses * spec.featureDim()
        || headBias.length != numClasses) {
      throw new IllegalArgumentException(
          "head weights have "
              + headWeight.length
              + "+"
              + headBias.length
              + " floats, expected "
              + numClasses
              + "×"
              + spec.featureDim()
              + " + "
              + numClasses);
    }
    List<String> names = new ArrayList<>();
    List<float[]> vals = new ArrayList<>();
    for (InvertedResidualSpec b : spec.blocks()) {
      if (b.expand() != null) {
        names.add(b.name() + ".expand.weight");
        vals.add(b.expand().weight());
        names.add(b.name() + ".expand.bias");
        vals.add(b.expand().bias());
      }
      names.add(b.name() + ".depthwise.weight");
      vals.add(b.depthwise().weight());
      names.add(b.name() + ".depthwise.bias");
      vals.add(b.depthwise().bias());
      names.add(b.name() + ".project.weight");
      vals.add(b.project().weight());
      names.add(b.name() + ".project.bias");
      vals.add(b.project().bias());
    }
    names.add("last.weight");
    vals.add(spec.lastConv().weight());
    names.add("last.bias");
    vals.add(spec.lastConv().bias());
    names.add("head.weight");
    vals.add(headWeight.clone());
    names.add("head.bias");
    vals.add(headBias.clone());
    return new TailParameters(names, vals.toArray(new float[0][]));
  }

  /**
   * @param like parameters whose names and sizes to copy
   * @return zero-filled parameters of the same shape (e.g. for gradients)
   */
  public static TailParameters zerosLike(TailParameters like) {
    float[][] v = new float[like.values.length][];
    for (int i = 0; i < v.length; i++) {
      v[i] = new float[like.values[i].length];
    }
    return new TailParameters(like.names, v);
  }

  /**
   * @return number of tensors
   */
  public int size() {
    return values.length;
  }

  /**
   * @param i tensor index
   * @return its name, e.g. {@code block_10.expand.weight}
   */
  public String name(int i) {
    return names.get(i);
  }

  /**
   * @param i tensor index
   * @return the live array (changes are seen by the owner)
   */
  public float[] tensor(int i) {
    return values[i];
  }

  /**
   * @return total number of floats
   */
  public long totalLength() {
    long n = 0;
    for (float[] v : values) {
      n += v.length;
    }
    return n;
  }

  /**
   * @return a deep copy
   */
  public TailParameters copy() {
    float[][] v = new float[values.length][];
    for (int i = 0; i < v.length; i++) {
      v[i] = values[i].clone();
    }
    return new TailParameters(names, v);
  }

  /**
   * Copies all values from parameters of the same shape.
   *
   * @param other the source
   * @throws IllegalArgumentException when shapes differ
   */
  public void copyFrom(TailParameters other) {
    checkSameShape(other);
    for (int i = 0; i < values.length; i++) {
      System.arraycopy(other.values[i], 0, values[i], 0, values[i].length);
    }
  }

  /**
   * @param other parameters of the same shape
   * @return the largest absolute difference over all values
   */
  public double maxAbsDifference(TailParameters other) {
    checkSameShape(other);
    double m = 0;
    for (int i = 0; i < values.length; i++) {
      for (int j = 0; j < values[i].length; j++) {
        m = Math.max(m, Math.abs((double) values[i][j] - other.values[i][j]));
      }
    }
    return m;
  }

  void checkSameShape(TailParameters other) {
    if (other.values.length != values.length) {
      throw new IllegalArgumentException(
          "parameter sets differ: " + values.length + " vs " + other.values.length + " tensors");
    }
    for (int i = 0; i < values.length; i++) {
      if (other.values[i].length != values[i].length) {
        throw new IllegalArgumentException(
            "tensor "
                + names.get(i)
                + " has "
                + other.values[i].length
                + " floats, expected "
                + values[i].length);
      }
    }
  }

  @Override
  public String toString() {
    return "TailParameters["
        + values.length
        + " tensors, "
        + totalLength()
        + " floats, "
        + Arrays.asList(names.get(0), names.get(names.size() - 1))
        + "]";
  }
}
