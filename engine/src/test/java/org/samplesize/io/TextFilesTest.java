package org.samplesize.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.InvalidInputException;

class TextFilesTest {
  @TempDir Path dir;

  private Path write(String name, byte[]... parts) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      b.write(p);
    }
    return Files.write(dir.resolve(name), b.toByteArray());
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] bytes(int... b) {
    byte[] out = new byte[b.length];
    for (int i = 0; i < b.length; i++) {
      out[i] = (byte) b[i];
    }
    return out;
  }

  private static String csvError(Path p) {
    return assertThrows(InvalidInputException.class, () -> TextFiles.check(p, "r.csv", true))
        .getMessage();
  }

  @Test
  void aLatin1ByteIsNamedWithItsLineAndColumn() throws Exception {
    // "café" saved as Latin-1; columns count characters, so the UTF-8 "é" on line 2 counts once.
    Path p =
        write(
            "latin1.csv",
            utf8("curve,size,accuracy\r\nhéad,100,0.5\r\n"),
            utf8("caf"),
            bytes(0xE9),
            utf8(",200,0.6\r\n"));
    assertEquals(
        "r.csv:3: not UTF-8 text (byte 0xE9 at column 4); save the file as UTF-8", csvError(p));
    Path later = write("later.csv", utf8("size,accuracy\nhé"), bytes(0xFC), utf8(",1\n"));
    assertEquals(
        "r.csv:2: not UTF-8 text (byte 0xFC at column 3); save the file as UTF-8", csvError(later));
  }

  @Test
  void malformedSequencesAreRefusedAsTheJavaDecoderWould() throws Exception {
    int[][] bad = {
      {0xC0, 0x80}, // overlong NUL
      {0xE0, 0x80, 0x80}, // overlong
      {0xED, 0xA0, 0x80}, // a surrogate
      {0xF4, 0x90, 0x80, 0x80}, // beyond U+10FFFF
      {0x80}, // a lone continuation byte
      {0xE2, 0x82}, // cut short at the end of the file
    };
    for (int[] b : bad) {
      Path p = write("bad.csv", utf8("a,b\nx"), bytes(b));
      assertEquals(
          String.format(
              "r.csv:2: not UTF-8 text (byte 0x%02X at column 2); save the file as UTF-8", b[0]),
          csvError(p),
          Arrays.toString(b));
    }
    Path good = write("good.csv", utf8("a,b\n€,😀,é\n"));
    TextFiles.check(good, "r.csv", true);
  }

  @Test
  void utf16IsNamedByItsByteOrderMarkOrItsNulBytes() throws Exception {
    Path le = write("le.csv", bytes(0xFF, 0xFE), "size".getBytes(StandardCharsets.UTF_16LE));
    assertEquals(
        "r.csv: UTF-16 (little-endian) text (it starts with that encoding's byte order mark),"
            + " not UTF-8; save the file as UTF-8",
        csvError(le));
    Path be = write("be.csv", "size".getBytes(StandardCharsets.UTF_16)); // writes FE FF
    assertEquals(true, csvError(be).startsWith("r.csv: UTF-16 (big-endian) text"));
    Path utf32 = write("32.csv", bytes(0xFF, 0xFE, 0, 0), bytes('s', 0, 0, 0));
    assertEquals(true, csvError(utf32).startsWith("r.csv: UTF-32 (little-endian) text"));
    Path noMark = write("nomark.csv", "size,accuracy".getBytes(StandardCharsets.UTF_16LE));
    assertEquals(
        "r.csv:1: not UTF-8 text (a NUL byte at column 2: UTF-16 without a byte order mark, or"
            + " not a text file); save the file as UTF-8",
        csvError(noMark));
  }

  @Test
  void aUtf8ByteOrderMarkIsAcceptedAndDropped() throws Exception {
    Path p = write("bom.yaml", bytes(0xEF, 0xBB, 0xBF), utf8("seed: 7\n"));
    assertEquals("seed: 7\n", TextFiles.read(p, "config file bom.yaml", 100));
    TextFiles.check(p, "bom.yaml", false);
  }

  /**
   * One line of more than {@link TextFiles#MAX_LINE_BYTES} is refused with its line while the file
   * streams past: the check allocates a small fraction of the line, where the CSV parser would have
   * built it whole (a line of gigabytes ended in an OutOfMemoryError).
   */
  @Test
  void aLineOverTheLimitIsRefusedWithoutHoldingIt() throws Exception {
    Path p = dir.resolve("long.csv");
    byte[] block = new byte[1 << 16];
    Arrays.fill(block, (byte) '7');
    try (OutputStream out = Files.newOutputStream(p)) {
      out.write(utf8("size,accuracy\n100,0.5\n"));
      for (int i = 0; i < TextFiles.MAX_LINE_BYTES / block.length; i++) {
        out.write(block);
      }
      out.write(utf8("8,0.5\n"));
    }
    String expected =
        "r.csv:3: a line longer than 1 MiB (1,048,576 bytes), the limit for one line: is this the"
            + " right file?";
    assertEquals(expected, csvError(p));
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    long before = mx.getThreadAllocatedBytes(id);
    assertEquals(expected, csvError(p));
    long allocated = mx.getThreadAllocatedBytes(id) - before;
    assertEquals(
        true, allocated < TextFiles.MAX_LINE_BYTES / 4, "allocated " + allocated + " bytes");

    // Exactly at the limit, and the same line under CR LF endings: accepted.
    Path atLimit = dir.resolve("limit.txt");
    try (OutputStream out = Files.newOutputStream(atLimit)) {
      out.write(utf8("a\r\n"));
      for (int i = 0; i < TextFiles.MAX_LINE_BYTES / block.length; i++) {
        out.write(block);
      }
      out.write(utf8("\r\nb\r\n"));
    }
    TextFiles.check(atLimit, "limit.txt", false);
  }

  @Test
  void aQuotedFieldCountsItsLineBreaksAndItsOpeningLineIsNamed() throws Exception {
    Path p = dir.resolve("quote.csv");
    byte[] line = utf8("0123456789012345678901234567890\n"); // 32 bytes
    try (OutputStream out = Files.newOutputStream(p)) {
      // A comment's quote opens nothing; the quote on line 3 is never closed.
      out.write(utf8("size,note\n# \"quoted\n1,\"it said \"\"hi\"\"\"\n2,\"open\n"));
      for (int i = 0; i < TextFiles.MAX_LINE_BYTES / line.length + 1; i++) {
        out.write(line);
      }
    }
    assertEquals(
        "r.csv:4: a quoted field opens on this line and its row runs past 1 MiB (1,048,576 bytes),"
            + " the limit for one row: is its closing quote missing?",
        csvError(p));
    // Read as lines, every line is short.
    TextFiles.check(p, "r.txt", false);
  }

  @Test
  void aFileReadWholeIsRefusedOverItsLimit() throws Exception {
    Path p = write("big.yaml", utf8("seed: 1\n".repeat(20)));
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> TextFiles.read(p, "config file x", 100));
    assertEquals(
        "config file x: larger than 100 bytes, the limit for this file: is this the right file?",
        e.getMessage());
  }
}
