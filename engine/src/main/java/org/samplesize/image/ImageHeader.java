package org.samplesize.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * What the first bytes of an image file say, read in Java before any native decoder sees the file:
 * the format (by magic bytes), the dimensions (so a decompression bomb is rejected before it is
 * decoded) and, for JPEG and PNG, whether the file ends properly.
 *
 * @param format {@code jpeg}, {@code png}, {@code bmp}, {@code webp}, {@code tiff}, {@code gif}, or
 *     {@code unknown}
 * @param width width in pixels, or -1 when the header could not be read
 * @param height height in pixels, or -1 when the header could not be read
 * @param truncated true when the file visibly stops early (JPEG without an end-of-image marker
 *     after its scan, PNG without {@code IEND}, header cut short)
 * @param orientation the EXIF orientation tag (1 to 8; 1, "as stored", when the file has none or an
 *     invalid one): from a JPEG's first {@code APP1 Exif} segment, a PNG's {@code eXIf} chunk or a
 *     WebP's {@code EXIF} chunk, where PIL's {@code getexif} finds it; not read for TIFF
 */
public record ImageHeader(
    String format, int width, int height, boolean truncated, int orientation) {

  /** Checks the orientation. */
  public ImageHeader {
    if (orientation < 1 || orientation > 8) {
      throw new IllegalArgumentException("orientation must be in 1..8, got " + orientation);
    }
  }

  /**
   * A header without EXIF orientation.
   *
   * @param format the format
   * @param width width in pixels, or -1
   * @param height height in pixels, or -1
   * @param truncated whether the file visibly stops early
   */
  public ImageHeader(String format, int width, int height, boolean truncated) {
    this(format, width, height, truncated, 1);
  }

  /**
   * @return whether the orientation swaps width and height (tags 5 to 8)
   */
  public boolean transposes() {
    return orientation >= 5;
  }

  /**
   * @return whether the dimensions were read
   */
  public boolean hasSize() {
    return width > 0 && height > 0;
  }

  /**
   * @return width × height (as a long), or -1 when unknown
   */
  public long pixels() {
    return hasSize() ? (long) width * height : -1;
  }

  /**
   * Reads the header of a whole file held in memory.
   *
   * @param data the file's bytes from position 0 to the limit; not modified
   * @return the header; format {@code unknown} when no supported magic matches
   */
  public static ImageHeader parse(ByteBuffer data) {
    ByteBuffer b = data.duplicate().order(ByteOrder.BIG_ENDIAN);
    b.position(0);
    int n = b.limit();
    if (n >= 3 && u8(b, 0) == 0xFF && u8(b, 1) == 0xD8 && u8(b, 2) == 0xFF) {
      return jpeg(b, n);
    }
    if (n >= 8 && b.getLong(0) == 0x89504E470D0A1A0AL) {
      return png(b, n);
    }
    if (n >= 2 && u8(b, 0) == 'B' && u8(b, 1) == 'M') {
      if (n < 26) {
        return new ImageHeader("bmp", -1, -1, true);
      }
      b.order(ByteOrder.LITTLE_ENDIAN);
      int w = b.getInt(18);
      int h = Math.abs(b.getInt(22));
      return new ImageHeader("bmp", w, h, false);
    }
    if (n >= 12 && b.getInt(0) == 0x52494646 && b.getInt(8) == 0x57454250) {
      return webp(b, n);
    }
    if (n >= 4 && ((b.getInt(0) == 0x49492A00) || (b.getInt(0) == 0x4D4D002A))) {
      return tiff(b, n);
    }
    if (n >= 6 && b.getInt(0) == 0x47494638) {
      if (n < 10) {
        return new ImageHeader("gif", -1, -1, true);
      }
      b.order(ByteOrder.LITTLE_ENDIAN);
      return new ImageHeader("gif", b.getShort(6) & 0xFFFF, b.getShort(8) & 0xFFFF, false);
    }
    return new ImageHeader("unknown", -1, -1, false);
  }

  private static ImageHeader jpeg(ByteBuffer b, int n) {
    int pos = 2;
    int orientation = 0;
    int w = -1;
    int h = -1;
    int sos = -1;
    while (pos + 1 < n) {
      if (u8(b, pos) != 0xFF) {
        break; // not at a marker: corrupt
      }
      while (pos < n && u8(b, pos) == 0xFF) {
        pos++; // fill bytes
      }
      if (pos >= n) {
        break;
      }
      int marker = u8(b, pos++);
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
        continue; // standalone
      }
      if (marker == 0xD9) {
        break;
      }
      if (pos + 2 > n) {
        break;
      }
      int len = (u8(b, pos) << 8) | u8(b, pos + 1);
      if (len < 2) {
        break;
      }
      boolean sof =
          marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
      if (sof && pos + 7 <= n) {
        h = (u8(b, pos + 3) << 8) | u8(b, pos + 4);
        w = (u8(b, pos + 5) << 8) | u8(b, pos + 6);
      }
      if (marker == 0xE1 && orientation == 0 && pos + len <= n && len >= 8) {
        // APP1 "Exif\0\0" then a TIFF structure; only the first Exif segment counts, as in PIL.
        if (b.getInt(pos + 2) == 0x45786966 && b.getShort(pos + 6) == 0) {
          orientation = tiffOrientation(b, pos + 8, pos + len);
        }
      }
      if (marker == 0xDA) {
        sos = pos + len;
        break;
      }
      pos += len;
    }
    boolean truncated = true;
    if (sos > 0) {
      // Entropy-coded data never holds FF D9 (FF is stuffed with 00), so an EOI after the first
      // scan
      // is the end of the main image; an EXIF thumbnail's EOI comes before the scan.
      for (int i = n - 2; i >= sos; i--) {
        if (u8(b, i) == 0xFF && u8(b, i + 1) == 0xD9) {
          truncated = false;
          break;
        }
      }
    }
    return new ImageHeader("jpeg", w, h, truncated, Math.max(1, orientation));
  }

  private static ImageHeader png(ByteBuffer b, int n) {
    if (n < 24 || b.getInt(12) != 0x49484452) {
      return new ImageHeader("png", -1, -1, true);
    }
    int w = b.getInt(16);
    int h = b.getInt(20);
    boolean truncated = true;
    // IEND is the last chunk: length 0, "IEND", CRC; tolerate a little trailing garbage.
    for (int i = n - 8; i >= Math.max(33, n - 4096); i--) {
      if (b.getInt(i) == 0x49454E44) {
        truncated = false;
        break;
      }
    }
    return new ImageHeader("png", w, h, truncated, pngOrientation(b, n));
  }

  private static ImageHeader webp(ByteBuffer b, int n) {
    b.order(ByteOrder.LITTLE_ENDIAN);
    if (n < 30) {
      return new ImageHeader("webp", -1, -1, true);
    }
    int chunk = b.order(ByteOrder.BIG_ENDIAN).getInt(12);
    b.order(ByteOrder.LITTLE_ENDIAN);
    int w = -1;
    int h = -1;
    if (chunk == 0x56503858) { // VP8X
      w = 1 + (u8(b, 24) | (u8(b, 25) << 8) | (u8(b, 26) << 16));
      h = 1 + (u8(b, 27) | (u8(b, 28) << 8) | (u8(b, 29) << 16));
    } else if (chunk == 0x5650384C) { // VP8L
      int bits = b.getInt(21);
      w = 1 + (bits & 0x3FFF);
      h = 1 + ((bits >>> 14) & 0x3FFF);
    } else if (chunk == 0x56503820) { // "VP8 "
      w = (b.getShort(26) & 0x3FFF);
      h = (b.getShort(28) & 0x3FFF);
    }
    return new ImageHeader("webp", w, h, false, webpOrientation(b, n));
  }

  private static ImageHeader tiff(ByteBuffer b, int n) {
    if (u8(b, 0) == 'I') {
      b.order(ByteOrder.LITTLE_ENDIAN);
    }
    if (n < 8) {
      return new ImageHeader("tiff", -1, -1, true);
    }
    long ifd = b.getInt(4) & 0xFFFFFFFFL;
    if (ifd + 2 > n) {
      return new ImageHeader("tiff", -1, -1, true);
    }
    int entries = b.getShort((int) ifd) & 0xFFFF;
    int w = -1;
    int h = -1;
    for (int e = 0; e < entries; e++) {
      int p = (int) ifd + 2 + 12 * e;
      if (p + 12 > n) {
        return new ImageHeader("tiff", w, h, true);
      }
      int tag = b.getShort(p) & 0xFFFF;
      int type = b.getShort(p + 2) & 0xFFFF;
      long value = type == 3 ? (b.getShort(p + 8) & 0xFFFF) : (b.getInt(p + 8) & 0xFFFFFFFFL);
      if (tag == 256) {
        w = (int) Math.min(Integer.MAX_VALUE, value);
      } else if (tag == 257) {
        h = (int) Math.min(Integer.MAX_VALUE, value);
      }
    }
    // No orientation for TIFF: depending on the sample layout OpenCV's TIFF reader goes through
    // libtiff's RGBA interface, which may orient the pixels itself.
    return new ImageHeader("tiff", w, h, false);
  }

  /** The orientation in a PNG's {@code eXIf} chunk (before {@code IDAT}), or 1. */
  private static int pngOrientation(ByteBuffer b, int n) {
    int pos = 8;
    while (pos + 12 <= n) {
      long len = b.getInt(pos) & 0xFFFFFFFFL;
      int type = b.getInt(pos + 4);
      if (type == 0x49444154 || len > n - pos - 12) { // IDAT: eXIf must come before it
        return 1;
      }
      if (type == 0x65584966) { // eXIf
        return tiffOrientation(b, pos + 8, pos + 8 + (int) len);
      }
      pos += 12 + (int) len;
    }
    return 1;
  }

  /** The orientation in a WebP's {@code EXIF} chunk, or 1. */
  private static int webpOrientation(ByteBuffer b, int n) {
    ByteBuffer le = b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    int pos = 12;
    while (pos + 8 <= n) {
      long len = le.getInt(pos + 4) & 0xFFFFFFFFL;
      if (len > n - pos - 8) {
        return 1;
      }
      if (b.getInt(pos) == 0x45584946) { // "EXIF"
        int from = pos + 8;
        // Some writers keep JPEG's "Exif\0\0" prefix in the chunk.
        if (len >= 6 && b.getInt(from) == 0x45786966 && b.getShort(from + 4) == 0) {
          from += 6;
        }
        return tiffOrientation(b, from, pos + 8 + (int) len);
      }
      pos += 8 + (int) ((len + 1) & ~1L); // chunks are padded to an even size
    }
    return 1;
  }

  /**
   * The orientation tag (0x0112) of the first IFD of a TIFF structure held in {@code b[from, to)},
   * or 1 when it is absent, damaged or not in 1..8 (PIL ignores such values too).
   */
  static int tiffOrientation(ByteBuffer data, int from, int to) {
    if (from < 0 || to > data.limit() || to - from < 8) {
      return 1;
    }
    ByteBuffer b = data.duplicate();
    int order = b.order(ByteOrder.BIG_ENDIAN).getShort(from);
    if (order == 0x4949) {
      b.order(ByteOrder.LITTLE_ENDIAN);
    } else if (order != 0x4D4D) {
      return 1;
    }
    if ((b.getShort(from + 2) & 0xFFFF) != 42) {
      return 1;
    }
    long ifd = b.getInt(from + 4) & 0xFFFFFFFFL;
    if (ifd < 8 || ifd > to - from - 2) {
      return 1;
    }
    int at = from + (int) ifd;
    int entries = b.getShort(at) & 0xFFFF;
    for (int e = 0; e < entries; e++) {
      int p = at + 2 + 12 * e;
      if (p + 12 > to) {
        return 1;
      }
      if ((b.getShort(p) & 0xFFFF) == 0x0112) {
        int type = b.getShort(p + 2) & 0xFFFF;
        int value =
            switch (type) {
              case 3, 8 -> b.getShort(p + 8) & 0xFFFF; // SHORT, SSHORT
              case 4, 9 -> b.getInt(p + 8); // LONG, SLONG
              case 1, 6, 7 -> b.get(p + 8) & 0xFF; // BYTE, SBYTE, UNDEFINED
              default -> 0;
            };
        return value >= 1 && value <= 8 ? value : 1;
      }
    }
    return 1;
  }

  private static int u8(ByteBuffer b, int i) {
    return b.get(i) & 0xFF;
  }
}
