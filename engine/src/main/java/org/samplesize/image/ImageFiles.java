package org.samplesize.image;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.samplesize.io.Sha256;

/**
 * The one place that decides whether a file under a data set may be read at all, before any byte of
 * it is: only regular files (a symbolic link to one is fine) of at most {@link #MAX_FILE_BYTES}. A
 * FIFO named {@code x.jpg} would block a reader forever and a link to {@code /dev/zero} would never
 * end, so neither is opened; a dangling link, a file that vanished or one without read permission
 * gets a reason like a corrupt image, and the caller skips it.
 */
public final class ImageFiles {

  /** Files larger than this are not read (512 MiB): far above any photo, below any memory limit. */
  public static final long MAX_FILE_BYTES = 512L << 20;

  private ImageFiles() {}

  /**
   * Checks that a file may be read, without opening it.
   *
   * @param path the file
   * @return its attributes (those of a link's target): a regular file of 1 to {@link
   *     #MAX_FILE_BYTES} bytes
   * @throws BadImageException if it is missing, a dangling link, not a regular file, empty, too
   *     large, or its attributes cannot be read
   */
  public static BasicFileAttributes check(Path path) throws BadImageException {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(path, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      if (Files.isSymbolicLink(path)) {
        throw new BadImageException(path, "dangling symbolic link (" + target(path) + ")");
      }
      throw new BadImageException(path, "file not found");
    } catch (AccessDeniedException e) {
      throw new BadImageException(path, PERMISSION_DENIED);
    } catch (FileSystemException e) {
      // ELOOP and the like: the JDK's message repeats the path after its class name.
      String why = e.getReason() == null ? e.getClass().getSimpleName() : e.getReason();
      throw new BadImageException(
          path,
          Files.isSymbolicLink(path)
              ? "symbolic link that cannot be followed ("
                  + why
                  + "; a loop of links?): point it at the image file, or remove it"
              : "unreadable: " + why);
    } catch (IOException e) {
      throw new BadImageException(path, "unreadable: " + e);
    }
    if (!a.isRegularFile()) {
      throw new BadImageException(
          path,
          "not a regular file but "
              + kind(path, a)
              + "; only regular files are read (remove it, or put the image file there)");
    }
    if (a.size() == 0) {
      throw new BadImageException(path, "empty file (0 bytes)");
    }
    if (a.size() > MAX_FILE_BYTES) {
      throw new BadImageException(path, tooLarge(a.size()));
    }
    return a;
  }

  /**
   * The SHA-256 of a file that passes {@link #check}. Reads at most {@link #MAX_FILE_BYTES}, so a
   * file that grows while it is read cannot keep the reader busy.
   *
   * @param path the file
   * @return its SHA-256, lower-case hex
   * @throws BadImageException if {@link #check} refuses it or it cannot be read
   */
  public static String sha256(Path path) throws BadImageException {
    check(path);
    try {
      return Sha256.file(path, MAX_FILE_BYTES);
    } catch (AccessDeniedException e) {
      throw new BadImageException(path, PERMISSION_DENIED);
    } catch (IOException e) {
      throw new BadImageException(path, "unreadable: " + e.getMessage());
    }
  }

  /** The reason for a file without read permission. */
  static final String PERMISSION_DENIED =
      "unreadable: permission denied (fix the file's permissions or remove it)";

  static String tooLarge(long size) {
    return "file of " + size + " bytes is larger than the " + MAX_FILE_BYTES + "-byte limit";
  }

  private static String target(Path link) {
    try {
      return "its target " + Files.readSymbolicLink(link) + " does not exist";
    } catch (IOException | UnsupportedOperationException e) {
      return "its target does not exist";
    }
  }

  /** What a file that is not regular is, in words: from the Unix mode where the JDK has it. */
  private static String kind(Path path, BasicFileAttributes a) {
    if (a.isDirectory()) {
      return "a folder";
    }
    try {
      Object mode = Files.getAttribute(path, "unix:mode");
      if (mode instanceof Integer m) {
        switch (m & 0170000) {
          case 0010000:
            return "a FIFO (named pipe)";
          case 0020000:
            return "a character device";
          case 0060000:
            return "a block device";
          case 0140000:
            return "a socket";
          default:
            break;
        }
      }
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      // no "unix" view here: the general words below
    }
    return "a special file (FIFO, device or socket)";
  }
}
