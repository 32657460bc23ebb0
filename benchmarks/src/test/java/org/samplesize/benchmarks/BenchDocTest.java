package org.samplesize.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/benchmarks.md shows the newest full idle run of run-all.sh, verbatim. */
class BenchDocTest {
  /** The repository root: the benchmarks module's parent. */
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  @TempDir Path dir;

  @Test
  void theDocShowsTheNewestFullIdleRunVerbatim() throws IOException {
    String doc = Files.readString(ROOT.resolve("docs/benchmarks.md"), StandardCharsets.UTF_8);
    String[] block = BenchDoc.block(doc).orElseThrow(() -> new AssertionError("no summary block"));
    Optional<Path> newest = BenchDoc.newestFullRun(ROOT.resolve("benchmarks/results"));
    assertTrue(newest.isPresent(), "no full idle run under benchmarks/results");
    assertEquals(
        ROOT.relativize(newest.get()).toString(),
        block[0],
        "docs/benchmarks.md shows an older run than the newest full idle one: run"
            + " java -cp benchmarks/target/benchmarks.jar org.samplesize.benchmarks.BenchDoc"
            + " docs/benchmarks.md "
            + ROOT.relativize(newest.get()));
    assertEquals(
        Files.readString(newest.get().resolve("summary.md"), StandardCharsets.UTF_8), block[1]);
  }

  @Test
  void replaceSwapsTheWholeBlockAndNamesTheFolder() {
    String doc =
        "# B\n\nbefore\n<!-- BEGIN run-all summary: benchmarks/results/old -->\n| old |\n"
            + "<!-- END run-all summary -->\nafter\n";
    String now = BenchDoc.replace(doc, "benchmarks/results/2026-12-06", "| new |\n| row |");
    assertEquals(
        "# B\n\nbefore\n<!-- BEGIN run-all summary: benchmarks/results/2026-12-06 -->\n"
            + "| new |\n| row |\n<!-- END run-all summary -->\nafter\n",
        now);
    assertEquals("benchmarks/results/2026-12-06", BenchDoc.block(now).orElseThrow()[0]);
    assertThrows(IllegalArgumentException.class, () -> BenchDoc.replace("# no block\n", "x", "y"));
  }

  @Test
  void onlyFullIdleRunsCountAndTheNewestIsByNaturalOrder() throws IOException {
    run("2026-12-05", false, false, String.join(",", BenchReport.BENCHMARKS));
    run("2026-12-05-2", false, false, String.join(",", BenchReport.BENCHMARKS));
    run("2026-12-05-10", false, false, String.join(",", BenchReport.BENCHMARKS));
    run("2026-12-06", true, false, String.join(",", BenchReport.BENCHMARKS)); // quick
    run("2026-12-07", false, true, String.join(",", BenchReport.BENCHMARKS)); // forced
    run("2026-12-08", false, false, "image,head"); // some only
    assertEquals(
        "2026-12-05-10", BenchDoc.newestFullRun(dir).orElseThrow().getFileName().toString());
    assertFalse(BenchDoc.fullIdleRun(dir.resolve("2026-12-08")));
  }

  private void run(String name, boolean quick, boolean forced, String only) throws IOException {
    Path f = Files.createDirectories(dir.resolve(name));
    Files.writeString(
        f.resolve("run.json"),
        "{\"quick\": " + quick + ", \"forced\": " + forced + ", \"only\": \"" + only + "\"}");
    Files.writeString(f.resolve("summary.md"), "| " + name + " |\n");
  }
}
