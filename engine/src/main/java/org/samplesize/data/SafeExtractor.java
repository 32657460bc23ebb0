package org.samplesize.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.samplesize.ProgressListener;
import org.samplesize.SamplesizeException;
import org.samplesize.io.Folders;
import org.samplesize.io.SealedFiles;
import org.samplesize.io.Sha256;

/**
 * Extracts a {@code .tar.gz} archive without trusting it. The whole archive is refused when an
 * entry has an absolute path or a {@code ..} component, is a symbolic or hard link, a device or a
 * FIFO, or when the archive holds more than the byte or entry cap. Extraction goes to a temporary
 * folder beside the destination; the SHA-256 of every extracted file, computed from the bytes as
 * they are written (no second read), goes to a manifest ({@value #MANIFEST}, sealed by {@link
 * SealedFiles}), then a completion marker ({@value #MARKER}) is written last and the folder is
 * renamed atomically into place, so a half-extracted tree never looks complete and a complete one
 * always carries the checksums of what the archive held ({@link ExtractionManifest} checks a tree
 * against them). File modes from the archive are not applied.
 */
public final class SafeExtractor {
  /** Name of the completion marker written at the top of a finished extraction. */
  public static final String MARKER = ".samplesize-complete";

  /**
   * Name of the manifest at the top of a finished extraction: one line {@code SHA256 path} per
   * extracted regular file ({@code /}-separated path relative to the destination), sorted by path.
   */
  public static final String MANIFEST = ".samplesize-sha256";

  /** Prefix of the names samplesize keeps at the top of an extraction; archives may not use it. */
  static final String RESERVED_PREFIX = ".samplesize-";

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
        Folders.deleteTree(dest); // half-extracted by something else: never trusted
      }
      Files.createDirectories(temp);
      long total;
      java.util.TreeMap<String, String> sums = new java.util.TreeMap<>();
      try {
        pl.stage("extract " + archive.getFileName(), Files.size(archive), "B");
        total = extractInto(archive, temp, maxTotalBytes, pl, sums);
      } finally {
        pl.endStage();
      }
      StringBuilder manifest = new StringBuilder();
      sums.forEach((name, sha) -> manifest.append(sha).append("  ").append(name).append('\n'));
      Files.writeString(temp.resolve(MANIFEST), manifest, StandardCharsets.UTF_8);
      SealedFiles.seal(temp.resolve(MANIFEST));
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
          Folders.deleteTree(temp);
        }
      } catch (IOException e) {
        pl.note("could not remove the temporary folder " + temp + ": " + e.getMessage());
      }
    }
  }

  /**
   * Extracts into {@code root}, putting each regular file's SHA-256 (of the bytes written) into
   * {@code sums} under its {@code /}-separated path relative to {@code root}.
   */
  private static long extractInto(
      Path archive, Path root, long maxBytes, ProgressListener pl, Map<String, String> sums)
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
        MessageDigest md = Sha256.digest();
        try (OutputStream os = Files.newOutputStream(out)) {
          byte[] buf = new byte[1 << 16];
          int n;
          while ((n = tar.read(buf)) >= 0) {
            total += n;
            if (total > maxBytes) {
              throw unsafe(archive, "the content exceeds the cap of " + maxBytes + " bytes");
            }
            os.write(buf, 0, n);
            md.update(buf, 0, n);
          }
        }
        // A name given twice is overwritten on disk; its last content is what the tree holds.
        sums.put(relative(root, out), Sha256.hex(md));
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
    if (root.equals(out.getParent()) && out.getFileName().toString().startsWith(RESERVED_PREFIX)) {
      throw unsafe(archive, "entry " + name + " uses a name reserved for samplesize's own files");
    }
    return out;
  }

  /**
   * @return {@code file}'s path relative to {@code root}, {@code /}-separated
   */
  static String relative(Path root, Path file) {
    return root.relativize(file).toString().replace(java.io.File.separatorChar, '/');
  }

  private static SamplesizeException unsafe(Path archive, String what) {
    return new SamplesizeException(
        "refusing to extract " + archive + ": " + what + "; nothing was extracted");
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
