package org.samplesize.experiment;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.samplesize.SamplesizeException;
import org.samplesize.data.DatasetResolver;
import org.samplesize.data.ImageDataset;
import org.samplesize.data.ImageEntry;
import org.samplesize.image.BadImageException;
import org.samplesize.image.ImageFiles;
import org.samplesize.io.Sha256;

/**
 * The fingerprints that name a run's data for the resume identity: a data set's content hash,
 * {@code tf_flowers}' listing fingerprint (SHA-256 through {@link Sha256}).
 */
public final class DataFingerprint {
  private DataFingerprint() {}

  /**
   * A data set's name for the identity and how it was verified.
   *
   * @param sha256 the fingerprint
   * @param verified how, for {@code provenance.json}
   * @param perImage each image's own hash (or {@link #UNUSABLE} mark), in data set order, when the
   *     content was hashed; null otherwise
   */
  record Named(String sha256, String verified, List<String> perImage) {
    Named(String sha256, String verified) {
      this(sha256, verified, null);
    }
  }

  /** How an image that cannot be read is marked in place of its hash. */
  static final String UNUSABLE = "unusable ";

  /**
   * The data set's SHA-256. For {@code tf_flowers} whose images are exactly a checksum-verified set
   * (a mirror's files against a {@code SHA256SUMS} that lists all of them, or the archive checked
   * against TensorFlow's published SHA-256 and extracted unchanged), the archive's SHA-256 names
   * the data; hashing 100 MB again would cost seconds. An unverified {@code tf_flowers} copy is
   * named by its {@code listing} fingerprint ({@link #listingHash}). Any other folder is hashed
   * here ({@link #contentHash}).
   */
  static Named dataHash(
      String data,
      DatasetResolver.Resolved resolved,
      String listing,
      ImageDataset scanned,
      int threads) {
    if (DatasetResolver.isBuiltIn(data)) {
      if (resolved.verifiedSet()) {
        return new Named(
            DatasetResolver.FLOWERS_SHA256,
            "tf_flowers archive SHA-256 (or mirror SHA256SUMS) checked");
      }
      return new Named(listing, "no: tf_flowers copy without checksums, named by its listing");
    }
    List<String> perImage = imageHashes(scanned, threads);
    return new Named(contentHash(scanned, perImage), null, perImage);
  }

  /**
   * SHA-256 over every image in data set order: its relative name, size and modification time
   * (milliseconds). Stat only, no reading: a few tens of milliseconds for tf_flowers' 3670 files.
   */
  static String listingHash(ImageDataset d) {
    MessageDigest md = Sha256.digest();
    for (ImageEntry e : d.images()) {
      md.update((e.relativeName() + "\0" + stat(e.path()) + "\n").getBytes(UTF_8));
    }
    return Sha256.hex(md);
  }

  /**
   * A file's size and modification time (milliseconds), or, for one that cannot be used (a dangling
   * link, a FIFO, no permission), a mark with the reason: such a file is skipped like a corrupt
   * image, so it must not stop the fingerprint, and its reason is part of it.
   */
  static String stat(Path file) {
    try {
      java.nio.file.attribute.BasicFileAttributes a = ImageFiles.check(file);
      return a.size() + " " + a.lastModifiedTime().toMillis();
    } catch (BadImageException e) {
      return UNUSABLE + e.reason();
    }
  }

  /**
   * A file's SHA-256, or a mark with the reason for one that cannot be read ({@link #stat}). Only
   * regular files of bounded size are read, so a FIFO or a link to {@code /dev/zero} cannot hang
   * the hash.
   */
  static String imageSha256(Path file) {
    try {
      return ImageFiles.sha256(file);
    } catch (BadImageException e) {
      return UNUSABLE + e.reason();
    }
  }

  /**
   * SHA-256 over every image in data set order: its relative name, then the SHA-256 of its bytes.
   * Hashed on {@code threads} threads; about 0.3 s for tf_flowers (100 MB) on 2 cores.
   *
   * @param d the data set
   * @param threads hashing threads
   * @return the hash
   */
  public static String contentHash(ImageDataset d, int threads) {
    return contentHash(d, imageHashes(d, threads));
  }

  /** The data set's hash from its images' own hashes ({@link #imageHashes}), in the same order. */
  static String contentHash(ImageDataset d, List<String> perImage) {
    List<ImageEntry> images = d.images();
    MessageDigest md = Sha256.digest();
    for (int i = 0; i < images.size(); i++) {
      md.update(images.get(i).relativeName().getBytes(UTF_8));
      md.update((byte) 0);
      md.update(perImage.get(i).getBytes(UTF_8));
      md.update((byte) '\n');
    }
    return Sha256.hex(md);
  }

  /** Each image's SHA-256 ({@link #imageSha256}), in data set order, on {@code threads} threads. */
  static List<String> imageHashes(ImageDataset d, int threads) {
    List<ImageEntry> images = d.images();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
    try {
      List<Future<String>> parts = new ArrayList<>(images.size());
      for (ImageEntry e : images) {
        parts.add(pool.submit(() -> imageSha256(e.path())));
      }
      List<String> out = new ArrayList<>(images.size());
      for (Future<String> f : parts) {
        out.add(f.get());
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SamplesizeException("interrupted while hashing the data set", e);
    } catch (ExecutionException e) {
      throw new SamplesizeException("hashing the data set failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
