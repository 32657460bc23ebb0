/**
 * Learning curves: families, least-squares fitting (Apache Commons Math), model selection,
 * bootstrap intervals and inverse prediction. Pure Java; Commons Math is confined to this package.
 *
 * <p>Use it from code (the experiment runner does):
 *
 * <pre>{@code
 * ResultsTable table = ResultsTable.builder("run-42")        // or ResultsCsv.read(path, "accuracy")
 *     .add("head", 165, 0.8202, 367)                           // curve, size, accuracy, test_size
 *     ...
 *     .build();                                                // validates: InvalidInputException
 * FitOptions options = FitOptions.defaults()                   // all families, auto, B = 1000
 *     .withPredict(List.of(SampleSize.parse("2x")))
 *     .withTargets(List.of(0.95));
 * List<CurveFit> fits = new LearningCurveFitter(options).fit(table, progressListener);
 * CurveFit fit = fits.get(0);
 * FamilyFit best = fit.chosenFit();                            // or fit.family("pow2")
 * best.predictions().get(0);                                   // accuracy at 2x with [lo, hi]
 * best.targets().get(0);                                       // n for 0.95, or not reachable
 * best.predict(5000); best.interval(5000);                     // the curve and its band anywhere
 * }</pre>
 *
 * <ul>
 *   <li>{@link org.samplesize.fit.ResultsTable} – the input rows; {@link
 *       org.samplesize.fit.CurveData} – one curve's repeats grouped by size.
 *   <li>{@link org.samplesize.fit.CurveFamily} – pow2, pow3, pow4, exp3, log2, vap3, mmf4, wbl4,
 *       last1 (LCDB definitions where LCDB has the family).
 *   <li>{@link org.samplesize.fit.FitOptions} – families, method, weights, bootstrap, seed,
 *       predictions, targets, level, threads; immutable, {@code withX} copies.
 *   <li>{@link org.samplesize.fit.LearningCurveFitter} – the engine; thread-safe, deterministic for
 *       a seed whatever the thread count.
 *   <li>{@link org.samplesize.fit.CurveFit}, {@link org.samplesize.fit.FamilyFit}, {@link
 *       org.samplesize.fit.Prediction}, {@link org.samplesize.fit.TargetEstimate} – the results.
 *   <li>{@link org.samplesize.fit.RecipeGradientDescent} – the Keras recipe's own fit, bit for bit.
 * </ul>
 *
 * <p>Writers for these results (fit.json, plots, the text table, the CSV reader) are in {@code
 * org.samplesize.report}.
 */
package org.samplesize.fit;
