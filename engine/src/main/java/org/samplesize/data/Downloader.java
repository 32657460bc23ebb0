package org.samplesize.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import org.samplesize.InvalidInputException;
import org.samplesize.ProgressListener;
import org.samplesize.SamplesizeException;

/**
 * Downloads one file over HTTP(S) into place, safely: the bytes go to {@code TARGET.part}, an
 * interrupted download resumes from there with an HTTP {@code Range} request, the SHA-256 is
 * checked when one is given, and only then is the file renamed atomically to {@code TARGET}. So
 * {@code TARGET} either does not exist or holds the complete, verified file. Generic: used for data
 * sets and models alike.
 */
public final class Downloader {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

  /** Default stall timeout: a minute without a byte aborts the download (it can be resumed). */
  public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(60);

  private Downloader() {}

  /**
   * Downloads {@code uri} to {@code target} unless a verified copy is already there.
   *
   * @param uri an {@code http} or {@code https} address
   * @param target where the file goes; its folder is created
   * @param sha256OrNull the expected SHA-256 (hex, any case), or null to skip the check (only for
   *     files whose checksum is not published; data sets and models should always pass one)
   * @param progress told the byte count
   * @return {@code target}
   * @throws InvalidInputException if {@code sha256OrNull} is not 64 hex digits or the scheme is not
   *     http(s)
   * @throws SamplesizeException if the server fails, the connection drops (the partial file is kept
   *     and the next call resumes), or the checksum does not match (the bad file is deleted)
   */
  public static Path download(
      URI uri, Path target, String sha256OrNull, ProgressListener progress) {
    return download(uri, target, sha256OrNull, progress, DEFAULT_STALL_TIMEOUT);
  }

  /**
   * As {@link #download(URI, Path, String, ProgressListener)}, with a custom stall timeout.
   *
   * @param uri an {@code http} or {@code https} address
   * @param target where the file goes; its folder is created
   * @param sha256OrNull the expected SHA-256, or null to skip the check
   * @param progress told the byte count
   * @param stallTimeout a read that waits longer than this aborts the download (the partial file is
   *     kept for the next call)
   * @return {@code target}
   */
  public static Path download(
      URI uri, Path target, String sha256OrNull, ProgressListener progress, Duration stallTimeout) {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(stallTimeout, "stallTimeout");
    Objects.requireNonNull(target, "target");
    ProgressListener pl = progress == null ? ProgressListener.NONE : progress;
    String expected = sha256OrNull == null ? null : normaliseSha(sha256OrNull);
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new InvalidInputException(
          "cannot download " + uri + ": only http and https addresses are supported");
    }
    try {
      if (Files.isRegularFile(target)) {
        if (expected == null || expected.equals(sha256(target))) {
          return target;
        }
        pl.note(target + " does not match its SHA-256; downloading it again");
        Files.delete(target);
      }
      Path parent = target.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path part = target.resolveSibling(target.getFileName() + ".part");
      fetch(uri, part, pl, stallTimeout, true);
      String actual = sha256(part);
      if (expected != null && !expected.equals(actual)) {
        Files.deleteIfExists(part);
        throw new SamplesizeException(
            "SHA-256 of "
                + uri
                + " is "
                + actual
                + " but "
                + expected
                + " was expected; the download was deleted. If the file changed at its source"
                + " on purpose, pass the new checksum; otherwise try again later or use a mirror.");
      }
      move(part, target);
      return target;
    } catch (java.net.UnknownHostException | java.net.ConnectException e) {
      throw new SamplesizeException(
          "download of "
              + uri
              + " failed: cannot reach the server ("
              + e
              + "). Offline? Point --mirror (or SAMPLESIZE_MIRROR) at a folder laid out like"
              + " shared/data (flowers/flower_photos, models/), or pass local files with --data and"
              + " --model.",
          e);
    } catch (IOException e) {
      throw new SamplesizeException(
          "download of " + uri + " to " + target + " failed: " + e.getMessage(), e);
    }
  }

  private static void fetch(
      URI uri, Path part, ProgressListener pl, Duration stallTimeout, boolean mayRetry)
      throws IOException {
    long have = Files.isRegularFile(part) ? Files.size(part) : 0;
    HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
    c.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
    // A read that waits longer than this means the connection stalled: give up and keep the part.
    c.setReadTimeout((int) Math.max(1, stallTimeout.toMillis()));
    c.setInstanceFollowRedirects(true);
    c.setRequestProperty("User-Agent", "samplesize");
    if (have > 0) {
      c.setRequestProperty("Range", "bytes=" + have + "-");
    }
    try {
      int status = c.getResponseCode();
      boolean append;
      if (status == 206 && have > 0) {
        append = true;
      } else if (status == 200) {
        append = false; // the server ignored the range (or there was none): start over
        have = 0;
      } else if (status == 416 && have > 0 && mayRetry) {
        c.disconnect();
        Files.delete(part); // the partial file does not fit what the server has: start over
        fetch(uri, part, pl, stallTimeout, false);
        return;
      } else {
        throw new IOException(
            "the server answered HTTP " + status + " for " + uri + (have > 0 ? " (resume)" : ""));
      }
      long length = c.getContentLengthLong();
      long total = length < 0 ? -1 : have + length;
      pl.stage(
          "download " + part.getFileName().toString().replaceFirst("\\.part$", ""), total, "B");
      long got = 0;
      InputStream in = c.getInputStream();
      try (OutputStream out =
          Files.newOutputStream(
              part,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
        pl.advance(have);
        byte[] buf = new byte[1 << 16];
        int n;
        while ((n = in.read(buf)) >= 0) {
          out.write(buf, 0, n);
          got += n;
          pl.advance(n);
        }
        in.close();
      } catch (IOException e) {
        // Drop the socket first: closing the stream of a kept-alive connection would try to drain
        // the rest of a stalled body.
        c.disconnect();
        throw new IOException(
            "the connection dropped or stalled after "
                + (have + got)
                + " bytes ("
                + e
                + "); the partial file "
                + part
                + " is kept: run again to resume",
            e);
      } finally {
        pl.endStage();
      }
      if (length >= 0 && got < length) {
        throw new IOException(
            "truncated download: got "
                + (have + got)
                + " of "
                + total
                + " bytes; the partial file is kept: run again to resume");
      }
    } finally {
      c.disconnect();
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * @param file a file
   * @return its SHA-256, lower-case hex
   * @throws IOException if it cannot be read
   */
  public static String sha256(Path file) throws IOException {
    MessageDigest md = newDigest();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) >= 0) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  static String normaliseSha(String sha) {
    String s = sha.trim().toLowerCase(Locale.ROOT);
    if (!s.matches("[0-9a-f]{64}")) {
      throw new InvalidInputException(
          "a SHA-256 checksum is 64 hexadecimal digits, got '" + sha + "'");
    }
    return s;
  }
}
