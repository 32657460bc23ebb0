/**
 * Head and tail networks, Adam, early stopping and metrics, behind one backend interface. Pure
 * Java; the backends live in {@code train.cpu} and {@code train.cuda}.
 */
package org.samplesize.train;
