package org.samplesize.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.InvalidInputException;

class OutputFolderTest {
  @TempDir Path dir;

  @Test
  void aSecondProcessIsRefusedAtOnceNamingTheHolder() throws Exception {
    Path out = dir.resolve("out");
    try (LockHolder other = LockHolder.start("folder", out)) {
      long t0 = System.nanoTime();
      InvalidInputException e =
          assertThrows(
              InvalidInputException.class, () -> OutputFolder.claim("--out", out, d -> false));
      assertTrue((System.nanoTime() - t0) < 5_000_000_000L, "refused at once, not after a wait");
      assertTrue(e.getMessage().startsWith("--out " + out + " is in use"), e.getMessage());
      assertTrue(e.getMessage().contains("process " + other.pid() + ")"), e.getMessage());
      assertEquals(
          other.pid() + "",
          Files.readString(out.resolve(OutputFolder.LOCK_FILE)).split("\\s+")[0],
          "the holder's lock file names it");
    }
    // Ended normally: its lock file is gone, and the folder can be claimed again.
    assertFalse(Files.exists(out.resolve(OutputFolder.LOCK_FILE)));
    OutputFolder.claim("--out", out, d -> false).close();
  }

  @Test
  void aKilledHolderLeavesItsLockFileButNotTheLock() throws Exception {
    Path out = dir.resolve("out");
    LockHolder other = LockHolder.start("folder", out);
    other.kill();
    assertTrue(Files.exists(out.resolve(OutputFolder.LOCK_FILE)), "kill -9 cleans nothing up");
    try (OutputFolder mine = OutputFolder.claim("--out", out, d -> false)) {
      assertEquals(
          ProcessHandle.current().pid() + "",
          Files.readString(out.resolve(OutputFolder.LOCK_FILE)).split("\\s+")[0]);
    }
  }

  @Test
  void aSecondClaimInOneProcessIsRefusedToo() {
    Path out = dir.resolve("out");
    try (OutputFolder first = OutputFolder.claim("--out", out, d -> false)) {
      InvalidInputException e =
          assertThrows(
              InvalidInputException.class, () -> OutputFolder.claim("--out", out, d -> false));
      assertTrue(e.getMessage().contains("is in use"), e.getMessage());
    }
  }

  @Test
  void aFolderOfTheUsersOwnFilesIsRefusedAndLeftAsItWas() throws Exception {
    Path out = Files.createDirectories(dir.resolve("mine"));
    Files.writeString(out.resolve("results.csv"), "my results");
    Files.writeString(out.resolve("report.html"), "my report");
    Files.writeString(out.resolve("fit.json"), "{}");
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> OutputFolder.claim("--out", out, d -> false));
    assertEquals(
        "--out "
            + out
            + " holds files samplesize did not write (fit.json, report.html, results.csv), which"
            + " its outputs could replace: give a new or empty folder, or one a samplesize"
            + " command wrote",
        e.getMessage());
    assertEquals("my results", Files.readString(out.resolve("results.csv")));
    try (var s = Files.list(out)) {
      assertEquals(3, s.count(), "no lock file or mark left behind");
    }
  }

  @Test
  void anEmptyFolderAMarkedOneAndARecognisedOneAreAccepted() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    Files.writeString(empty.resolve(".DS_Store"), "hidden files are never ours to replace");
    try (OutputFolder f = OutputFolder.claim("--out", empty, d -> false)) {
      assertTrue(Files.exists(empty.resolve(OutputFolder.MARKER_FILE)));
      Files.writeString(empty.resolve("report.html"), "written by the command");
    }
    // The mark stays with the output, so the next command may replace it.
    assertTrue(Files.exists(empty.resolve(OutputFolder.MARKER_FILE)));
    OutputFolder.claim("--out", empty, d -> false).close();

    Path old = Files.createDirectories(dir.resolve("old-experiment"));
    Files.writeString(old.resolve("journal.jsonl"), "{}\n");
    Files.writeString(old.resolve("report.html"), "an older build's report");
    OutputFolder.claim("--out", old, d -> Files.exists(d.resolve("journal.jsonl"))).close();
  }

  @Test
  void claimingAFolderRemovesTheTemporaryFilesOfACommandKilledWhileWriting() throws Exception {
    Path out = Files.createDirectories(dir.resolve("run"));
    Files.writeString(out.resolve(OutputFolder.MARKER_FILE), "x");
    Files.writeString(out.resolve("results.csv"), "size,accuracy\n");
    // Left by kill -9 during the output phase, seconds ago.
    Path killed = Files.writeString(out.resolve(".results.csv.5f3a9c1e2b.tmp"), "half");
    Path users = Files.writeString(out.resolve(".my.draft.tmp"), "not of samplesize's form");
    try (OutputFolder f = OutputFolder.claim("--out", out, d -> false)) {
      assertFalse(Files.exists(killed));
      assertTrue(Files.exists(users));
    }
    // A folder of the user's own is refused and not tidied either.
    Path mine = Files.createDirectories(dir.resolve("mine"));
    Files.writeString(mine.resolve("notes.txt"), "mine");
    Path theirs = Files.writeString(mine.resolve(".notes.txt.abc.tmp"), "mine too");
    assertThrows(InvalidInputException.class, () -> OutputFolder.claim("--out", mine, d -> false));
    assertTrue(Files.exists(theirs));
  }

  @Test
  void aCommandThatWritesNothingLeavesNothingBehind() throws Exception {
    Path out = dir.resolve("a").resolve("b");
    OutputFolder.claim("--out", out, d -> false).close();
    assertFalse(Files.exists(dir.resolve("a")), "the folders it made are removed again");

    Path existing = Files.createDirectories(dir.resolve("existing"));
    OutputFolder.claim("--out", existing, d -> false).close();
    assertTrue(Files.isDirectory(existing));
    try (var s = Files.list(existing)) {
      assertEquals(0, s.count(), "no mark or lock file left in a folder that stayed empty");
    }
  }

  @Test
  void anOutputFolderInsideTheImagesIsRefused() throws Exception {
    Path data = Files.createDirectories(dir.resolve("photos").resolve("daisy"));
    Path root = data.getParent();
    for (Path out : new Path[] {root, data.resolve("out"), root.resolve("new").resolve("deeper")}) {
      InvalidInputException e =
          assertThrows(
              InvalidInputException.class,
              () -> OutputFolder.checkOutside("--out", out, "--data", root));
      assertEquals(
          "--out "
              + out
              + " is inside the image folder --data "
              + root
              + ": what is written there would become part of the data set; give --out a folder"
              + " outside it",
          e.getMessage());
    }
    Path link = Files.createSymbolicLink(dir.resolve("link"), data);
    assertThrows(
        InvalidInputException.class,
        () -> OutputFolder.checkOutside("--out", link.resolve("x"), "--data", root));
    OutputFolder.checkOutside("--out", dir.resolve("photos-out"), "--data", root);
    OutputFolder.checkOutside("--out", dir, "--data", root); // above the images: allowed
  }
}
