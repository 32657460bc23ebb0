package org.samplesize.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.samplesize.InvalidInputException;
import org.samplesize.ProgressListener;
import org.samplesize.SamplesizeException;
import org.samplesize.UnavailableException;
import org.samplesize.data.DatasetResolver.Options;
import org.samplesize.data.DatasetResolver.Resolved;
import org.samplesize.io.CacheLock;
import org.samplesize.io.Sha256;

/**
 * Where the photos of {@code tf_flowers} come from, as {@link FashionMnist#locate} is for
 * Fashion-MNIST: a mirror's photo folder, or TensorFlow's archive (from a mirror or downloaded
 * once) extracted into the cache under a lock and checked file by file on every later use. Apart
 * from {@link DatasetResolver}, which only decides which data set a {@code --data} value names.
 */
final class TfFlowers {
  private TfFlowers() {}

  /**
   * The photos of {@code tf_flowers}: the mirror's {@code flowers/flower_photos/} folder as it is
   * (checked against its {@code SHA256SUMS} when it has one), else the archive extracted into the
   * cache, the archive taken from the mirror's {@code flowers/flower_photos.tgz} or downloaded from
   * {@link Options#flowersUri()}, checked against its SHA-256 either way.
   *
   * @param o where data sets come from
   * @param pl told about downloads, extraction and verification
   * @return the photo folder and whether it is a checksum-verified set
   * @throws InvalidInputException when a mirror is set but lacks the photos or fails its checksums
   * @throws UnavailableException when the archive must be downloaded and cannot be
   * @throws SamplesizeException when the download cannot be stored or the extraction fails
   */
  static Resolved locate(Options o, ProgressListener pl) {
    Supplier<Path> archive;
    if (o.mirror() != null) {
      Path base = o.mirror().resolve("flowers");
      Path photos = base.resolve("flower_photos");
      if (Files.isDirectory(photos)) {
        Path sums = base.resolve("SHA256SUMS");
        boolean verified = Files.isRegularFile(sums);
        if (verified) {
          MirrorSums.verify(photos, sums, o.cacheDir().resolve("verified"), pl);
        } else {
          pl.note("mirror " + base + " has no SHA256SUMS; its photos are used unverified");
        }
        return new Resolved(photos.toAbsolutePath().normalize(), verified);
      }
      Path tgz = base.resolve("flower_photos.tgz");
      if (!Files.isRegularFile(tgz)) {
        throw new InvalidInputException(
            "mirror "
                + o.mirror()
                + " holds neither flowers/flower_photos/ nor flowers/flower_photos.tgz; fix "
                + DatasetResolver.ENV_MIRROR
                + " / --mirror, or unset it to download");
      }
      archive = () -> verifiedArchive(tgz, o.flowersSha256());
    } else {
      archive =
          () ->
              Downloader.download(
                  o.flowersUri(),
                  o.cacheDir().resolve("downloads").resolve("flower_photos.tgz"),
                  o.flowersSha256(),
                  pl,
                  Downloader.DEFAULT_STALL_TIMEOUT,
                  DatasetResolver.TF_FLOWERS + " (flower_photos.tgz)",
                  "work offline: --mirror DIR (or $"
                      + DatasetResolver.ENV_MIRROR
                      + ") with flowers/flower_photos/ or flowers/flower_photos.tgz in it, or"
                      + " --data DIR with your own images as DIR/<class>/<image>");
    }
    return extracted(archive, o, pl);
  }

  private static Path verifiedArchive(Path tgz, String sha) {
    try {
      String actual = Sha256.file(tgz);
      if (!actual.equals(sha)) {
        throw new InvalidInputException(
            "mirror archive "
                + tgz
                + " has SHA-256 "
                + actual
                + ", expected "
                + sha
                + " (TensorFlow's flower_photos.tgz): a partial or damaged copy? Copy it again, or"
                + " put the extracted flower_photos/ folder beside it, or leave out --mirror and $"
                + DatasetResolver.ENV_MIRROR
                + " to download it");
      }
      return tgz;
    } catch (IOException e) {
      throw new SamplesizeException("cannot read " + tgz + ": " + e.getMessage(), e);
    }
  }

  /**
   * The photos extracted into {@code CACHE/datasets/tf_flowers}, checked against the SHA-256 of
   * every file recorded when they were extracted ({@link ExtractionManifest}: by a stat while
   * nothing changed, by hashing after any change). A damaged copy (a file whose bytes differ, a
   * missing file, an image the archive did not hold, no or a damaged checksum list) is reported in
   * one note naming the files and extracted again from the archive, which is taken only then and
   * checked against its SHA-256 first (a damaged download is fetched again). Only a copy without a
   * checksum list (extracted by an older build) whose archive cannot be had is used as it is, as an
   * unverified set.
   */
  @SuppressWarnings("try") // the CacheLock is held for the block, not used in it
  private static Resolved extracted(Supplier<Path> archive, Options o, ProgressListener pl) {
    Path dest = o.cacheDir().resolve("datasets").resolve(DatasetResolver.TF_FLOWERS);
    // Commands sharing a cache extract the same set at once. Unordered, the later ones fail to
    // move their copy onto the first one's, or one replaces a damaged copy while another reads it.
    // So the check and the extraction hold the set's CacheLock (taken before the archive's).
    try (CacheLock lock =
        CacheLock.hold(
            dest,
            () -> {
              if (pl != null) {
                pl.note("waiting for another command that extracts " + dest);
              }
            })) {
      return extractedLocked(archive, dest, o, pl);
    }
  }

  private static Resolved extractedLocked(
      Supplier<Path> archive, Path dest, Options o, ProgressListener pl) {
    Path photos = dest.resolve("flower_photos");
    if (SafeExtractor.isComplete(dest)) {
      ExtractionManifest.Check c = ExtractionManifest.check(dest, DatasetResolver.TF_FLOWERS, pl);
      if (c.intact() && Files.isDirectory(photos)) {
        return new Resolved(photos, true);
      }
      boolean legacy = c.manifestMissing();
      pl.note(
          DatasetResolver.TF_FLOWERS
              + " in "
              + dest
              + (legacy ? " cannot be checked: " : " is damaged: ")
              + (c.intact() ? "it has no flower_photos/ folder" : c.describe(5))
              + "; extracting it again from flower_photos.tgz");
      Path a;
      try {
        a = archive.get();
      } catch (UnavailableException e) {
        if (legacy && Files.isDirectory(photos)) {
          pl.note(
              "the archive cannot be had ("
                  + e.getMessage()
                  + "); the photos in "
                  + photos
                  + " are used unverified");
          return new Resolved(photos, false);
        }
        throw e;
      }
      try {
        // The marker first: a tree half deleted is then never taken as complete.
        Files.deleteIfExists(dest.resolve(SafeExtractor.MARKER));
      } catch (IOException e) {
        throw new SamplesizeException(
            "cannot replace the damaged " + dest + ": " + e.getMessage() + "; delete it by hand",
            e);
      }
      return extract(a, dest, o, pl);
    }
    return extract(archive.get(), dest, o, pl);
  }

  private static Resolved extract(Path archive, Path dest, Options o, ProgressListener pl) {
    SafeExtractor.extractTarGz(archive, dest, o.maxExtractBytes(), pl);
    Path photos = dest.resolve("flower_photos");
    if (!Files.isDirectory(photos)) {
      throw new SamplesizeException(
          "the archive "
              + archive
              + " has no flower_photos/ folder; delete "
              + dest
              + " and retry");
    }
    // The checksums were taken from the bytes as they were written: no need to hash them again.
    ExtractionManifest.stampFresh(dest);
    return new Resolved(photos, true);
  }
}
