package org.samplesize.image;

/** Memory order of a batch of images in the float buffer. */
public enum Layout {
  /** batch, channel, height, width: PyTorch and the ONNX model zoo. */
  NCHW,
  /** batch, height, width, channel: Keras and TensorFlow Hub exports. */
  NHWC
}
