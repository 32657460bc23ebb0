/**
 * The workloads that {@code samplesize bench} times, one per stage: feature extraction per
 * execution provider and batch size ({@link org.samplesize.bench.FeatureBench}), head training on
 * the recipe's plan ({@link org.samplesize.bench.HeadBenchmark}) and fine-tuning steps of the tail
 * ({@link org.samplesize.bench.TailBenchmark}), each reported as {@link
 * org.samplesize.bench.BenchRow}s. The JMH benchmarks and the side-by-side harness in the {@code
 * benchmarks} module reuse them; nothing in the pipeline depends on this package.
 */
package org.samplesize.bench;
