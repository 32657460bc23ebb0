package org.samplesize.experiment;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What always answering the largest class scores on the test split: the accuracy a model that has
 * learned nothing but the class counts reaches. On an unbalanced folder an expected accuracy of 80%
 * means little when this baseline is 78%, so the answer block names it when the largest class holds
 * notably more than an even share of the test split ({@link #notable()}).
 *
 * @param className the class with the most test images (the first in class order on a tie)
 * @param testImages its test images
 * @param testSize all test images
 * @param classes the number of classes
 */
public record MajorityBaseline(String className, int testImages, int testSize, int classes) {
  /**
   * How far above an even share {@code 1/k} the largest class's test share must be for the answer
   * block to name the baseline: 10 points. An even split's counts wander a little from {@code 1/k}
   * (tf_flowers' largest class holds 24% of its 5 classes' test images), which says nothing worth a
   * line.
   */
  static final double NOTABLE_MARGIN = 0.10;

  /** The key of the section in {@code fit.json}. */
  static final String JSON_KEY = "majority_baseline";

  /**
   * @param testPerClass each class's test images, by name, in class order
   * @return the baseline, or null when the test split is unknown or empty
   */
  static MajorityBaseline of(Map<String, Integer> testPerClass) {
    String best = null;
    int most = -1;
    int total = 0;
    for (Map.Entry<String, Integer> e : testPerClass.entrySet()) {
      total += e.getValue();
      if (e.getValue() > most) {
        most = e.getValue();
        best = e.getKey();
      }
    }
    return total <= 0 ? null : new MajorityBaseline(best, most, total, testPerClass.size());
  }

  /**
   * @return the largest class's share of the test split: the accuracy of always answering it
   */
  public double share() {
    return (double) testImages / testSize;
  }

  /**
   * @return whether the share exceeds an even share {@code 1/k} by at least {@value
   *     #NOTABLE_MARGIN}: then the answer block names the baseline
   */
  public boolean notable() {
    return share() >= 1.0 / classes + NOTABLE_MARGIN;
  }

  /**
   * @return the line for the answer block, e.g. "Always answering the largest class, 'daisy',
   *     scores 78.1% on the test split (25 of 32 test images): read the accuracies against that."
   */
  public String sentence() {
    return String.format(
        Locale.ROOT,
        "Always answering the largest class, '%s', scores %.1f%% on the test split (%,d of %,d test"
            + " images): read the accuracies above against that.",
        className,
        100 * share(),
        testImages,
        testSize);
  }

  /**
   * @return the {@code fit.json} section: {@code class}, {@code share}, {@code test_images}, {@code
   *     test_size}, {@code notable}, {@code text}
   */
  Map<String, Object> json() {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("class", className);
    o.put("share", share());
    o.put("test_images", testImages);
    o.put("test_size", testSize);
    o.put("notable", notable());
    o.put("text", sentence());
    return o;
  }
}
