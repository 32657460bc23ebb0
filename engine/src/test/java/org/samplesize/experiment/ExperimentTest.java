package org.samplesize.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.samplesize.io.LockHolder;

class ExperimentTest {
  @TempDir Path dir;

  private RunSettings settings(Map<String, Object> extra) {
    Map<String, Object> flags = new java.util.HashMap<>(extra);
    flags.put("out", dir.resolve("out").toString());
    return SettingsIO.resolve(null, flags);
  }

  @Test
  void recordsHandedOverOutOfOrderAndTwiceAreJournaledOnceEachAsTheyArrive() throws Exception {
    // An executor that trains in parallel hands records over as its tasks finish, in any order,
    // and a retried or speculative task may hand one over twice: each is journaled once, at once.
    List<Integer> journaledWhenHanded = new java.util.ArrayList<>();
    Path journalFile = dir.resolve("out").resolve(Journal.FILE_NAME);
    FakeStages stages =
        new FakeStages(270) {
          @Override
          public void train(
              Plan plan,
              FeatureSet features,
              List<PlannedModel> models,
              RunSettings s,
              ProgressListener progress,
              java.util.function.Consumer<ModelRecord> finished) {
            List<ModelRecord> records =
                new java.util.ArrayList<>(train(plan, features, models, s, progress));
            java.util.Collections.reverse(records);
            for (ModelRecord r : records) {
              finished.accept(r);
              finished.accept(r); // a second attempt of the same model
              journaledWhenHanded.add(journalLines(journalFile));
            }
          }
        };
    Experiment.Outcome o = Experiment.run(settings(Map.of()), stages, ProgressListener.NONE);
    assertEquals(20, o.trainedNow());
    assertEquals(20, o.resultRows());
    List<String> ids =
        Files.readAllLines(journalFile).stream()
            .filter(l -> l.contains("\"kind\":\"model\""))
            .map(l -> l.replaceAll(".*\"id\":\"([^\"]+)\".*", "$1"))
            .toList();
    assertEquals(20, ids.size(), "each model once");
    assertEquals(20, new java.util.HashSet<>(ids).size());
    // Durable as it arrived: after the k-th model the journal held the header and k models.
    assertEquals(20, journaledWhenHanded.size(), "the orchestrator takes records as they come");
    for (int k = 0; k < journaledWhenHanded.size(); k++) {
      assertEquals(k + 2, journaledWhenHanded.get(k), "after model " + (k + 1));
    }
  }

  private static int journalLines(Path f) {
    try {
      return Files.readAllLines(f).size();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
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

  /**
   * A learner that never learned (accuracy 0 for every model) got an answer and a target size with
   * no word that its curve does not rise; the run now says so, on the console and in the report.
   */
  @Test
  void aCurveFlatAtZeroIsSaidInTheRunsAnswersAndReport() throws Exception {
    FakeStages stages = new FakeStages(270);
    stages.constantAccuracy = 0.0;
    stages.realFit = true;
    Experiment.Outcome o =
        Experiment.run(
            settings(Map.of("targets", List.of(0.9), "bootstrap", 0)),
            stages,
            ProgressListener.NONE);
    String flat =
        "the metric is 0.0000 at every size from 14 to 135 and in every repeat: the curve does"
            + " not rise";
    assertTrue(
        o.moreAnswers().stream().anyMatch(a -> a.startsWith("Warning: " + flat)),
        o.moreAnswers().toString());
    assertTrue(Files.readString(dir.resolve("out/report.html")).contains(flat));
  }

  @Test
  void aBf16RunRecordsItsPrecisionAndAnFp32ResumeIsRefused() throws Exception {
    Experiment.run(
        settings(Map.of("fine-tune", true, "precision", "bf16")),
        new FakeStages(270),
        ProgressListener.NONE);
    JsonNode p = new ObjectMapper().readTree(dir.resolve("out/provenance.json").toFile());
    assertEquals("bf16", p.at("/settings/precision").asText(), p.toString());
    assertEquals("bf16", p.at("/stages/precision_requested").asText(), p.toString());
    assertTrue(
        Files.readAllLines(dir.resolve("out/journal.jsonl"))
            .get(0)
            .contains("\"precision\":\"bf16\""));
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                Experiment.run(
                    settings(Map.of("fine-tune", true)),
                    new FakeStages(270),
                    ProgressListener.NONE));
    assertTrue(
        e.getMessage().contains("precision: the journal has \"bf16\", this run (default)"),
        e.getMessage());
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
    assertTrue(e.getMessage().startsWith("--fractions 0.5: "), e.getMessage());
    assertTrue(e.getMessage().contains("at least 2 distinct subsample sizes"), e.getMessage());
    assertTrue(e.getMessage().contains("--fractions"), e.getMessage());
  }

  @Test
  void aSecondRunOnAFolderInUseIsRefusedAtOnceNamingTheHolder() throws Exception {
    Path out = dir.resolve("out");
    try (LockHolder other = LockHolder.start("folder", out)) {
      FakeStages stages = new FakeStages(270);
      InvalidInputException e =
          assertThrows(
              InvalidInputException.class,
              () -> Experiment.run(settings(Map.of()), stages, ProgressListener.NONE));
      assertTrue(
          e.getMessage()
              .startsWith(
                  "--out "
                      + out
                      + " is in use by another samplesize command (process "
                      + other.pid()
                      + ")"),
          e.getMessage());
      assertEquals(0, stages.trainCalls, "refused before any work");
      assertFalse(Files.exists(out.resolve(Journal.FILE_NAME)));
    }
    Experiment.Outcome o =
        Experiment.run(settings(Map.of()), new FakeStages(270), ProgressListener.NONE);
    assertEquals(20, o.trainedNow(), "free again once the other run ended");
  }

  @Test
  void aFolderOfTheUsersOwnFilesIsNeverWrittenInto() throws Exception {
    Path out = Files.createDirectories(dir.resolve("out"));
    for (String f : List.of("results.csv", "report.html", "fit.json")) {
      Files.writeString(out.resolve(f), "the user's own " + f);
    }
    FakeStages stages = new FakeStages(270);
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> Experiment.run(settings(Map.of()), stages, ProgressListener.NONE));
    assertTrue(e.getMessage().contains("holds files samplesize did not write"), e.getMessage());
    assertEquals(0, stages.trainCalls);
    for (String f : List.of("results.csv", "report.html", "fit.json")) {
      assertEquals("the user's own " + f, Files.readString(out.resolve(f)));
    }
    try (var files = Files.list(out)) {
      assertEquals(3, files.count(), "nothing added");
    }
  }

  @Test
  void anOutputFolderInsideTheImageFolderIsRefused() throws Exception {
    Path photos = Files.createDirectories(dir.resolve("photos").resolve("daisy")).getParent();
    Map<String, Object> flags = new java.util.HashMap<>();
    flags.put("data", photos.toString());
    flags.put("out", photos.resolve("out").toString());
    RunSettings s = SettingsIO.resolve(null, flags);
    FakeStages stages = new FakeStages(270);
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> Experiment.run(s, stages, ProgressListener.NONE));
    assertTrue(
        e.getMessage().startsWith("--out " + photos.resolve("out") + " is inside the image folder"),
        e.getMessage());
    assertFalse(Files.exists(photos.resolve("out")), "the data set is left as it was");

    flags.put("out", dir.resolve("out").toString());
    flags.put("cache", photos.resolve("cache").toString());
    e =
        assertThrows(
            InvalidInputException.class,
            () ->
                Experiment.run(
                    SettingsIO.resolve(null, flags), new FakeStages(270), ProgressListener.NONE));
    assertTrue(e.getMessage().startsWith("--cache "), e.getMessage());
  }

  @Test
  void aFailureWhileTheOutputsAreMadeReplacesNoneOfThem() throws Exception {
    RunSettings s = settings(Map.of("validate", true));
    FakeStages stages = new FakeStages(270);
    Experiment.run(s, stages, ProgressListener.NONE);
    Path out = dir.resolve("out");
    Map<String, String> before = contents(out);
    assertEquals("{\"fit\": 1}\n", before.get("fit.json"));

    // The fit stage stages its files, then making the report fails (a full disk).
    stages.failInProvenance =
        new java.io.UncheckedIOException(new java.io.IOException("No space left on device"));
    assertThrows(
        java.io.UncheckedIOException.class,
        () -> Experiment.run(settings(Map.of()), stages, ProgressListener.NONE));
    assertEquals(2, stages.fitCalls, "the fit ran and staged fit.json again");
    assertEquals(before, contents(out), "every output as the last complete run left it");
  }

  /** Every file in {@code out} by name (temporary files included), with its text. */
  private static Map<String, String> contents(Path out) throws Exception {
    Map<String, String> m = new java.util.TreeMap<>();
    try (var files = Files.list(out)) {
      for (Path p : files.toList()) {
        m.put(p.getFileName().toString(), Files.readString(p));
      }
    }
    return m;
  }

  @Test
  void aRerunWithoutValidateDescribesThatRunAndCountsItsOwnModels() throws Exception {
    Path out = dir.resolve("out");
    Experiment.run(settings(Map.of("validate", true)), new FakeStages(270), ProgressListener.NONE);
    assertTrue(Files.exists(out.resolve(Experiment.VALIDATION_FILE)));

    Experiment.Outcome o =
        Experiment.run(settings(Map.of()), new FakeStages(270), ProgressListener.NONE);
    assertEquals(0, o.trainedNow());
    assertEquals(20, o.resumed(), "the 20 models of this plan, not the journal's 21");
    assertTrue(o.validations().isEmpty());
    assertFalse(
        Files.exists(out.resolve(Experiment.VALIDATION_FILE)),
        "no validation.json of another run beside a report that omits it");
    assertFalse(Files.readString(out.resolve("report.html")).contains("<h2>Validation</h2>"));
    JsonNode p = new ObjectMapper().readTree(out.resolve("provenance.json").toFile());
    assertEquals(20, p.at("/models_journaled").asInt());
    assertEquals(20, p.at("/stages/training_backends_used/fake-cpu").asInt());

    // With validate again, the journaled validation model is used, not trained twice.
    FakeStages again = new FakeStages(270);
    o = Experiment.run(settings(Map.of("validate", true)), again, ProgressListener.NONE);
    assertEquals(0, o.trainedNow());
    assertEquals(21, o.resumed());
    assertTrue(Files.exists(out.resolve(Experiment.VALIDATION_FILE)));
    assertTrue(Files.readString(out.resolve("report.html")).contains("<h2>Validation</h2>"));
  }
}
