package org.samplesize.experiment;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import org.samplesize.ProgressListener;
import org.samplesize.data.DatasetResolver;

/** Where the experiment's images come from: a folder, or {@code tf_flowers} by name. */
final class DataSource {
  private DataSource() {}

  /** The built-in data set name. */
  static final String TF_FLOWERS = DatasetResolver.TF_FLOWERS;

  /**
   * @param data a {@code --data} value
   * @return true when it names the built-in data set: {@code tf_flowers} (any case) and no folder
   *     of that name, as {@link DatasetResolver#resolve} decides
   */
  static boolean isBuiltIn(String data) {
    if (!data.strip().toLowerCase(Locale.ROOT).equals(TF_FLOWERS)) {
      return false;
    }
    try {
      return !Files.isDirectory(Path.of(data));
    } catch (InvalidPathException e) {
      return true;
    }
  }

  /**
   * @param data a folder or {@code tf_flowers} (downloaded and verified into the cache, or taken
   *     from the mirror and checked against its {@code SHA256SUMS})
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
