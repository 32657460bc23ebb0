package org.samplesize.experiment;

import java.util.List;
import java.util.Map;

/**
 * What the experiment found in the data set, for the report and the provenance.
 *
 * @param name {@code tf_flowers} or the folder's name
 * @param root the folder that was scanned
 * @param sha256 SHA-256 over the sorted file list (relative names, sizes and contents' hashes when
 *     the data set was verified, else names and sizes), to recognise the same data
 * @param classes class names, in label order
 * @param imagesPerClass usable images per class, in label order (the files left out because they
 *     cannot be read are not counted)
 * @param ignored files ignored while scanning, by reason (e.g. {@code "not an image": 3})
 * @param trainSize images in the training set
 * @param testSize images in the test set
 * @param unusable image files left out before planning because they cannot be used
 */
public record DatasetSummary(
    String name,
    String root,
    String sha256,
    List<String> classes,
    List<Integer> imagesPerClass,
    Map<String, Integer> ignored,
    int trainSize,
    int testSize,
    int unusable) {

  /** Copies the lists. */
  public DatasetSummary {
    classes = List.copyOf(classes);
    imagesPerClass = List.copyOf(imagesPerClass);
    ignored = Map.copyOf(ignored);
    if (unusable < 0) {
      throw new IllegalArgumentException("unusable must be >= 0, got " + unusable);
    }
  }

  /**
   * A summary of a data set whose image files can all be used.
   *
   * @param name {@code tf_flowers} or the folder's name
   * @param root the folder that was scanned
   * @param sha256 SHA-256 naming the data
   * @param classes class names, in label order
   * @param imagesPerClass images per class, in label order
   * @param ignored files ignored while scanning, by reason
   * @param trainSize images in the training set
   * @param testSize images in the test set
   */
  public DatasetSummary(
      String name,
      String root,
      String sha256,
      List<String> classes,
      List<Integer> imagesPerClass,
      Map<String, Integer> ignored,
      int trainSize,
      int testSize) {
    this(name, root, sha256, classes, imagesPerClass, ignored, trainSize, testSize, 0);
  }

  /**
   * @return usable images in all classes
   */
  public int images() {
    return imagesPerClass.stream().mapToInt(Integer::intValue).sum();
  }
}
