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
 * @param imagesPerClass images found per class, in label order
 * @param ignored files ignored while scanning, by reason (e.g. {@code "not an image": 3})
 * @param trainSize images in the training set
 * @param testSize images in the test set
 */
public record DatasetSummary(
    String name,
    String root,
    String sha256,
    List<String> classes,
    List<Integer> imagesPerClass,
    Map<String, Integer> ignored,
    int trainSize,
    int testSize) {

  /** Copies the lists. */
  public DatasetSummary {
    classes = List.copyOf(classes);
    imagesPerClass = List.copyOf(imagesPerClass);
    ignored = Map.copyOf(ignored);
  }

  /**
   * @return images found in all classes
   */
  public int images() {
    return imagesPerClass.stream().mapToInt(Integer::intValue).sum();
  }
}
