package org.samplesize.train;

/**
 * A read-only matrix of float32 rows (one row per image view: pooled features, or flattened trunk
 * activations for fine-tuning). Implementations may be backed by a Java array or by a memory-mapped
 * cache file; trainers copy the rows they need into their own buffers.
 */
public interface FeatureMatrix {

  /**
   * @return number of rows
   */
  int rows();

  /**
   * @return number of floats per row
   */
  int cols();

  /**
   * Copies one row.
   *
   * @param row row index in {@code [0, rows())}
   * @param dst destination array
   * @param offset where the row starts in {@code dst}
   */
  void copyRow(int row, float[] dst, int offset);

  /**
   * Wraps a dense row-major array without copying.
   *
   * @param data {@code rows * cols} floats, row-major
   * @param rows number of rows
   * @param cols floats per row
   * @return a matrix view of {@code data}
   */
  static FeatureMatrix of(float[] data, int rows, int cols) {
    if (rows < 0 || cols <= 0 || (long) rows * cols != data.length) {
      throw new IllegalArgumentException(
          "data has " + data.length + " floats, expected rows*cols = " + rows + "*" + cols);
    }
    return new FeatureMatrix() {
      @Override
      public int rows() {
        return rows;
      }

      @Override
      public int cols() {
        return cols;
      }

      @Override
      public void copyRow(int row, float[] dst, int offset) {
        System.arraycopy(data, Math.multiplyExact(row, cols), dst, offset, cols);
      }
    };
  }
}
