package org.samplesize.image;

/** How an image is brought to the model's input size. */
public enum ResizeMode {
  /**
   * Stretch to width × height, ignoring the aspect ratio, bilinear without antialiasing: the
   * recipe's {@code tf.image.resize(img, (224, 224))}.
   */
  SQUASH,
  /**
   * Resize the short side to {@link Preprocessing#shortSide()} keeping the aspect ratio, then crop
   * the centre to width × height: the ONNX model zoo convention (256 then 224). Shrinking uses
   * OpenCV's area interpolation (close to PIL's antialiased bilinear), enlarging uses bilinear.
   */
  SHORT_SIDE_CENTER_CROP
}
