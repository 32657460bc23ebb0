package org.samplesize.experiment;

import java.nio.file.Path;
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

  /** The built-in data set read from IDX files, with its official split. */
  private static final String FASHION_MNIST = FashionMnist.NAME;

  /**
   * The images of a run, read from where {@link DatasetResolver#resolveChecked} found them.
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
   * @param root what {@link DatasetResolver#resolveChecked} returned
   * @param fashion the checksums {@code fashion_mnist} must match
   * @param progress told of a mirror's checksum line that is wrong for a published file
   * @return the images
   * @throws org.samplesize.InvalidInputException for {@code fashion_mnist} with a {@code split} or
   *     {@code train-fraction} other than the defaults: it has an official split
   */
  static Loaded load(
      RunSettings s, Path root, FashionMnist.Source fashion, ProgressListener progress) {
    if (!FASHION_MNIST.equals(DatasetResolver.builtInName(s.data()))) {
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
    FashionMnist.Loaded l = FashionMnist.load(root, fashion, progress);
    return new Loaded(l.dataset(), l.split(), l.images(), l.sha256());
  }
}
