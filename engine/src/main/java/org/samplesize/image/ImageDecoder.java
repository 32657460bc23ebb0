package org.samplesize.image;

import static org.bytedeco.opencv.global.opencv_core.CV_16U;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_CLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_COUNTERCLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.flip;
import static org.bytedeco.opencv.global.opencv_core.rotate;
import static org.bytedeco.opencv.global.opencv_core.transpose;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_IGNORE_ORIENTATION;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_2;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_4;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_8;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_UNCHANGED;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_RGBA2mRGBA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Decodes one image file at a time to RGB, 8 bits per channel, with every check a bad file needs:
 * empty file, unreadable file, content that is no supported image, truncated JPEG or PNG,
 * dimensions above a pixel cap (read from the header before decoding, against decompression bombs),
 * and OpenCV's empty result. Grey images are expanded to RGB, 16-bit samples scaled to 8 bits, CMYK
 * JPEGs converted by the decoder, and alpha composited onto black. EXIF orientation is not applied,
 * as in {@code tf.io.decode_jpeg} that the recipe uses, unless the {@link Preprocessing} asks for
 * it ({@link Preprocessing#exifOrientation()}).
 *
 * <p>The decoder reuses its native buffers from file to file, so it is not thread-safe: use one per
 * thread. Close it to free the native memory; closing twice is harmless.
 */
public final class ImageDecoder implements AutoCloseable {

  /** Default pixel cap: 100 megapixels, far above any photo a classifier is trained on. */
  public static final long DEFAULT_MAX_PIXELS = 100_000_000L;

  /** Files larger than this are rejected before reading ({@link ImageFiles#MAX_FILE_BYTES}). */
  public static final long MAX_FILE_BYTES = ImageFiles.MAX_FILE_BYTES;

  /**
   * The file buffer grows for a large file but is cut back to this after it (16 MiB), so one odd
   * file does not pin up to {@link #MAX_FILE_BYTES} per decoder for the rest of a run.
   */
  static final int MAX_RETAINED_FILE_BYTES = 16 << 20;

  private final long maxPixels;
  private ByteBuffer fileBuffer;
  private BytePointer filePointer;
  private final Mat decoded = new Mat();
  private final Mat depth8 = new Mat();
  private final Mat premultiplied = new Mat();
  private final Mat rgb = new Mat();
  private final Mat oriented = new Mat();
  private final Mat transposed = new Mat();
  private String lastFormat = "unknown";
  private int lastChannels;
  private int lastDenominator = 1;
  private int lastOrientation = 1;
  private boolean closed;

  /** A decoder with the {@link #DEFAULT_MAX_PIXELS} cap. */
  public ImageDecoder() {
    this(DEFAULT_MAX_PIXELS);
  }

  /**
   * @param maxPixels images with more pixels than this are rejected, at least 1
   */
  public ImageDecoder(long maxPixels) {
    if (maxPixels < 1) {
      throw new IllegalArgumentException("maxPixels must be at least 1, got " + maxPixels);
    }
    this.maxPixels = maxPixels;
    allocate(1 << 20);
  }

  /**
   * Decodes a file and copies the pixels into Java memory.
   *
   * @param path the file
   * @return the RGB pixels
   * @throws BadImageException if the file cannot be used, with the reason
   * @throws IllegalStateException after {@link #close()}
   */
  public DecodedImage decode(Path path) throws BadImageException {
    Mat m = decodeRgb(path);
    byte[] bytes = new byte[m.cols() * m.rows() * 3];
    m.data().get(bytes);
    return new DecodedImage(m.cols(), m.rows(), lastFormat, lastChannels, bytes);
  }

  /**
   * Decodes a file fully (so a file that passes really decodes) and returns its description without
   * copying the pixels.
   *
   * @param path the file
   * @return format, size and channels of the file
   * @throws BadImageException if the file cannot be used, with the reason
   * @throws IllegalStateException after {@link #close()}
   */
  public ImageInfo probe(Path path) throws BadImageException {
    Mat m = decodeRgb(path);
    return new ImageInfo(lastFormat, m.cols(), m.rows(), lastChannels, lastOrientation);
  }

  /**
   * Runs every check that comes before decoding, without decoding: the file may be read ({@link
   * ImageFiles#check}), its content is a supported format, not truncated, and its header's
   * dimensions are within the pixel cap. A file that fails here fails {@link #decode} with the same
   * reason; one that passes can still fail there when its compressed data are corrupt.
   *
   * @param path the file
   * @return its header
   * @throws BadImageException if the file cannot be used, with the reason
   * @throws IllegalStateException after {@link #close()}
   */
  public ImageHeader check(Path path) throws BadImageException {
    if (closed) {
      throw new IllegalStateException("Trying to check with a closed ImageDecoder.");
    }
    try {
      int size = read(path);
      ByteBuffer view = fileBuffer.duplicate();
      view.position(0).limit(size);
      ImageHeader header = ImageHeader.parse(view);
      checkHeader(path, header);
      return header;
    } finally {
      if (fileBuffer.capacity() > MAX_RETAINED_FILE_BYTES) {
        allocate(MAX_RETAINED_FILE_BYTES);
      }
    }
  }

  /**
   * Decodes into this decoder's own RGB matrix (CV_8UC3, continuous), valid until the next call.
   */
  Mat decodeRgb(Path path) throws BadImageException {
    return decodeRgb(path, null);
  }

  /**
   * Decodes into this decoder's own RGB matrix (CV_8UC3, continuous), valid until the next call; a
   * JPEG at 1/2, 1/4 or 1/8 of its size when {@code reduceFor} asks for {@link
   * Preprocessing#jpegDctScaling()} and the reduced image still {@linkplain Preprocessing#coveredBy
   * covers} what it needs, and turned as its EXIF orientation says when {@code reduceFor} asks for
   * {@link Preprocessing#exifOrientation()}.
   *
   * @param path the file
   * @param reduceFor the preprocessing the pixels are for, or null for a full decode as stored
   */
  Mat decodeRgb(Path path, Preprocessing reduceFor) throws BadImageException {
    if (closed) {
      throw new IllegalStateException("Trying to decode with a closed ImageDecoder.");
    }
    try {
      return decodeInto(path, reduceFor);
    } finally {
      if (fileBuffer.capacity() > MAX_RETAINED_FILE_BYTES) {
        allocate(MAX_RETAINED_FILE_BYTES);
      }
    }
  }

  /**
   * @return the capacity of the reusable file buffer, in bytes (for tests)
   */
  int fileBufferCapacity() {
    return fileBuffer.capacity();
  }

  /**
   * The largest JPEG DCT scaling denominator (8, 4 or 2; 1 for none) whose output, {@code ceil(w /
   * d) × ceil(h / d)} as libjpeg computes it, is still covered by {@code pre}.
   *
   * @param w full width
   * @param h full height
   * @param pre what the pixels are for
   * @return 1, 2, 4 or 8
   */
  static int dctScaleDenominator(int w, int h, Preprocessing pre) {
    for (int d = 8; d > 1; d /= 2) {
      if (pre.coveredBy((w + d - 1) / d, (h + d - 1) / d)) {
        return d;
      }
    }
    return 1;
  }

  /**
   * @return the scaling denominator of the last decode: 1 for a full decode (for tests)
   */
  int lastScaleDenominator() {
    return lastDenominator;
  }

  private Mat decodeInto(Path path, Preprocessing reduceFor) throws BadImageException {
    int size = read(path);
    ByteBuffer view = fileBuffer.duplicate();
    view.position(0).limit(size);
    ImageHeader header = ImageHeader.parse(view);
    lastFormat = header.format();
    lastOrientation = header.orientation();
    checkHeader(path, header);
    boolean orient = reduceFor != null && reduceFor.exifOrientation() && header.orientation() != 1;
    try (Mat buf = new Mat(1, size, CV_8UC1, filePointer)) {
      // imdecode returns a new header sharing `decoded`'s pixels: close it at once, or the pixels
      // of every image stay referenced until the garbage collector runs.
      int flags = IMREAD_UNCHANGED;
      lastDenominator = 1;
      if (reduceFor != null
          && reduceFor.jpegDctScaling()
          && header.format().equals("jpeg")
          && header.hasSize()) {
        // What must cover the resize is the image as it is shown: turned when it will be.
        boolean swap = orient && header.transposes();
        lastDenominator =
            dctScaleDenominator(
                swap ? header.height() : header.width(),
                swap ? header.width() : header.height(),
                reduceFor);
        // The reduced modes decode to 8-bit BGR (a grey or CMYK JPEG too); OpenCV's own EXIF
        // orientation stays off, as in the full decode (applied below when asked for).
        flags =
            switch (lastDenominator) {
              case 8 -> IMREAD_REDUCED_COLOR_8 | IMREAD_IGNORE_ORIENTATION;
              case 4 -> IMREAD_REDUCED_COLOR_4 | IMREAD_IGNORE_ORIENTATION;
              case 2 -> IMREAD_REDUCED_COLOR_2 | IMREAD_IGNORE_ORIENTATION;
              default -> IMREAD_UNCHANGED;
            };
      }
      // imdecode leaves its destination untouched when the decoder refuses the file's header (a
      // BMP with 7 bits per pixel, say), so a reused matrix would hand back the previous file's
      // pixels as this one's: start from an empty one. When the decoder fails partway through
      // the pixels (a cut-short BMP or TIFF, a corrupt PNG stream), the destination keeps what
      // was decoded so far and uninitialised memory after it; only the returned matrix, empty
      // then, says so.
      decoded.release();
      Mat result = imdecode(buf, flags, decoded);
      boolean failed = result == null || result.empty();
      if (result != null && result != decoded) {
        result.close();
      }
      if (failed && !decoded.empty()) {
        decoded.release();
        throw new BadImageException(
            path,
            "corrupt or cut-short "
                + name(header)
                + " data: OpenCV stopped partway through the pixels (open it in an image viewer;"
                + " re-save or remove it)");
      }
    } catch (RuntimeException e) {
      throw new BadImageException(
          path, "corrupt " + name(header) + " data: OpenCV failed to decode it (" + e + ")");
    }
    if (decoded.empty()) {
      throw new BadImageException(
          path,
          "corrupt or unsupported "
              + name(header)
              + " data: OpenCV could not decode it (open it in an image viewer; re-save or remove"
              + " it)");
    }
    long pixels = (long) decoded.cols() * decoded.rows();
    if (pixels > maxPixels) {
      throw new BadImageException(path, tooLarge(decoded.cols(), decoded.rows()));
    }
    toRgb(path);
    if (orient) {
      orient(rgb, header.orientation(), oriented, transposed);
      return oriented;
    }
    return rgb;
  }

  /**
   * Turns and flips an image as an EXIF orientation tag says, as PIL's {@code
   * ImageOps.exif_transpose} does: 2 mirror left-right, 3 rotate 180°, 4 mirror top-bottom, 5
   * transpose, 6 rotate 90° clockwise, 7 transverse, 8 rotate 90° counter-clockwise.
   *
   * @param src the image as stored
   * @param orientation the tag, 2 to 8
   * @param dst receives the image as shown (not {@code src})
   * @param scratch a temporary for orientation 7
   */
  static void orient(Mat src, int orientation, Mat dst, Mat scratch) {
    switch (orientation) {
      case 2 -> flip(src, dst, 1);
      case 3 -> flip(src, dst, -1);
      case 4 -> flip(src, dst, 0);
      case 5 -> transpose(src, dst);
      case 6 -> rotate(src, dst, ROTATE_90_CLOCKWISE);
      case 7 -> {
        transpose(src, scratch);
        flip(scratch, dst, -1);
      }
      case 8 -> rotate(src, dst, ROTATE_90_COUNTERCLOCKWISE);
      default -> throw new IllegalArgumentException("orientation must be 2..8, got " + orientation);
    }
  }

  /**
   * @return the EXIF orientation tag of the last file read (1 when it has none)
   */
  int lastOrientation() {
    return lastOrientation;
  }

  private int read(Path path) throws BadImageException {
    // A FIFO, a device, a dangling link or an oversized file is refused before it is opened.
    long size = ImageFiles.check(path).size();
    if (size > fileBuffer.capacity()) {
      allocate((int) Math.min(MAX_FILE_BYTES, Math.max(size, 2L * fileBuffer.capacity())));
    }
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      ByteBuffer b = fileBuffer.duplicate();
      b.clear().limit((int) size);
      while (b.hasRemaining()) {
        if (ch.read(b) < 0) {
          break;
        }
      }
      return b.position();
    } catch (AccessDeniedException e) {
      throw new BadImageException(path, ImageFiles.PERMISSION_DENIED);
    } catch (IOException e) {
      throw new BadImageException(path, "unreadable: " + e);
    }
  }

  private void checkHeader(Path path, ImageHeader h) throws BadImageException {
    switch (h.format()) {
      case "unknown" ->
          throw new BadImageException(
              path, "not an image: the content matches none of JPEG, PNG, BMP, WebP, TIFF");
      case "gif" ->
          throw new BadImageException(path, "unsupported format GIF (convert it to PNG or JPEG)");
      default -> {}
    }
    if (h.truncated()) {
      throw new BadImageException(
          path,
          "truncated "
              + name(h)
              + (h.format().equals("jpeg")
                  ? " (no end-of-image marker after the image data; the file was cut short)"
                  : " (the file ends before its last chunk; it was cut short)"));
    }
    if (h.hasSize() && h.pixels() > maxPixels) {
      throw new BadImageException(path, tooLarge(h.width(), h.height()));
    }
  }

  private String tooLarge(int w, int h) {
    return String.format(
        Locale.ROOT,
        "absurd dimensions %dx%d = %d pixels, above the cap of %d (a decompression bomb?); not"
            + " decoded",
        w,
        h,
        (long) w * h,
        maxPixels);
  }

  /** OpenCV's depth codes in words: the user knows the file's sample format, not the code. */
  static String sampleType(int depth) {
    return switch (depth) {
      case 1 -> "signed 8-bit integer samples";
      case 3 -> "signed 16-bit integer samples";
      case 4 -> "32-bit integer samples";
      case 5 -> "32-bit floating-point samples";
      case 6 -> "64-bit floating-point samples";
      case 7 -> "16-bit floating-point samples";
      default -> "samples of another type";
    };
  }

  private void toRgb(Path path) throws BadImageException {
    Mat src = decoded;
    int depth = src.depth();
    if (depth == CV_16U) {
      src.convertTo(depth8, CV_8U, 1 / 257.0, 0);
      src = depth8;
    } else if (depth != CV_8U) {
      throw new BadImageException(
          path,
          "unsupported sample type: "
              + sampleType(depth)
              + " (OpenCV depth "
              + depth
              + "); save it with 8- or 16-bit unsigned integer samples (an 8-bit PNG, say)");
    }
    lastChannels = src.channels();
    switch (lastChannels) {
      case 1 -> cvtColor(src, rgb, COLOR_GRAY2RGB);
      case 3 -> cvtColor(src, rgb, COLOR_BGR2RGB);
      case 4 -> {
        // Composite onto black: premultiply by alpha, then drop alpha.
        cvtColor(src, premultiplied, COLOR_RGBA2mRGBA);
        cvtColor(premultiplied, rgb, COLOR_BGRA2RGB);
      }
      default ->
          throw new BadImageException(
              path, "unsupported channel count " + lastChannels + " (expected 1, 3 or 4)");
    }
  }

  /**
   * Takes pixels held in memory into this decoder's own RGB matrix (CV_8UC3, continuous), valid
   * until the next call, as a decoded file of the same pixels would be: grey expanded to RGB.
   *
   * @param name the image's name, for messages
   * @param raster 8-bit grey or RGB pixels
   * @return the RGB matrix
   * @throws BadImageException if the image has more pixels than the cap
   */
  Mat fromRaster(Path name, org.samplesize.data.InMemoryImages.Raster raster)
      throws BadImageException {
    if (closed) {
      throw new IllegalStateException("Trying to decode with a closed ImageDecoder.");
    }
    if ((long) raster.width() * raster.height() > maxPixels) {
      throw new BadImageException(name, tooLarge(raster.width(), raster.height()));
    }
    lastFormat = "raw";
    lastDenominator = 1;
    int type = raster.channels() == 1 ? CV_8UC1 : org.bytedeco.opencv.global.opencv_core.CV_8UC3;
    decoded.create(raster.height(), raster.width(), type);
    decoded.data().put(raster.pixels(), 0, raster.pixels().length);
    if (raster.channels() == 3) {
      // toRgb reads three channels as OpenCV's BGR; the raster is RGB already.
      lastChannels = 3;
      decoded.copyTo(rgb);
      return rgb;
    }
    toRgb(name);
    return rgb;
  }

  private static String name(ImageHeader h) {
    return h.format().toUpperCase(Locale.ROOT);
  }

  private void allocate(int capacity) {
    if (filePointer != null) {
      filePointer.close();
    }
    fileBuffer = ByteBuffer.allocateDirect(capacity);
    filePointer = new BytePointer(fileBuffer);
  }

  /**
   * @return the pixel cap
   */
  public long maxPixels() {
    return maxPixels;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    decoded.close();
    depth8.close();
    premultiplied.close();
    rgb.close();
    oriented.close();
    transposed.close();
    if (filePointer != null) {
      filePointer.close();
    }
  }
}
