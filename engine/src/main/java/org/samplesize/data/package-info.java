/**
 * Data sets (image folders, tf_flowers, Fashion-MNIST from IDX files), file lists, downloads with
 * checksums, safe extraction, splits and subsample plans. Pure Java.
 */
package org.samplesize.data;
