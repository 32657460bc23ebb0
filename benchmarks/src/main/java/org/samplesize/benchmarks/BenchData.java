package org.samplesize.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the benchmarks find the real data: {@code -Dsamplesize.shared}, $SAMPLESIZE_SHARED,
 * ../shared.
 */
final class BenchData {
  private BenchData() {}

  static Path shared() {
    String p = System.getProperty("samplesize.shared");
    if (p == null) {
      p = System.getenv("SAMPLESIZE_SHARED");
    }
    Path root = Path.of(p != null ? p : "../shared").toAbsolutePath().normalize();
    if (!Files.isDirectory(root.resolve("data/flowers/flower_photos"))) {
      throw new IllegalStateException(
          "benchmark data not found under "
              + root
              + " (data/flowers/flower_photos, data/models); set -Dsamplesize.shared=DIR");
    }
    return root;
  }

  static Path flowers() {
    return shared().resolve("data/flowers/flower_photos");
  }

  static Path model(String file) {
    return shared().resolve("data/models").resolve(file);
  }

  /** {@code n} JPEGs evenly spaced over the sorted list of all flower photos. */
  static List<Path> sample(int n) {
    List<Path> all;
    try (Stream<Path> s = Files.walk(flowers())) {
      all = s.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Path> out = new ArrayList<>();
    int k = Math.min(n, all.size());
    for (int i = 0; i < k; i++) {
      out.add(all.get((int) ((long) i * all.size() / k)));
    }
    return out;
  }
}
