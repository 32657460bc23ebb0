package org.samplesize.features;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.zip.CRC32C;

/**
 * The binary layout of a feature cache file ({@code features/<key>.bin}). Little-endian:
 *
 * <pre>
 * 0   8  magic "SSFEAT01"
 * 8   4  format version (1)
 * 12  4  dtype (0 = float32, 1 = float16)
 * 16  8  rows
 * 24  4  cols
 * 28  4  reserved (0)
 * 32 32  provenance hash (SHA-256 of the canonical provenance key)
 * 64  8  rows done (rows 0 .. done-1 are final)
 * 72  8  CRC32C of rows 0 .. done-1 (for each row: its valid byte, then its values)
 * 80  8  CRC32C of bytes 0 .. 79 (a torn or edited header is caught)
 * 4096    one valid byte per row (1 = features, 0 = skipped image)
 * data    rows × cols values, from the first 4096-aligned offset after the valid bytes
 * </pre>
 */
final class CacheFile {
  static final byte[] MAGIC = "SSFEAT01".getBytes(StandardCharsets.US_ASCII);
  static final int VERSION = 1;
  static final int HEADER = 4096;

  final long rows;
  final int cols;
  final Dtype dtype;
  final byte[] hash;
  long rowsDone;
  long crc;

  CacheFile(long rows, int cols, Dtype dtype, byte[] hash) {
    this.rows = rows;
    this.cols = cols;
    this.dtype = dtype;
    this.hash = hash.clone();
  }

  long validOffset() {
    return HEADER;
  }

  long dataOffset() {
    return (HEADER + rows + HEADER - 1) / HEADER * HEADER;
  }

  long rowBytes() {
    return (long) cols * dtype.bytes();
  }

  long fileSize() {
    return dataOffset() + rows * rowBytes();
  }

  String hashHex() {
    return HexFormat.of().formatHex(hash);
  }

  ByteBuffer header() {
    ByteBuffer b = ByteBuffer.allocate(88).order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC).putInt(VERSION).putInt(dtype.ordinal()).putLong(rows).putInt(cols).putInt(0);
    b.put(hash).putLong(rowsDone).putLong(crc);
    CRC32C c = new CRC32C();
    c.update(b.array(), 0, 80);
    b.putLong(c.getValue());
    return b.flip();
  }

  void writeHeader(FileChannel ch) throws IOException {
    ByteBuffer b = header();
    while (b.hasRemaining()) {
      ch.write(b, b.position());
    }
  }

  /**
   * @return the header, or {@code null} with {@code why[0]} set when it is not a valid header
   */
  static CacheFile readHeader(FileChannel ch, String[] why) throws IOException {
    if (ch.size() < HEADER) {
      why[0] = "file is shorter than its header (" + ch.size() + " bytes)";
      return null;
    }
    ByteBuffer b = ByteBuffer.allocate(88).order(ByteOrder.LITTLE_ENDIAN);
    while (b.hasRemaining() && ch.read(b, b.position()) >= 0) {}
    b.flip();
    byte[] magic = new byte[8];
    b.get(magic);
    if (!java.util.Arrays.equals(magic, MAGIC)) {
      why[0] = "not a samplesize feature cache (bad magic)";
      return null;
    }
    CRC32C c = new CRC32C();
    c.update(b.array(), 0, 80);
    if (c.getValue() != b.getLong(80)) {
      why[0] = "header checksum mismatch";
      return null;
    }
    int version = b.getInt();
    if (version != VERSION) {
      why[0] = "format version " + version + ", expected " + VERSION;
      return null;
    }
    int dt = b.getInt();
    long rows = b.getLong();
    int cols = b.getInt();
    b.getInt();
    byte[] hash = new byte[32];
    b.get(hash);
    if (dt < 0 || dt >= Dtype.values().length || rows < 0 || cols <= 0) {
      why[0] = "impossible header values (dtype " + dt + ", " + rows + "x" + cols + ")";
      return null;
    }
    CacheFile f = new CacheFile(rows, cols, Dtype.values()[dt], hash);
    f.rowsDone = b.getLong();
    f.crc = b.getLong();
    if (f.rowsDone < 0 || f.rowsDone > rows) {
      why[0] = "rows done " + f.rowsDone + " outside 0.." + rows;
      return null;
    }
    if (ch.size() < f.fileSize()) {
      why[0] = "file has " + ch.size() + " bytes, the header needs " + f.fileSize();
      return null;
    }
    return f;
  }

  /** CRC32C of rows {@code 0 .. n-1} as stored, and that state for continuing. */
  static CRC32C checksumRows(FileChannel ch, CacheFile f, long n) throws IOException {
    CRC32C c = new CRC32C();
    ByteBuffer valid = ByteBuffer.allocate((int) Math.min(n, 1 << 20));
    int rowBytes = Math.toIntExact(f.rowBytes());
    int chunkRows = Math.max(1, (1 << 22) / rowBytes);
    ByteBuffer data = ByteBuffer.allocate(chunkRows * rowBytes);
    for (long r0 = 0; r0 < n; ) {
      int k = (int) Math.min(Math.min(chunkRows, n - r0), valid.capacity());
      valid.clear().limit(k);
      readFully(ch, valid, f.validOffset() + r0);
      data.clear().limit(k * rowBytes);
      readFully(ch, data, f.dataOffset() + r0 * rowBytes);
      for (int i = 0; i < k; i++) {
        c.update(valid.array(), i, 1);
        c.update(data.array(), i * rowBytes, rowBytes);
      }
      r0 += k;
    }
    return c;
  }

  static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
    long p = pos;
    while (b.hasRemaining()) {
      int n = ch.read(b, p);
      if (n < 0) {
        throw new IOException("unexpected end of file at " + p);
      }
      p += n;
    }
    b.flip();
  }

  static Path sidecar(Path bin) {
    String n = bin.getFileName().toString();
    return bin.resolveSibling(n.substring(0, n.length() - 4) + ".json");
  }
}
