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
 * read-only (EROFS), but also for a folder marked immutable ({@code chattr +i}, EPERM) or a disk
 * that fails (EIO); so where {@code /proc/self/mountinfo} can be read, the mount holding the folder
 * must also be listed there as read-only. The file store's own flag does not serve: for a read-only
 * bind mount of a writable disk Java finds the disk's mount and answers "writable"; nor does the
 * error's text, which the C library words in the system's language.
 */
public final class ReadOnlyMounts {
  private ReadOnlyMounts() {}

  /**
   * @param path a file or folder, which need not exist
   * @return true when the nearest existing folder at or above {@code path} is on a file system
   *     mounted read-only
   */
  public static boolean holds(Path path) {
    return refusal(path) != null;
  }

  /**
   * The system's own words, in its language, for a write refused at {@code path} because its file
   * system is mounted read-only: a failure whose reason is these words is that refusal, and one
   * with another reason (a file not found, an I/O error, too many open files) is not, though it
   * happened on that mount.
   *
   * @param path a file or folder, which need not exist
   * @return the reason, or null when the nearest existing folder at or above {@code path} is not on
   *     a file system mounted read-only
   */
  public static String refusal(Path path) {
    Path q = path.toAbsolutePath();
    while (q != null && !Files.isDirectory(q, LinkOption.NOFOLLOW_LINKS)) {
      q = q.getParent();
    }
    if (q == null) {
      return null;
    }
    try {
      q.getFileSystem().provider().checkAccess(q, AccessMode.WRITE);
      return null;
    } catch (AccessDeniedException | NoSuchFileException e) {
      return null;
    } catch (FileSystemException e) {
      Boolean listed = listedReadOnly(q);
      return (listed == null || listed) && e.getReason() != null ? e.getReason() : null;
    } catch (IOException | SecurityException e) {
      return null;
    }
  }

  /**
   * Whether the mount that holds {@code dir} (the last-listed one at the longest mount point above
   * its real path) is read-only, by its own options or its file system's.
   *
   * @return null where the mount table cannot be read or names no mount above {@code dir}
   */
  static Boolean listedReadOnly(Path dir) {
    Path real;
    java.util.List<String> table;
    try {
      real = dir.toRealPath();
      table = Files.readAllLines(Path.of("/proc/self/mountinfo"));
    } catch (IOException | SecurityException | java.io.UncheckedIOException e) {
      return null;
    }
    int best = -1;
    Boolean readOnly = null;
    for (String line : table) {
      // id parent major:minor root mount-point mount-options [optional...] - type source
      // super-options
      String[] f = line.split(" ");
      int dash = java.util.Arrays.asList(f).indexOf("-");
      if (f.length < 6 || dash < 6 || dash + 3 >= f.length) {
        continue;
      }
      Path point;
      try {
        point = Path.of(unescape(f[4]));
      } catch (java.nio.file.InvalidPathException e) {
        continue;
      }
      if (real.startsWith(point) && point.getNameCount() >= best) {
        best = point.getNameCount();
        readOnly = hasOption(f[5], "ro") || hasOption(f[dash + 3], "ro");
      }
    }
    return readOnly;
  }

  private static boolean hasOption(String options, String option) {
    return java.util.Arrays.asList(options.split(",")).contains(option);
  }

  /** A mount point as the kernel lists it: space, tab, newline and backslash as octal escapes. */
  private static String unescape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
        b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
