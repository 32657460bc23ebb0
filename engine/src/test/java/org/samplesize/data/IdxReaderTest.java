package org.samplesize.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.InvalidInputException;

class IdxReaderTest {
  @TempDir Path dir;

  private static final byte[] IMAGES = TestIdx.images(3, 2, 4, (i, p) -> 10 * i + p);

  @Test
  void readsImagesPlainAndGzipWithTheSameContentHash() throws Exception {
    Path plain = Files.write(dir.resolve("x-images"), IMAGES);
    Path fast = Files.write(dir.resolve("x-images.gz"), TestIdx.gzip(IMAGES, 1));
    Path best = Files.write(dir.resolve("other-name"), TestIdx.gzip(IMAGES, 9));
    for (Path p : new Path[] {plain, fast, best}) {
      IdxReader.IdxFile f = IdxReader.read(p, 3);
      assertArrayEquals(new int[] {3, 2, 4}, f.dims(), p.toString());
      assertEquals(3, f.count());
      assertEquals(8, f.itemBytes());
      assertEquals(16, f.dataOffset());
      assertArrayEquals(new byte[] {20, 21, 22, 23, 24, 25, 26, 27}, f.item(2));
      assertEquals(TestIdx.sha256(IMAGES), f.sha256(), "hash of the uncompressed content");
      assertEquals(TestIdx.sha256(Files.readAllBytes(p)), f.fileSha256(), "hash of the file");
    }
  }

  @Test
  void theFileHashCoversBytesAfterTheGzipStream() throws Exception {
    byte[] gz = TestIdx.gzip(IMAGES, 6);
    // longer than the read buffers, so that only reading on to the end hashes all of it
    byte[] withTail = Arrays.copyOf(gz, gz.length + (1 << 18));
    withTail[gz.length] = 'x';
    Path p = Files.write(dir.resolve("tail.gz"), withTail);
    IdxReader.IdxFile f = IdxReader.read(p, 3);
    assertEquals(TestIdx.sha256(IMAGES), f.sha256());
    assertEquals(TestIdx.sha256(withTail), f.fileSha256());
  }

  @Test
  void readsLabels() throws Exception {
    Path p = Files.write(dir.resolve("l"), TestIdx.labels(new int[] {3, 0, 9, 255}));
    IdxReader.IdxFile f = IdxReader.read(p, 1);
    assertEquals(4, f.count());
    assertEquals(9, f.unsignedByte(2));
    assertEquals(255, f.unsignedByte(3));
  }

  @Test
  void aBadMagicNumberIsRefusedNamingTheFileAndOffset() throws Exception {
    byte[] png = IMAGES.clone();
    png[0] = (byte) 0x89;
    InvalidInputException e = refused(png, 3);
    assertTrue(e.getMessage().contains("magic number 0x89000803 at offset 0"), e.getMessage());

    byte[] floats = IMAGES.clone();
    floats[2] = 0x0D;
    e = refused(floats, 3);
    assertTrue(e.getMessage().contains("data type 0x0D at offset 2"), e.getMessage());

    e = refused(TestIdx.labels(new int[] {1, 2}), 3);
    assertTrue(e.getMessage().contains("says 1 dimension(s), expected 3"), e.getMessage());
  }

  @Test
  void aTruncatedFileIsRefusedWithTheOffsetOfTheFirstIncompleteItem() throws Exception {
    InvalidInputException e = refused(Arrays.copyOf(IMAGES, IMAGES.length - 3), 3);
    assertTrue(e.getMessage().contains("is truncated: it ends at offset 37"), e.getMessage());
    assertTrue(e.getMessage().contains("item 2 (at offset 32)"), e.getMessage());

    e = refused(Arrays.copyOf(IMAGES, 10), 3);
    assertTrue(e.getMessage().contains("inside its 16-byte header"), e.getMessage());

    e = refused(new byte[2], 3);
    assertTrue(e.getMessage().contains("before its 4-byte magic number"), e.getMessage());
  }

  @Test
  void moreBytesThanTheHeaderAnnouncesAreRefused() throws Exception {
    InvalidInputException e = refused(Arrays.copyOf(IMAGES, IMAGES.length + 5), 3);
    assertTrue(
        e.getMessage().contains("has 5 byte(s) after its last item (from offset 40)"),
        e.getMessage());
  }

  @Test
  void farMoreBytesThanTheHeaderAnnouncesAreCountedNotHeldInMemory() throws Exception {
    // A labels file announcing 10 labels, followed by 192 MiB of zeros: a few hundred KB of gzip.
    Path p = dir.resolve("huge.gz");
    long extra = 192L << 20;
    try (java.io.OutputStream out =
        new java.util.zip.GZIPOutputStream(Files.newOutputStream(p), 1 << 16)) {
      out.write(TestIdx.labels(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
      byte[] zeros = new byte[1 << 20];
      for (long at = 0; at < extra; at += zeros.length) {
        out.write(zeros);
      }
    }
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(id);
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> IdxReader.read(p, 1));
    long allocated = threads.getThreadAllocatedBytes(id) - before;
    assertTrue(
        e.getMessage().contains("has " + extra + " byte(s) after its last item (from offset 18)"),
        e.getMessage());
    assertTrue(allocated < 32L << 20, "allocated " + allocated + " bytes to refuse it");
  }

  @Test
  void aNonPositiveDimensionIsRefused() throws Exception {
    byte[] b = IMAGES.clone();
    b[11] = 0; // rows = 0
    InvalidInputException e = refused(b, 3);
    assertTrue(e.getMessage().contains("dimension 2 at offset 8 is 0"), e.getMessage());
  }

  @Test
  void aTruncatedGzipFileIsRefused() throws Exception {
    byte[] gz = TestIdx.gzip(IMAGES, 6);
    Path p = Files.write(dir.resolve("cut.gz"), Arrays.copyOf(gz, gz.length - 10));
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> IdxReader.read(p, 3));
    assertTrue(
        e.getMessage().startsWith("IDX file " + p + " is a truncated or damaged gzip file"),
        e.getMessage());
  }

  @Test
  void aFileNamedGzThatIsNotGzipIsSaidSo() throws Exception {
    Path p = Files.writeString(dir.resolve("t10k-labels-idx1-ubyte.gz"), "not gzip at all\n");
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> IdxReader.read(p, 1));
    assertTrue(
        e.getMessage()
            .startsWith(
                "IDX file "
                    + p
                    + " is named .gz but is not gzip-compressed (it does not begin with the gzip"
                    + " bytes 0x1F 0x8B), and its magic number 0x6E6F7420 at offset 0 is not an"
                    + " IDX magic number"),
        e.getMessage());
    // Gzip-compressed, or not named .gz: the magic number alone.
    Path gz = Files.write(dir.resolve("x.gz"), TestIdx.gzip("not idx".getBytes(), 6));
    e = assertThrows(InvalidInputException.class, () -> IdxReader.read(gz, 1));
    assertTrue(e.getMessage().startsWith("IDX file " + gz + " magic number"), e.getMessage());
    Path plain = Files.writeString(dir.resolve("x"), "not idx");
    e = assertThrows(InvalidInputException.class, () -> IdxReader.read(plain, 1));
    assertTrue(e.getMessage().startsWith("IDX file " + plain + " magic number"), e.getMessage());
  }

  @Test
  void aMissingFileIsNamed() {
    Path p = dir.resolve("nothing");
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> IdxReader.read(p, 1));
    assertEquals("IDX file " + p + " does not exist", e.getMessage());
  }

  private InvalidInputException refused(byte[] content, int dims) throws Exception {
    Path p = Files.write(dir.resolve("bad-" + System.nanoTime()), content);
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> IdxReader.read(p, dims));
    assertTrue(e.getMessage().startsWith("IDX file " + p + " "), e.getMessage());
    return e;
  }
}
