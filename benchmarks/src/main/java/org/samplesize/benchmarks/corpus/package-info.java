/**
 * The real-curve corpus and its held-out evaluation: learning curves with repeats at each size and
 * the accuracy measured at 2×, 4× (and more) their largest size ({@link Corpus}), answer methods
 * that turn a curve into predictions and target sizes with intervals ({@link AnswerMethod}), and
 * {@link CorpusHarness}, which scores every method held out by data set: a method with tunable
 * parts is tuned on the other data sets and scored on the left-out one. The corpus format is
 * documented in {@code corpus/README.md}.
 */
package org.samplesize.benchmarks.corpus;
