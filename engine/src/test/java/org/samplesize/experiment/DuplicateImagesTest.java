package org.samplesize.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.samplesize.data.ImageEntry;
import org.samplesize.data.Split;

class DuplicateImagesTest {
  private static final List<String> CLASSES = List.of("a", "b");

  private static final List<ImageEntry> IMAGES =
      List.of(
          entry("a/1.jpg", 0),
          entry("a/2.jpg", 0),
          entry("a/3.jpg", 0),
          entry("b/1.jpg", 1),
          entry("b/2.jpg", 1),
          entry("b/3.jpg", 1));

  private static ImageEntry entry(String name, int label) {
    return new ImageEntry(Path.of("/data", name), name, label);
  }

  /** Each image's hash by name, given in the order of {@link #IMAGES}. */
  private static Map<String, String> hashes(String... inImageOrder) {
    Map<String, String> out = new java.util.HashMap<>();
    for (int i = 0; i < IMAGES.size(); i++) {
      out.put(IMAGES.get(i).relativeName(), inImageOrder[i]);
    }
    return out;
  }

  /** Train a/1, a/2, b/1, b/2; test a/3, b/3. */
  private static final Split SPLIT = new Split(new int[] {0, 1, 3, 4}, new int[] {2, 5});

  @Test
  void distinctImagesGiveNoWarning() {
    Map<String, String> h = hashes("1", "2", "3", "4", "5", "6");
    assertEquals(List.of(), DuplicateImages.warnings(IMAGES, CLASSES, h, SPLIT, "/data"));
  }

  @Test
  void aCopyWithinOneClassAndOneSideOfTheSplitIsLeftToInspect() {
    Map<String, String> h = hashes("x", "x", "3", "4", "5", "6");
    assertEquals(List.of(), DuplicateImages.warnings(IMAGES, CLASSES, h, SPLIT, "/data"));
  }

  @Test
  void aCopyUnderTwoClassesIsNamedWithAnExample() {
    Map<String, String> h = hashes("x", "2", "3", "x", "5", "6");
    List<String> w = DuplicateImages.warnings(IMAGES, CLASSES, h, SPLIT, "/data");
    assertEquals(1, w.size(), w.toString());
    assertTrue(
        w.get(0)
            .startsWith(
                "1 image has a byte-identical copy under more than one class (e.g."
                    + " a/1.jpg = b/1.jpg)"),
        w.get(0));
  }

  @Test
  void aTestImageWithACopyAmongTheTrainingImagesIsCountedOnce() {
    // a/3 (test) = a/1 (train) = a/2 (train); b/3 (test) is alone.
    Map<String, String> h = hashes("x", "x", "x", "4", "5", "6");
    List<String> w = DuplicateImages.warnings(IMAGES, CLASSES, h, SPLIT, "/data");
    assertEquals(1, w.size(), w.toString());
    assertTrue(
        w.get(0)
            .startsWith(
                "1 of the 2 test images has a byte-identical copy among the training"
                    + " images (e.g. test a/3.jpg = training a/1.jpg)"),
        w.get(0));
  }

  @Test
  void twoTestCopiesOfOneImageAreNoLeakButACrossClassPairIsBoth() {
    // a/3 and b/3 are both test images and the same file: two labels, no training copy.
    Map<String, String> h = hashes("1", "2", "y", "4", "5", "y");
    List<String> w = DuplicateImages.warnings(IMAGES, CLASSES, h, SPLIT, "/data");
    assertEquals(1, w.size(), w.toString());
    assertTrue(w.get(0).contains("under more than one class"), w.get(0));
  }

  @Test
  void theLeakExamplePrefersACopyUnderTheTestImagesOwnClass() {
    // b/3 (test) = a/1 (train, another class, first in data set order) = b/2 (train, its class).
    Map<String, String> h = hashes("z", "2", "3", "4", "z", "z");
    List<String> w = DuplicateImages.warnings(IMAGES, CLASSES, h, SPLIT, "/data");
    assertEquals(2, w.size(), w.toString());
    assertTrue(w.get(1).contains("(e.g. test b/3.jpg = training b/2.jpg)"), w.get(1));
  }

  /**
   * A test image whose only training copy is under another class was counted as a leak, whose
   * warning says the accuracies are too high: that copy teaches the other label, so the test image
   * is scored wrong, not on a seen answer. It is the wrong label, which the first warning names.
   */
  @Test
  void aTrainingCopyUnderAnotherClassOnlyIsAWrongLabelNotALeak() {
    // b/3 (test) = a/1 (train, another class); no copy under b among the training images.
    Map<String, String> h = hashes("z", "2", "3", "4", "5", "z");
    List<String> w = DuplicateImages.warnings(IMAGES, CLASSES, h, SPLIT, "/data");
    assertEquals(1, w.size(), w.toString());
    assertTrue(w.get(0).contains("under more than one class (e.g. a/1.jpg = b/3.jpg)"), w.get(0));
  }

  @Test
  void unreadableImagesAreNotCompared() {
    Map<String, String> h =
        DuplicateImages.byName(
            IMAGES,
            List.of(
                DataFingerprint.UNUSABLE + "empty file",
                DataFingerprint.UNUSABLE + "empty file",
                "3",
                "4",
                "5",
                "6"));
    assertEquals(4, h.size());
    assertEquals(List.of(), DuplicateImages.warnings(IMAGES, CLASSES, h, SPLIT, "/data"));
  }

  @Test
  void theSuggestedCommandQuotesAPathAShellWouldSplit() {
    Map<String, String> h = hashes("x", "2", "3", "x", "5", "6");
    String w = DuplicateImages.warnings(IMAGES, CLASSES, h, SPLIT, "/my photos/it's").get(0);
    assertTrue(w.endsWith("(samplesize inspect --data '/my photos/it'\\''s' lists them)"), w);
  }
}
