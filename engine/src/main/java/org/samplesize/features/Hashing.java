package org.samplesize.features;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.samplesize.data.Downloader;

/** SHA-256 helpers for model files, cache keys and file lists. */
final class Hashing {
  private Hashing() {}

  static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Lower-case hex SHA-256 of a file's bytes. */
  static String sha256(Path file) {
    try {
      return Downloader.sha256(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Lower-case hex SHA-256 of a string's UTF-8 bytes. */
  static String sha256(String text) {
    return HexFormat.of().formatHex(sha256Digest().digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
