package org.samplesize.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 for every fingerprint samplesize records (model and data files, cache keys, seals, the
 * resume identity), always as lower-case hex. Files are hashed only when they are regular files: a
 * FIFO, a device or a folder is refused instead of read forever.
 */
public final class Sha256 {
  private Sha256() {}

  /** No limit on the bytes {@link #file(Path, long)} reads. */
  public static final long UNLIMITED = Long.MAX_VALUE;

  /**
   * @return a new SHA-256 digest, to feed piece by piece and finish with {@link
   *     #hex(MessageDigest)}
   */
  public static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * @param md a digest fed so far
   * @return its hash, lower-case hex (the digest is reset)
   */
  public static String hex(MessageDigest md) {
    return HexFormat.of().formatHex(md.digest());
  }

  /**
   * @param bytes some bytes
   * @return their SHA-256, lower-case hex
   */
  public static String of(byte[] bytes) {
    return HexFormat.of().formatHex(digest().digest(bytes));
  }

  /**
   * @param text some text
   * @return the SHA-256 of its UTF-8 bytes, lower-case hex
   */
  public static String of(String text) {
    return of(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads a stream to its end (it is not closed).
   *
   * @param in the stream
   * @return the SHA-256 of what it held, lower-case hex
   * @throws IOException when it cannot be read
   */
  public static String of(InputStream in) throws IOException {
    return of(in, UNLIMITED, null);
  }

  /**
   * @param file a regular file
   * @return the SHA-256 of its bytes, lower-case hex
   * @throws IOException when it cannot be read or is not a regular file (a folder, a FIFO, a
   *     device)
   */
  public static String file(Path file) throws IOException {
    return file(file, UNLIMITED);
  }

  /**
   * As {@link #file(Path)}, for callers that cannot go on without the hash.
   *
   * @param file a regular file
   * @return the SHA-256 of its bytes, lower-case hex
   * @throws UncheckedIOException when it cannot be read or is not a regular file
   */
  public static String fileUnchecked(Path file) {
    try {
      return file(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * @param file a regular file
   * @param maxBytes the most bytes it may hold ({@link #UNLIMITED} for no limit)
   * @return the SHA-256 of its bytes, lower-case hex
   * @throws IOException when it cannot be read, is not a regular file (a folder, a FIFO, a device),
   *     or holds more than {@code maxBytes} bytes
   */
  public static String file(Path file, long maxBytes) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(
          file + " is not a regular file" + (Files.exists(file) ? "" : " (it does not exist)"));
    }
    try (InputStream in = Files.newInputStream(file)) {
      return of(in, maxBytes, file);
    }
  }

  private static String of(InputStream in, long maxBytes, Path what) throws IOException {
    MessageDigest md = digest();
    byte[] buf = new byte[1 << 16];
    long total = 0;
    int n;
    while ((n = in.read(buf)) >= 0) {
      total += n;
      if (total > maxBytes) {
        throw new IOException(
            (what == null ? "the stream" : what.toString())
                + " holds more than "
                + maxBytes
                + " bytes");
      }
      md.update(buf, 0, n);
    }
    return hex(md);
  }

  /**
   * One line of a {@code SHA256SUMS} file as {@code sha256sum} writes it: 64 hex digits, white
   * space, an optional {@code *} (binary mode), the path.
   *
   * @param sha256 the listed sum, as written (either case)
   * @param path the listed path, relative to the file's folder
   */
  public record SumsLine(String sha256, String path) {
    /**
     * @param line one line of the file
     * @return its sum and path, or null when the line has another shape (a blank line included)
     */
    public static SumsLine parse(String line) {
      String[] parts = line.trim().split("\\s+\\*?", 2);
      return parts.length == 2 && parts[0].matches("[0-9a-fA-F]{64}")
          ? new SumsLine(parts[0], parts[1])
          : null;
    }
  }
}
