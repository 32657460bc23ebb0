package org.samplesize.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.UUID;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.samplesize.ProgressListener;
import org.samplesize.SamplesizeException;

/**
 * Extracts a {@code .tar.gz} archive without trusting it. The whole archive is refused when an
 * entry has an absolute path or a {@code ..} component, is a symbolic or hard link, a device or a
 * FIFO, or when the archive holds more than the byte or entry cap. Extraction goes to a temporary
 * folder beside the destination; a completion marker ({@value #MARKER}) is written last and the
 * folder is renamed atomically into place, so a half-extracted tree never looks complete. File
 * modes from the archive are not applied.
 */
public final class SafeExtractor {
  /** Name of the completion marker written at the top of a finished extraction. */
  public static final String MARKER = ".samplesize-complete";

  /** Default cap on the total extracted bytes: 4 GiB. */
  public static final long DEFAULT_MAX_BYTES = 4L << 30;

  /** Cap on the number of entries. */
  public static final int MAX_ENTRIES = 1_000_000;

  private SafeExtractor() {}

  /**
   * @param destination a folder an earlier call extracted into
   * @return whether it holds a complete extraction (its marker is present)
   */
  public static boolean isComplete(Path destination) {
    return Files.isRegularFile(destination.resolve(MARKER));
  }

  /**
   * Extracts {@code archive} into {@code destination} unless a complete extraction is already
   * there. A leftover destination without a marker is deleted first.
   *
   * @param archive the {@code .tar.gz} file
   * @param destination the folder to create; it will hold the archive's entries and the marker
   * @param maxTotalBytes cap on the sum of extracted file sizes
   * @param progress told the extracted byte count
   * @return {@code destination}
   * @throws SamplesizeException if the archive is unsafe, over the cap, truncated or corrupt
   *     (nothing is left behind) or the disk fails
   */
  public static Path extractTarGz(
      Path archive, Path destination, long maxTotalBytes, ProgressListener progress) {
    Objects.requireNonNull(archive, "archive");
    Objects.requireNonNull(destination, "destination");
    if (maxTotalBytes < 1) {
      throw new IllegalArgumentException("maxTotalBytes must be positive, got " + maxTotalBytes);
    }
    ProgressListener pl = progress == null ? ProgressListener.NONE : progress;
    if (isComplete(destination)) {
      return destination;
    }
    Path dest = destination.toAbsolutePath().normalize();
    Path temp = dest.resolveSibling(dest.getFileName() + ".tmp-" + UUID.randomUUID());
    try {
      if (Files.exists(dest)) {
        deleteTree(dest); // half-extracted by something else: never trusted
      }
      Files.createDirectories(temp);
      long total;
      try {
        pl.stage("extract " + archive.getFileName(), Files.size(archive), "B");
        total = extractInto(archive, temp, maxTotalBytes, pl);
      } finally {
        pl.endStage();
      }
      Files.writeString(
          temp.resolve(MARKER),
          "extracted from " + archive.getFileName() + ", " + total + " bytes\n");
      try {
        Files.move(temp, dest, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, dest);
      }
      return destination;
    } catch (IOException e) {
      throw new SamplesizeException(
          "cannot extract " + archive + ": " + e.getMessage() + " (truncated or corrupt archive?)",
          e);
    } finally {
      try {
        if (Files.exists(temp)) {
          deleteTree(temp);
        }
      } catch (IOException e) {
        pl.note("could not remove the temporary folder " + temp + ": " + e.getMessage());
      }
    }
  }

  private static long extractInto(Path archive, Path root, long maxBytes, ProgressListener pl)
      throws IOException {
    long total = 0;
    int entries = 0;
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
        CountingInputStream counted = new CountingInputStream(raw, pl);
        GzipCompressorInputStream gz = new GzipCompressorInputStream(counted, true);
        TarArchiveInputStream tar = new TarArchiveInputStream(gz)) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        if (++entries > MAX_ENTRIES) {
          throw unsafe(archive, "more than " + MAX_ENTRIES + " entries");
        }
        String name = e.getName();
        if (e.isSymbolicLink() || e.isLink()) {
          throw unsafe(archive, "entry " + name + " is a link to " + e.getLinkName());
        }
        if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
          throw unsafe(archive, "entry " + name + " is a device or FIFO");
        }
        Path out = resolveInside(archive, root, name);
        if (e.isDirectory()) {
          Files.createDirectories(out);
          continue;
        }
        if (!e.isFile()) {
          throw unsafe(archive, "entry " + name + " has an unsupported type");
        }
        if (e.getSize() > maxBytes - total) {
          throw unsafe(archive, "the content exceeds the cap of " + maxBytes + " bytes");
        }
        Files.createDirectories(out.getParent());
        try (OutputStream os = Files.newOutputStream(out)) {
          byte[] buf = new byte[1 << 16];
          int n;
          while ((n = tar.read(buf)) >= 0) {
            total += n;
            if (total > maxBytes) {
              throw unsafe(archive, "the content exceeds the cap of " + maxBytes + " bytes");
            }
            os.write(buf, 0, n);
          }
        }
      }
    }
    if (entries == 0) {
      throw new IOException("the archive holds no entry");
    }
    return total;
  }

  private static Path resolveInside(Path archive, Path root, String name) {
    String n = name.replace('\\', '/');
    if (n.startsWith("/") || n.matches("^[A-Za-z]:.*")) {
      throw unsafe(archive, "entry " + name + " has an absolute path");
    }
    for (String part : n.split("/")) {
      if (part.equals("..")) {
        throw unsafe(archive, "entry " + name + " climbs out with '..'");
      }
    }
    Path out = root.resolve(n).normalize();
    if (!out.startsWith(root)) {
      throw unsafe(archive, "entry " + name + " leaves the destination");
    }
    if (!out.equals(root) && out.getFileName().toString().equals(MARKER)) {
      throw unsafe(archive, "entry " + name + " would forge the completion marker");
    }
    return out;
  }

  private static SamplesizeException unsafe(Path archive, String what) {
    return new SamplesizeException(
        "refusing to extract " + archive + ": " + what + "; nothing was extracted");
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
            if (exc != null) {
              throw exc;
            }
            Files.delete(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  /** Reports compressed bytes read, so progress matches the archive's size. */
  private static final class CountingInputStream extends java.io.FilterInputStream {
    private final ProgressListener pl;

    CountingInputStream(InputStream in, ProgressListener pl) {
      super(in);
      this.pl = pl;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        pl.advance(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        pl.advance(n);
      }
      return n;
    }
  }
}
