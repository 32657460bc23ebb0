package org.samplesize.experiment;

import java.nio.file.Files;
import java.nio.file.Path;
import org.samplesize.InvalidInputException;
import org.samplesize.ProgressListener;

/** Where the experiment's images come from: a folder, or {@code tf_flowers} by name. */
final class DataSource {
  private DataSource() {}

  /** The built-in data set name. */
  static final String TF_FLOWERS = "tf_flowers";

  /**
   * @param data a folder or {@code tf_flowers}
   * @param cacheDir the cache folder (downloads)
   * @param mirror an offline mirror laid out like {@code shared/data}, or {@code null}
   * @param progress notes and download progress
   * @return the folder holding one sub-folder per class
   */
  static Path resolve(String data, Path cacheDir, Path mirror, ProgressListener progress) {
    if (!data.equals(TF_FLOWERS)) {
      Path p = Path.of(data);
      if (!Files.isDirectory(p)) {
        throw new InvalidInputException(
            "--data "
                + data
                + ": no such folder; give a folder with one sub-folder per class, or"
                + " tf_flowers");
      }
      return p;
    }
    if (mirror != null) {
      Path p = mirror.resolve("flowers/flower_photos");
      if (Files.isDirectory(p)) {
        progress.note("tf_flowers: using the mirror " + p);
        return p;
      }
    }
    Path cached = cacheDir.resolve("datasets/tf_flowers/flower_photos");
    if (Files.isDirectory(cached)) {
      return cached;
    }
    throw new InvalidInputException(
        "tf_flowers is not in the cache ("
            + cached
            + ") nor in a mirror; set SAMPLESIZE_MIRROR or --mirror to a folder with"
            + " flowers/flower_photos, or give --data DIR");
  }
}
