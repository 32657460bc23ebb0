package org.samplesize.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.samplesize.InvalidInputException;
import org.samplesize.data.CacheDir;

/**
 * Checks of output paths that every command makes before any work starts, so that a path that
 * cannot be written fails at once with one line naming the flag (exit 2) instead of after minutes
 * of computation with an internal error.
 */
final class OutputPaths {
  private OutputPaths() {}

  /**
   * Checks that {@code dir} is a writable folder or can be created as one (it is created to find
   * out, then removed); neither it nor any folder above it may be an existing file.
   *
   * @param flag the flag that named it, e.g. {@code --out}
   * @param dir the output folder
   * @throws InvalidInputException when it, or a folder above it, is a file, or it cannot be created
   *     or written
   */
  static void folder(String flag, Path dir) {
    if (dir.toString().isBlank()) {
      // An empty path is the current folder, which a typo (--out "$OUT" unset) should not write.
      throw new InvalidInputException(
          flag
              + " is empty: give a folder path"
              + (flag.equals("--out") ? ", e.g. --out out" : ""));
    }
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new InvalidInputException(
          flag + " " + dir + " is a file, not a folder: give a folder path");
    }
    checkAbove(flag, dir);
    // Try to create it now: a folder that cannot be made (a read-only or pseudo file system, no
    // permission) is the user's to fix, and better said before the work than after it. The levels
    // this check creates (and only those: each is made with createDirectory, which fails on
    // anything already there, a link included) are removed again, so a command that fails later
    // leaves no empty folder.
    java.util.List<Path> missing = new java.util.ArrayList<>();
    for (Path p = dir.toAbsolutePath().normalize();
        p != null && !Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        p = p.getParent()) {
      missing.add(p);
    }
    java.util.List<Path> created = new java.util.ArrayList<>();
    try {
      for (int i = missing.size() - 1; i >= 0; i--) {
        try {
          Files.createDirectory(missing.get(i));
          created.add(0, missing.get(i));
        } catch (java.nio.file.FileAlreadyExistsException raced) {
          // made by someone else meanwhile: not ours to remove
        }
      }
      if (!Files.isDirectory(dir)) {
        throw new java.nio.file.NotDirectoryException(dir.toString());
      }
      if (!Files.isWritable(dir)) {
        throw new InvalidInputException(
            flag
                + " "
                + dir
                + ": this folder is not writable"
                + (org.samplesize.io.ReadOnlyMounts.holds(dir)
                    ? " (its file system is mounted read-only)"
                    : "")
                + ": give a folder you can write to");
      }
    } catch (java.io.IOException | SecurityException e) {
      throw new InvalidInputException(
          flag
              + " "
              + dir
              + ": cannot create this folder ("
              + why(e)
              + "): give a folder you can"
              + " write to",
          e);
    } finally {
      for (Path p : created) {
        try {
          Files.deleteIfExists(p);
        } catch (java.io.IOException e) {
          break; // something was put inside meanwhile: leave it
        }
      }
    }
  }

  /**
   * Why a folder could not be made, in the system's words ("Read-only file system", "permission
   * denied"), without Java's class name and the path the message already names.
   */
  private static String why(Exception e) {
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  /**
   * As {@link #folder}, for an {@code --out} that used to name a JSON file: a path ending in {@code
   * .json} that does not exist yet is most likely meant as that file, so it is refused with what
   * the command now writes into the folder, instead of becoming a folder of that name.
   *
   * @param dir the output folder
   * @param fileName the file the command writes into it
   * @throws InvalidInputException as {@link #folder}, or for a new path ending in {@code .json}
   */
  static void jsonFolder(Path dir, String fileName) {
    if (!Files.exists(dir)
        && dir.getFileName() != null
        && dir.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".json")) {
      throw new InvalidInputException(
          "--out "
              + dir
              + ": --out is a folder (this command writes "
              + fileName
              + " into it): give a folder path");
    }
    folder("--out", dir);
  }

  /**
   * Checks the cache folder a command will use, as {@link #folder}, naming where it came from. An
   * existing folder that cannot be written passes: a finished cache there is read without writing.
   *
   * @param explicit the {@code --cache} value, or null when not given
   * @param effective the folder used: {@code explicit}, else the environment's or the default
   * @param env the environment ({@code System.getenv()}), to tell whether {@code SAMPLESIZE_CACHE}
   *     set it
   * @throws InvalidInputException as {@link #folder}, naming {@code --cache}, {@code
   *     SAMPLESIZE_CACHE} or "the default cache folder"
   */
  static void cache(Path explicit, Path effective, java.util.Map<String, String> env) {
    if (Files.isDirectory(effective) && !Files.isWritable(effective)) {
      // A cache shared read-only: what it holds finished is read (the feature cache refuses, naming
      // the file, anything it would have to make); a folder that cannot be made still fails here.
      return;
    }
    CacheDir.Choice c = CacheDir.find(explicit, env, System.getProperty("user.home"));
    folder(c.dir().equals(effective) ? c.source() : CacheDir.DEFAULT_SOURCE, effective);
  }

  /**
   * Checks that {@code file} can be written as a file: it is not an existing folder, and no folder
   * above it is a file.
   *
   * @param flag the flag that named it, e.g. {@code --json}
   * @param file the output file
   * @throws InvalidInputException when it is a folder, or a folder above it is a file
   */
  static void file(String flag, Path file) {
    if (Files.isDirectory(file)) {
      throw new InvalidInputException(
          flag + " " + file + " is a folder, not a file: give a file path");
    }
    checkAbove(flag, file);
  }

  private static void checkAbove(String flag, Path p) {
    for (Path up = p.toAbsolutePath().normalize().getParent(); up != null; up = up.getParent()) {
      if (Files.exists(up)) {
        if (!Files.isDirectory(up)) {
          throw new InvalidInputException(
              flag
                  + " "
                  + p
                  + ": "
                  + up
                  + " is a file, not a folder, so nothing can be written below it: give"
                  + " another path");
        }
        return;
      }
    }
  }
}
