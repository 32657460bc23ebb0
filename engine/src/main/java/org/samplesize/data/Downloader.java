package org.samplesize.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import org.samplesize.InvalidInputException;
import org.samplesize.ProgressListener;
import org.samplesize.SamplesizeException;
import org.samplesize.UnavailableException;
import org.samplesize.io.CacheLock;
import org.samplesize.io.Sha256;

/**
 * Downloads one file over HTTP(S) into place, safely: the bytes go to {@code TARGET.part}, an
 * interrupted download resumes from there with an HTTP {@code Range} request, the SHA-256 is
 * checked when one is given, and only then is the file renamed atomically to {@code TARGET}. So
 * {@code TARGET} either does not exist or holds the complete, verified file. Callers that download
 * the same target at once, in this process or in others sharing the folder, take turns ({@link
 * CacheLock}, through {@code TARGET.lock}): the later ones find the verified file. Generic: used
 * for data sets and models alike.
 *
 * <p>Whatever stops a download that is not the caller's mistake (no network, a name that does not
 * resolve, a refused or dropped connection, an HTTP error status, a checksum that does not match, a
 * full disk) is an {@link UnavailableException} with one message: {@code cannot download WHAT from
 * URL: REASON. WHAT TO DO}, where the caller says what the file is and how to do without it.
 */
public final class Downloader {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

  /** Default stall timeout: a minute without a byte aborts the download (it can be resumed). */
  public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(60);

  /**
   * What a failed download suggests when the caller does not say: the offline ways in, for data and
   * models.
   */
  public static final String DEFAULT_INSTEAD =
      "work offline: point --mirror DIR (or $SAMPLESIZE_MIRROR) at a folder laid out like"
          + " shared/data (flowers/flower_photos, models/), or pass local files with --data DIR and"
          + " --model FILE";

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
   * @throws UnavailableException if the server cannot be reached or answers with an error, the
   *     connection drops (the partial file is kept and the next call resumes), the checksum does
   *     not match (the bad file is deleted) or the disk is full
   * @throws SamplesizeException if the file cannot be written for another reason
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
    Objects.requireNonNull(target, "target");
    return download(
        uri,
        target,
        sha256OrNull,
        progress,
        stallTimeout,
        String.valueOf(target.getFileName()),
        DEFAULT_INSTEAD);
  }

  /**
   * As {@link #download(URI, Path, String, ProgressListener, Duration)}, with the words a failure
   * uses.
   *
   * @param uri an {@code http} or {@code https} address
   * @param target where the file goes; its folder is created
   * @param sha256OrNull the expected SHA-256, or null to skip the check
   * @param progress told the byte count
   * @param stallTimeout a read that waits longer than this aborts the download
   * @param what names the file for a user, e.g. {@code "model mobilenetv2-12-int8"}
   * @param instead how to do without the download, as a phrase that follows "or", e.g. {@code "work
   *     offline with --mirror DIR"}
   * @return {@code target}
   * @throws UnavailableException as {@link #download(URI, Path, String, ProgressListener)}
   */
  @SuppressWarnings("try") // the CacheLock is held for the block, not used in it
  public static Path download(
      URI uri,
      Path target,
      String sha256OrNull,
      ProgressListener progress,
      Duration stallTimeout,
      String what,
      String instead) {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(stallTimeout, "stallTimeout");
    Objects.requireNonNull(target, "target");
    Failure fail = new Failure(uri, Objects.requireNonNull(what, "what"), instead);
    ProgressListener pl = progress == null ? ProgressListener.NONE : progress;
    String expected = sha256OrNull == null ? null : normaliseSha(sha256OrNull);
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new InvalidInputException(
          "cannot download " + uri + ": only http and https addresses are supported");
    }
    Path part = target.resolveSibling(target.getFileName() + ".part");
    // Commands sharing a cache download the same file at once. Unordered, both would write into
    // the one .part (one truncating what the other resumes, the slower one writing on into the
    // renamed, verified file) or one would rename it away under the other. So the check and the
    // download hold the target's CacheLock; a waiter then finds the verified file.
    try (CacheLock lock =
        CacheLock.hold(
            target, () -> pl.note("waiting for another command that downloads " + target))) {
      if (Files.isRegularFile(target)) {
        if (expected == null || expected.equals(Sha256.file(target))) {
          return target;
        }
        pl.note(target + " does not match its SHA-256; downloading it again");
        Files.delete(target);
      }
      Path parent = target.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      fetch(uri, part, pl, stallTimeout, true, fail);
      String actual = Sha256.file(part);
      if (expected != null && !expected.equals(actual)) {
        Files.deleteIfExists(part);
        throw fail.because(
            "its SHA-256 is "
                + actual
                + " but "
                + expected
                + " was expected (the download was deleted)",
            "If the file changed at its source on purpose, pass the new checksum; otherwise retry"
                + " later, or",
            null);
      }
      move(part, target);
      return target;
    } catch (IOException e) {
      if (UnavailableException.isDiskFull(e)) {
        throw fail.because(
            "no space left on the disk of " + target.toAbsolutePath().getParent() + " (" + e + ")",
            "Free space there and run again (a partial download resumes), or move the cache"
                + " with --cache DIR / SAMPLESIZE_CACHE, or",
            e);
      }
      throw new SamplesizeException(
          "download of " + uri + " to " + target + " failed: " + e.getMessage(), e);
    }
  }

  /** Builds the one-line message of a download that cannot be done. */
  private record Failure(URI uri, String what, String instead) {
    UnavailableException because(String reason, String advice, Throwable cause) {
      String msg =
          "cannot download "
              + what
              + " from "
              + uri
              + ": "
              + reason
              + ". "
              + advice
              + " "
              + (instead == null || instead.isBlank() ? DEFAULT_INSTEAD : instead)
              + ".";
      return new UnavailableException(msg.replace('\n', ' '), cause);
    }
  }

  private static void fetch(
      URI uri,
      Path part,
      ProgressListener pl,
      Duration stallTimeout,
      boolean mayRetry,
      Failure fail)
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
      int status;
      try {
        refuseReservedNames(uri);
        status = c.getResponseCode();
      } catch (IOException e) {
        throw fail.because(
            "cannot reach the server (" + unreachable(uri, e) + ")", "Retry when online, or", e);
      }
      boolean append;
      if (status == 206 && have > 0) {
        append = true;
      } else if (status == 200) {
        append = false; // the server ignored the range (or there was none): start over
        have = 0;
      } else if (status == 416 && have > 0 && mayRetry) {
        c.disconnect();
        Files.delete(part); // the partial file does not fit what the server has: start over
        fetch(uri, part, pl, stallTimeout, false, fail);
        return;
      } else {
        String phrase = c.getResponseMessage();
        throw fail.because(
            "the server answered HTTP "
                + status
                + (phrase == null || phrase.isBlank() ? "" : " " + phrase.strip())
                + (have > 0 ? " to a resume request" : ""),
            status == 404 || status == 410
                ? "The file is not at that address; check the address, or"
                : "Retry later, or",
            null);
      }
      long length = c.getContentLengthLong();
      long total = length < 0 ? -1 : have + length;
      pl.stage(
          "download " + part.getFileName().toString().replaceFirst("\\.part$", ""), total, "B");
      long got = 0;
      try (OutputStream out =
          Files.newOutputStream(
              part,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
        pl.advance(have);
        byte[] buf = new byte[1 << 16];
        InputStream in = null;
        while (true) {
          int n;
          try {
            if (in == null) {
              in = c.getInputStream();
            }
            n = in.read(buf);
          } catch (IOException e) {
            // Drop the socket first: closing the stream of a kept-alive connection would try to
            // drain the rest of a stalled body.
            c.disconnect();
            throw fail.because(
                "the connection dropped or stalled after " + (have + got) + " bytes (" + e + ")",
                "The partial file " + part + " is kept: run again to resume, or",
                e);
          }
          if (n < 0) {
            break;
          }
          out.write(buf, 0, n); // a local failure (a full disk) is not the network's
          got += n;
          pl.advance(n);
        }
        in.close();
      } finally {
        pl.endStage();
      }
      if (length >= 0 && got < length) {
        throw fail.because(
            "the download was cut short: got " + (have + got) + " of " + total + " bytes",
            "The partial file " + part + " is kept: run again to resume, or",
            null);
      }
    } finally {
      c.disconnect();
    }
  }

  /**
   * RFC 6761 reserves {@code .invalid}: such names never resolve, and resolvers should say so at
   * once. Java's may ask a DNS server first (and wait for it when offline), so answer here.
   */
  private static void refuseReservedNames(URI uri) throws UnknownHostException {
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    if (host.equals("invalid") || host.endsWith(".invalid")) {
      throw new UnknownHostException(host + " (a reserved name that never resolves)");
    }
  }

  /** Names why a server could not be reached, in words. */
  private static String unreachable(URI uri, IOException e) {
    String host = uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
    if (e instanceof UnknownHostException) {
      return "cannot resolve " + uri.getHost() + ": offline, or no DNS";
    }
    if (e instanceof ConnectException) {
      return "connection to " + host + " refused or failed: " + e.getMessage();
    }
    if (e instanceof NoRouteToHostException) {
      return "no route to " + host + ": offline?";
    }
    if (e instanceof SocketTimeoutException) {
      return "no answer from " + host + " (" + e.getMessage() + ")";
    }
    return e.toString();
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
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
