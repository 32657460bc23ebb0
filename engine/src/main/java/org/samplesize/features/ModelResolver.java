package org.samplesize.features;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.samplesize.InvalidInputException;
import org.samplesize.ProgressListener;
import org.samplesize.SamplesizeException;
import org.samplesize.UnavailableException;
import org.samplesize.data.Downloader;
import org.samplesize.data.Mirror;
import org.samplesize.io.CacheLock;
import org.samplesize.io.SealedFiles;
import org.samplesize.io.Sha256;

/**
 * Finds a card's ONNX file: the card's local file, then the cache ({@code cacheDir/models/}), then
 * a mirror folder ({@code mirror/models/<file>}, default {@link Mirror#find(Path)}), then the
 * card's download address. The SHA-256 is checked every time a file is used; a file that does not
 * match is never used. A download for a card without a SHA-256 is sealed ({@link SealedFiles}) when
 * it is stored and checked against that seal on every use; a damaged copy is fetched again.
 */
public final class ModelResolver {
  private ModelResolver() {}

  /** Environment variable naming an offline mirror folder (with a {@code models/} sub-folder). */
  public static final String MIRROR_ENV = Mirror.ENV;

  /**
   * @param card the model card
   * @param cacheDir cache folder; downloads go to {@code cacheDir/models/}
   * @param mirror mirror folder, or {@code null} for the default one ({@link Mirror#find(Path)}:
   *     {@code $SAMPLESIZE_MIRROR}, else {@code shared/data} beside the checkout), if any
   * @param progress download progress and notes
   * @return a verified local copy of the model
   * @throws InvalidInputException when no verified copy can be found and there is no address to
   *     fetch one from, or a local or mirror copy fails its checksum
   * @throws UnavailableException when the download fails (offline, server error, checksum mismatch,
   *     full disk)
   */
  @SuppressWarnings("try") // the CacheLock is held for the block, not used in it
  public static Path resolve(
      ModelCard card, Path cacheDir, Path mirror, ProgressListener progress) {
    if (card.localFile() != null) {
      verify(card, card.localFile(), true);
      return card.localFile();
    }
    Path cached = cacheDir.resolve("models").resolve(card.file());
    // Commands sharing a cache fetch the same model at once. Unordered, one would find the file
    // another has downloaded but not sealed yet, take it for a damaged one and delete it while the
    // other seals or opens it. So the check, the download and the seal hold the file's CacheLock.
    try (CacheLock lock =
        CacheLock.hold(
            cached, () -> progress.note("waiting for another command that fetches " + cached))) {
      return resolveCached(card, cached, mirror, progress);
    }
  }

  private static Path resolveCached(
      ModelCard card, Path cached, Path mirror, ProgressListener progress) {
    if (Files.isRegularFile(cached)) {
      if (card.sha256() == null) {
        // No published checksum: the download's own, sealed when it was stored, is checked.
        SealedFiles.Check c = SealedFiles.check(cached);
        if (c.intact()) {
          return cached;
        }
        progress.note("model " + cached + " " + c.problem() + "; fetching it again");
        deleteSealed(cached);
      } else {
        if (verify(card, cached, false)) {
          return cached;
        }
        progress.note("model " + cached + " fails its SHA-256 check; fetching it again");
        delete(cached);
      }
    }
    Mirror.Choice chosen = Mirror.find(mirror);
    Path m = chosen == null ? null : chosen.dir();
    if (m != null) {
      Path p = m.resolve("models").resolve(card.file());
      if (Files.isRegularFile(p)) {
        verify(card, p, true);
        return p;
      }
    }
    if (card.url() == null) {
      throw new InvalidInputException(
          "model "
              + card.name()
              + " has no public download address; give --model /path/to/"
              + card.file()
              + ", or put the file in a mirror folder as models/"
              + card.file()
              + " (--mirror DIR or $"
              + MIRROR_ENV
              + ")");
    }
    download(card, cached, progress, chosen);
    if (card.sha256() == null) {
      try {
        SealedFiles.seal(cached);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot record the SHA-256 of " + cached, e);
      }
    }
    return cached;
  }

  private static void deleteSealed(Path p) {
    try {
      SealedFiles.delete(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + p, e);
    }
  }

  /** Checks the SHA-256; throws (strict) or returns false on mismatch. */
  private static boolean verify(ModelCard card, Path file, boolean strict) {
    if (card.sha256() == null) {
      return true;
    }
    String got = Sha256.fileUnchecked(file);
    if (got.equals(card.sha256())) {
      return true;
    }
    if (strict) {
      throw new InvalidInputException(
          "model file "
              + file
              + " has SHA-256 "
              + got
              + " but card "
              + card.name()
              + " expects "
              + card.sha256()
              + "; it is a different or damaged file. Use the right file, or pass it as a bare"
              + " .onnx with flags instead of a card name");
    }
    return false;
  }

  private static void download(
      ModelCard card, Path target, ProgressListener progress, Mirror.Choice mirror) {
    // With a mirror in use, the advice names it: telling the user to use a mirror they gave would
    // hide that it lacks the file.
    String offline =
        mirror == null
            ? "download it by hand and pass --model FILE, or use --mirror DIR (or $"
                + MIRROR_ENV
                + ") with models/"
                + card.file()
                + " in it"
            : "the mirror "
                + mirror.dir()
                + " has no models/"
                + card.file()
                + ": put the file there, or download it by hand and pass --model FILE";
    try {
      // Resumable, and the SHA-256 is checked before the file is used (a bad file is deleted).
      Downloader.download(
          URI.create(card.url()),
          target,
          card.sha256(),
          progress,
          Downloader.DEFAULT_STALL_TIMEOUT,
          "model " + card.name(),
          "work offline: " + offline);
    } catch (UnavailableException e) {
      throw e; // the network, the server or the disk: exit 3, the message says what to do
    } catch (SamplesizeException e) {
      throw new InvalidInputException(
          "cannot download model "
              + card.name()
              + " from "
              + card.url()
              + " ("
              + e.getMessage()
              + "); "
              + offline,
          e);
    }
  }

  private static void delete(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + p, e);
    }
  }
}
