package org.samplesize.io;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file all at once or not at all. The content goes to a temporary file beside the target
 * (same folder, so the same file system; a unique hidden name {@code .NAME.RANDOM.tmp}), is forced
 * to the disk, and is then renamed over the target atomically; the folder is forced too where the
 * platform allows it, so the rename itself survives a crash. A reader, or a run resumed after a
 * crash, sees the old file or the new one, never a mix. On any failure the temporary file is
 * deleted and the target is left as it was.
 *
 * <p>A symbolic link is followed (repeatedly) and its final target is replaced atomically; the link
 * stays. An existing target that is neither a regular file nor a folder (a device such as {@code
 * /dev/null} or {@code /dev/stdout}, a FIFO, a socket) is written straight through, with no
 * temporary file and no rename, so the node itself is never replaced.
 *
 * <p>For small and medium files written whole (JSON, CSV, a cut model). Append-only logs that are
 * forced record by record (the experiment journal) do not belong here.
 */
public final class AtomicFiles {
  private static final int MAX_NAME_PREFIX = 100;

  /** The part of a target's name its temporary files carry (cut to keep names within limits). */
  private static String tempStem(String name) {
    return name.length() > MAX_NAME_PREFIX ? name.substring(0, MAX_NAME_PREFIX) : name;
  }

  private AtomicFiles() {}

  /** Writes a file's content to a stream. */
  @FunctionalInterface
  public interface IoWriter {
    /**
     * @param out where the content goes; buffered; closing it is allowed and does nothing (the
     *     caller forces and closes the file)
     * @throws IOException if the content cannot be produced or written
     */
    void write(OutputStream out) throws IOException;
  }

  /**
   * Replaces {@code target} with what {@code writer} writes, atomically and durably.
   *
   * @param target the file to create or replace; its folder must exist
   * @param writer writes the whole content
   * @throws IOException naming {@code target} when the temporary file cannot be created, written,
   *     forced or moved (the target is then untouched and the temporary file gone)
   * @throws RuntimeException whatever {@code writer} throws unchecked, unchanged (again with the
   *     target untouched and the temporary file gone)
   */
  public static void write(Path target, IoWriter writer) throws IOException {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(writer, "writer");
    if (Files.exists(target) && !Files.isRegularFile(target) && !Files.isDirectory(target)) {
      // A device, FIFO or socket (/dev/null, /dev/stdout on a pipe): write through it; renaming
      // a file over it would replace the node itself.
      writeThrough(target, target, writer);
      return;
    }
    Path abs = resolveLinks(target.toAbsolutePath());
    if (abs == null) {
      // A /proc "magic" link (/dev/stdout redirected to a file): the open descriptor is the file.
      writeThrough(target, target, writer);
      return;
    }
    Path dir = abs.getParent();
    if (dir == null || abs.getFileName() == null) {
      throw new IOException("cannot write " + target + ": not a file path");
    }
    Path tmp = null;
    boolean moved = false;
    try {
      tmp = createTemp(dir, abs.getFileName().toString());
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        OutputStream out = new KeepOpen(Channels.newOutputStream(ch));
        writer.write(out);
        out.flush();
        ch.force(true);
      }
      move(tmp, abs);
      moved = true;
    } catch (IOException e) {
      throw new IOException("cannot write " + target + ": " + e.getMessage(), e);
    } finally {
      if (!moved && tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // The original failure is the one to report; a stray .tmp is harmless.
        }
      }
    }
    forceDirectory(dir);
    removeStaleTemps(dir, abs.getFileName().toString());
  }

  /** How many links in a chain are followed before giving up (as the kernel's ELOOP limit). */
  private static final int MAX_LINKS = 40;

  /**
   * Follows symbolic links, each relative to its own folder, to the path that is finally written;
   * the links themselves stay. A dangling link resolves to the missing file it names, which is then
   * created.
   *
   * @return the final path, or {@code null} when the chain passes through {@code /proc} (the
   *     per-process descriptor links behind {@code /dev/stdout} and {@code /dev/fd/N}, whose text
   *     is no path to rename onto)
   */
  private static Path resolveLinks(Path abs) throws IOException {
    Path p = abs;
    for (int i = 0; Files.isSymbolicLink(p); i++) {
      if (i >= MAX_LINKS) {
        throw new IOException("cannot write " + abs + ": too many levels of symbolic links");
      }
      Path parent = p.getParent();
      if (parent != null) {
        try {
          parent = parent.toRealPath();
        } catch (IOException e) {
          // Keep the folder as written; opening the final path reports the problem.
        }
        if (parent.startsWith("/proc")) {
          return null;
        }
      }
      Path link = Files.readSymbolicLink(p);
      p = (parent == null ? link : parent.resolve(link)).toAbsolutePath();
    }
    return p;
  }

  /**
   * Writes to an existing non-regular file (character device, FIFO, socket, or a {@code /proc}
   * descriptor link such as {@code /dev/stdout}) in place: no temp, no rename, and appending, never
   * truncating, so that {@code --json /dev/stdout >> log} keeps the log and output already printed
   * to a redirected stdout stays (this process's own stdout and stderr are flushed first). A block
   * device (a disk) is refused.
   */
  private static void writeThrough(Path target, Path node, IoWriter writer) throws IOException {
    if (isBlockDevice(node)) {
      throw new IOException(
          "cannot write " + target + ": it is a block device (a disk); give a file path");
    }
    System.out.flush();
    System.err.flush();
    try (OutputStream raw =
        Files.newOutputStream(node, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      OutputStream out = new KeepOpen(raw);
      writer.write(out);
      out.flush();
    } catch (IOException e) {
      throw new IOException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  private static boolean isBlockDevice(Path p) {
    try {
      Object mode = Files.getAttribute(p, "unix:mode");
      return mode instanceof Integer m && (m & 0170000) == 0060000;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return false; // no unix attributes here: nothing tells, and nothing to protect
    }
  }

  /** A temporary file older than this belongs to a writer that died (a write takes seconds). */
  static final java.time.Duration STALE = java.time.Duration.ofHours(1);

  /**
   * Deletes temporary files of {@code name} left by writers killed mid-write ({@code kill -9}),
   * once they are older than {@link #STALE}; a live writer's file is younger and stays.
   */
  private static void removeStaleTemps(Path dir, String name) {
    String stem = tempStem(name);
    String prefix = "." + stem + ".";
    long cutoff = System.currentTimeMillis() - STALE.toMillis();
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      for (Path p : files.toList()) {
        String n = p.getFileName().toString();
        if (n.startsWith(prefix)
            && n.endsWith(".tmp")
            && Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)
            && n.substring(prefix.length(), n.length() - 4).matches("[0-9a-f]{1,16}")
            && Files.getLastModifiedTime(p).toMillis() < cutoff) {
          Files.deleteIfExists(p);
        }
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      // Tidying only: the write itself succeeded.
    }
  }

  /**
   * Replaces {@code target} with {@code content} in UTF-8, atomically and durably.
   *
   * @param target the file to create or replace; its folder must exist
   * @param content the new content
   * @throws IOException naming {@code target}, as {@link #write(Path, IoWriter)}
   */
  public static void writeString(Path target, String content) throws IOException {
    Objects.requireNonNull(content, "content");
    write(target, out -> out.write(content.getBytes(StandardCharsets.UTF_8)));
  }

  /** A new empty file in {@code dir} whose name no other writer uses. */
  private static Path createTemp(Path dir, String name) throws IOException {
    // A name of the file's own, so a stray one says whose it was; cut so that it stays within
    // the 255-byte name limit of common file systems.
    String stem = tempStem(name);
    for (int attempt = 0; ; attempt++) {
      // The name only has to be unique, not reproducible: no seed involved in any result.
      String unique = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
      Path tmp = dir.resolve("." + stem + "." + unique + ".tmp");
      try {
        // CREATE_NEW: never reuse another writer's file; default permissions (unlike
        // Files.createTempFile, whose 0600 would hide results from the group).
        Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
        return tmp;
      } catch (FileAlreadyExistsException e) {
        if (attempt >= 10) {
          throw e;
        }
      }
    }
  }

  private static void move(Path tmp, Path target) throws IOException {
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      // Only where the file system refuses an atomic rename: the best it offers.
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Forces the folder's entries (the rename) to the disk. POSIX allows it; Windows cannot open a
   * folder as a channel, and some file systems refuse, so a failure here is ignored: the file's own
   * content is already forced.
   */
  private static void forceDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Not allowed on this platform.
    }
  }

  /** Passes writes through; close() only flushes, so the writer cannot close the channel early. */
  private static final class KeepOpen extends FilterOutputStream {
    KeepOpen(OutputStream out) {
      super(new java.io.BufferedOutputStream(out, 1 << 16));
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }
}
