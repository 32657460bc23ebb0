package org.samplesize.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.samplesize.InvalidInputException;

/**
 * An output folder owned by one command while it runs. Claiming it:
 *
 * <ol>
 *   <li>creates it when missing;
 *   <li>takes an operating-system lock on {@value #LOCK_FILE} inside it ({@link
 *       FileChannel#tryLock()}), which the system releases when the process ends however it ends
 *       ({@code kill -9} included), and writes this process's id into it so that a second command
 *       on the same folder is refused at once naming the holder;
 *   <li>refuses a folder holding files samplesize did not write: one that is neither empty (hidden
 *       files aside, as samplesize writes no hidden names but its own), nor marked by {@value
 *       #MARKER_FILE}, nor recognised by the caller (an experiment's journal), so that a user's own
 *       {@code results.csv} or {@code report.html} is never overwritten;
 *   <li>removes the temporary files ({@code .NAME.HEX.tmp}, see {@link AtomicFiles}) that a command
 *       killed while writing its outputs left there;
 *   <li>marks it with {@value #MARKER_FILE}.
 * </ol>
 *
 * <p>{@link #close()} releases the lock. The lock file stays (hidden; removing it would let a
 * process that opened it just before lock a file nobody else sees), except in a folder that this
 * claim created or marked and that holds nothing else: that is removed again, so a command that
 * fails before its first output leaves nothing behind.
 */
public final class OutputFolder implements AutoCloseable {
  /** The lock file: its lock, not its presence, says that a command owns the folder. */
  public static final String LOCK_FILE = ".samplesize.lock";

  /** The mark that samplesize writes here: a folder holding it may be written again. */
  public static final String MARKER_FILE = ".samplesize-output";

  private static final String MARKER_TEXT =
      "This folder holds the output of samplesize; its commands may replace the files in it.\n";

  /** Tries when the lock file is replaced between opening and locking it (see {@link #lock}). */
  private static final int LOCK_TRIES = 20;

  private final Path dir;
  private final List<Path> created;
  private final FileChannel channel;
  private final FileLock lock;
  private final boolean marked;
  private boolean closed;

  private OutputFolder(
      Path dir, List<Path> created, FileChannel channel, FileLock lock, boolean marked) {
    this.dir = dir;
    this.created = created;
    this.channel = channel;
    this.lock = lock;
    this.marked = marked;
  }

  /**
   * Claims {@code dir} for this process until {@link #close()}.
   *
   * @param flag the flag that named the folder, e.g. {@code --out}, for messages
   * @param dir the output folder; created when missing
   * @param recognised whether a folder without the mark still holds samplesize's own output (an
   *     experiment's journal written before the mark existed); called with the folder
   * @return the claim; the caller closes it when the command ends
   * @throws InvalidInputException naming {@code flag} when another process holds the folder (with
   *     its process id), when the folder holds files samplesize did not write, or when it cannot be
   *     created or written
   */
  public static OutputFolder claim(String flag, Path dir, Predicate<Path> recognised) {
    Objects.requireNonNull(flag, "flag");
    Objects.requireNonNull(recognised, "recognised");
    Path abs = dir.toAbsolutePath().normalize();
    List<Path> created = new ArrayList<>();
    FileChannel ch = null;
    FileLock lock = null;
    boolean lockExisted = true;
    boolean done = false;
    try {
      createLevels(abs, created);
      Path lockFile = abs.resolve(LOCK_FILE);
      lockExisted = Files.exists(lockFile, LinkOption.NOFOLLOW_LINKS);
      for (int attempt = 0; lock == null; attempt++) {
        ch =
            FileChannel.open(
                lockFile,
                StandardOpenOption.CREATE,
                StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        lock = lock(flag, dir, ch, lockFile);
        if (lock == null) {
          // The holder removed the lock file after this process opened it: the lock taken is on
          // a file nobody else will see. Start again on the path's current file.
          ch.close();
          ch = null;
          if (attempt >= LOCK_TRIES) {
            throw new IOException("the lock file " + lockFile + " keeps being replaced");
          }
        }
      }
      checkOwnership(flag, dir, abs, recognised);
      // Locked and ours: no other writer can be in the middle of a write here, so the temporary
      // files of one killed mid-write (kill -9 while the outputs were written) go now.
      AtomicFiles.removeLeftoverTemps(abs);
      Path marker = abs.resolve(MARKER_FILE);
      boolean marked = false;
      if (!Files.exists(marker, LinkOption.NOFOLLOW_LINKS)) {
        AtomicFiles.writeString(marker, MARKER_TEXT);
        marked = true;
      }
      OutputFolder f = new OutputFolder(abs, created, ch, lock, marked);
      done = true;
      return f;
    } catch (IOException e) {
      throw new InvalidInputException(
          flag
              + " "
              + dir
              + ": cannot create or lock this folder ("
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage())
              + "): give a folder you can write to",
          e);
    } finally {
      if (!done) {
        try {
          if (lock != null && !lockExisted) {
            // Refused (a folder of the user's own files) or failed: leave it as it was found.
            Files.deleteIfExists(abs.resolve(LOCK_FILE));
          }
          if (ch != null) {
            ch.close(); // releases the lock
          }
        } catch (IOException ignored) {
          // The failure being reported matters more.
        }
        removeCreated(created);
      }
    }
  }

  /**
   * Locks {@code ch} and records this process in it.
   *
   * <p>The lock file is never opened a second time while locked: POSIX releases a process's lock on
   * a file when any descriptor of that file is closed. Whether the path still names the file locked
   * is told by its identity ({@code stat}, which opens nothing) before and after locking.
   *
   * @return the lock, or {@code null} when the file at {@code lockFile} was replaced meanwhile
   * @throws InvalidInputException when another process (or another claim in this one) holds it
   */
  private static FileLock lock(String flag, Path dir, FileChannel ch, Path lockFile)
      throws IOException {
    Object before = fileKey(lockFile);
    FileLock lock;
    try {
      lock = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      throw inUse(flag, dir, ProcessHandle.current().pid() + ", this process");
    }
    if (lock == null) {
      ch.close();
      throw inUse(flag, dir, holder(lockFile));
    }
    if (before == null || !before.equals(fileKey(lockFile))) {
      lock.release();
      return null;
    }
    ch.truncate(0);
    ByteBuffer b =
        ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII));
    while (b.hasRemaining()) {
      ch.write(b, b.position());
    }
    ch.force(false);
    return lock;
  }

  /** The file's identity (device and inode on Unix), or null when it is gone or unknown. */
  private static Object fileKey(Path p) {
    try {
      return Files.readAttributes(
              p, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
          .fileKey();
    } catch (IOException e) {
      return null;
    }
  }

  private static InvalidInputException inUse(String flag, Path dir, String pid) {
    return new InvalidInputException(
        flag
            + " "
            + dir
            + " is in use by another samplesize command (process "
            + pid
            + "): wait for it to finish, or give another "
            + flag);
  }

  /** The holder's process id as its lock file says, or "unknown" while it is being written. */
  private static String holder(Path lockFile) {
    try {
      String s = Files.readString(lockFile, StandardCharsets.US_ASCII).trim();
      String pid = s.isEmpty() ? "" : s.split("\\s+")[0];
      return pid.matches("[0-9]{1,19}") ? pid : "id unknown";
    } catch (IOException | RuntimeException e) {
      return "id unknown";
    }
  }

  private static void checkOwnership(String flag, Path dir, Path abs, Predicate<Path> recognised)
      throws IOException {
    if (Files.exists(abs.resolve(MARKER_FILE), LinkOption.NOFOLLOW_LINKS) || recognised.test(abs)) {
      return;
    }
    List<String> foreign = new ArrayList<>();
    try (Stream<Path> entries = Files.list(abs)) {
      for (Path p : (Iterable<Path>) entries::iterator) {
        String name = p.getFileName().toString();
        if (!name.startsWith(".")) {
          foreign.add(name);
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    if (foreign.isEmpty()) {
      return;
    }
    foreign.sort(null);
    String shown =
        foreign.size() <= 3
            ? String.join(", ", foreign)
            : String.join(", ", foreign.subList(0, 3)) + " and " + (foreign.size() - 3) + " more";
    throw new InvalidInputException(
        flag
            + " "
            + dir
            + " holds files samplesize did not write ("
            + shown
            + "), which its outputs could replace: give a new or empty folder, or one a samplesize"
            + " command wrote");
  }

  /**
   * Refuses an output folder inside the image folder (or the image folder itself): what is written
   * there would join the data set (the plot is an image), and the next scan would see other data.
   * Links are resolved, so a link to a folder inside the images is refused too.
   *
   * @param flag the flag that named the output folder, e.g. {@code --out}
   * @param dir the output folder; need not exist
   * @param dataFlag the flag that named the images, e.g. {@code --data}
   * @param data the image folder
   * @throws InvalidInputException naming both flags when {@code dir} is inside {@code data}
   */
  public static void checkOutside(String flag, Path dir, String dataFlag, Path data) {
    Path out = real(dir);
    Path images = real(data);
    if (out.startsWith(images)) {
      throw new InvalidInputException(
          flag
              + " "
              + dir
              + " is inside the image folder "
              + dataFlag
              + " "
              + data
              + ": what is written there would become part of the data set; give "
              + flag
              + " a folder outside it");
    }
  }

  /** The path with every link in its existing part resolved (the rest as written). */
  private static Path real(Path p) {
    Path abs = p.toAbsolutePath().normalize();
    Path existing = abs;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return abs;
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(abs)).normalize();
    } catch (IOException e) {
      return abs;
    }
  }

  /** Creates {@code dir} and any missing folder above it, recording each level created. */
  private static void createLevels(Path dir, List<Path> created) throws IOException {
    List<Path> missing = new ArrayList<>();
    for (Path p = dir; p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS); ) {
      missing.add(p);
      p = p.getParent();
    }
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
  }

  /** Removes the levels a claim created, innermost first, as long as they are empty. */
  private static void removeCreated(List<Path> created) {
    for (Path p : created) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        return; // something is inside: keep it and everything above
      }
    }
  }

  /**
   * @return the folder, absolute
   */
  public Path dir() {
    return dir;
  }

  /**
   * Releases the lock; removes the mark, the lock file and the folder again when this claim made
   * them and nothing else was written. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    // The lock file stays: removing it would let a process that opened it before the removal
    // lock a file nobody else sees. Only a folder this claim made, or marked, and that holds
    // nothing else is tidied away.
    boolean tidy = marked && onlyOurs();
    try {
      if (tidy) {
        Files.deleteIfExists(dir.resolve(MARKER_FILE));
        Files.deleteIfExists(dir.resolve(LOCK_FILE));
      }
    } catch (IOException e) {
      tidy = false;
    }
    try {
      channel.close(); // releases the lock
    } catch (IOException e) {
      // The process's end releases it at the latest.
    }
    if (tidy) {
      removeCreated(created);
    }
  }

  private boolean onlyOurs() {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.allMatch(
          p ->
              p.getFileName().toString().equals(MARKER_FILE)
                  || p.getFileName().toString().equals(LOCK_FILE));
    } catch (IOException | UncheckedIOException e) {
      return false;
    }
  }
}
