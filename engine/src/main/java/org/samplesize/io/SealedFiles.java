package org.samplesize.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Files that samplesize derives once and keeps in its cache folder for later runs (cut models,
 * provider engines), each with a seal beside it: {@code NAME.sha256}, one line {@code SHA256 SIZE
 * NAME}, written atomically <em>after</em> the file itself. A file is used again only while it
 * matches its seal; a missing or unreadable seal, a different size or a different SHA-256 means the
 * file is damaged or was never finished, and the caller makes it again. The seal is checked on
 * every use, not trusted from a time stamp: these files are a few megabytes and a flipped bit in
 * one changes every number computed from it.
 */
public final class SealedFiles {
  private SealedFiles() {}

  /** Suffix of the seal file. */
  public static final String SUFFIX = ".sha256";

  /**
   * The outcome of {@link #check}.
   *
   * @param sha256 the file's SHA-256 when it matches its seal, else {@code null}
   * @param problem why it cannot be used (e.g. {@code "has no seal"}, {@code "does not match its
   *     SHA-256"}), or {@code null} when it is intact
   */
  public record Check(String sha256, String problem) {
    /**
     * @return whether the file matches its seal
     */
    public boolean intact() {
      return problem == null;
    }
  }

  /**
   * @param file a sealed file
   * @return its seal file, {@code NAME.sha256} beside it
   */
  public static Path sealOf(Path file) {
    return file.resolveSibling(file.getFileName() + SUFFIX);
  }

  /**
   * Writes {@code file} atomically, then its seal.
   *
   * @param file the target
   * @param writer writes the content
   * @return the file's SHA-256
   * @throws IOException when either cannot be written (the file may then be there without a seal,
   *     which the next {@link #check} reports as unsealed)
   */
  public static String write(Path file, AtomicFiles.IoWriter writer) throws IOException {
    Files.deleteIfExists(sealOf(file)); // an old seal never vouches for new bytes
    AtomicFiles.write(file, writer);
    return seal(file);
  }

  /**
   * Records a file's SHA-256 and size in its seal (atomically).
   *
   * @param file a finished regular file
   * @return its SHA-256
   * @throws IOException when it cannot be read or the seal cannot be written
   */
  public static String seal(Path file) throws IOException {
    long size = Files.size(file);
    String sha = Sha256.file(file);
    AtomicFiles.writeString(sealOf(file), sha + " " + size + " " + file.getFileName() + "\n");
    return sha;
  }

  /**
   * Checks a file against its seal, hashing it.
   *
   * @param file the file
   * @return its SHA-256, or the problem: missing, not a regular file, no seal, unreadable seal,
   *     different size, different SHA-256
   */
  public static Check check(Path file) {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return new Check(null, Files.exists(file) ? "is not a regular file" : "is missing");
    }
    Path seal = sealOf(file);
    String line;
    try {
      line = Files.readString(seal, StandardCharsets.UTF_8).strip();
    } catch (java.nio.file.NoSuchFileException e) {
      return new Check(null, "has no seal " + seal.getFileName() + " (it was never finished)");
    } catch (IOException e) {
      return new Check(null, "has an unreadable seal (" + e.getMessage() + ")");
    }
    String[] parts = line.split(" ", 3);
    if (parts.length < 2 || !parts[0].matches("[0-9a-f]{64}") || !parts[1].matches("[0-9]{1,18}")) {
      return new Check(null, "has a damaged seal " + seal.getFileName());
    }
    try {
      long size = Files.size(file);
      long expected = Long.parseLong(parts[1]);
      if (size != expected) {
        return new Check(null, "has " + size + " bytes, its seal says " + expected);
      }
      String sha = Sha256.file(file);
      if (!sha.equals(parts[0])) {
        return new Check(null, "does not match the SHA-256 in its seal");
      }
      return new Check(sha, null);
    } catch (IOException e) {
      return new Check(null, "is unreadable (" + e.getMessage() + ")");
    }
  }

  /**
   * Deletes a file and its seal (the seal first, so a crash in between leaves an unsealed file,
   * which is never used).
   *
   * @param file the file
   * @throws IOException when either cannot be deleted
   */
  public static void delete(Path file) throws IOException {
    Files.deleteIfExists(sealOf(file));
    Files.deleteIfExists(file);
  }
}
