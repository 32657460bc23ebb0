/**
 * Decode, resize, augmentation and batching into direct buffers. The only package that touches
 * OpenCV.
 */
package org.samplesize.image;
