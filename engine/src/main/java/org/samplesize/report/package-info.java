/**
 * Reading results and writing what a fit produced: {@link org.samplesize.report.ResultsCsv} (the
 * results table, with file/line/column errors), {@link org.samplesize.report.FitJsonWriter} ({@code
 * fit.json}), {@link org.samplesize.report.LearningCurvePlot} ({@code learning-curve.png} and
 * {@code .svg}, XChart) and {@link org.samplesize.report.FitTable} (the text table the command line
 * prints). XChart is confined to this package.
 */
package org.samplesize.report;
