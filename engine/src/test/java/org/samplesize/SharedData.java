package org.samplesize;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the read-only real data beside the checkout ({@code ../shared/data}): the tf_flowers
 * photos and the MobileNetV2 ONNX files. Integration tests call {@link #flowers()} or {@link
 * #model(String)}, which skip the test with a clear message when the data are absent.
 */
public final class SharedData {
  private SharedData() {}

  /**
   * @return the shared folder: system property {@code samplesize.shared}, else environment variable
   *     {@code SAMPLESIZE_SHARED}, else {@code ../shared}
   */
  public static Path root() {
    String p = System.getProperty("samplesize.shared");
    if (p == null) {
      p = System.getenv("SAMPLESIZE_SHARED");
    }
    return Path.of(p != null ? p : "../shared").toAbsolutePath().normalize();
  }

  /**
   * @return {@code shared/data/flowers/flower_photos}; skips the calling test when it is absent
   */
  public static Path flowers() {
    Path p = root().resolve("data/flowers/flower_photos");
    assumeTrue(
        Files.isDirectory(p),
        "skipped: tf_flowers photos not found at "
            + p
            + " (set -Dsamplesize.shared or SAMPLESIZE_SHARED)");
    return p;
  }

  /**
   * @param fileName a file in {@code shared/data/models}, e.g. {@code mobilenetv2-12-int8.onnx}
   * @return its path; skips the calling test when it is absent
   */
  public static Path model(String fileName) {
    Path p = root().resolve("data/models").resolve(fileName);
    assumeTrue(
        Files.isRegularFile(p),
        "skipped: model "
            + fileName
            + " not found at "
            + p
            + " (set -Dsamplesize.shared or SAMPLESIZE_SHARED)");
    return p;
  }
}
