/**
 * Writers for results and fits (CSV, JSON), learning-curve plots (PNG, SVG) and the HTML report.
 */
package org.samplesize.report;
