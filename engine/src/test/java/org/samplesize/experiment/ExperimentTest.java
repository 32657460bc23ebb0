package org.samplesize.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.InvalidInputException;
import org.samplesize.ProgressListener;

class ExperimentTest {
  @TempDir Path dir;

  private RunSettings settings(Map<String, Object> extra) {
    Map<String, Object> flags = new java.util.HashMap<>(extra);
    flags.put("out", dir.resolve("out").toString());
    return SettingsIO.resolve(null, flags);
  }

  @Test
  void aRunWritesEveryOutput() throws Exception {
    RunSettings s = settings(Map.of("validate", true, "targets", List.of(0.95)));
    FakeStages stages = new FakeStages(270);
    Experiment.Outcome o = Experiment.run(s, stages, ProgressListener.NONE);
    Path out = dir.resolve("out");
    assertEquals(21, o.trainedNow());
    assertEquals(20, o.resultRows());
    for (String f :
        List.of(
            "journal.jsonl",
            "results.csv",
            "provenance.json",
            "settings.yaml",
            "report.html",
            "validation.json")) {
      assertTrue(Files.isRegularFile(out.resolve(f)), f);
    }
    List<String> csv = Files.readAllLines(out.resolve("results.csv"));
    assertTrue(
        csv.get(0)
            .startsWith("curve,fraction,size,repeat,accuracy,auc,roc_auc,macro_f1,test_size,"),
        csv.get(0));
    assertEquals(21, csv.size());
    assertTrue(csv.get(1).startsWith("head,0.05,14,0,"), csv.get(1));

    JsonNode v = new ObjectMapper().readTree(out.resolve("validation.json").toFile());
    assertEquals(270, v.get("n").asInt());
    assertEquals("accuracy", v.get("metric").asText());
    double measured = 0.9 - 0.5 / Math.sqrt(270);
    assertEquals(measured, v.get("measured").asDouble(), 0.011);
    assertTrue(v.get("lo").asDouble() < v.get("predicted").asDouble());

    JsonNode p = new ObjectMapper().readTree(out.resolve("provenance.json").toFile());
    assertEquals(42, p.at("/seeds/root").asInt());
    assertEquals(21, p.at("/seeds/models").size());
    assertEquals("11", p.at("/model/sha256").asText());
    assertEquals(21, p.at("/stages/training_backends_used/fake-cpu").asInt());
    assertTrue(p.at("/platform/java_version").isTextual());
    assertTrue(p.at("/timings_s/training").isNumber());

    String html = Files.readString(out.resolve("report.html"));
    assertTrue(html.contains("To reach 95% accuracy you need about 1,230 images"), html);
    assertTrue(html.contains("<svg id=\"plot\">"));
    assertTrue(html.contains("b/broken.jpg: not a JPEG"));
    assertTrue(o.answer().startsWith("To reach 95% accuracy"), o.answer());
    assertTrue(
        o.moreAnswers().stream().anyMatch(a -> a.startsWith("With all ")),
        "the prediction at full size is printed beside the target answer: " + o.moreAnswers());
  }

  @Test
  void aSecondRunSkipsEveryFinishedModel() {
    // One model per pass: a crash loses only the model in flight.
    RunSettings s = settings(Map.of("models-per-pass", 1));
    FakeStages first = new FakeStages(270);
    first.failAfter = 7;
    assertThrows(
        IllegalStateException.class, () -> Experiment.run(s, first, ProgressListener.NONE));

    FakeStages second = new FakeStages(270);
    Experiment.Outcome o = Experiment.run(s.withOut(s.out()), second, ProgressListener.NONE);
    assertEquals(7, o.resumed());
    assertEquals(13, o.trainedNow());
    Set<String> all = new HashSet<>(first.trained.subList(0, 7));
    for (String id : second.trained) {
      assertTrue(all.add(id), "trained twice: " + id);
    }
    assertEquals(20, all.size());
    assertEquals(20, o.resultRows());

    FakeStages third = new FakeStages(270);
    Experiment.Outcome again = Experiment.run(s, third, ProgressListener.NONE);
    assertEquals(0, again.trainedNow());
    assertEquals(0, third.featureCalls, "no features needed when nothing is pending");
  }

  @Test
  void otherSettingsOnTheSameFolderAreRefused() {
    Experiment.run(settings(Map.of()), new FakeStages(270), ProgressListener.NONE);
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                Experiment.run(
                    settings(Map.of("seed", 43L)), new FakeStages(270), ProgressListener.NONE));
    assertTrue(e.getMessage().contains("seed: the journal has 42, this run 43"), e.getMessage());
  }

  @Test
  void modelsArePassedInBatchesAndJournaledInPlanOrder() throws Exception {
    FakeStages stages = new FakeStages(270);
    Experiment.run(
        settings(Map.of("models-per-pass", 6, "fine-tune", true)), stages, ProgressListener.NONE);
    assertEquals(8, stages.trainCalls); // 20 + 20 models in passes of 6, never mixing curves
    List<String> lines = Files.readAllLines(dir.resolve("out/journal.jsonl"));
    assertEquals(41, lines.size());
    assertTrue(lines.get(1).contains("\"id\":\"head/f0.05/r0\""), lines.get(1));
    assertTrue(lines.get(40).contains("\"id\":\"fine-tune/f0.5/r4\""), lines.get(40));
    List<String> csv = Files.readAllLines(dir.resolve("out/results.csv"));
    assertEquals(41, csv.size());
    assertTrue(csv.get(21).startsWith("fine-tune,0.05,"), csv.get(21));
  }

  @Test
  void fractionsThatRoundToOneSizeFailBeforeAnyFeatureIsExtracted() {
    FakeStages stages = new FakeStages(270);
    RunSettings s = settings(Map.of("fractions", List.of(0.001, 0.002), "validate", true));
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> Experiment.run(s, stages, ProgressListener.NONE));
    assertTrue(e.getMessage().startsWith("--fractions: curve 'head' would have only the size [1]"));
    assertTrue(e.getMessage().contains("270 training images"), e.getMessage());
    assertEquals(0, stages.featureCalls, "checked before the features");
    assertEquals(0, stages.trainCalls);
  }

  @Test
  void oneFractionIsRefusedWhenTheSettingsAreMade() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> settings(Map.of("fractions", List.of(0.5), "validate", true)));
    assertTrue(e.getMessage().startsWith("setting 'fractions' = [0.5]: "), e.getMessage());
    assertTrue(e.getMessage().contains("at least 2 distinct subsample sizes"), e.getMessage());
    assertTrue(e.getMessage().contains("--fractions"), e.getMessage());
  }
}
