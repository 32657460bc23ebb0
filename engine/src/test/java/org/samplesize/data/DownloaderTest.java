package org.samplesize.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.InvalidInputException;
import org.samplesize.ProgressListener;
import org.samplesize.SamplesizeException;
import org.samplesize.UnavailableException;

class DownloaderTest {
  @TempDir Path dir;
  LocalHttpServer server;
  byte[] content;
  String sha;

  @BeforeEach
  void start() throws Exception {
    server = new LocalHttpServer();
    content = new byte[300_000];
    new Random(1).nextBytes(content);
    sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void downloadsVerifiesAndSkipsWhenAlreadyThere() throws Exception {
    URI uri = server.put("/f.bin", content);
    Path target = dir.resolve("sub/f.bin");
    assertEquals(
        target, Downloader.download(uri, target, sha.toUpperCase(), ProgressListener.NONE));
    assertArrayEquals(content, Files.readAllBytes(target));
    assertFalse(Files.exists(dir.resolve("sub/f.bin.part")));
    Downloader.download(uri, target, sha, null);
    assertEquals(1, server.requests.get(), "a verified file is not fetched again");
  }

  /**
   * Commands sharing a cache download the same file at once: each gets the whole, verified file,
   * and it is fetched once, instead of the callers writing into one {@code .part} and renaming it
   * away under one another ("download ... failed: ....part").
   */
  @Test
  @Timeout(60)
  void downloadsOfOneFileAtOnceTakeTurnsAndFetchItOnce() throws Exception {
    URI uri = server.put("/f.bin", content);
    server.pauseMillis.set(20);
    Path target = dir.resolve("cache/f.bin");
    List<Path> got =
        org.samplesize.AtOnce.call(
            4, caller -> Downloader.download(uri, target, sha, ProgressListener.NONE));
    for (Path p : got) {
      assertEquals(target, p);
    }
    assertArrayEquals(content, Files.readAllBytes(target));
    assertFalse(Files.exists(dir.resolve("cache/f.bin.part")));
    assertEquals(1, server.requests.get(), "the callers after the first find the verified file");
  }

  @Test
  void aDroppedConnectionKeepsThePartAndTheNextCallResumesWithRange() throws Exception {
    URI uri = server.put("/f.bin", content);
    Path target = dir.resolve("f.bin");
    server.cutNext.set(1);
    SamplesizeException e =
        assertThrows(
            SamplesizeException.class,
            () -> Downloader.download(uri, target, sha, null, Duration.ofSeconds(3)));
    assertTrue(e.getMessage().contains("run again to resume"), e.getMessage());
    assertFalse(Files.exists(target), "no half file under the final name");
    Path part = dir.resolve("f.bin.part");
    long half = Files.size(part);
    assertTrue(half > 0 && half < content.length, "partial size " + half);

    Downloader.download(uri, target, sha, null);
    assertArrayEquals(content, Files.readAllBytes(target));
    assertEquals(List.of("bytes=" + half + "-"), server.ranges);
    assertFalse(Files.exists(part));
  }

  @Test
  void aWrongChecksumDeletesTheDownloadAndSaysSo() throws Exception {
    URI uri = server.put("/f.bin", content);
    Path target = dir.resolve("f.bin");
    String wrong = "0".repeat(64);
    UnavailableException e =
        assertThrows(
            UnavailableException.class, () -> Downloader.download(uri, target, wrong, null));
    assertTrue(e.getMessage().startsWith("cannot download f.bin from " + uri), e.getMessage());
    assertTrue(
        e.getMessage().contains("SHA-256 is " + sha + " but " + wrong + " was expected"),
        e.getMessage());
    assertFalse(Files.exists(target));
    assertFalse(Files.exists(dir.resolve("f.bin.part")));
  }

  @Test
  void aStalePartLargerThanTheFileStartsOver() throws Exception {
    URI uri = server.put("/f.bin", content);
    Path target = dir.resolve("f.bin");
    Files.write(dir.resolve("f.bin.part"), new byte[content.length + 10]);
    Downloader.download(uri, target, sha, null);
    assertArrayEquals(content, Files.readAllBytes(target));
  }

  @Test
  void serverErrorsAndBadArgumentsAreReported() {
    URI missing = server.put("/other", content).resolve("/missing");
    SamplesizeException e =
        assertThrows(
            SamplesizeException.class,
            () -> Downloader.download(missing, dir.resolve("m"), sha, null));
    assertTrue(e instanceof UnavailableException, e.toString());
    assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("m.part")), "nothing kept of an error page");
    assertThrows(
        InvalidInputException.class,
        () -> Downloader.download(missing, dir.resolve("m"), "abc", null));
    assertThrows(
        InvalidInputException.class,
        () -> Downloader.download(URI.create("ftp://x/y"), dir.resolve("m"), sha, null));
  }

  @Test
  void anUnreachableServerSaysHowToWorkOffline() throws Exception {
    int port;
    try (java.net.ServerSocket free =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort(); // closed again below: nothing listens there
    }
    URI uri = URI.create("http://127.0.0.1:" + port + "/f.bin");
    SamplesizeException e =
        assertThrows(
            SamplesizeException.class,
            () -> Downloader.download(uri, dir.resolve("f.bin"), sha, null));
    assertTrue(e instanceof UnavailableException, e.toString());
    assertTrue(e.getMessage().contains("cannot reach the server"), e.getMessage());
    assertTrue(e.getMessage().contains("SAMPLESIZE_MIRROR"), e.getMessage());
    assertTrue(e.getCause() instanceof java.net.ConnectException, String.valueOf(e.getCause()));
  }

  @Test
  @Timeout(20)
  void anUnresolvableHostFailsAtOnceWithoutTheNetwork() {
    // RFC 6761: .invalid never resolves; the answer must not wait for a DNS server.
    URI uri = URI.create("http://nonexistent.invalid/f.bin");
    UnavailableException e =
        assertThrows(
            UnavailableException.class,
            () ->
                Downloader.download(
                    uri,
                    dir.resolve("f.bin"),
                    sha,
                    null,
                    Duration.ofSeconds(5),
                    "the test file",
                    "use the copy in the test folder"));
    assertEquals(
        "cannot download the test file from http://nonexistent.invalid/f.bin: cannot reach the"
            + " server (cannot resolve nonexistent.invalid: offline, or no DNS). Retry when"
            + " online, or use the copy in the test folder.",
        e.getMessage());
    assertTrue(e.getCause() instanceof java.net.UnknownHostException, String.valueOf(e.getCause()));
    assertFalse(Files.exists(dir.resolve("f.bin.part")));
  }

  @Test
  void aFullDiskIsUnavailableNotInternal() throws Exception {
    Path full = Path.of("/dev/full"); // Linux: every write fails with ENOSPC
    assumeTrue(Files.exists(full), "no /dev/full on this system");
    URI uri = server.put("/f.bin", content);
    Path target = dir.resolve("f.bin");
    Files.createSymbolicLink(dir.resolve("f.bin.part"), full);
    UnavailableException e =
        assertThrows(UnavailableException.class, () -> Downloader.download(uri, target, sha, null));
    assertTrue(e.getMessage().startsWith("cannot download f.bin from " + uri), e.getMessage());
    assertTrue(e.getMessage().contains("no space left on the disk of " + dir), e.getMessage());
    assertTrue(e.getMessage().contains("--cache DIR"), e.getMessage());
    assertFalse(Files.exists(target));
  }
}
