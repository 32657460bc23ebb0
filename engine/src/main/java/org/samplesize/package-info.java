/**
 * samplesize: how many labelled images will a model need? Trains on subsamples of growing size,
 * fits a learning curve and extrapolates it with intervals. Sub-packages follow the pipeline:
 * {@code data}, {@code image}, {@code features}, {@code train}, {@code experiment}, {@code fit},
 * {@code report}, {@code cli}; {@code io} holds the file helpers they share.
 */
package org.samplesize;
