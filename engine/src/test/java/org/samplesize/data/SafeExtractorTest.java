package org.samplesize.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.SamplesizeException;
import org.samplesize.data.TestArchives.Entry;
import org.samplesize.data.TestArchives.Kind;

class SafeExtractorTest {
  @TempDir Path dir;

  private Path archive(byte[] bytes) throws Exception {
    return Files.write(dir.resolve("a.tgz"), bytes);
  }

  private void assertRefused(String expected, Entry... entries) throws Exception {
    Path a = archive(TestArchives.tarGz(entries));
    Path dest = dir.resolve("out");
    SamplesizeException e =
        assertThrows(
            SamplesizeException.class, () -> SafeExtractor.extractTarGz(a, dest, 1 << 20, null));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertNothingLeft();
  }

  private void assertNothingLeft() throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(
          java.util.List.of("a.tgz"), s.map(p -> p.getFileName().toString()).sorted().toList());
    }
    assertFalse(Files.exists(dir.getParent().resolve("evil.txt")));
  }

  private static String sha(String s) throws Exception {
    return java.util.HexFormat.of()
        .formatHex(
            java.security.MessageDigest.getInstance("SHA-256")
                .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  @Test
  void extractsANormalArchiveWithItsMarker() throws Exception {
    Path a =
        archive(
            TestArchives.tarGz(
                new Entry("photos/", Kind.DIR, null, null),
                Entry.file("photos/a/x.txt", "hello"),
                Entry.file("photos/b/y.txt", "world")));
    Path dest = dir.resolve("out");
    assertFalse(SafeExtractor.isComplete(dest));
    SafeExtractor.extractTarGz(a, dest, 1 << 20, null);
    assertEquals("hello", Files.readString(dest.resolve("photos/a/x.txt")));
    assertTrue(SafeExtractor.isComplete(dest));
    // The SHA-256 of every file, taken as it was written, sealed.
    Path manifest = dest.resolve(SafeExtractor.MANIFEST);
    assertEquals(
        sha("hello") + "  photos/a/x.txt\n" + sha("world") + "  photos/b/y.txt\n",
        Files.readString(manifest));
    assertTrue(org.samplesize.io.SealedFiles.check(manifest).intact());
    // A second call sees the marker and does nothing, even if the archive is gone.
    Files.delete(a);
    SafeExtractor.extractTarGz(a, dest, 1 << 20, null);
  }

  @Test
  void refusesPathTraversalAbsolutePathsLinksAndDevices() throws Exception {
    assertRefused("climbs out", Entry.file("ok.txt", "x"), Entry.file("../evil.txt", "pwned"));
    assertRefused("climbs out", Entry.file("photos/../../evil.txt", "pwned"));
    assertRefused("absolute path", Entry.file("/tmp/evil.txt", "pwned"));
    assertRefused("is a link", new Entry("photos/link", Kind.SYMLINK, null, "/etc/passwd"));
    assertRefused("is a link", new Entry("photos/hard", Kind.HARDLINK, null, "../../x"));
    assertRefused("device", new Entry("photos/dev", Kind.DEVICE, null, null));
    assertRefused("completion marker", Entry.file(SafeExtractor.MARKER, "forged"));
    assertRefused("reserved", Entry.file(SafeExtractor.MANIFEST, "forged"));
    assertRefused("reserved", Entry.file(".samplesize-checked", "forged"));
  }

  @Test
  void capsTheTotalSize() throws Exception {
    Path a =
        archive(
            TestArchives.tarGz(
                Entry.file("a.bin", new byte[600]), Entry.file("b.bin", new byte[600])));
    SamplesizeException e =
        assertThrows(
            SamplesizeException.class,
            () -> SafeExtractor.extractTarGz(a, dir.resolve("out"), 1000, null));
    assertTrue(e.getMessage().contains("exceeds the cap of 1000 bytes"), e.getMessage());
    assertNothingLeft();
  }

  @Test
  void aTruncatedArchiveLeavesNothingThatLooksComplete() throws Exception {
    byte[] random = new byte[200_000];
    new java.util.Random(2).nextBytes(random);
    byte[] full = TestArchives.tarGz(Entry.file("photos/a.bin", random));
    Path a = archive(Arrays.copyOf(full, full.length / 2));
    SamplesizeException e =
        assertThrows(
            SamplesizeException.class,
            () -> SafeExtractor.extractTarGz(a, dir.resolve("out"), 1 << 20, null));
    assertTrue(e.getMessage().contains("cannot extract"), e.getMessage());
    assertNothingLeft();
  }

  @Test
  void aLeftoverFolderWithoutMarkerIsReplaced() throws Exception {
    Path dest = dir.resolve("out");
    Files.createDirectories(dest.resolve("photos"));
    Files.writeString(dest.resolve("photos/stale.txt"), "half");
    Path a = archive(TestArchives.tarGz(Entry.file("photos/new.txt", "new")));
    SafeExtractor.extractTarGz(a, dest, 1 << 20, null);
    assertFalse(Files.exists(dest.resolve("photos/stale.txt")));
    assertTrue(Files.exists(dest.resolve("photos/new.txt")));
  }
}
