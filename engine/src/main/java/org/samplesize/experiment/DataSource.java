package org.samplesize.experiment;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import org.samplesize.ProgressListener;
import org.samplesize.data.DatasetResolver;
import org.samplesize.data.FashionMnist;
import org.samplesize.data.ImageDataset;
import org.samplesize.data.InMemoryImages;
import org.samplesize.data.Split;

/**
 * Where the experiment's images come from: a folder, or a built-in data set by name ({@code
 * tf_flowers}, {@code fashion_mnist}).
 */
final class DataSource {
  private DataSource() {}

  /** The built-in data set name. */
  static final String TF_FLOWERS = DatasetResolver.TF_FLOWERS;

  /** The built-in data set read from IDX files, with its official split. */
  static final String FASHION_MNIST = FashionMnist.NAME;

  /**
   * @param data a {@code --data} value
   * @return true when it names a built-in data set: {@code tf_flowers} or {@code fashion_mnist}
   *     (any case) and no folder of that name, as {@link DatasetResolver#resolve} decides
   */
  static boolean isBuiltIn(String data) {
    return builtInName(data) != null;
  }

  /**
   * @param data a {@code --data} value
   * @return the built-in data set's name in its canonical spelling ({@code tf_flowers}, {@code
   *     fashion_mnist}), or null when {@code data} is a folder
   */
  static String builtInName(String data) {
    String name = data.strip().toLowerCase(Locale.ROOT);
    if (!name.equals(TF_FLOWERS) && !name.equals(FASHION_MNIST)) {
      return null;
    }
    try {
      return Files.isDirectory(Path.of(data)) ? null : name;
    } catch (InvalidPathException e) {
      return name;
    }
  }

  /**
   * The images of a run, read from where {@link #resolve} found them.
   *
   * @param dataset every image
   * @param officialSplit the data set's own train/test split, or null when the run draws one
   * @param memory the pixels of every image when they are held in memory, else null (files)
   * @param contentSha256 the checked content's fingerprint when the images were read and checked
   *     whole, else null
   */
  record Loaded(
      ImageDataset dataset, Split officialSplit, InMemoryImages memory, String contentSha256) {}

  /**
   * Scans an image folder, or reads {@code fashion_mnist}'s IDX files and checks them.
   *
   * @param s the run's settings
   * @param root what {@link #resolve} returned
   * @param fashion the checksums {@code fashion_mnist} must match
   * @return the images
   * @throws org.samplesize.InvalidInputException for {@code fashion_mnist} with a {@code split} or
   *     {@code train-fraction} other than the defaults: it has an official split
   */
  static Loaded load(RunSettings s, Path root, FashionMnist.Source fashion) {
    if (!FASHION_MNIST.equals(builtInName(s.data()))) {
      return new Loaded(ImageDataset.scan(root), null, null, null);
    }
    RunSettings d = RunSettings.defaults();
    if (!s.split().equals(d.split()) || s.trainFraction() != d.trainFraction()) {
      throw new org.samplesize.InvalidInputException(
          "--data "
              + FASHION_MNIST
              + " has an official split (60,000 training and 10,000 test images), so --split and"
              + " --train-fraction do not apply; drop them (got split "
              + s.split()
              + ", train-fraction "
              + s.trainFraction()
              + ")");
    }
    FashionMnist.Loaded l = FashionMnist.load(root, fashion);
    return new Loaded(l.dataset(), l.split(), l.images(), l.sha256());
  }

  /**
   * @param data a folder, {@code tf_flowers} (downloaded and verified into the cache, or taken from
   *     the mirror and checked against its {@code SHA256SUMS}) or {@code fashion_mnist} (the folder
   *     of its IDX files, downloaded into the cache or in the mirror; {@link #load} checks them)
   * @param cacheDir the cache folder
   * @param mirror an offline mirror laid out like {@code shared/data}, or {@code null} for none
   *     (the caller has already looked for one: {@link org.samplesize.data.Mirror#find})
   * @param progress notes and download progress
   * @return the folder holding one sub-folder per class, and whether its images are exactly a
   *     checksum-verified set
   */
  static DatasetResolver.Resolved resolve(
      String data, Path cacheDir, Path mirror, ProgressListener progress) {
    DatasetResolver.Options o =
        DatasetResolver.Options.defaults().withCacheDir(cacheDir).withMirror(mirror);
    return DatasetResolver.resolveChecked(data, o, progress);
  }
}
