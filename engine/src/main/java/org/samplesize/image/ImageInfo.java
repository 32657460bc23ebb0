package org.samplesize.image;

/**
 * What a successful decode found out about a file.
 *
 * @param format {@code jpeg}, {@code png}, ...
 * @param width width in pixels
 * @param height height in pixels
 * @param channels channels stored in the file (1 grey, 3 colour, 4 with alpha)
 * @param orientation the file's EXIF orientation tag, 1 to 8 (1 when it has none); width and height
 *     are as stored, before any turn
 */
public record ImageInfo(String format, int width, int height, int channels, int orientation) {

  /**
   * A description without EXIF orientation.
   *
   * @param format {@code jpeg}, {@code png}, ...
   * @param width width in pixels
   * @param height height in pixels
   * @param channels channels stored in the file
   */
  public ImageInfo(String format, int width, int height, int channels) {
    this(format, width, height, channels, 1);
  }
}
