/** The CPU training backend: multi-threaded, matrix products through OpenBLAS. */
package org.samplesize.train.cpu;
