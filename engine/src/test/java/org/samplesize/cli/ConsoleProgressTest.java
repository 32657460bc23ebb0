package org.samplesize.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private final AtomicLong clock = new AtomicLong();

  private String text() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void plainLinesShowStageDoneTotalRateAndEta() {
    try (ConsoleProgress p =
        new ConsoleProgress(out, ConsoleProgress.Mode.LINES, clock::get, 5_000)) {
      p.stage("features", 1000, "img");
      clock.set(1_000_000_000L); // 1 s: below the line interval, no progress line yet
      p.advance(100);
      assertEquals(1, text().lines().count(), text());
      clock.set(10_000_000_000L); // 10 s: 250 img done → 25 img/s, 750 left → 30 s
      p.advance(150);
      p.endStage();
    }
    String[] lines = text().split("\n");
    assertEquals("samplesize: features: 1,000 img", lines[0]);
    assertEquals("samplesize: features: 250/1,000 img (25%), 25.0 img/s, ETA 30s", lines[1]);
    assertEquals("samplesize: features: done, 250 img in 10.0 s (25.0 img/s)", lines[2]);
    assertEquals(3, lines.length, text());
  }

  /** A resume with one model left printed "training: 1 models". */
  @Test
  void theBarsSpeedHasADecimalPointUnderAnyLocale() {
    java.util.Locale before = java.util.Locale.getDefault();
    try {
      java.util.Locale.setDefault(java.util.Locale.GERMANY);
      assertEquals("12.5", ConsoleProgress.speedFormat().format(12.5));
    } finally {
      java.util.Locale.setDefault(before);
    }
  }

  @Test
  void oneOfAUnitIsSingular() {
    try (ConsoleProgress p = new ConsoleProgress(out, ConsoleProgress.Mode.QUIET, clock::get, 0)) {
      p.stage("training", 1, "models");
      clock.set(2_000_000_000L);
      p.advance(1);
      p.stage("verify flowers", 1, "files");
      p.advance(1);
      p.stage("features", 1, "img");
      p.advance(1);
    }
    String[] lines = text().split("\n");
    assertEquals("samplesize: training: 1 model", lines[0]);
    assertEquals("samplesize: training: done, 1 model in 2.0 s (0.5 models/s)", lines[1], text());
    assertEquals("samplesize: verify flowers: 1 file", lines[2]);
    assertTrue(lines[3].startsWith("samplesize: verify flowers: done, 1 file in"), lines[3]);
    assertEquals("samplesize: features: 1 img", lines[4]);
    assertEquals("1 B", ConsoleProgress.count(1, "B"));
    assertEquals("2 models", ConsoleProgress.count(2, "models"));
    assertEquals("0 models", ConsoleProgress.count(0, "models"));
    // thousands separated, as the answers write counts: "14855 img" was hard to read
    assertEquals("14,855 img", ConsoleProgress.count(14_855, "img"));
  }

  @Test
  void quietShowsOnlyStageLinesAndNotes() {
    try (ConsoleProgress p = new ConsoleProgress(out, ConsoleProgress.Mode.QUIET, clock::get, 0)) {
      p.stage("training heads", 20, "models");
      for (int i = 0; i < 20; i++) {
        clock.addAndGet(1_000_000_000L);
        p.advance(1);
      }
      p.note("skipped a.jpg: not a JPEG");
      p.stage("fit", -1, "");
    }
    String[] lines = text().split("\n");
    assertEquals("samplesize: training heads: 20 models", lines[0]);
    assertEquals("samplesize: skipped a.jpg: not a JPEG", lines[1]);
    assertTrue(lines[2].startsWith("samplesize: training heads: done, 20 models in 20.0 s"));
    assertEquals("samplesize: fit ...", lines[3]);
    assertTrue(lines[4].startsWith("samplesize: fit: done in"), lines[4]);
    assertEquals(5, lines.length, text());
  }

  @Test
  void barModeDrawsTheStageAndCount() {
    try (ConsoleProgress p =
        new ConsoleProgress(out, ConsoleProgress.Mode.BAR, System::nanoTime, 0)) {
      p.stage("features", 40, "img");
      p.advance(40);
      p.endStage();
    }
    String s = text();
    assertTrue(s.contains("features"), s);
    assertTrue(s.contains("40/40"), s);
  }

  /**
   * A note said again (the fine-tuning cut's pass opens a second session and reads the same images:
   * the same execution-provider fallback and skipped files) is printed once.
   */
  @Test
  void aNoteSaidAgainIsPrintedOnce() {
    try (ConsoleProgress p = new ConsoleProgress(out, ConsoleProgress.Mode.LINES, clock::get, 0)) {
      p.note("execution provider: cpu (cuda unusable)");
      p.stage("features", 2, "img");
      p.note("skipped a.jpg: cannot decode");
      p.endStage();
      p.note("execution provider: cpu (cuda unusable)");
      p.stage("trunk activations", 2, "img");
      p.note("skipped a.jpg: cannot decode");
      p.note("skipped b.jpg: cannot decode");
      p.endStage();
    }
    String s = text();
    assertEquals(1, s.split("execution provider: cpu", -1).length - 1, s);
    assertEquals(1, s.split("skipped a.jpg", -1).length - 1, s);
    assertTrue(s.contains("samplesize: skipped b.jpg: cannot decode"), s);
  }

  /** A command that fails or is stopped ends its open stage with "stopped after", not "done". */
  @Test
  void aStoppedStageSaysSoNotDone() {
    ConsoleProgress p = new ConsoleProgress(out, ConsoleProgress.Mode.LINES, clock::get, 0);
    p.stage("training", 8, "models");
    p.advance(3);
    clock.set(600_000_000L);
    p.stop();
    p.close();
    String s = text();
    assertTrue(s.contains("samplesize: training: stopped after 3 of 8 models in 0.6 s"), s);
    assertFalse(s.contains("done"), s);
  }

  @Test
  void concurrentAdvancesAreAllCounted() throws Exception {
    ConsoleProgress p = new ConsoleProgress(out, ConsoleProgress.Mode.LINES, clock::get, 0);
    p.stage("features", 4000, "img");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    for (int t = 0; t < 4; t++) {
      pool.submit(
          () -> {
            for (int i = 0; i < 1000; i++) {
              p.advance(1);
            }
          });
    }
    pool.shutdown();
    assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
    clock.set(2_000_000_000L);
    p.close();
    assertTrue(text().contains("done, 4,000 img in 2.0 s"), text());
  }

  @Test
  void closeIsIdempotentAndUseAfterCloseFails() {
    ConsoleProgress p = new ConsoleProgress(out, ConsoleProgress.Mode.LINES, clock::get, 0);
    p.close();
    p.close();
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> p.stage("x", 1, "img"));
    assertTrue(e.getMessage().contains("ConsoleProgress"));
    assertThrows(IllegalArgumentException.class, () -> newLines().advance(-1));
  }

  @Test
  void durationsReadNaturally() {
    assertEquals("59s", ConsoleProgress.formatDuration(Duration.ofSeconds(59)));
    assertEquals("2m05s", ConsoleProgress.formatDuration(Duration.ofSeconds(125)));
    assertEquals("1h01m", ConsoleProgress.formatDuration(Duration.ofSeconds(3660)));
    assertFalse(ConsoleProgress.forConsole(true).mode() == ConsoleProgress.Mode.BAR);
  }

  private ConsoleProgress newLines() {
    ConsoleProgress p = new ConsoleProgress(out, ConsoleProgress.Mode.LINES, clock::get, 0);
    p.stage("s", 1, "u");
    return p;
  }
}
