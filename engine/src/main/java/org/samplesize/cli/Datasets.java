package org.samplesize.cli;

import java.nio.file.Path;
import org.samplesize.ProgressListener;
import org.samplesize.data.DatasetResolver;
import org.samplesize.data.ImageDataset;

/** Resolves a {@code --data} value: an image folder, or the name {@code tf_flowers}. */
final class Datasets {
  private Datasets() {}

  /**
   * @param data a folder or {@code tf_flowers}
   * @param mirror {@code --mirror}, or null for the default ({@link
   *     org.samplesize.data.Mirror#find})
   * @param progress download and verification progress
   * @return the scanned data set
   */
  static ImageDataset resolve(String data, Path mirror, ProgressListener progress) {
    DatasetResolver.Options o = DatasetResolver.Options.defaults();
    if (mirror != null) {
      o = o.withMirror(mirror);
    }
    return ImageDataset.scan(DatasetResolver.resolve(data, o, progress));
  }
}
