package org.samplesize.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.InvalidInputException;

class MirrorSumsTest {
  @TempDir Path dir;

  @Test
  void anUnchangedMirrorIsNotHashedAgainButAChangedOneIs() throws Exception {
    Path root = dir.resolve("photos");
    Files.createDirectories(root.resolve("daisy"));
    Path a = Files.writeString(root.resolve("daisy/a.jpg"), "a");
    Path sums =
        Files.writeString(
            dir.resolve("SHA256SUMS"), TestArchives.sha256("a".getBytes()) + "  daisy/a.jpg\n");
    Path stamps = dir.resolve("stamps");
    List<String> stages = new java.util.ArrayList<>();
    org.samplesize.ProgressListener pl =
        new org.samplesize.ProgressListener() {
          @Override
          public void stage(String name, long total, String unit) {
            stages.add(name);
          }

          @Override
          public void advance(long done) {}
        };
    MirrorSums.verify(root, sums, stamps, pl);
    assertEquals(1, stages.size(), "the first call hashes");
    MirrorSums.verify(root, sums, stamps, pl);
    assertEquals(1, stages.size(), "an unchanged mirror is not hashed again");

    // Same size, new content and a new modification time: hashed again, and caught.
    Files.writeString(a, "b");
    Files.setLastModifiedTime(
        a, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5_000));
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> MirrorSums.verify(root, sums, stamps, pl));
    assertTrue(e.getMessage().contains("daisy/a.jpg: SHA-256 differs"), e.getMessage());
    assertEquals(2, stages.size());

    // A failed check leaves no stamp behind: fixing the file is checked in full.
    Files.writeString(a, "a");
    MirrorSums.verify(root, sums, stamps, pl);
    assertEquals(3, stages.size());
    MirrorSums.verify(root, sums, stamps, pl);
    assertEquals(3, stages.size());

    // Same size, new content, and the modification time put back: still hashed, and caught.
    java.nio.file.attribute.FileTime before = Files.getLastModifiedTime(a);
    Files.writeString(a, "c");
    Files.setLastModifiedTime(a, before);
    InvalidInputException kept =
        assertThrows(InvalidInputException.class, () -> MirrorSums.verify(root, sums, stamps, pl));
    assertTrue(kept.getMessage().contains("daisy/a.jpg: SHA-256 differs"), kept.getMessage());
    assertEquals(4, stages.size());
  }

  @Test
  void aChecksumListThatIsNotUtf8NamesTheLine() throws Exception {
    Path root = Files.createDirectories(dir.resolve("photos/daisy")).getParent();
    Files.writeString(root.resolve("daisy/a.jpg"), "a");
    Path sums = dir.resolve("SHA256SUMS");
    Files.write(
        sums,
        (TestArchives.sha256("a".getBytes()) + "  daisy/a.jpg\n" + "00  daisy/\u00e9.jpg\n")
            .getBytes("ISO-8859-1"));
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                MirrorSums.verify(
                    root, sums, dir.resolve("stamps"), org.samplesize.ProgressListener.NONE));
    assertEquals(
        sums + ":2: not UTF-8 text (byte 0xE9 at column 11); save the file as UTF-8",
        e.getMessage());
  }

  /**
   * A malformed line is named, with its number, before anything else is said about the folder: the
   * check for unlisted images used to skip such lines and then blame the image the line meant.
   */
  @Test
  void aMalformedChecksumLineIsNamedBeforeTheUnlistedFilesCheck() throws Exception {
    Path root = Files.createDirectories(dir.resolve("photos/daisy")).getParent();
    Files.writeString(root.resolve("daisy/a.jpg"), "a");
    Files.writeString(root.resolve("daisy/b.jpg"), "b");
    Path sums = dir.resolve("SHA256SUMS");
    Files.writeString(
        sums,
        TestArchives.sha256("a".getBytes())
            + "  daisy/a.jpg\n\n"
            + TestArchives.sha256("b".getBytes())
            + "daisy/b.jpg\n");
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                MirrorSums.verify(
                    root, sums, dir.resolve("stamps"), org.samplesize.ProgressListener.NONE));
    assertTrue(
        e.getMessage()
            .startsWith(
                sums + ":3: '" + TestArchives.sha256("b".getBytes()) + "daisy/b.jpg' is not"),
        e.getMessage());
    assertTrue(e.getMessage().endsWith("; correct or remove that line"), e.getMessage());

    // Corrected, with "./" in front as find . | sha256sum writes it: both files are listed.
    Files.writeString(
        sums,
        TestArchives.sha256("a".getBytes())
            + "  ./daisy/a.jpg\n"
            + TestArchives.sha256("b".getBytes())
            + " *daisy/b.jpg\n");
    MirrorSums.verify(root, sums, dir.resolve("stamps"), org.samplesize.ProgressListener.NONE);
  }
}
