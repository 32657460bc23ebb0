package org.samplesize.experiment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.samplesize.data.ImageEntry;
import org.samplesize.data.Split;

/**
 * The warnings for byte-identical images in a run's data, found from the content hashes the run
 * computes anyway to name its data. Two kinds change the answer:
 *
 * <ul>
 *   <li>the same image under two classes: its label is wrong in one of them, which caps the
 *       accuracy any model can reach and bends the curve down;
 *   <li>a test image with a copy among the training images of its own class: a model that draws the
 *       copy is scored on an image it trained on, so the measured accuracy is too high, more so at
 *       larger sizes (which draw the copy more often), and the curve rises too steeply. A copy
 *       under another class only is the first kind, not this one.
 * </ul>
 *
 * Copies within one class and one side of the split only weigh that image twice; they are left to
 * {@code samplesize inspect}, which lists every group.
 */
final class DuplicateImages {
  private DuplicateImages() {}

  /**
   * @param images the data set's images, in data set order (the split's indices)
   * @param classes the class names, by label
   * @param sha256 each image's content hash by relative name; images without one are not compared
   * @param split the train/test split
   * @param data the run's {@code --data}, for the {@code inspect} command the warnings suggest
   * @return the warnings (sentences, without a prefix), none when nothing is duplicated across
   *     classes or across the split
   */
  static List<String> warnings(
      List<ImageEntry> images,
      List<String> classes,
      Map<String, String> sha256,
      Split split,
      String data) {
    // Quoted where a shell would split or expand it, so that the command can be pasted.
    String arg =
        data.matches("[A-Za-z0-9_./:@%+=,-]+") ? data : "'" + data.replace("'", "'\\''") + "'";
    String inspect = "samplesize inspect --data " + arg + " lists them";
    Map<String, List<Integer>> byHash = new LinkedHashMap<>();
    for (int i = 0; i < images.size(); i++) {
      String h = sha256.get(images.get(i).relativeName());
      if (h != null) {
        byHash.computeIfAbsent(h, k -> new ArrayList<>()).add(i);
      }
    }
    boolean[] test = new boolean[images.size()];
    for (int i : split.test()) {
      test[i] = true;
    }
    int crossGroups = 0;
    String crossExample = null;
    int leaked = 0;
    String leakExample = null;
    for (List<Integer> group : byHash.values()) {
      if (group.size() < 2) {
        continue;
      }
      int first = group.get(0);
      Integer otherLabel = null;
      // A training copy under each label: only one under the test image's own label is a leak. A
      // copy under another label teaches that label, so the test image is scored wrong, not on an
      // answer it has seen; that is the wrong label the first warning names.
      Map<Integer, Integer> trainCopyByLabel = new HashMap<>();
      for (int i : group) {
        if (otherLabel == null && images.get(i).label() != images.get(first).label()) {
          otherLabel = i;
        }
        if (!test[i]) {
          trainCopyByLabel.putIfAbsent(images.get(i).label(), i);
        }
      }
      if (otherLabel != null) {
        crossGroups++;
        if (crossExample == null) {
          crossExample = name(images, first) + " = " + name(images, otherLabel);
        }
      }
      for (int i : group) {
        Integer copy = test[i] ? trainCopyByLabel.get(images.get(i).label()) : null;
        if (copy != null) {
          leaked++;
          if (leakExample == null) {
            leakExample = "test " + name(images, i) + " = training " + name(images, copy);
          }
        }
      }
    }
    List<String> out = new ArrayList<>();
    if (crossGroups > 0) {
      out.add(
          String.format(
              Locale.ROOT,
              "%s under more than one class (e.g. %s): one of its labels is wrong, which caps the"
                  + " accuracy any model can reach and bends the curve down; keep each image in"
                  + " its one class (%s)",
              crossGroups == 1
                  ? "1 image has a byte-identical copy"
                  : crossGroups + " images have byte-identical copies",
              crossExample,
              inspect));
    }
    if (leaked > 0) {
      out.add(
          String.format(
              Locale.ROOT,
              "%d of the %d test images %s a byte-identical copy among the training images (e.g."
                  + " %s): a model that trained on the copy is scored on an image it has seen, so"
                  + " the measured accuracies are too high, more so at larger sizes, and the curve"
                  + " rises too steeply; remove the copies (%s)",
              leaked,
              split.test().length,
              leaked == 1 ? "has" : "have",
              leakExample,
              inspect));
    }
    return out;
  }

  private static String name(List<ImageEntry> images, int i) {
    return images.get(i).relativeName();
  }

  /** Each image's hash by relative name, from hashes in the same order as {@code images}. */
  static Map<String, String> byName(List<ImageEntry> images, List<String> hashes) {
    Map<String, String> out = new HashMap<>();
    for (int i = 0; i < images.size(); i++) {
      String h = hashes.get(i);
      if (h != null && !h.startsWith(DataFingerprint.UNUSABLE)) {
        out.put(images.get(i).relativeName(), h);
      }
    }
    return out;
  }
}
