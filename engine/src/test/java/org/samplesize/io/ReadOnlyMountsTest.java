package org.samplesize.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadOnlyMountsTest {

  /**
   * A folder marked immutable ({@code chattr +i}) on a writable disk refuses a write with EPERM,
   * not EACCES: it was told as "its file system is mounted read-only", and a user sent to remount a
   * disk that is writable.
   */
  @Test
  void anImmutableFolderOnAWritableDiskIsNotAReadOnlyMount(@TempDir Path tmp) throws Exception {
    Path frozen = Files.createDirectory(tmp.resolve("frozen"));
    boolean marked = Commands.run("chattr", "+i", frozen.toString()) == 0;
    try {
      assumeTrue(marked, "chattr +i needs root and a file system with the flag: not tested");
      assumeTrue(!Files.isWritable(frozen), "the immutable flag did not refuse writes here");
      assertEquals(Boolean.FALSE, ReadOnlyMounts.listedReadOnly(frozen));
      assertFalse(ReadOnlyMounts.holds(frozen));
      assertFalse(ReadOnlyMounts.holds(frozen.resolve("new/results.csv")));
    } finally {
      if (marked) {
        Commands.run("chattr", "-i", frozen.toString());
      }
    }
  }
}
