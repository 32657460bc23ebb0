package org.samplesize.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Images that are not files of their own but pixels held in memory (e.g. read from IDX files), each
 * named by a path that no file has, such as {@code DIR/train-images-idx3-ubyte#12345}. An image
 * request that carries one of these takes its pixels from it instead of decoding a file; resize,
 * augmentation and normalisation are then the same as for a decoded file.
 */
public interface InMemoryImages {

  /**
   * 8-bit pixels of one image, row-major.
   *
   * @param width width in pixels
   * @param height height in pixels
   * @param channels 1 (grey) or 3 (RGB, interleaved)
   * @param pixels {@code width × height × channels} bytes
   */
  record Raster(int width, int height, int channels, byte[] pixels) {
    /** Checks the sizes. */
    public Raster {
      Objects.requireNonNull(pixels, "pixels");
      if (width < 1 || height < 1 || (channels != 1 && channels != 3)) {
        throw new IllegalArgumentException(
            "a raster needs a positive size and 1 or 3 channels, got "
                + width
                + "x"
                + height
                + "x"
                + channels);
      }
      if ((long) width * height * channels != pixels.length) {
        throw new IllegalArgumentException(
            "raster of "
                + width
                + "x"
                + height
                + "x"
                + channels
                + " holds "
                + pixels.length
                + " bytes");
      }
    }
  }

  /**
   * @param name the path an image entry gives
   * @return the image's pixels (a fresh copy)
   * @throws IllegalArgumentException if {@code name} is not one of these images
   */
  Raster raster(Path name);

  /**
   * What identifies the image's content wherever its files are kept, for feature cache keys: e.g.
   * the SHA-256 of the IDX file's uncompressed content and the image's index in it.
   *
   * @param name the path an image entry gives
   * @return a stable key
   * @throws IllegalArgumentException if {@code name} is not one of these images
   */
  String contentKey(Path name);
}
