package org.samplesize.image;

/**
 * A decoded image in Java memory: RGB, 8 bits per channel, row-major, channels interleaved.
 *
 * @param width width in pixels
 * @param height height in pixels
 * @param format the file's format ({@link ImageHeader#format()})
 * @param sourceChannels channels stored in the file before conversion to RGB (1 grey, 3 colour, 4
 *     with alpha)
 * @param rgb {@code width * height * 3} bytes, R G B per pixel. Do not modify.
 */
public record DecodedImage(int width, int height, String format, int sourceChannels, byte[] rgb) {

  /** Checks that the pixel array has the right length. */
  public DecodedImage {
    if ((long) width * height * 3 != rgb.length) {
      throw new IllegalArgumentException(
          "rgb holds " + rgb.length + " bytes, expected " + width + "*" + height + "*3");
    }
  }

  /**
   * @param x column
   * @param y row
   * @param channel 0 red, 1 green, 2 blue
   * @return the value in [0, 255]
   */
  public int get(int x, int y, int channel) {
    return rgb[(y * width + x) * 3 + channel] & 0xFF;
  }
}
