/**
 * oneDNN (JavaCPP preset) for the CPU tail's bf16 matrix products: the only package that touches
 * it. {@link org.samplesize.train.cpu.onednn.Bf16Matmul} rounds both operands of a product to
 * bfloat16 and multiplies them with fp32 accumulation into an fp32 result, on CPUs with AVX512-BF16
 * ({@link org.samplesize.train.cpu.onednn.OneDnn#bf16UnavailableReason()} says whether this one has
 * it).
 */
package org.samplesize.train.cpu.onednn;
