package org.samplesize.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Sha256Test {
  // FIPS 180-2 test vectors.
  private static final String EMPTY =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  private static final String ABC =
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  @TempDir Path dir;

  @Test
  void bytesTextStreamsAndFilesGiveTheStandardVectors() throws IOException {
    assertEquals(EMPTY, Sha256.of(new byte[0]));
    assertEquals(ABC, Sha256.of("abc"));
    assertEquals(ABC, Sha256.of(new ByteArrayInputStream("abc".getBytes(StandardCharsets.UTF_8))));
    Path f = Files.writeString(dir.resolve("abc.txt"), "abc");
    assertEquals(ABC, Sha256.file(f));
    assertEquals(ABC, Sha256.fileUnchecked(f));
    MessageDigest md = Sha256.digest();
    md.update((byte) 'a');
    md.update("bc".getBytes(StandardCharsets.UTF_8));
    assertEquals(ABC, Sha256.hex(md));
  }

  @Test
  void aFileLargerThanTheBufferIsHashedWhole() throws IOException {
    byte[] big = new byte[(1 << 16) * 3 + 17];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 31);
    }
    Path f = Files.write(dir.resolve("big.bin"), big);
    assertEquals(Sha256.of(big), Sha256.file(f));
  }

  @Test
  void aFolderOrAMissingFileIsRefused() {
    IOException e = assertThrows(IOException.class, () -> Sha256.file(dir));
    assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
    Path missing = dir.resolve("missing");
    e = assertThrows(IOException.class, () -> Sha256.file(missing));
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    UncheckedIOException u =
        assertThrows(UncheckedIOException.class, () -> Sha256.fileUnchecked(missing));
    assertTrue(u.getMessage().contains(missing.toString()), u.getMessage());
  }

  @Test
  void aFifoIsRefusedInsteadOfReadForever() throws Exception {
    Path fifo = dir.resolve("pipe");
    Process p;
    try {
      p = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    } catch (IOException e) {
      assumeTrue(false, "mkfifo is not available here: " + e.getMessage());
      return;
    }
    assumeTrue(p.waitFor() == 0 && Files.exists(fifo), "mkfifo failed");
    IOException e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(10), () -> assertThrows(IOException.class, () -> Sha256.file(fifo)));
    assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
  }

  @Test
  void theSizeLimitStopsTheRead() throws IOException {
    Path f = Files.write(dir.resolve("ten.bin"), new byte[10]);
    assertEquals(Sha256.of(new byte[10]), Sha256.file(f, 10));
    IOException e = assertThrows(IOException.class, () -> Sha256.file(f, 9));
    assertTrue(e.getMessage().contains("more than 9 bytes"), e.getMessage());
  }

  @Test
  void aSumsLineIsReadAsSha256sumWritesItAndAnythingElseIsNot() {
    assertEquals(
        new Sha256.SumsLine(ABC, "daisy/a b.jpg"), Sha256.SumsLine.parse(ABC + "  daisy/a b.jpg"));
    assertEquals(new Sha256.SumsLine(ABC, "x.gz"), Sha256.SumsLine.parse(" " + ABC + " *x.gz \t"));
    assertEquals(
        new Sha256.SumsLine(ABC.toUpperCase(java.util.Locale.ROOT), "x"),
        Sha256.SumsLine.parse(ABC.toUpperCase(java.util.Locale.ROOT) + " x"));
    assertEquals(null, Sha256.SumsLine.parse(""));
    assertEquals(null, Sha256.SumsLine.parse(ABC));
    assertEquals(null, Sha256.SumsLine.parse(ABC.substring(1) + "  x"));
    assertEquals(null, Sha256.SumsLine.parse("not-a-sum  x"));
  }
}
