package org.samplesize.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.ThreadCount;

/**
 * {@code --threads} reads the same in every command: 0 means all cores, 1 to {@link
 * ThreadCount#MAX} are taken, anything else is refused while parsing with the valid range (a huge
 * count ended in an OutOfMemoryError, and {@code inspect} refused the 0 that {@code run} took).
 */
class ThreadsOptionTest {
  @TempDir Path dir;

  private static final String RANGE = "give 0 (all cores) or 1 to " + ThreadCount.MAX;

  /** Every command with the options it needs to get as far as parsing. */
  private static final List<List<String>> COMMANDS =
      List.of(
          List.of("run"),
          List.of("inspect", "--data", "d"),
          List.of("features", "--data", "d", "--out", "o"),
          List.of("bench", "--data", "d"),
          List.of("fit", "--results", "r.csv", "--out", "o"));

  @Test
  void everyCommandRefusesACountOutOfRangeWithTheRange() {
    for (List<String> command : COMMANDS) {
      for (String bad : List.of("100000", "-1", "257", "99999999999999999999999")) {
        String[] args =
            java.util.stream.Stream.concat(
                    command.stream(), java.util.stream.Stream.of("--threads", bad))
                .toArray(String[]::new);
        CliErrorsTest.Result r = CliErrorsTest.run(args);
        assertEquals(2, r.code(), command + " " + bad + ": " + r.err());
        assertEquals(
            "samplesize "
                + command.get(0)
                + ": error: --threads: "
                + bad
                + " is out of range: "
                + RANGE
                + " (see 'samplesize "
                + command.get(0)
                + " --help')",
            String.join("\n", r.err()),
            command + " " + bad);
      }
      String[] words =
          java.util.stream.Stream.concat(
                  command.stream(), java.util.stream.Stream.of("--threads", "many"))
              .toArray(String[]::new);
      CliErrorsTest.Result r = CliErrorsTest.run(words);
      assertEquals(2, r.code());
      assertTrue(
          r.err().get(0).contains("'many' is not a whole number: " + RANGE + " (see '"),
          r.err().get(0));
    }
  }

  @Test
  void zeroIsAllCoresForInspectAsForRun() throws Exception {
    for (String cls : List.of("cats", "dogs")) {
      Path f = Files.createDirectories(dir.resolve("data").resolve(cls)).resolve("a.png");
      ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png", f.toFile());
    }
    for (String n : List.of("0", "1", String.valueOf(ThreadCount.MAX))) {
      CliErrorsTest.Result r =
          CliErrorsTest.run(
              "inspect", "--data", dir.resolve("data").toString(), "--threads", n, "--quiet");
      assertEquals(0, r.code(), n + ": " + r.err());
    }
  }

  @Test
  void aSettingsFileIsHeldToTheSameRange() throws Exception {
    Path config = Files.writeString(dir.resolve("settings.yaml"), "threads: 100000\n");
    CliErrorsTest.Result r =
        CliErrorsTest.run(
            "run", "--config", config.toString(), "--out", dir.resolve("out").toString());
    assertEquals(2, r.code(), String.join("\n", r.err()));
    assertEquals(
        "samplesize run: error: config file "
            + config
            + " line 1, column 10: setting 'threads' = 100000: must be "
            + ThreadCount.RANGE,
        r.err().get(0));
  }
}
