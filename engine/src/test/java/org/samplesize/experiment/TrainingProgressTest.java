package org.samplesize.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.ProgressListener;
import org.samplesize.cli.ConsoleProgress;

/** The training stage's ETA, on a fake clock: models cost time in proportion to their work. */
class TrainingProgressTest {
  @TempDir Path dir;

  private static final Pattern PROGRESS =
      Pattern.compile("samplesize: (.+): [0-9,]+/[0-9,]+ .*, ETA (?:(\\d+)m)?(\\d+)s");

  /** A line the display printed and the fake time it printed it at. */
  private record Line(long nanos, String text) {}

  @Test
  void theEtaHoldsWhenFineTunedModelsCostFarMoreThanHeads() {
    // A head costs 10 ms per training image, a fine-tuned model 1 s: a run with --fine-tune showed
    // "ETA 17s" with minutes left, timed on the heads and counted in models.
    long[] clock = {0};
    List<Line> lines = new ArrayList<>();
    PrintStream out =
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8) {
          @Override
          public void println(String x) {
            lines.add(new Line(clock[0], x));
          }

          @Override
          public void println(Object x) {
            println(String.valueOf(x));
          }
        };
    FakeStages stages =
        new FakeStages(270) {
          @Override
          public List<ModelRecord> train(
              Plan plan,
              FeatureSet features,
              List<PlannedModel> models,
              RunSettings s,
              ProgressListener progress) {
            for (PlannedModel m : models) {
              long perImage = m.curve().equals(PlannedModel.HEAD) ? 10_000_000L : 1_000_000_000L;
              clock[0] += perImage * m.size();
            }
            return super.train(plan, features, models, s, progress);
          }
        };
    Map<String, Object> flags = new java.util.HashMap<>();
    flags.put("out", dir.resolve("out").toString());
    flags.put("fine-tune", true);
    flags.put("models-per-pass", 1); // each model handed over when it is done
    try (ConsoleProgress progress =
        new ConsoleProgress(out, ConsoleProgress.Mode.LINES, () -> clock[0], 0)) {
      Experiment.run(SettingsIO.resolve(null, flags), stages, progress);
    }

    int checked = 0;
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = PROGRESS.matcher(lines.get(i).text());
      if (!m.matches()) {
        continue;
      }
      long eta =
          (m.group(2) == null ? 0 : 60 * Long.parseLong(m.group(2))) + Long.parseLong(m.group(3));
      String done = "samplesize: " + m.group(1) + ": done";
      long end = -1;
      for (int j = i + 1; j < lines.size() && end < 0; j++) {
        if (lines.get(j).text().startsWith(done)) {
          end = lines.get(j).nanos();
        }
      }
      assertTrue(end >= 0, "the stage ends: " + lines);
      double left = (end - lines.get(i).nanos()) / 1e9;
      // Rounded to whole seconds: within a second of the time the stage really had left.
      assertEquals(left, eta, 1.0, lines.get(i).text() + " with " + left + " s left");
      checked++;
    }
    assertTrue(checked > 20, "progress lines with an ETA: " + lines);
  }
}
