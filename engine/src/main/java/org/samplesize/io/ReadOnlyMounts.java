package org.samplesize.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Whether a path lies on a file system that refuses every write, asked of the file system itself:
 * {@code access(W_OK)} on the nearest existing folder, which fails with a permission error ({@link
 * AccessDeniedException}) where this user lacks the right and with another one where the mount is
 * read-only (EROFS). The file store's own flag does not serve: for a read-only bind mount of a
 * writable disk Java finds the disk's mount and answers "writable"; nor does the error's text,
 * which the C library words in the system's language.
 */
public final class ReadOnlyMounts {
  private ReadOnlyMounts() {}

  /**
   * @param path a file or folder, which need not exist
   * @return true when the nearest existing folder at or above {@code path} is on a file system
   *     mounted read-only
   */
  public static boolean holds(Path path) {
    Path q = path.toAbsolutePath();
    while (q != null && !Files.isDirectory(q, LinkOption.NOFOLLOW_LINKS)) {
      q = q.getParent();
    }
    if (q == null) {
      return false;
    }
    try {
      q.getFileSystem().provider().checkAccess(q, AccessMode.WRITE);
      return false;
    } catch (AccessDeniedException | NoSuchFileException e) {
      return false;
    } catch (FileSystemException e) {
      return true;
    } catch (IOException | SecurityException e) {
      return false;
    }
  }
}
