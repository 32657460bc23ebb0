package org.samplesize.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.samplesize.InvalidInputException;
import org.samplesize.ProgressListener;
import org.samplesize.data.ImageDataset;

/** Resolves a {@code --data} value: an image folder, or the name {@code tf_flowers}. */
final class Datasets {
  private Datasets() {}

  static ImageDataset resolve(String data, Path cacheDir, Path mirror, ProgressListener progress) {
    Path p = Path.of(data);
    if (Files.isDirectory(p)) {
      return ImageDataset.scan(p);
    }
    if (data.equals("tf_flowers")) {
      throw new InvalidInputException(
          "tf_flowers by name is not wired into this command yet; give the folder, e.g. --data"
              + " .../flower_photos");
    }
    throw new InvalidInputException(
        "--data " + data + " is not a folder; give ROOT/<class>/<image> or tf_flowers");
  }
}
