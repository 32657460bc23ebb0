package org.samplesize.io;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FoldersTest {
  @TempDir Path tmp;

  @Test
  void removesTheTreeButNotWhatALinkInsidePointsTo() throws Exception {
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Path kept = Files.writeString(outside.resolve("kept.txt"), "keep me");
    Path tree = Files.createDirectories(tmp.resolve("tree/a/b"));
    Files.writeString(tree.resolve("x.txt"), "x");
    Files.createSymbolicLink(tmp.resolve("tree/a/link"), outside);

    Folders.deleteTree(tmp.resolve("tree"));

    assertFalse(Files.exists(tmp.resolve("tree")));
    assertTrue(Files.isRegularFile(kept), "the link's target was removed");
  }

  @Test
  void anAbsentFolderIsNotAnError() throws Exception {
    Folders.deleteTree(tmp.resolve("never-made"));
    assertFalse(Files.exists(tmp.resolve("never-made")));
  }
}
