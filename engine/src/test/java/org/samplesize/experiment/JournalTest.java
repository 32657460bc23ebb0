package org.samplesize.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.InvalidInputException;
import org.samplesize.ProgressListener;
import org.samplesize.data.DatasetResolver;
import org.samplesize.features.ModelCard;
import org.samplesize.train.Precision;

class JournalTest {
  @TempDir Path dir;

  /** The plan of the default settings (fake data): what journaled models are checked against. */
  private static Plan plan() {
    return new FakeStages(270).plan(RunSettings.defaults(), ProgressListener.NONE);
  }

  /** A finished model of {@link #plan()} (or, for an id not in it, made-up fields). */
  private static ModelRecord record(String id, double acc) {
    PlannedModel m =
        plan().models().stream()
            .filter(p -> p.id().equals(id))
            .findFirst()
            .orElse(new PlannedModel(id, "head", 0.1, 0, 33, 7L, "abc"));
    return record(m, acc, plan().dataset().testSize());
  }

  /**
   * A finished model with the planned model's fields, {@code acc} as its accuracy and fixed other
   * metrics, scored on {@code testSize} images (also for AdaptiveObservationsTest).
   */
  static ModelRecord record(PlannedModel m, double acc, int testSize) {
    return new ModelRecord(
        m.id(),
        m.curve(),
        m.fraction(),
        m.repeat(),
        m.size(),
        m.seed(),
        m.indicesHash(),
        acc,
        0.9,
        0.91,
        0.8,
        0.5,
        List.of(0.7, 0.9),
        testSize,
        12,
        9,
        120,
        "cpu",
        "CPUExecutionProvider",
        "2026-11-29T11:00:00Z");
  }

  private static ObjectNode identity() {
    return identity(RunSettings.defaults());
  }

  /** The identity a run journals: the settings plus what its plan found (fake data and model). */
  private static ObjectNode identity(RunSettings s) {
    return ResumeIdentity.identity(s, new FakeStages(270).plan(s, ProgressListener.NONE));
  }

  /** The first line as samplesize wrote it before the data and model fingerprints existed. */
  private static ObjectNode legacy(RunSettings s) {
    ObjectNode id = ResumeIdentity.identity(s);
    id.remove("jpeg-dct-scaling");
    return id;
  }

  @Test
  void aJournalThatIsAFolderIsAUserErrorNamingIt() throws Exception {
    Path f = Files.createDirectories(dir.resolve(Journal.FILE_NAME));
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> Journal.open(f, identity(), plan(), ProgressListener.NONE));
    assertEquals(
        "the journal " + f + " is a folder, not a file: move or rename it, or choose another --out",
        e.getMessage());
  }

  @Test
  void appendedModelsAreReadBackExactlyAfterReopening() throws Exception {
    Path f = dir.resolve(Journal.FILE_NAME);
    try (Journal j = Journal.open(f, identity(), plan(), ProgressListener.NONE)) {
      j.append(record("head/f0.1/r0", 0.81));
      j.append(record("head/f0.1/r1", 0.82));
    }
    List<String> lines = Files.readAllLines(f);
    assertEquals(3, lines.size());
    assertTrue(lines.get(0).contains("\"kind\":\"experiment\""), lines.get(0));
    assertTrue(
        lines.get(1).startsWith("{\"kind\":\"model\",\"id\":\"head/f0.1/r0\""), lines.get(1));
    assertTrue(lines.get(1).contains("\"roc_auc\":0.91"), lines.get(1));
    try (Journal j = Journal.open(f, identity(), plan(), ProgressListener.NONE)) {
      assertEquals(2, j.records().size());
      assertEquals(record("head/f0.1/r1", 0.82), j.records().get(1));
      assertTrue(j.isDone("head/f0.1/r0"));
      assertFalse(j.isDone("head/f0.1/r2"));
      j.append(record("head/f0.1/r2", 0.83));
    }
    assertEquals(4, Files.readAllLines(f).size());
  }

  @Test
  void anUnfinishedLastLineIsDroppedAndNoted() throws Exception {
    Path f = dir.resolve(Journal.FILE_NAME);
    try (Journal j = Journal.open(f, identity(), plan(), ProgressListener.NONE)) {
      j.append(record("head/f0.1/r0", 0.81));
    }
    long complete = Files.size(f);
    Files.writeString(
        f, "{\"kind\":\"model\",\"id\":\"head/f0.1/r1\",\"accu", StandardOpenOption.APPEND);
    List<String> notes = new ArrayList<>();
    try (Journal j = Journal.open(f, identity(), plan(), ProgressListener.notesTo(notes::add))) {
      assertEquals(1, j.records().size());
      assertEquals(complete, Files.size(f));
      j.append(record("head/f0.1/r1", 0.82));
    }
    assertEquals(1, notes.size());
    assertTrue(notes.get(0).contains("unfinished last line"), notes.get(0));
    try (Journal j = Journal.open(f, identity(), plan(), ProgressListener.NONE)) {
      assertEquals(2, j.records().size());
    }
  }

  /**
   * A whole last line whose line end was lost (an editor that drops the file's last newline) was
   * dropped as unfinished: a finished model trained again, or, after the first line alone, the
   * whole journal replaced by a run with other settings. It is kept, and refused as any other.
   */
  @Test
  void aWholeLastLineWithoutItsLineEndIsKept() throws Exception {
    Path f = journalWithTwoModels(dir);
    String text = Files.readString(f);
    Files.writeString(f, text.substring(0, text.length() - 1));
    List<String> notes = new ArrayList<>();
    try (Journal j = Journal.open(f, identity(), plan(), ProgressListener.notesTo(notes::add))) {
      assertEquals(2, j.records().size());
      assertTrue(j.isDone("head/f0.1/r1"));
      j.append(record("head/f0.1/r2", 0.83));
    }
    assertEquals(List.of(), notes);
    assertEquals(text + Files.readAllLines(f).get(3) + "\n", Files.readString(f));
    try (Journal j = Journal.open(f, identity(), plan(), ProgressListener.NONE)) {
      assertEquals(3, j.records().size());
    }

    // The first line and one model without its line end: not replaced by a run with other
    // settings as a journal without a finished model is.
    List<String> lines = Files.readAllLines(f);
    Files.writeString(f, lines.get(0) + "\n" + lines.get(1));
    assertOtherSettingsRefused(f);
  }

  /**
   * A journal emptied with {@code echo > journal.jsonl} (one blank line) got no first line: models
   * were journaled without the experiment's identity, and a later run with other settings resumed
   * them without a word. It is an empty journal and gets its first line.
   */
  @Test
  void aJournalOfBlankLinesGetsItsFirstLineAndOtherSettingsAreRefused() throws Exception {
    Path f = dir.resolve(Journal.FILE_NAME);
    Files.writeString(f, "\n");
    try (Journal j = Journal.open(f, identity(), plan(), ProgressListener.NONE)) {
      j.append(record("head/f0.1/r0", 0.81));
    }
    List<String> lines = Files.readAllLines(f);
    assertEquals(2, lines.size(), lines.toString());
    assertTrue(lines.get(0).startsWith("{\"kind\":\"experiment\""), lines.get(0));
    assertOtherSettingsRefused(f);
  }

  /**
   * A blank line before the first line: the first line was read as a model line ("line 2: unknown
   * kind 'experiment' ... delete that line"), and without it a model line took its place.
   */
  @Test
  void aBlankLineBeforeTheFirstLineHidesNothing() throws Exception {
    Path f = journalWithTwoModels(dir);
    String text = Files.readString(f);
    Files.writeString(f, "\n" + text);
    try (Journal j = Journal.open(f, identity(), plan(), ProgressListener.NONE)) {
      assertEquals(2, j.records().size());
    }
    // Without the first line, the model line after the blank one is not taken for the journal.
    List<String> lines = Files.readAllLines(f);
    Files.write(f, lines.subList(0, 1));
    Files.writeString(
        f, String.join("\n", lines.subList(2, lines.size())) + "\n", StandardOpenOption.APPEND);
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> Journal.open(f, identity(), plan(), ProgressListener.NONE));
    assertTrue(
        e.getMessage().contains("line 2: the first line must describe the experiment"),
        e.getMessage());
  }

  /**
   * An adaptive step's line emptied by hand left the models it added unplanned, and their lines
   * were refused as models "not in this experiment's plan", as if from another experiment; the
   * refusal now names the blank line and both ways out, and following it resumes.
   */
  @Test
  void anEmptiedAdaptiveStepLineIsNamedWhenItsModelsAreRefused() throws Exception {
    Path f = dir.resolve(Journal.FILE_NAME);
    PlannedModel a = new PlannedModel("head/f0.1/r7", "head", 0.1, 7, 33, 7L, "abc");
    PlannedModel b = new PlannedModel("head/f0.1/r8", "head", 0.1, 8, 33, 8L, "abd");
    try (Journal j = Journal.open(f, identity(), plan(), ProgressListener.NONE)) {
      j.appendStep(new AdaptiveStep(1, List.of(a, b), "repeats at 33", 0.2, 0.1, 1));
      j.append(record(a, 0.8, plan().dataset().testSize()));
      j.append(record(b, 0.81, plan().dataset().testSize()));
    }
    try (Journal j = Journal.open(f, identity(), plan(), ProgressListener.NONE)) {
      assertEquals(2, j.records().size());
    }
    List<String> lines = new ArrayList<>(Files.readAllLines(f));
    lines.set(1, "");
    Files.write(f, lines);
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> Journal.open(f, identity(), plan(), ProgressListener.NONE).close());
    assertTrue(e.getMessage().contains("line 3: model 'head/f0.1/r7'"), e.getMessage());
    assertTrue(e.getMessage().contains("line 2 above is blank"), e.getMessage());
    assertTrue(e.getMessage().contains("restore that line"), e.getMessage());
    assertEquals(4, Files.readAllLines(f).size(), "nothing is deleted");
    // The other way out: the step's model lines deleted, the rest resumes.
    Files.write(f, List.of(lines.get(0)));
    try (Journal j = Journal.open(f, identity(), plan(), ProgressListener.NONE)) {
      assertEquals(0, j.records().size());
    }
  }

  /**
   * The first of two adaptive steps emptied: deleting its models' lines, as the refusal advised,
   * left the second step's line "adaptive step 2 follows step 0 (out of order)", refused in turn.
   * The advice names the later steps' lines too.
   */
  @Test
  void anEmptiedStepBeforeAnotherIsAdvisedToTheEnd() throws Exception {
    Path f = dir.resolve(Journal.FILE_NAME);
    PlannedModel a = new PlannedModel("head/f0.1/r7", "head", 0.1, 7, 33, 7L, "abc");
    PlannedModel b = new PlannedModel("head/f0.1/r8", "head", 0.1, 8, 33, 8L, "abd");
    try (Journal j = Journal.open(f, identity(), plan(), ProgressListener.NONE)) {
      j.appendStep(new AdaptiveStep(1, List.of(a), "repeats at 33", 0.2, 0.1, 1));
      j.append(record(a, 0.8, plan().dataset().testSize()));
      j.appendStep(new AdaptiveStep(2, List.of(b), "repeats at 33", 0.2, 0.1, 1));
      j.append(record(b, 0.81, plan().dataset().testSize()));
    }
    List<String> lines = new ArrayList<>(Files.readAllLines(f));
    lines.set(1, "");
    Files.write(f, lines);
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> Journal.open(f, identity(), plan(), ProgressListener.NONE).close());
    assertTrue(e.getMessage().contains("line 2 above is blank"), e.getMessage());
    // Following the advice: this line and every line after the blank one deleted.
    assertTrue(e.getMessage().contains("delete this line and every line after it"), e.getMessage());
    Files.write(f, List.of(lines.get(0)));
    try (Journal j = Journal.open(f, identity(), plan(), ProgressListener.NONE)) {
      assertEquals(0, j.records().size());
    }
    // The advice as it was: only the emptied step's model line deleted.
    Files.write(f, List.of(lines.get(0), "", lines.get(3), lines.get(4)));
    InvalidInputException later =
        assertThrows(
            InvalidInputException.class,
            () -> Journal.open(f, identity(), plan(), ProgressListener.NONE).close());
    assertTrue(later.getMessage().contains("out of order"), later.getMessage());
  }

  /**
   * A model line emptied in the middle of the journal: that model is trained again, which loses
   * nothing, but it happened without a word; now a note names the line.
   */
  @Test
  void aBlankedModelLineIsNotedAndItsModelIsTrainedAgain() throws Exception {
    Path f = journalWithTwoModels(dir);
    List<String> lines = new ArrayList<>(Files.readAllLines(f));
    lines.set(1, "");
    Files.write(f, lines);
    List<String> notes = new ArrayList<>();
    try (Journal j = Journal.open(f, identity(), plan(), ProgressListener.notesTo(notes::add))) {
      assertEquals(1, j.records().size());
    }
    assertEquals(1, notes.size(), notes.toString());
    assertTrue(notes.get(0).contains("line 2 is blank"), notes.get(0));
    assertTrue(notes.get(0).contains("trained again"), notes.get(0));
  }

  @Test
  void aJournalFromAnEarlierImagePreprocessingIsRefusedNotMixed() throws Exception {
    ObjectNode older = identity();
    older.remove(ResumeIdentity.IMAGE_NUMBERS); // what builds before the version was recorded wrote
    String why = refusedKeepingItsModel(older, identity());
    assertTrue(why.contains("earlier samplesize"), why);
    assertTrue(why.contains(ResumeIdentity.IMAGE_NUMBERS), why);
  }

  /**
   * Journals one model under {@code older}, then opens the journal with {@code now}.
   *
   * @return the refusal's message; the finished model stays journaled
   */
  private String refusedKeepingItsModel(ObjectNode older, ObjectNode now) throws Exception {
    Path f = dir.resolve(Journal.FILE_NAME);
    try (Journal j = Journal.open(f, older, plan(), ProgressListener.NONE)) {
      j.append(record("head/f0.1/r0", 0.81));
    }
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> Journal.open(f, now, plan(), ProgressListener.NONE).close());
    assertEquals(2, Files.readAllLines(f).size(), "the finished model stays journaled");
    return e.getMessage();
  }

  @Test
  void aBf16JournalFromEarlierBf16NumericsIsRefusedNotMixed() throws Exception {
    RunSettings bf16 = SettingsIO.resolve(null, Map.of("fine-tune", true, "precision", "bf16"));
    ObjectNode older = identity(bf16);
    assertEquals(
        Precision.BF16_NUMBERS_VERSION,
        older.path(ResumeIdentity.BF16_NUMBERS).asInt(),
        "recorded");
    older.remove(ResumeIdentity.BF16_NUMBERS); // what builds before the version was recorded wrote
    String why = refusedKeepingItsModel(older, identity(bf16));
    assertTrue(why.contains("bf16 fine-tuning gives other numbers"), why);
    assertTrue(why.contains("Choose another --out"), why);
    // fp32 records no version: its journals from any build still resume
    assertTrue(identity().path(ResumeIdentity.BF16_NUMBERS).isMissingNode());
  }

  @Test
  void turningFineTuningOffIsSaidWithoutTheBf16NumbersThatGoWithIt() {
    RunSettings tuned = SettingsIO.resolve(null, Map.of("fine-tune", true, "precision", "bf16"));
    RunSettings headsOnly = SettingsIO.resolve(null, Map.of("precision", "bf16"));
    String why =
        ResumeIdentity.resumeRefusal(identity(tuned), identity(headsOnly), dir.resolve("out"));
    assertTrue(why.contains("fine-tune"), why);
    assertFalse(why.contains(ResumeIdentity.BF16_NUMBERS), why);
  }

  @Test
  void bf16WithoutFineTuningRecordsNoBf16NumbersAndAnEarlierJournalResumes() throws Exception {
    // A settings file may ask for bf16 without fine-tuning (only the flag is refused then): the
    // heads train in fp32 whatever the precision, so no bf16 numbers went into the journal and a
    // journal of such a run from a build before the version was recorded still resumes.
    RunSettings headsOnly = SettingsIO.resolve(null, Map.of("precision", "bf16"));
    assertFalse(headsOnly.fineTune());
    ObjectNode now = identity(headsOnly);
    assertTrue(now.path(ResumeIdentity.BF16_NUMBERS).isMissingNode(), now.toString());
    ObjectNode older = now.deepCopy();
    older.remove(ResumeIdentity.BF16_NUMBERS);
    Path f = dir.resolve(Journal.FILE_NAME);
    try (Journal j = Journal.open(f, older, plan(), ProgressListener.NONE)) {
      j.append(record("head/f0.1/r0", 0.81));
    }
    try (Journal j = Journal.open(f, now, plan(), ProgressListener.NONE)) {
      assertEquals(1, j.records().size());
    }
  }

  @Test
  void otherSettingsAreRefusedNamingEachDifference() throws Exception {
    Path f = dir.resolve(Journal.FILE_NAME);
    try (Journal j = Journal.open(f, identity(), plan(), ProgressListener.NONE)) {
      j.append(record("head/f0.1/r0", 0.81));
    }
    byte[] before = Files.readAllBytes(f);
    RunSettings other =
        SettingsIO.resolve(null, Map.of("repeats", 3, "fractions", List.of(0.1, 0.2)));
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> Journal.open(f, identity(other), plan(), ProgressListener.NONE));
    String m = e.getMessage();
    assertTrue(m.contains("repeats: the journal has 5, this run 3"), m);
    assertTrue(m.contains("fractions: the journal has [0.05,0.1,0.25,0.5], this run [0.1,0.2]"), m);
    assertTrue(m.contains("--out"), m);
    assertArrayEquals(before, Files.readAllBytes(f), "a refused journal is left as it was");
    // Settings outside the identity may change.
    RunSettings sameExperiment = SettingsIO.resolve(null, Map.of("threads", 1, "validate", true));
    Journal.open(f, identity(sameExperiment), plan(), ProgressListener.NONE).close();
  }

  @Test
  void otherImagesUnderTheSameFolderAreRefusedSayingSo() throws Exception {
    Path f = dir.resolve(Journal.FILE_NAME);
    ObjectNode then = identity();
    try (Journal j = Journal.open(f, then, plan(), ProgressListener.NONE)) {
      j.append(record("head/f0.1/r0", 0.81));
    }
    ObjectNode now = then.deepCopy();
    now.put(ResumeIdentity.DATA_SHA, "ff");
    now.put(ResumeIdentity.DATA_IMAGES, 301);
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> Journal.open(f, now, plan(), ProgressListener.NONE));
    assertEquals(
        "data: the images under tf_flowers changed since the journal was written (300 image files"
            + " then, 301 now): use a new --out, or restore the files",
        e.getMessage());
  }

  /**
   * What docs/resume.md says of a run stopped before training (killed during feature extraction):
   * the same command continues its journal without a note; the note is for other settings only.
   */
  @Test
  void aJournalWithNoFinishedModelIsContinuedQuietlyUnderTheSameSettings() throws Exception {
    Path f = dir.resolve(Journal.FILE_NAME);
    Journal.open(f, identity(), plan(), ProgressListener.NONE).close();
    String first = Files.readAllLines(f).get(0);
    List<String> notes = new ArrayList<>();
    try (Journal j = Journal.open(f, identity(), plan(), ProgressListener.notesTo(notes::add))) {
      assertTrue(j.records().isEmpty());
      j.append(record("head/f0.1/r0", 0.81));
    }
    assertEquals(List.of(), notes);
    List<String> lines = Files.readAllLines(f);
    assertEquals(List.of(first), lines.subList(0, 1), "the first line is kept");
    assertEquals(2, lines.size());
    Path root = Path.of("").toAbsolutePath();
    while (!Files.isRegularFile(root.resolve("docs/resume.md"))) {
      root = root.getParent();
    }
    String doc = Files.readString(root.resolve("docs/resume.md"));
    assertTrue(
        doc.replaceAll("\\s+", " ")
            .contains(
                "is continued without a word by the same command; run with other settings in its"
                    + " place, it is replaced with a note"),
        "docs/resume.md says what happens");
  }

  @Test
  void aJournalWithNoFinishedModelIsReplacedWithANote() throws Exception {
    Path f = dir.resolve(Journal.FILE_NAME);
    Journal.open(f, identity(), plan(), ProgressListener.NONE)
        .close(); // a run that failed before training
    RunSettings other = SettingsIO.resolve(null, Map.of("repeats", 3));
    List<String> notes = new ArrayList<>();
    try (Journal j =
        Journal.open(f, identity(other), plan(), ProgressListener.notesTo(notes::add))) {
      j.append(record("head/f0.1/r0", 0.81));
    }
    assertEquals(1, notes.size(), notes.toString());
    assertTrue(notes.get(0).contains("held no finished model"), notes.get(0));
    List<String> lines = Files.readAllLines(f);
    assertEquals(2, lines.size());
    assertTrue(lines.get(0).contains("\"repeats\":3"), lines.get(0));
  }

  @Test
  void aJournalWithoutTheDataFingerprintIsRefusedNamingIt() throws Exception {
    // Journals of development builds before the fingerprints were recorded are not migrated: even
    // tf_flowers with a built-in card is refused, naming what is missing.
    Path f = dir.resolve(Journal.FILE_NAME);
    try (Journal j =
        Journal.open(f, legacy(RunSettings.defaults()), plan(), ProgressListener.NONE)) {
      j.append(record("head/f0.1/r0", 0.81));
    }
    ObjectNode now = ResumeIdentity.identity(RunSettings.defaults());
    now.put("model", ModelCard.DEFAULT);
    now.put(ResumeIdentity.MODEL_SHA, ModelCard.load(null).sha256());
    now.put(ResumeIdentity.DATA_SHA, DatasetResolver.FLOWERS_SHA256);
    now.put(ResumeIdentity.DATA_IMAGES, 3670);
    byte[] before = Files.readAllBytes(f);
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> Journal.open(f, now, plan(), ProgressListener.NONE));
    assertTrue(e.getMessage().contains("earlier samplesize"), e.getMessage());
    assertTrue(e.getMessage().contains("did not record data-sha256"), e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(f));
  }

  @Test
  void anEarlierJournalOfAFolderIsRefusedNotGuessed() throws Exception {
    Path f = dir.resolve(Journal.FILE_NAME);
    RunSettings s = SettingsIO.resolve(null, Map.of("data", "halfbad"));
    try (Journal j = Journal.open(f, legacy(s), plan(), ProgressListener.NONE)) {
      j.append(record("head/f0.1/r0", 0.81));
    }
    byte[] before = Files.readAllBytes(f);
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> Journal.open(f, identity(s), plan(), ProgressListener.NONE));
    assertTrue(e.getMessage().contains("earlier samplesize"), e.getMessage());
    assertTrue(e.getMessage().contains("did not record data-sha256"), e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(f));

    RunSettings file = SettingsIO.resolve(null, Map.of("model", "x/tiny.onnx"));
    Path g = dir.resolve("other.jsonl");
    try (Journal j = Journal.open(g, legacy(file), plan(), ProgressListener.NONE)) {
      j.append(record("head/f0.1/r0", 0.81));
    }
    e =
        assertThrows(
            InvalidInputException.class,
            () -> Journal.open(g, identity(file), plan(), ProgressListener.NONE));
    assertTrue(e.getMessage().contains("did not record data-sha256"), e.getMessage());
  }

  @Test
  void aDamagedLineInTheMiddleIsReportedWithItsNumber() throws Exception {
    Path f = dir.resolve(Journal.FILE_NAME);
    try (Journal j = Journal.open(f, identity(), plan(), ProgressListener.NONE)) {
      j.append(record("head/f0.1/r0", 0.81));
    }
    Files.writeString(f, "oops\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> Journal.open(f, identity(), plan(), ProgressListener.NONE));
    assertTrue(e.getMessage().contains("line 3: not valid JSON"), e.getMessage());
  }

  /**
   * A line cut short in the middle of the file: the message named the parser's internals ("start
   * marker at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled)").
   */
  @Test
  void aLineCutShortInTheMiddleIsNamedWithoutTheParsersInternals() throws Exception {
    Path f = journalWithTwoModels(dir);
    // Cut after a whole value: where the parser says most about itself.
    int[] cut = {0};
    editLine(
        f,
        2,
        line -> {
          cut[0] = line.indexOf(",\"curve\"");
          return line.substring(0, cut[0]);
        });
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> Journal.open(f, identity(), plan(), ProgressListener.NONE));
    String m = e.getMessage();
    assertTrue(m.contains("line 2: not valid JSON (Unexpected end-of-input"), m);
    assertTrue(m.contains("at column " + (cut[0] + 1)), m);
    assertFalse(m.contains("Source") || m.contains("REDACTED") || m.contains("\n"), m);
    assertEquals(1, m.lines().count(), m);
  }

  /**
   * The first line lost (a hand edit): the message said to delete that line, which would make the
   * next model line the first and be refused again. It says to restore the first line.
   */
  @Test
  void aLostFirstLineIsRefusedSayingToRestoreIt() throws Exception {
    Path f = journalWithTwoModels(dir);
    List<String> lines = Files.readAllLines(f);
    Files.write(f, lines.subList(1, lines.size()));
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> Journal.open(f, identity(), plan(), ProgressListener.NONE));
    String m = e.getMessage();
    assertTrue(m.contains("line 1: the first line must describe the experiment"), m);
    assertTrue(m.contains("restore its first line"), m);
    assertFalse(m.contains("delete that line"), m);
  }

  /** Replaces line {@code n} (1-based) with {@code edit} applied to it. */
  private static void editLine(Path f, int n, java.util.function.UnaryOperator<String> edit)
      throws Exception {
    List<String> lines = new ArrayList<>(Files.readAllLines(f));
    lines.set(n - 1, edit.apply(lines.get(n - 1)));
    Files.write(f, lines);
  }

  /** An edit that also writes a matching checksum, as a careful editor of the file could. */
  private static java.util.function.UnaryOperator<String> resealed(
      java.util.function.UnaryOperator<String> edit) {
    return line ->
        JournalLines.seal(edit.apply(line.replaceAll(",\"crc32c\":\"[0-9a-f]{8}\"}$", "}")));
  }

  private static Path journalWithTwoModels(Path dir) {
    Path f = dir.resolve(Journal.FILE_NAME);
    try (Journal j = Journal.open(f, identity(), plan(), ProgressListener.NONE)) {
      j.append(record("head/f0.1/r0", 0.81));
      j.append(record("head/f0.1/r1", 0.82));
    }
    return f;
  }

  @Test
  void everyLineCarriesTheChecksumOfItsContent() throws Exception {
    Path f = journalWithTwoModels(dir);
    for (String line : Files.readAllLines(f)) {
      assertTrue(line.matches(".*,\"crc32c\":\"[0-9a-f]{8}\"}"), line);
      assertEquals(line, resealed(l -> l).apply(line));
    }
    assertTrue(Files.readAllLines(f).get(0).contains("\"format\":2"));
  }

  @Test
  void anEditedAccuracyFailsTheChecksumAndIsRefusedWithItsLineNumber() throws Exception {
    Path f = journalWithTwoModels(dir);
    editLine(f, 3, l -> l.replace("\"accuracy\":0.82", "\"accuracy\":0.99"));
    byte[] before = Files.readAllBytes(f);
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> Journal.open(f, identity(), plan(), ProgressListener.NONE));
    assertTrue(
        e.getMessage().contains(" line 3: the line does not match its checksum"), e.getMessage());
    assertTrue(
        e.getMessage().contains("delete that line (that model is trained again)"), e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(f), "a refused journal is left as it was");

    // The same for the experiment's first line, and for a line whose checksum was removed.
    Path g = journalWithTwoModels(dir.resolve("g"));
    editLine(g, 1, l -> l.replace("\"seed\":42", "\"seed\":7"));
    e =
        assertThrows(
            InvalidInputException.class,
            () -> Journal.open(g, identity(), plan(), ProgressListener.NONE));
    assertTrue(
        e.getMessage().contains(" line 1: the line does not match its checksum"), e.getMessage());
    assertTrue(e.getMessage().contains("every model is trained again"), e.getMessage());
    Path h = journalWithTwoModels(dir.resolve("h"));
    editLine(h, 2, l -> l.replaceAll(",\"crc32c\":\"[0-9a-f]{8}\"}$", "}"));
    e =
        assertThrows(
            InvalidInputException.class,
            () -> Journal.open(h, identity(), plan(), ProgressListener.NONE));
    assertTrue(e.getMessage().contains(" line 2: the line has no crc32c checksum"), e.getMessage());
  }

  /**
   * A first line that fails its checksum in a finished run's folder: the advice was to delete the
   * journal alone, and the next run then refused the folder because its results.csv still listed
   * finished models without a journal. The advice names results.csv too, and following it leaves a
   * folder a run starts over in.
   */
  @Test
  void aDamagedFirstLineIsToldToDeleteWhatAFreshStartNeeds() throws Exception {
    Path f = journalWithTwoModels(dir);
    Files.writeString(dir.resolve(org.samplesize.io.OutputFolder.MARKER_FILE), "");
    Path results = dir.resolve(org.samplesize.report.ResultsCsv.FILE_NAME);
    Files.writeString(results, "curve,size,accuracy\nhead,10,0.81\n");
    editLine(f, 1, l -> l.replace("\"seed\":42", "\"seed\":7"));
    String m =
        assertThrows(
                InvalidInputException.class,
                () -> Journal.open(f, identity(), plan(), ProgressListener.NONE))
            .getMessage();
    assertTrue(m.contains("delete " + f + " and " + results.toAbsolutePath()), m);
    Files.delete(f);
    assertThrows(InvalidInputException.class, () -> RunFolderChecks.refuseLostJournal(dir));
    Files.delete(results);
    RunFolderChecks.refuseLostJournal(dir); // the folder starts over
  }

  @Test
  void aModelThatUsedFewerImagesThanPlannedResumes() throws Exception {
    // A training image whose data did not decode is dropped by the feature pass: the record
    // counts the images the model really saw, which is fewer than planned.
    Path f = journalWithTwoModels(dir);
    int planned = record("head/f0.1/r0", 0).size();
    editLine(
        f,
        2,
        resealed(l -> l.replace("\"size\":" + planned + ",", "\"size\":" + (planned - 1) + ",")));
    try (Journal j = Journal.open(f, identity(), plan(), ProgressListener.NONE)) {
      assertEquals(2, j.records().size());
    }
    Path g = journalWithTwoModels(dir.resolve("g"));
    editLine(g, 2, resealed(l -> l.replace("\"size\":" + planned + ",", "\"size\":0,")));
    assertThrows(
        InvalidInputException.class,
        () -> Journal.open(g, identity(), plan(), ProgressListener.NONE));
  }

  @Test
  void anEditedSizeIsRefusedEvenWithAMatchingChecksum() throws Exception {
    Path f = journalWithTwoModels(dir);
    int planned = record("head/f0.1/r0", 0).size();
    editLine(f, 2, resealed(l -> l.replace("\"size\":" + planned + ",", "\"size\":5000,")));
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> Journal.open(f, identity(), plan(), ProgressListener.NONE));
    assertEquals(
        "journal "
            + f
            + " line 2: model 'head/f0.1/r0' differs from this experiment's plan (size 5000, the"
            + " plan has "
            + planned
            + "); delete that line (that model is trained again), or choose another --out",
        e.getMessage());

    Path g = journalWithTwoModels(dir.resolve("g"));
    String hash = record("head/f0.1/r1", 0).indicesHash();
    editLine(g, 3, resealed(l -> l.replace(hash, "00" + hash.substring(2))));
    e =
        assertThrows(
            InvalidInputException.class,
            () -> Journal.open(g, identity(), plan(), ProgressListener.NONE));
    assertTrue(e.getMessage().contains(" line 3: model 'head/f0.1/r1' differs"), e.getMessage());
    assertTrue(e.getMessage().contains("indices_hash 00"), e.getMessage());
  }

  @Test
  void anEditedTestSizeIsRefusedEvenWithAMatchingChecksum() throws Exception {
    int planned = plan().dataset().testSize();
    Path f = journalWithTwoModels(dir);
    editLine(
        f, 2, resealed(l -> l.replace("\"test_size\":" + planned + ",", "\"test_size\":900,")));
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> Journal.open(f, identity(), plan(), ProgressListener.NONE));
    assertTrue(
        e.getMessage()
            .contains(
                " line 2: model 'head/f0.1/r0' differs from this experiment's plan (test_size 900,"
                    + " the plan's test set has "
                    + planned
                    + " images)"),
        e.getMessage());
    // Fewer than planned (a test image that did not decode) resumes; none does not.
    Path g = journalWithTwoModels(dir.resolve("g"));
    editLine(
        g,
        2,
        resealed(
            l ->
                l.replace(
                    "\"test_size\":" + planned + ",", "\"test_size\":" + (planned - 1) + ",")));
    try (Journal j = Journal.open(g, identity(), plan(), ProgressListener.NONE)) {
      assertEquals(planned - 1, j.records().get(0).testSize());
    }
    Path h = journalWithTwoModels(dir.resolve("h"));
    editLine(h, 2, resealed(l -> l.replace("\"test_size\":" + planned + ",", "\"test_size\":0,")));
    assertThrows(
        InvalidInputException.class,
        () -> Journal.open(h, identity(), plan(), ProgressListener.NONE));
  }

  @Test
  void aModelThatIsNotInThePlanIsRefused() throws Exception {
    Path f = journalWithTwoModels(dir);
    editLine(f, 3, resealed(l -> l.replace("\"id\":\"head/f0.1/r1\"", "\"id\":\"head/f0.1/r9\"")));
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> Journal.open(f, identity(), plan(), ProgressListener.NONE));
    assertTrue(
        e.getMessage().contains(" line 3: model 'head/f0.1/r9' is not in this experiment's plan"),
        e.getMessage());
  }

  @Test
  void theValidationModelOfAnEarlierRunWithValidateIsKept() throws Exception {
    Path f = dir.resolve(Journal.FILE_NAME);
    RunSettings validate = SettingsIO.resolve(null, Map.of("validate", true));
    Plan withFull = new FakeStages(270).plan(validate, ProgressListener.NONE);
    PlannedModel full = withFull.models().get(withFull.models().size() - 1);
    assertTrue(full.isValidation());
    try (Journal j = Journal.open(f, identity(), withFull, ProgressListener.NONE)) {
      ModelRecord r = record("head/f0.1/r0", 0.8);
      j.append(
          new ModelRecord(
              full.id(),
              full.curve(),
              1.0,
              -1,
              full.size(),
              full.seed(),
              full.indicesHash(),
              0.9,
              0.9,
              0.9,
              0.9,
              0.3,
              r.perClassRecall(),
              r.testSize(),
              9,
              8,
              100,
              "cpu",
              "cpu",
              "t"));
    }
    try (Journal j = Journal.open(f, identity(), plan(), ProgressListener.NONE)) {
      assertTrue(j.isDone(full.id()));
    }
  }

  @Test
  void aJournalOfTheFormatWithoutChecksumsIsRefusedSayingSo() throws Exception {
    Path f = journalWithTwoModels(dir);
    // What an earlier samplesize wrote: format 1, no checksums.
    List<String> lines = new ArrayList<>();
    for (String l : Files.readAllLines(f)) {
      lines.add(
          l.replaceAll(",\"crc32c\":\"[0-9a-f]{8}\"}$", "}")
              .replace("\"format\":2", "\"format\":1"));
    }
    Files.write(f, lines);
    byte[] before = Files.readAllBytes(f);
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> Journal.open(f, identity(), plan(), ProgressListener.NONE));
    assertTrue(e.getMessage().contains("earlier samplesize"), e.getMessage());
    assertTrue(e.getMessage().contains("journal format 1"), e.getMessage());
    assertTrue(e.getMessage().contains("Choose another --out"), e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(f));

    // With no finished model it holds nothing to lose: replaced by this run's, with a note.
    Files.write(f, lines.subList(0, 1));
    List<String> notes = new ArrayList<>();
    try (Journal j = Journal.open(f, identity(), plan(), ProgressListener.notesTo(notes::add))) {
      assertEquals(0, j.records().size());
    }
    assertEquals(1, notes.size(), notes.toString());
    assertTrue(Files.readAllLines(f).get(0).contains("\"format\":2"));
  }

  @Test
  void duplicatesAndUseAfterCloseAreRejected() {
    Path f = dir.resolve(Journal.FILE_NAME);
    Journal j = Journal.open(f, identity(), plan(), ProgressListener.NONE);
    j.append(record("a", 0.5));
    assertThrows(IllegalArgumentException.class, () -> j.append(record("a", 0.6)));
    j.close();
    j.close();
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> j.append(record("b", 0.5)));
    assertTrue(e.getMessage().contains("Journal is closed"));
  }

  /** A run with other settings (3 repeats) is refused on this journal, naming the setting. */
  private static void assertOtherSettingsRefused(Path f) {
    RunSettings other = SettingsIO.resolve(null, Map.of("repeats", 3));
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> Journal.open(f, identity(other), plan(), ProgressListener.NONE));
    assertTrue(e.getMessage().contains("repeats"), e.getMessage());
  }
}
