package org.samplesize.data;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.samplesize.InvalidInputException;
import org.samplesize.io.Sha256;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST: a big-endian int32 magic number {@code
 * 0x0000TTDD} (two zero bytes, the data type {@code TT}, the number of dimensions {@code DD}), one
 * big-endian int32 size per dimension, then the data in row-major order. Only unsigned bytes
 * ({@code TT = 0x08}) are read. A gzip-compressed file (by its first two bytes, whatever its name)
 * is decompressed, whichever compressor and level wrote it; the SHA-256 of the uncompressed content
 * is computed on the way, so that copies compressed differently are recognised as the same data.
 *
 * <p>Every check a damaged file needs is made, and each failure names the file and the byte offset
 * (in the uncompressed content) where it was found.
 */
public final class IdxReader {
  private IdxReader() {}

  /** The data type code of unsigned bytes. */
  static final int UNSIGNED_BYTE = 0x08;

  /** Uncompressed content larger than this is refused (1 GiB; Fashion-MNIST's largest is 47 MB). */
  static final long MAX_BYTES = 1L << 30;

  /**
   * One IDX file, read whole into memory.
   *
   * @param file where it was read from
   * @param dims the size of each dimension, e.g. {@code [60000, 28, 28]}
   * @param content the uncompressed content, header included. Do not modify.
   * @param sha256 SHA-256 of {@code content}, lower-case hex
   * @param fileSha256 SHA-256 of the file's bytes as stored (compressed, when it is gzip),
   *     lower-case hex: what a {@code SHA256SUMS} beside it lists
   */
  public record IdxFile(Path file, int[] dims, byte[] content, String sha256, String fileSha256) {
    /** Checks the fields. */
    public IdxFile {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(content, "content");
      Objects.requireNonNull(sha256, "sha256");
      Objects.requireNonNull(fileSha256, "fileSha256");
      dims = dims.clone();
    }

    /**
     * @return the size of the first dimension: how many items (images, labels) the file holds
     */
    public int count() {
      return dims[0];
    }

    /**
     * @return bytes per item: the product of the dimensions after the first (1 for labels)
     */
    public int itemBytes() {
      int n = 1;
      for (int i = 1; i < dims.length; i++) {
        n *= dims[i];
      }
      return n;
    }

    /**
     * @return the offset of the first item's data in {@link #content()}
     */
    public int dataOffset() {
      return headerBytes(dims.length);
    }

    /**
     * @param item an item index, in {@code [0, count)}
     * @return a fresh copy of its bytes
     */
    public byte[] item(int item) {
      Objects.checkIndex(item, count());
      int size = itemBytes();
      byte[] out = new byte[size];
      System.arraycopy(content, dataOffset() + item * size, out, 0, size);
      return out;
    }

    /**
     * @param item an item index, in {@code [0, count)}
     * @return the item's first byte, unsigned (the value of a label)
     */
    public int unsignedByte(int item) {
      Objects.checkIndex(item, count());
      return content[dataOffset() + item * itemBytes()] & 0xFF;
    }
  }

  /**
   * Reads and checks an IDX file of unsigned bytes.
   *
   * @param file the file, gzip-compressed or not
   * @param dimensions the number of dimensions it must have (3 for images, 1 for labels)
   * @return the file's content, dimensions and SHA-256
   * @throws InvalidInputException naming the file and the offset when it is missing, unreadable, a
   *     damaged gzip file, too short for its header, has another magic number, data type or number
   *     of dimensions, a dimension that is not positive, or more or fewer data bytes than its
   *     dimensions say
   */
  public static IdxFile read(Path file, int dimensions) {
    Objects.requireNonNull(file, "file");
    if (dimensions < 1 || dimensions > 255) {
      throw new IllegalArgumentException("dimensions must be within 1..255, got " + dimensions);
    }
    MessageDigest md = Sha256.digest();
    MessageDigest fileMd = Sha256.digest();
    Read r = readAll(file, dimensions, md, fileMd);
    byte[] content = r.content();
    String sha = Sha256.hex(md);
    int[] dims = parseHeader(file, content, r.length(), dimensions, r.gzip());
    return new IdxFile(file, dims, content, sha, Sha256.hex(fileMd));
  }

  /** The header's length: the magic number and one size per dimension. */
  static int headerBytes(int dimensions) {
    return 4 + 4 * dimensions;
  }

  /**
   * @param c the content, or its first bytes: what the header announces and one byte more
   * @param length the content's whole length
   * @param gzip whether the file was gzip-compressed (the content is then what it held)
   */
  private static int[] parseHeader(Path file, byte[] c, long length, int dimensions, boolean gzip) {
    if (c.length < 4) {
      throw bad(file, "ends after " + c.length + " bytes, before its 4-byte magic number");
    }
    int magic = readInt(c, 0);
    if (c[0] != 0 || c[1] != 0) {
      // A file named .gz that is not gzip is read as it is: say so, as "is it an IDX file?" alone
      // leaves the user looking for a damaged IDX header inside a file that was never compressed.
      String notGzip =
          !gzip && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz")
              ? "is named .gz but is not gzip-compressed (it does not begin with the gzip bytes"
                  + " 0x1F 0x8B), and its "
              : "";
      throw bad(
          file,
          notGzip
              + String.format(
                  Locale.ROOT,
                  "magic number 0x%08X at offset 0 is not an IDX magic number (0x%08X for images,"
                      + " 0x%08X for labels); is it an IDX file?",
                  magic,
                  0x800 | 3,
                  0x800 | 1));
    }
    if ((c[2] & 0xFF) != UNSIGNED_BYTE) {
      throw bad(
          file,
          String.format(
              Locale.ROOT,
              "data type 0x%02X at offset 2 is not supported; expected 0x%02X (unsigned byte)",
              c[2] & 0xFF,
              UNSIGNED_BYTE));
    }
    if ((c[3] & 0xFF) != dimensions) {
      throw bad(
          file,
          String.format(
              Locale.ROOT,
              "magic number 0x%08X at offset 0 says %d dimension(s), expected %d (0x%08X)",
              magic,
              c[3] & 0xFF,
              dimensions,
              0x800 | dimensions));
    }
    int header = headerBytes(dimensions);
    if (c.length < header) {
      throw bad(
          file,
          "is truncated: it ends at offset "
              + c.length
              + ", inside its "
              + header
              + "-byte header");
    }
    int[] dims = new int[dimensions];
    long expected = header;
    long item = 1;
    for (int i = 0; i < dimensions; i++) {
      dims[i] = readInt(c, 4 + 4 * i);
      if (dims[i] < 1) {
        throw bad(
            file,
            "dimension "
                + (i + 1)
                + " at offset "
                + (4 + 4 * i)
                + " is "
                + dims[i]
                + "; must be"
                + " positive");
      }
      if (i > 0) {
        item *= dims[i];
      }
    }
    expected += dims[0] * item;
    if (length < expected) {
      long whole = (length - header) / item;
      throw bad(
          file,
          "is truncated: it ends at offset "
              + length
              + " but its header at offset 4 announces "
              + dims[0]
              + " items of "
              + item
              + " byte(s), "
              + expected
              + " bytes in all; item "
              + whole
              + " (at offset "
              + (header + whole * item)
              + ") is the first incomplete one");
    }
    if (length > expected) {
      throw bad(
          file,
          "has "
              + (length - expected)
              + " byte(s) after its last item (from offset "
              + expected
              + "), more than its header announces ("
              + dims[0]
              + " items of "
              + item
              + " byte(s))");
    }
    return dims;
  }

  private static int readInt(byte[] c, int at) {
    return ((c[at] & 0xFF) << 24)
        | ((c[at + 1] & 0xFF) << 16)
        | ((c[at + 2] & 0xFF) << 8)
        | (c[at + 3] & 0xFF);
  }

  /**
   * What {@link #readAll} read.
   *
   * @param content the uncompressed content, kept only up to one byte past what a well-formed
   *     header announces (all of it when the header is not well-formed)
   * @param length the uncompressed content's whole length
   */
  private record Read(byte[] content, long length, boolean gzip) {}

  /**
   * The size a well-formed header announces (header included), or {@link #MAX_BYTES} when {@code c}
   * does not begin with one: then the whole content is kept for {@link #parseHeader} to say what is
   * wrong.
   */
  private static long announcedBytes(byte[] c, int dimensions) {
    int header = headerBytes(dimensions);
    if (c.length < header
        || c[0] != 0
        || c[1] != 0
        || (c[2] & 0xFF) != UNSIGNED_BYTE
        || (c[3] & 0xFF) != dimensions) {
      return MAX_BYTES;
    }
    long bytes = 1;
    for (int i = 0; i < dimensions; i++) {
      int d = readInt(c, 4 + 4 * i);
      if (d < 1) {
        return MAX_BYTES;
      }
      bytes = Math.min(MAX_BYTES, bytes * d);
    }
    return Math.min(MAX_BYTES, header + bytes);
  }

  /**
   * The uncompressed content, hashed into {@code md} as it is read; the file's own bytes, to its
   * end (past a gzip stream's trailing bytes too), into {@code fileMd} in the same pass. Bytes past
   * what the header announces are counted, not kept: a file with far too much data is refused by
   * its size, not by running out of memory.
   */
  private static Read readAll(Path file, int dimensions, MessageDigest md, MessageDigest fileMd) {
    boolean gzip = false;
    try (InputStream raw =
        new BufferedInputStream(
            new DigestInputStream(Files.newInputStream(file), fileMd), 1 << 16)) {
      raw.mark(2);
      gzip = raw.read() == 0x1f && raw.read() == 0x8b;
      raw.reset();
      InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
      ByteArrayOutputStream out = new ByteArrayOutputStream(gzip ? 1 << 20 : 1 << 16);
      byte[] buf = new byte[1 << 16];
      long total = 0;
      long keep = -1; // bytes to keep: unknown until the header is in
      int header = headerBytes(dimensions);
      int n;
      while ((n = in.read(buf)) >= 0) {
        total += n;
        if (total > MAX_BYTES) {
          throw bad(
              file, "holds more than " + MAX_BYTES + " bytes" + (gzip ? " uncompressed" : ""));
        }
        md.update(buf, 0, n);
        int store = keep < 0 ? n : (int) Math.max(0, Math.min(n, keep - out.size()));
        out.write(buf, 0, store);
        if (keep < 0 && out.size() >= header) {
          keep = Math.min(MAX_BYTES, announcedBytes(out.toByteArray(), dimensions) + 1);
        }
      }
      raw.transferTo(OutputStream.nullOutputStream());
      return new Read(out.toByteArray(), total, gzip);
    } catch (NoSuchFileException e) {
      throw bad(file, "does not exist");
    } catch (EOFException | ZipException e) {
      throw bad(
          file,
          (gzip ? "is a truncated or damaged gzip file" : "cannot be read to its end")
              + " ("
              + e.getMessage()
              + "); copy it again");
    } catch (IOException e) {
      throw bad(file, "cannot be read (" + e + ")");
    }
  }

  private static InvalidInputException bad(Path file, String what) {
    return new InvalidInputException("IDX file " + file + " " + what);
  }
}
