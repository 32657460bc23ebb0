package org.samplesize.experiment;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.ProgressListener;
import org.samplesize.io.AtomicFiles;
import org.samplesize.report.ResultsCsv;

class CurveFitStageTest {
  @TempDir Path out;

  @Test
  void aWarningAboutARowNamesResultsCsvNotTheStagedCopyTheFitRead() throws Exception {
    StringBuilder csv = new StringBuilder("fraction,size,repeat,accuracy,test_size\n");
    double[] means = {0.60, 0.70, 0.78, 0.83};
    int[] sizes = {50, 100, 200, 400};
    for (int s = 0; s < sizes.length; s++) {
      for (int r = 0; r < 4; r++) {
        // Line 6 (size 100, repeat 0) lies far from its size's other repeats.
        double acc = s == 1 && r == 0 ? 0.30 : means[s] + 0.002 * r;
        csv.append(0.0625 * (1 << s))
            .append(',')
            .append(sizes[s])
            .append(',')
            .append(r)
            .append(',')
            .append(acc)
            .append(",500\n");
      }
    }
    JsonNode fit;
    org.samplesize.report.FitSummary summary;
    try (AtomicFiles.Batch outputs = AtomicFiles.batch()) {
      Path staged = outputs.stageString(out.resolve(ResultsCsv.FILE_NAME), csv.toString());
      assertFalse(staged.getFileName().toString().equals(ResultsCsv.FILE_NAME), staged.toString());
      summary =
          CurveFitStage.fit(
              staged,
              out,
              outputs,
              800,
              SettingsIO.resolve(null, Map.of("bootstrap", 20)),
              ProgressListener.NONE);
      outputs.commit();
    }
    fit = new ObjectMapper().readTree(Files.readString(out.resolve("fit.json")));
    String warnings = fit.path("curves").get(0).path("warnings").toString();
    assertTrue(warnings.contains(out.resolve("results.csv") + ":6: accuracy"), warnings);
    assertFalse(warnings.contains(".tmp"), warnings);
    // Shown beside the answer too (it was in fit.json alone), with a run's advice: its rows are
    // trained models, and results.csv is written again from the journal, so "fix or remove the
    // row" could not be followed.
    String shown = String.join("\n", summary.warnings(Answers.answerCurve(summary)));
    assertTrue(shown.contains(out.resolve("results.csv") + ":6: accuracy 0.3"), shown);
    assertTrue(shown.contains("more --repeats at that size lessen its weight"), shown);
    assertFalse(shown.contains("remove the row"), shown);
  }
}
