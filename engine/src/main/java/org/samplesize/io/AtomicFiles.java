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
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.samplesize.InvalidInputException;

/**
 * Writes a file all at once or not at all. The content goes to a temporary file beside the target
 * (same folder, so the same file system; a unique hidden name {@code .NAME.RANDOM.tmp}), is forced
 * to the disk, and is then renamed over the target atomically; the folder is forced too where the
 * platform allows it, so the rename itself survives a crash. A reader, or a run resumed after a
 * crash, sees the old file or the new one, never a mix. On any failure the temporary file is
 * deleted and the target is left as it was. A writer killed mid-write leaves its temporary file:
 * the next write into that folder removes such files once they are stale, and claiming an output
 * folder ({@link OutputFolder#claim}) removes them at once.
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
    try (Batch one = new Batch()) {
      one.stage(target, writer);
      one.commit();
    }
  }

  /**
   * Starts a set of files replaced together: each is written to its temporary file and forced when
   * it is {@linkplain Batch#stage staged}, and only {@link Batch#commit()} renames them over their
   * targets, in the order staged. A failure while staging (a full disk, a writer that throws)
   * therefore replaces none of them; put the file that says the set is complete (a report) last.
   *
   * @return an empty batch; close it (try-with-resources) so that temporary files of a batch that
   *     was not committed are removed
   */
  public static Batch batch() {
    return new Batch();
  }

  /**
   * Files replaced together, see {@link AtomicFiles#batch()}. Not thread-safe. A crash between two
   * renames of {@link #commit()} can leave some targets new and some old (renames are quick and
   * need no disk space, so this is the narrowest window the file system allows).
   */
  public static final class Batch implements AutoCloseable {
    /** One staged change: a temporary file to move over {@code target}, or a deletion. */
    private record Change(Path target, Path abs, Path tmp, IoWriter through, boolean delete) {}

    private final List<Change> changes = new ArrayList<>();
    private final java.util.Set<Path> tidied = new java.util.HashSet<>();
    private boolean committed;

    private Batch() {}

    /**
     * Writes {@code writer}'s content to a temporary file beside {@code target} and forces it; the
     * target itself is replaced only by {@link #commit()}. A device, FIFO or descriptor link (see
     * {@link AtomicFiles}) is written through at commit instead.
     *
     * @param target the file to create or replace; its folder must exist
     * @param writer writes the whole content
     * @return the file holding the staged content, readable until the batch is committed or closed
     *     ({@code target} itself for a file written through)
     * @throws IOException naming {@code target} when the temporary file cannot be created, written
     *     or forced (nothing of this batch is then replaced; the temporary file is gone)
     * @throws RuntimeException whatever {@code writer} throws unchecked, unchanged
     */
    public Path stage(Path target, IoWriter writer) throws IOException {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(writer, "writer");
      if (committed) {
        throw new IllegalStateException("AtomicFiles.Batch already committed");
      }
      if (Files.exists(target) && !Files.isRegularFile(target) && !Files.isDirectory(target)) {
        // A device, FIFO or socket (/dev/null, /dev/stdout on a pipe): write through it at
        // commit; renaming a file over it would replace the node itself.
        changes.add(new Change(target, null, null, writer, false));
        return target;
      }
      Path abs = resolveLinks(target.toAbsolutePath());
      if (abs == null) {
        // A /proc "magic" link (/dev/stdout redirected to a file): the open descriptor is the file.
        changes.add(new Change(target, null, null, writer, false));
        return target;
      }
      Path dir = abs.getParent();
      if (dir == null || abs.getFileName() == null) {
        throw new IOException("cannot write " + target + ": not a file path");
      }
      if (tidied.add(dir)) {
        // Before this batch adds its own: what writers killed earlier left in this folder.
        removeStaleTemps(dir);
      }
      Path tmp = null;
      boolean staged = false;
      try {
        tmp = createTemp(dir, abs.getFileName().toString());
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
          OutputStream out = new KeepOpen(Channels.newOutputStream(ch));
          writer.write(out);
          out.flush();
          ch.force(true);
        }
        changes.add(new Change(target, abs, tmp, null, false));
        staged = true;
        return tmp;
      } catch (IOException e) {
        throw new IOException("cannot write " + target + ": " + e.getMessage(), e);
      } finally {
        if (!staged && tmp != null) {
          try {
            Files.deleteIfExists(tmp);
          } catch (IOException ignored) {
            // The original failure is the one to report; a stray .tmp is harmless.
          }
        }
      }
    }

    /**
     * Stages {@code content} in UTF-8, as {@link #stage(Path, IoWriter)}.
     *
     * @param target the file to create or replace; its folder must exist
     * @param content the new content
     * @return the file holding the staged content
     * @throws IOException naming {@code target}
     */
    public Path stageString(Path target, String content) throws IOException {
      Objects.requireNonNull(content, "content");
      return stage(target, out -> out.write(content.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The file holding what was last staged for {@code target}, so that a later stage can read and
     * extend it before the batch is committed.
     *
     * @param target a file staged in this batch
     * @return the staged content's file, or {@code null} when nothing was staged for it (or it is
     *     written through at commit)
     */
    public Path staged(Path target) {
      Objects.requireNonNull(target, "target");
      for (int i = changes.size() - 1; i >= 0; i--) {
        Change c = changes.get(i);
        if (c.target().equals(target)) {
          return c.delete() ? null : c.tmp();
        }
      }
      return null;
    }

    /**
     * Removes {@code target} at commit, in its place among the staged files (an output of an
     * earlier run that this one does not make).
     *
     * @param target the file to remove if it exists
     */
    public void delete(Path target) {
      Objects.requireNonNull(target, "target");
      changes.add(new Change(target, target.toAbsolutePath(), null, null, true));
    }

    /**
     * Renames every staged file over its target and applies the deletions, in the order given; then
     * forces the folders. A batch is committed once.
     *
     * @throws IOException naming the target that could not be replaced (those before it are
     *     replaced; the temporary files of those after it are removed by {@link #close()})
     */
    public void commit() throws IOException {
      if (committed) {
        throw new IllegalStateException("AtomicFiles.Batch already committed");
      }
      committed = true;
      // What a rename is sure to fail on is found before the first rename, so that it replaces
      // none of the files rather than some.
      for (Change c : changes) {
        if (c.tmp() != null && Files.isDirectory(c.abs(), LinkOption.NOFOLLOW_LINKS)) {
          // The user's folder in the way of an output: theirs to move, not an internal error.
          throw new InvalidInputException(
              "cannot write "
                  + c.target()
                  + ": it is a folder; move or rename it, then run the same command again");
        }
      }
      java.util.Set<Path> dirs = new java.util.LinkedHashSet<>();
      for (int i = 0; i < changes.size(); i++) {
        Change c = changes.get(i);
        if (c.through() != null) {
          writeThrough(c.target(), c.target(), c.through());
        } else if (c.delete()) {
          try {
            Files.deleteIfExists(c.abs());
          } catch (IOException e) {
            throw new IOException("cannot remove " + c.target() + ": " + e.getMessage(), e);
          }
          dirs.add(c.abs().getParent());
        } else {
          try {
            move(c.tmp(), c.abs());
          } catch (IOException e) {
            throw new IOException("cannot write " + c.target() + ": " + e.getMessage(), e);
          }
          changes.set(i, new Change(c.target(), c.abs(), null, null, false));
          dirs.add(c.abs().getParent());
        }
      }
      for (Path d : dirs) {
        if (d != null) {
          forceDirectory(d);
        }
      }
    }

    /** Removes the temporary files not renamed (all of them when not committed). Idempotent. */
    @Override
    public void close() {
      committed = true;
      for (int i = 0; i < changes.size(); i++) {
        Change c = changes.get(i);
        if (c.tmp() != null) {
          try {
            Files.deleteIfExists(c.tmp());
          } catch (IOException ignored) {
            // A stray .tmp is harmless and removed once stale.
          }
          changes.set(i, new Change(c.target(), c.abs(), null, null, c.delete()));
        }
      }
    }
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

  /** The names {@link #createTemp} gives: {@code .NAME.HEX.tmp}. */
  private static final java.util.regex.Pattern TEMP_NAME =
      java.util.regex.Pattern.compile("\\..+\\.[0-9a-f]{1,16}\\.tmp");

  /**
   * @param fileName a file name
   * @return whether it has the form of this class's temporary files ({@code .NAME.HEX.tmp})
   */
  static boolean isTempName(String fileName) {
    return TEMP_NAME.matcher(fileName).matches();
  }

  /**
   * Deletes the temporary files that writers killed mid-write ({@code kill -9}) left in {@code
   * dir}, whatever file they were for, once they are older than {@link #STALE}: a live writer's
   * file is younger and stays (a cache folder may be written by several runs at once).
   */
  private static void removeStaleTemps(Path dir) {
    removeTemps(dir, System.currentTimeMillis() - STALE.toMillis());
  }

  /**
   * Deletes every temporary file of this class's form ({@code .NAME.HEX.tmp}, regular files only,
   * of any age) in {@code dir}: the leftovers of a writer killed mid-write. Only for a folder that
   * no other writer can be writing into, such as an output folder this process holds the lock of
   * ({@link OutputFolder#claim}); elsewhere the next write removes them once they are stale.
   *
   * @param dir the folder
   * @return how many were deleted (a folder that cannot be listed counts as none)
   */
  public static int removeLeftoverTemps(Path dir) {
    return removeTemps(dir, Long.MAX_VALUE);
  }

  private static int removeTemps(Path dir, long cutoffMillis) {
    int removed = 0;
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      for (Path p : files.toList()) {
        if (isTempName(p.getFileName().toString())
            && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
            && Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis() < cutoffMillis
            && Files.deleteIfExists(p)) {
          removed++;
        }
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      // Tidying only: what could not be removed is tried again by the next write.
    }
    return removed;
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
