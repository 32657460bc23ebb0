package org.samplesize.cli;

import java.nio.file.Path;
import org.samplesize.ProgressListener;
import org.samplesize.data.DatasetResolver;
import org.samplesize.data.ImageDataset;

/** Resolves a {@code --data} value: an image folder, or the name {@code tf_flowers}. */
final class Datasets {
  private Datasets() {}

  /**
   * Folders are scanned as they are; {@code tf_flowers} comes from the mirror when one is given
   * (else {@code $SAMPLESIZE_MIRROR}), or is downloaded once into {@code $SAMPLESIZE_CACHE}
   * (default {@code ~/.cache/samplesize}), shared by every output folder. {@code cacheDir} (a
   * command's model/feature cache) is not used for data sets, so a data set is not downloaded again
   * per run.
   */
  static ImageDataset resolve(String data, Path cacheDir, Path mirror, ProgressListener progress) {
    DatasetResolver.Options options = DatasetResolver.Options.defaults();
    if (mirror != null) {
      options = options.withMirror(mirror);
    }
    return ImageDataset.scan(DatasetResolver.resolve(data, options, progress));
  }
}
