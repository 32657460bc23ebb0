package org.samplesize.cli;

import java.nio.file.Path;
import org.samplesize.ProgressListener;
import org.samplesize.data.CacheDir;
import org.samplesize.data.DatasetResolver;
import org.samplesize.data.ImageDataset;

/** Resolves a {@code --data} value: an image folder, or the name {@code tf_flowers}. */
final class Datasets {
  private Datasets() {}

  /**
   * @param data a folder or {@code tf_flowers}
   * @param cache {@code --cache}, or null for the default ({@link CacheDir#resolve}): where {@code
   *     tf_flowers} is downloaded and extracted, as in every other command
   * @param mirror {@code --mirror}, or null for the default ({@link
   *     org.samplesize.data.Mirror#find})
   * @param progress download and verification progress
   * @return the scanned data set
   */
  static ImageDataset resolve(String data, Path cache, Path mirror, ProgressListener progress) {
    DatasetResolver.Options o = DatasetResolver.Options.defaults();
    if (cache != null) {
      o = o.withCacheDir(CacheDir.resolve(cache));
    }
    if (mirror != null) {
      o = o.withMirror(mirror);
    }
    return ImageDataset.scan(DatasetResolver.resolve(data, o, progress));
  }
}
