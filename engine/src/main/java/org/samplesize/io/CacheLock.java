package org.samplesize.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Makes the commands that share a cache folder make one cache file at a time. Unordered, one would
 * find the file another is still writing, take it for a crashed write and delete it, or write into
 * the same temporary file. The holder of a {@code CacheLock} on a file is the only one, in this
 * process and in any other, that checks, makes or replaces it: threads of this process wait on a
 * lock kept per file, processes on {@code FILE.lock} beside it, locked with {@link
 * FileChannel#lock()}, which the system releases however its holder ends, so a killed command never
 * blocks the cache. The lock file stays behind, empty.
 *
 * <p>A thread that already holds the lock on a file may take it again (a download inside the making
 * of a model); only the outermost hold locks the file. Locks on different files must always be
 * taken in the same order.
 */
public final class CacheLock implements AutoCloseable {
  /** Suffix of the lock file beside the file it guards. */
  public static final String SUFFIX = ".lock";

  private static final Map<Path, ReentrantLock> LOCAL = new ConcurrentHashMap<>();

  private final ReentrantLock local;
  private final FileChannel channel;
  private boolean closed;

  private CacheLock(ReentrantLock local, FileChannel channel) {
    this.local = local;
    this.channel = channel;
  }

  /**
   * Locks {@code file}, waiting while another thread or process holds it. Where the lock file
   * cannot be made (a cache that cannot be written, where no other command can make the file
   * either), only the threads of this process are ordered.
   *
   * @param file the cache file to check, make or replace
   * @return the lock, released by {@link #close()} in the thread that took it
   */
  public static CacheLock hold(Path file) {
    return hold(file, () -> {});
  }

  /**
   * As {@link #hold(Path)}, saying so before it waits for another process: making some files takes
   * minutes (a download, a TensorRT engine), and a command that waits without a word looks hung.
   * Threads of this process wait for each other without a word: they are one command.
   *
   * @param file the cache file to check, make or replace
   * @param onWait run once, before waiting, when another process holds the lock
   * @return the lock, released by {@link #close()} in the thread that took it
   */
  public static CacheLock hold(Path file, Runnable onWait) {
    Path key = Objects.requireNonNull(file, "file").toAbsolutePath().normalize();
    ReentrantLock local = LOCAL.computeIfAbsent(key, k -> new ReentrantLock());
    local.lock();
    try {
      return new CacheLock(local, local.getHoldCount() == 1 ? lockFile(key, onWait) : null);
    } catch (RuntimeException | Error e) {
      local.unlock();
      throw e;
    }
  }

  /**
   * @param file a cache file
   * @return the lock file beside it
   */
  public static Path lockFileOf(Path file) {
    return file.resolveSibling(file.getFileName() + SUFFIX);
  }

  /** The locked channel of {@code file}'s lock file, or {@code null} when it cannot be had. */
  private static FileChannel lockFile(Path file, Runnable onWait) {
    FileChannel ch = null;
    try {
      Files.createDirectories(file.getParent());
      ch = FileChannel.open(lockFileOf(file), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      if (ch.tryLock() == null) {
        onWait.run();
        ch.lock();
      }
      return ch;
    } catch (IOException e) {
      try {
        if (ch != null) {
          ch.close();
        }
      } catch (IOException ignored) {
        // Going on without the lock file is what follows either way.
      }
      return null;
    }
  }

  /** Releases the lock; a second call does nothing. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (channel != null) {
        channel.close(); // releases the file lock
      }
    } catch (IOException ignored) {
      // The system releases the lock when the channel or the process goes.
    } finally {
      local.unlock();
    }
  }
}
