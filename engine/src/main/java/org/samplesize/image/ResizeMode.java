package org.samplesize.image;

/** How an image is brought to the model's input size. */
public enum ResizeMode {
  /**
   * Stretch to width × height, ignoring the aspect ratio, bilinear without antialiasing, on float
   * pixels: the recipe's {@code tf.image.resize(img, (224, 224))}.
   */
  SQUASH("float32"),
  /**
   * Resize the short side to {@link Preprocessing#shortSide()} keeping the aspect ratio, then crop
   * the centre to width × height: the ONNX model zoo convention (256 then 224), which comes from
   * torchvision's PIL pipeline (the built-in TF-Hub card uses it too). As in PIL, the resampling
   * works on 8-bit pixels (rounded), and the crop goes to float once; shrinking uses OpenCV's area
   * interpolation (close to PIL's antialiased bilinear), enlarging uses bilinear.
   */
  SHORT_SIDE_CENTER_CROP("uint8");

  private final String resampling;

  ResizeMode(String resampling) {
    this.resampling = resampling;
  }

  /**
   * @return the pixel type the resize works on, {@code uint8} or {@code float32} (recorded in the
   *     feature cache's provenance: it changes the numbers)
   */
  public String resampling() {
    return resampling;
  }
}
