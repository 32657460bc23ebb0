package org.samplesize.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The abstract training packages ({@code train}, {@code train.tail}) never name their own
 * implementations ({@code train.cpu}, {@code train.cuda} and below): backends are found through
 * {@link TrainingBackend} and {@link java.util.ServiceLoader}. Scans the main sources, so an
 * import, a fully qualified name or a javadoc {@code @link} to an implementation all count.
 */
class ArchitectureTest {
  private static final Path MAIN = Path.of("src/main/java/org/samplesize/train");
  private static final Pattern IMPLEMENTATION =
      Pattern.compile("org\\.samplesize\\.train\\.(cpu|cuda)\\b");

  @Test
  void abstractTrainingPackagesDoNotNameTheirImplementations() throws IOException {
    assertTrue(Files.isDirectory(MAIN), "run from the engine module: " + MAIN.toAbsolutePath());
    List<String> offences = new ArrayList<>();
    int scanned = 0;
    for (Path dir : List.of(MAIN, MAIN.resolve("tail"))) {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
          scanned++;
          List<String> lines = Files.readAllLines(f);
          for (int i = 0; i < lines.size(); i++) {
            Matcher m = IMPLEMENTATION.matcher(lines.get(i));
            if (m.find()) {
              offences.add(MAIN.relativize(f) + ":" + (i + 1) + ": " + lines.get(i).trim());
            }
          }
        }
      }
    }
    assertTrue(scanned > 20, "scanned only " + scanned + " files");
    assertEquals(List.of(), offences, "the abstract package names an implementation");
  }

  @Test
  void theScanCatchesAnImport() {
    assertTrue(IMPLEMENTATION.matcher("import org.samplesize.train.cpu.CpuBackend;").find());
    assertTrue(IMPLEMENTATION.matcher("x = new org.samplesize.train.cuda.CudaProbe();").find());
    assertTrue(!IMPLEMENTATION.matcher("import org.samplesize.train.tail.TailSpec;").find());
  }
}
