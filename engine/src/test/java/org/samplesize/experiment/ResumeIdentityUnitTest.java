package org.samplesize.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.InvalidInputException;

/**
 * What a journal's identity holds and how two identities differ, on settings resolved in memory and
 * folders made in a temporary directory: which settings change the experiment and which are only
 * spelt differently, the refusal of a journal that lacks a fingerprint, and the data named by its
 * real path or its staged copy's origin. Fast; {@link ResumeIdentityTest} checks the same through
 * the CLI and the real stages.
 */
class ResumeIdentityUnitTest {
  @TempDir Path dir;

  @Test
  void differencesIgnoreNumberSpellingButNotValues() {
    var a = ResumeIdentity.identity(RunSettings.defaults());
    var b = ResumeIdentity.identity(SettingsIO.resolve(null, Map.of("train-fraction", 0.90)));
    assertEquals(List.of(), ResumeIdentity.differences(a, b));
    var c = ResumeIdentity.identity(SettingsIO.resolve(null, Map.of("with-replacement", true)));
    assertEquals(
        List.of("with-replacement: the journal has false, this run true"),
        ResumeIdentity.differences(a, c));
  }

  /**
   * The questions and the fit's settings are recorded only by an adaptive run: a plain run against
   * an adaptive journal (or the other way) differs only in {@code until-width} when they are at
   * their defaults, and was said to differ in targets, bootstrap, level and method as well.
   */
  @Test
  void anAdaptiveJournalAndAPlainRunDifferOnlyInWhatTheyReallyChange() {
    var plain = ResumeIdentity.identity(RunSettings.defaults());
    var adaptive = ResumeIdentity.identity(SettingsIO.resolve(null, Map.of("until-width", 0.02)));
    assertEquals(
        List.of("until-width: the journal has 0.02, this run (off)"),
        ResumeIdentity.differences(adaptive, plain));
    assertEquals(
        List.of("until-width: the journal has (off), this run 0.5"),
        ResumeIdentity.differences(
            plain, ResumeIdentity.identity(SettingsIO.resolve(null, Map.of("until-width", 0.5)))));
    // A fit setting away from its default is still said.
    var other =
        ResumeIdentity.identity(
            SettingsIO.resolve(null, Map.of("until-width", 0.02, "bootstrap", 500)));
    assertEquals(
        List.of(
            "bootstrap: the journal has 500, this run (default)",
            "until-width: the journal has 0.02, this run (off)"),
        ResumeIdentity.differences(other, plain));
  }

  /**
   * Each model's draw and seed come from its fraction and repeat, not from the fraction's place in
   * the list: the same fractions in another order are the same models, and were refused as other
   * settings.
   */
  @Test
  void fractionsInAnotherOrderAreTheSameExperiment() {
    var a =
        ResumeIdentity.identity(
            SettingsIO.resolve(null, Map.of("fractions", List.of(0.1, 0.5, 1.0))));
    var b =
        ResumeIdentity.identity(
            SettingsIO.resolve(null, Map.of("fractions", List.of(1.0, 0.1, 0.50))));
    assertEquals(List.of(), ResumeIdentity.differences(a, b));
    var c =
        ResumeIdentity.identity(
            SettingsIO.resolve(null, Map.of("fractions", List.of(1.0, 0.1, 0.25))));
    assertEquals(
        List.of("fractions: the journal has [0.1,0.5,1.0], this run [1.0,0.1,0.25]"),
        ResumeIdentity.differences(a, c));
  }

  /**
   * The head's training settings spelt out at their defaults ({@code --epochs 10 --patience 3
   * --batch-size 64 --learning-rate 0.001}, as the help states them) train the same models as none
   * given, and were refused: "epochs: the journal has (default), this run 10".
   */
  @Test
  void trainingSettingsSpeltOutAtTheirDefaultsAreTheSameExperiment() {
    var a = ResumeIdentity.identity(RunSettings.defaults());
    var b =
        ResumeIdentity.identity(
            SettingsIO.resolve(
                null,
                Map.of("epochs", 10, "patience", 3, "batch-size", 64, "learning-rate", 0.001)));
    assertEquals(List.of(), ResumeIdentity.differences(a, b));
    assertEquals(List.of(), ResumeIdentity.differences(b, a));
    var c = ResumeIdentity.identity(SettingsIO.resolve(null, Map.of("epochs", 20)));
    assertEquals(
        List.of("epochs: the journal has (default), this run 20"),
        ResumeIdentity.differences(a, c));
  }

  /**
   * An adaptive run's {@code --max-models} spelt out at its default (three times the planned
   * models: 4 fractions x 5 repeats x 3 = 60) adds the same models as none given.
   */
  @Test
  void maxModelsSpeltOutAtItsDefaultIsTheSameExperiment() {
    var a = ResumeIdentity.identity(SettingsIO.resolve(null, Map.of("until-width", 0.02)));
    var b =
        ResumeIdentity.identity(
            SettingsIO.resolve(null, Map.of("until-width", 0.02, "max-models", 60)));
    assertEquals(List.of(), ResumeIdentity.differences(a, b));
    assertEquals(List.of(), ResumeIdentity.differences(b, a));
    var c =
        ResumeIdentity.identity(
            SettingsIO.resolve(null, Map.of("until-width", 0.02, "max-models", 40)));
    assertEquals(
        List.of("max-models: the journal has 60, this run 40"), ResumeIdentity.differences(a, c));
    // Other repeats: the default budget follows them, and the repeats are what is said.
    var d =
        ResumeIdentity.identity(
            SettingsIO.resolve(null, Map.of("until-width", 0.02, "repeats", 3)));
    assertEquals(
        List.of("repeats: the journal has 5, this run 3"), ResumeIdentity.differences(a, d));
  }

  /**
   * A plain run into an adaptive run's folder differs in its adaptive phase; its budget is part of
   * that phase, not a second difference ("max-models: the journal has 60, this run (default)").
   */
  @Test
  void aPlainRunAfterAnAdaptiveOneIsToldOfTheAdaptivePhaseOnly() {
    var adaptive =
        ResumeIdentity.identity(
            SettingsIO.resolve(null, Map.of("until-width", 0.02, "max-models", 60)));
    var plain = ResumeIdentity.identity(SettingsIO.resolve(null, Map.of()));
    List<String> d = ResumeIdentity.differences(adaptive, plain);
    assertEquals(1, d.size(), d.toString());
    assertTrue(d.get(0).startsWith("until-width: "), d.toString());
    assertEquals(1, ResumeIdentity.differences(plain, adaptive).size());
  }

  @Test
  void aJournalWithoutListingOrCardFingerprintIsRefusedNamingIt() {
    String card = org.samplesize.features.ModelCard.DEFAULT;
    String cardSha = org.samplesize.features.ModelCard.load(card).numbersSha256();
    com.fasterxml.jackson.databind.node.ObjectNode now =
        ResumeIdentity.identity(RunSettings.defaults());
    now.put("data", "tf_flowers");
    now.put("model", card);
    now.put(ResumeIdentity.MODEL_SHA, org.samplesize.features.ModelCard.load(card).sha256());
    now.put(ResumeIdentity.DATA_SHA, org.samplesize.data.DatasetResolver.FLOWERS_SHA256);
    now.put(ResumeIdentity.DATA_IMAGES, 3670);
    now.put(ResumeIdentity.DATA_LISTING, "1".repeat(64));
    now.put(ResumeIdentity.CARD_SHA, cardSha);
    Path out = Path.of("/o");
    assertEquals(null, ResumeIdentity.resumeRefusal(now.deepCopy(), now, out));
    for (String key : List.of(ResumeIdentity.DATA_LISTING, ResumeIdentity.CARD_SHA)) {
      com.fasterxml.jackson.databind.node.ObjectNode old = now.deepCopy();
      old.remove(key);
      String refusal = ResumeIdentity.resumeRefusal(old, now, out);
      assertTrue(refusal.contains("did not record " + key), refusal);
    }

    // A count change alone is still said.
    com.fasterxml.jackson.databind.node.ObjectNode more = now.deepCopy();
    more.put(ResumeIdentity.DATA_IMAGES, 3710);
    assertEquals(
        List.of(
            "data: the images under tf_flowers changed since the journal was written (3670 image"
                + " files then, 3710 now)"),
        ResumeIdentity.differences(now, more));
  }

  @Test
  void aResumeWithOneChangedSettingNamesThatSetting() {
    // Fine-tuning on both sides, so that its block counts.
    RunSettings tuned = SettingsIO.resolve(null, Map.of("fine-tune", true));
    var journaled = ResumeIdentity.identity(tuned);
    for (Map.Entry<String, Object> e :
        Map.<String, Object>of(
                "seed",
                7L,
                "repeats",
                3,
                "fractions",
                List.of(0.1, 0.2),
                "unfreeze-from",
                "block_12",
                "stratified",
                false)
            .entrySet()) {
      var now =
          ResumeIdentity.identity(
              SettingsIO.resolve(null, Map.of("fine-tune", true, e.getKey(), e.getValue())));
      List<ResumeIdentity.SettingChange> changes = ResumeIdentity.changes(journaled, now);
      assertEquals(1, changes.size(), changes.toString());
      ResumeIdentity.SettingChange c = changes.get(0);
      assertEquals(e.getKey(), c.key());
      assertEquals(SettingsIO.toTree(tuned).get(e.getKey()).toString(), c.journaled());
      assertTrue(c.message().startsWith(e.getKey() + ": the journal has "), c.message());
    }
    // Settings that may change between runs of the same experiment are no change at all.
    var elsewhere =
        ResumeIdentity.identity(
            SettingsIO.resolve(
                null,
                Map.of("fine-tune", true, "out", "elsewhere", "threads", 1, "device", "cpu")));
    assertEquals(List.of(), ResumeIdentity.changes(journaled, elsewhere));
  }

  @Test
  void bf16JoinsTheIdentityAndAResumeInAnotherPrecisionIsRefused() {
    com.fasterxml.jackson.databind.node.ObjectNode fp32 =
        ResumeIdentity.identity(SettingsIO.resolve(null, Map.of("precision", "fp32")));
    com.fasterxml.jackson.databind.node.ObjectNode bf16 =
        ResumeIdentity.identity(SettingsIO.resolve(null, Map.of("precision", "BF16")));
    // Journals written before the setting existed are fp32 and have no such key: they still match.
    assertTrue(fp32.path("precision").isMissingNode(), fp32.toString());
    assertEquals(fp32, ResumeIdentity.identity(RunSettings.defaults()));
    assertEquals("bf16", bf16.path("precision").asText(), bf16.toString());
    // Without fine-tuning the precision changes no model (the heads train in fp32): the same
    // experiment. With it, another precision is refused, naming it.
    assertEquals(List.of(), ResumeIdentity.changes(bf16, fp32));
    com.fasterxml.jackson.databind.node.ObjectNode tunedFp32 =
        ResumeIdentity.identity(
            SettingsIO.resolve(null, Map.of("precision", "fp32", "fine-tune", true)));
    com.fasterxml.jackson.databind.node.ObjectNode tunedBf16 =
        ResumeIdentity.identity(
            SettingsIO.resolve(null, Map.of("precision", "bf16", "fine-tune", true)));
    List<ResumeIdentity.SettingChange> changes = ResumeIdentity.changes(tunedBf16, tunedFp32);
    assertEquals(1, changes.size(), changes.toString());
    assertEquals("precision", changes.get(0).key());
    assertEquals("\"bf16\"", changes.get(0).journaled());
    assertEquals(1, ResumeIdentity.changes(tunedFp32, tunedBf16).size());
    // settings.yaml and provenance carry it
    assertEquals(
        "bf16",
        SettingsIO.toTree(SettingsIO.resolve(null, Map.of("precision", "bf16")))
            .get("precision")
            .asText());
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> SettingsIO.resolve(null, Map.of("precision", "fp16")));
    assertTrue(e.getMessage().startsWith("--precision fp16: "), e.getMessage());
    // settings written before the setting existed read as fp32
    com.fasterxml.jackson.databind.node.ObjectNode older =
        SettingsIO.toTree(RunSettings.defaults());
    older.remove("precision");
    assertEquals("fp32", SettingsIO.fromTree(older).precision());
  }

  @Test
  void jpegDctScalingJoinsTheIdentityOnlyWhenOn() {
    com.fasterxml.jackson.databind.node.ObjectNode off =
        ResumeIdentity.identity(SettingsIO.resolve(null, Map.of()));
    com.fasterxml.jackson.databind.node.ObjectNode on =
        ResumeIdentity.identity(SettingsIO.resolve(null, Map.of("jpeg-dct-scaling", true)));
    // Journals written before the setting existed have no such key; with it off they still match.
    assertTrue(off.path("jpeg-dct-scaling").isMissingNode(), off.toString());
    assertTrue(on.path("jpeg-dct-scaling").asBoolean(), on.toString());
    off.remove("jpeg-dct-scaling");
    on.remove("jpeg-dct-scaling");
    assertEquals(off, on);
  }

  @Test
  void exifOrientationJoinsTheIdentityOnlyWhenOn() throws Exception {
    com.fasterxml.jackson.databind.node.ObjectNode off =
        ResumeIdentity.identity(SettingsIO.resolve(null, Map.of()));
    com.fasterxml.jackson.databind.node.ObjectNode on =
        ResumeIdentity.identity(SettingsIO.resolve(null, Map.of("exif-orientation", true)));
    assertTrue(off.path("exif-orientation").isMissingNode(), off.toString());
    assertTrue(on.path("exif-orientation").asBoolean(), on.toString());
    assertEquals(
        List.of("exif-orientation: the journal has (default), this run true"),
        ResumeIdentity.differences(off, on));
    Path yaml = dir.resolve("exif.yaml");
    Files.writeString(yaml, "exif-orientation: true\n");
    assertTrue(SettingsIO.resolve(yaml, Map.of()).exifOrientation());
  }

  @Test
  void dataIsComparedAsItsRealPath() throws Exception {
    assertEquals("tf_flowers", ResumeIdentity.canonicalData("tf_flowers"));
    Path real = Files.createDirectories(dir.resolve("halfbad"));
    Path link = Files.createSymbolicLink(dir.resolve("link"), real);
    String relative = Path.of("").toAbsolutePath().relativize(real).toString();
    String want = real.toRealPath().toString();
    assertEquals(want, ResumeIdentity.canonicalData(real.toString()));
    assertEquals(want, ResumeIdentity.canonicalData(relative));
    assertEquals(want, ResumeIdentity.canonicalData(link + "/../halfbad/."));
    assertEquals(want, ResumeIdentity.canonicalData(link.toString()));
    // A folder that does not exist (yet) is compared as its normalised absolute path.
    assertEquals(
        dir.resolve("missing").toAbsolutePath().normalize().toString(),
        ResumeIdentity.canonicalData(dir.resolve("x/../missing").toString()));
  }

  @Test
  void aStagedCopyIsNamedByItsOriginWhereverItLies() throws Exception {
    Path copy = Files.createDirectories(dir.resolve("staged/a/photos"));
    Path other = Files.createDirectories(dir.resolve("elsewhere/photos"));
    assertEquals(copy.toRealPath().toString(), ResumeIdentity.canonicalData(copy.toString()));
    Files.writeString(ResumeIdentity.originFile(copy), "hdfs://nn:8020/photos\n");
    Files.writeString(ResumeIdentity.originFile(other), "hdfs://nn:8020/photos\n");
    assertEquals(dir.resolve("staged/a/.photos.origin"), ResumeIdentity.originFile(copy));
    assertEquals("hdfs://nn:8020/photos", ResumeIdentity.canonicalData(copy.toString()));
    assertEquals("hdfs://nn:8020/photos", ResumeIdentity.canonicalData(other + "/."));
  }

  /**
   * An int8 backbone's features were clamped on a CPU without VNNI before every CPU computed exact
   * int8 products: a journal begun then is refused, not mixed with features computed now; a float
   * backbone records no version, so its journals resume as before.
   */
  @Test
  void aJournalFromBeforeExactInt8ProductsIsRefusedNotMixed() {
    RunSettings s = RunSettings.defaults();
    Plan fake = new FakeStages(270).plan(s, org.samplesize.ProgressListener.NONE);
    Plan int8 =
        new Plan(
            fake.dataset(),
            "mobilenetv2-12-int8",
            org.samplesize.SharedData.model("mobilenetv2-12-int8.onnx").toString(),
            fake.modelSha256(),
            fake.models());
    Plan fp32 =
        new Plan(
            fake.dataset(),
            "mobilenetv2-12-fp32-dequant",
            org.samplesize.SharedData.model("mobilenetv2-12-fp32-dequant.onnx").toString(),
            fake.modelSha256(),
            fake.models());
    var now = ResumeIdentity.identity(s, int8);
    assertEquals(
        org.samplesize.features.Int8Products.NUMBERS_VERSION,
        now.path(ResumeIdentity.INT8_NUMBERS).asInt());
    assertTrue(ResumeIdentity.identity(s, fp32).path(ResumeIdentity.INT8_NUMBERS).isMissingNode());
    var older = now.deepCopy();
    older.remove(ResumeIdentity.INT8_NUMBERS); // what builds before the version was recorded wrote
    String why = ResumeIdentity.resumeRefusal(older, now, dir.resolve("out"));
    assertTrue(why.contains("earlier samplesize"), why);
    assertTrue(why.contains("int8"), why);
    assertTrue(why.contains("would mix features of two kinds"), why);
    // Another model file is said as such, without the version that goes with it.
    var otherModel = now.deepCopy();
    otherModel.put(ResumeIdentity.MODEL_SHA, "other");
    String other = ResumeIdentity.resumeRefusal(older, otherModel, dir.resolve("out"));
    assertTrue(other.contains(ResumeIdentity.MODEL_SHA), other);
    assertTrue(!other.contains(ResumeIdentity.INT8_NUMBERS), other);
  }
}
