package org.samplesize.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Builds small .tar.gz archives in memory, including hostile ones. */
final class TestArchives {
  private TestArchives() {}

  /** Entry kinds a test can ask for. */
  enum Kind {
    FILE,
    DIR,
    SYMLINK,
    HARDLINK,
    DEVICE
  }

  record Entry(String name, Kind kind, byte[] content, String link) {
    static Entry file(String name, String content) {
      return new Entry(name, Kind.FILE, content.getBytes(StandardCharsets.UTF_8), null);
    }

    static Entry file(String name, byte[] content) {
      return new Entry(name, Kind.FILE, content, null);
    }
  }

  /**
   * The SHA-256 a test expects, computed with the JDK's digest rather than the code under test.
   *
   * @param b the bytes
   * @return their SHA-256 in lower-case hex
   */
  static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  static byte[] tarGz(Entry... entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GzipCompressorOutputStream gz = new GzipCompressorOutputStream(bytes);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Entry e : entries) {
        TarArchiveEntry te =
            switch (e.kind()) {
              case FILE -> {
                TarArchiveEntry t = new TarArchiveEntry(e.name(), true);
                t.setSize(e.content().length);
                yield t;
              }
              case DIR ->
                  new TarArchiveEntry(e.name().endsWith("/") ? e.name() : e.name() + "/", true);
              case SYMLINK -> {
                TarArchiveEntry t = new TarArchiveEntry(e.name(), TarConstants.LF_SYMLINK, true);
                t.setLinkName(e.link());
                yield t;
              }
              case HARDLINK -> {
                TarArchiveEntry t = new TarArchiveEntry(e.name(), TarConstants.LF_LINK, true);
                t.setLinkName(e.link());
                yield t;
              }
              case DEVICE -> new TarArchiveEntry(e.name(), TarConstants.LF_CHR, true);
            };
        tar.putArchiveEntry(te);
        if (e.kind() == Kind.FILE) {
          tar.write(e.content());
        }
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }
}
