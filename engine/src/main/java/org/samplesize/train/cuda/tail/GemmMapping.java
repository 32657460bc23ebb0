package org.samplesize.train.cuda.tail;

/**
 * Maps a row-major product {@code C[M×N] = op(A)[M×K] · op(B)[K×N]} (leading dimensions as for
 * CBLAS row-major) onto column-major cuBLAS: a row-major matrix read column-major is its transpose,
 * so cuBLAS computes {@code Cᵀ[N×M] = op(B)ᵀ · op(A)ᵀ} with {@code B} passed first.
 *
 * @param opFirst transpose flag of the first cuBLAS operand ({@code B})
 * @param opSecond transpose flag of the second cuBLAS operand ({@code A})
 * @param m cuBLAS {@code m} (= N)
 * @param n cuBLAS {@code n} (= M)
 * @param k cuBLAS {@code k} (= K)
 * @param ldFirst leading dimension of {@code B}
 * @param ldSecond leading dimension of {@code A}
 * @param ldc leading dimension of {@code C} (= N)
 */
record GemmMapping(
    boolean opFirst, boolean opSecond, int m, int n, int k, int ldFirst, int ldSecond, int ldc) {

  /**
   * @param transA whether {@code A} is stored {@code K×M}
   * @param transB whether {@code B} is stored {@code N×K}
   * @param rows M
   * @param cols N
   * @param k K
   * @return the cuBLAS arguments
   */
  static GemmMapping rowMajor(boolean transA, boolean transB, int rows, int cols, int k) {
    int lda = transA ? rows : k;
    int ldb = transB ? k : cols;
    return new GemmMapping(transB, transA, cols, rows, k, ldb, lda, cols);
  }
}
