/**
 * Learning-curve families, least-squares fitting (Apache Commons Math), model selection, bootstrap
 * intervals and inverse prediction.
 */
package org.samplesize.fit;
