package org.samplesize.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;

/** Writes small images with known pixels through Java's ImageIO (independent of OpenCV). */
final class TestImages {
  private TestImages() {}

  /** An RGB image whose pixel (x, y) is (r, g, b) = f(x, y). */
  static BufferedImage rgb(int w, int h, PixelFunction f) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int[] p = f.at(x, y);
        img.setRGB(x, y, (p[0] << 16) | (p[1] << 8) | p[2]);
      }
    }
    return img;
  }

  /** A smooth colour gradient, different in each channel. */
  static BufferedImage gradient(int w, int h) {
    return rgb(
        w,
        h,
        (x, y) ->
            new int[] {
              (x * 255) / Math.max(1, w - 1),
              (y * 255) / Math.max(1, h - 1),
              ((x + y) * 255) / Math.max(1, w + h - 2)
            });
  }

  static Path write(BufferedImage img, String format, Path file) throws IOException {
    Files.createDirectories(file.getParent());
    if (!ImageIO.write(img, format, file.toFile())) {
      throw new IOException("no ImageIO writer for " + format);
    }
    return file;
  }

  /**
   * A JPEG with a minimal {@code APP1 Exif} segment right after SOI whose first IFD holds only the
   * orientation tag (0x0112, SHORT), in Intel or Motorola byte order.
   */
  static byte[] withExifOrientation(byte[] jpeg, int orientation, boolean bigEndian) {
    java.nio.ByteBuffer tiff =
        java.nio.ByteBuffer.allocate(8 + 2 + 12 + 4)
            .order(bigEndian ? java.nio.ByteOrder.BIG_ENDIAN : java.nio.ByteOrder.LITTLE_ENDIAN);
    tiff.put((byte) (bigEndian ? 'M' : 'I')).put((byte) (bigEndian ? 'M' : 'I'));
    tiff.putShort((short) 42).putInt(8); // magic, first IFD right after the header
    tiff.putShort((short) 1); // one entry
    tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1); // Orientation, SHORT, count 1
    tiff.putShort((short) orientation).putShort((short) 0); // value, left-justified
    tiff.putInt(0); // no next IFD
    byte[] exif = tiff.array();
    int len = 2 + 6 + exif.length;
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.write(jpeg, 0, 2); // SOI
    out.write(0xFF);
    out.write(0xE1);
    out.write(len >> 8);
    out.write(len & 0xFF);
    out.writeBytes(new byte[] {'E', 'x', 'i', 'f', 0, 0});
    out.writeBytes(exif);
    out.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }

  /**
   * The image as PIL's {@code ImageOps.exif_transpose} shows it, computed pixel by pixel from the
   * PIL method each tag maps to: 2 FLIP_LEFT_RIGHT, 3 ROTATE_180, 4 FLIP_TOP_BOTTOM, 5 TRANSPOSE, 6
   * ROTATE_270, 7 TRANSVERSE, 8 ROTATE_90 (PIL's rotations are counter-clockwise).
   */
  static DecodedImage exifTranspose(DecodedImage in, int orientation) {
    int w = in.width();
    int h = in.height();
    boolean swap = orientation >= 5;
    int ow = swap ? h : w;
    int oh = swap ? w : h;
    byte[] out = new byte[ow * oh * 3];
    for (int y = 0; y < oh; y++) {
      for (int x = 0; x < ow; x++) {
        int sx;
        int sy;
        switch (orientation) {
          case 1 -> {
            sx = x;
            sy = y;
          }
          case 2 -> {
            sx = w - 1 - x;
            sy = y;
          }
          case 3 -> {
            sx = w - 1 - x;
            sy = h - 1 - y;
          }
          case 4 -> {
            sx = x;
            sy = h - 1 - y;
          }
          case 5 -> {
            sx = y;
            sy = x;
          }
          case 6 -> { // 90 degrees clockwise: the stored bottom-left is shown top-left
            sx = y;
            sy = h - 1 - x;
          }
          case 7 -> {
            sx = w - 1 - y;
            sy = h - 1 - x;
          }
          case 8 -> { // 90 degrees counter-clockwise: the stored top-right is shown top-left
            sx = w - 1 - y;
            sy = x;
          }
          default -> throw new IllegalArgumentException("orientation " + orientation);
        }
        System.arraycopy(in.rgb(), (sy * w + sx) * 3, out, (y * ow + x) * 3, 3);
      }
    }
    return new DecodedImage(ow, oh, in.format(), in.sourceChannels(), out);
  }

  /**
   * A PNG with an {@code eXIf} chunk (valid CRC) right after IHDR holding only the orientation tag.
   */
  static byte[] pngWithExifOrientation(byte[] png, int orientation) {
    byte[] app1 = withExifOrientation(new byte[] {(byte) 0xFF, (byte) 0xD8}, orientation, true);
    byte[] tiff = java.util.Arrays.copyOfRange(app1, 2 + 4 + 6, app1.length);
    java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(png.length + 12 + tiff.length);
    out.put(png, 0, 33); // signature and IHDR
    out.putInt(tiff.length).putInt(0x65584966).put(tiff);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(out.array(), 33 + 4, 4 + tiff.length);
    out.putInt((int) crc.getValue());
    out.put(png, 33, png.length - 33);
    return out.array();
  }

  /** Makes a FIFO with mkfifo, or skips the calling test where there is none. */
  static Path fifo(Path p) throws IOException, InterruptedException {
    Files.createDirectories(p.getParent());
    Process mk;
    try {
      mk = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
    } catch (IOException e) {
      Assumptions.abort("skipped: no mkfifo here (" + e.getMessage() + ")");
      throw e;
    }
    Assumptions.assumeTrue(
        mk.waitFor(30, TimeUnit.SECONDS) && mk.exitValue() == 0, "skipped: mkfifo failed");
    return p;
  }

  @FunctionalInterface
  interface PixelFunction {
    int[] at(int x, int y);
  }
}
