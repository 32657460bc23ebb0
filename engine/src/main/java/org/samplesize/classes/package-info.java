/**
 * Per-class learning curves and the labelling plan: for each class its recall against the number of
 * its own training images, fitted with the engine of {@code org.samplesize.fit} (its public API
 * only), the answer per class (recall with all its images, images needed for a target recall) and,
 * for a target accuracy, how many more images of each class to label ({@link
 * org.samplesize.classes.LabellingPlan}).
 *
 * <ul>
 *   <li>{@link org.samplesize.classes.ClassTable} – the per-class observations of a results table
 *       (read from CSV by {@code org.samplesize.report.PerClassCsv}).
 *   <li>{@link org.samplesize.classes.ClassCurves} – fits every class and plans.
 *   <li>{@code LabellingPlanner} – the greedy labelling plan from the fitted per-class curves.
 *   <li>{@code ClassLines} – the sentences the per-class answers and plans are printed as.
 *   <li>{@link org.samplesize.classes.ClassReport}, {@link org.samplesize.classes.ClassAnswer},
 *       {@link org.samplesize.classes.LabellingPlan} – the results.
 * </ul>
 */
package org.samplesize.classes;
