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

class JournalTest {
  @TempDir Path dir;

  private static ModelRecord record(String id, double acc) {
    return new ModelRecord(
        id,
        "head",
        0.1,
        0,
        33,
        7L,
        "abc",
        acc,
        0.9,
        0.91,
        0.8,
        0.5,
        List.of(0.7, 0.9),
        40,
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
    return SettingsIO.identity(s, new FakeStages(270).prepare(s, ProgressListener.NONE));
  }

  /** The first line as samplesize wrote it before the data and model fingerprints existed. */
  private static ObjectNode legacy(RunSettings s) {
    ObjectNode id = SettingsIO.identity(s);
    id.remove("jpeg-dct-scaling");
    return id;
  }

  @Test
  void appendedModelsAreReadBackExactlyAfterReopening() throws Exception {
    Path f = dir.resolve(Journal.FILE_NAME);
    try (Journal j = Journal.open(f, identity(), ProgressListener.NONE)) {
      j.append(record("head/f0.1/r0", 0.81));
      j.append(record("head/f0.1/r1", 0.82));
    }
    List<String> lines = Files.readAllLines(f);
    assertEquals(3, lines.size());
    assertTrue(lines.get(0).contains("\"kind\":\"experiment\""), lines.get(0));
    assertTrue(
        lines.get(1).startsWith("{\"kind\":\"model\",\"id\":\"head/f0.1/r0\""), lines.get(1));
    assertTrue(lines.get(1).contains("\"roc_auc\":0.91"), lines.get(1));
    try (Journal j = Journal.open(f, identity(), ProgressListener.NONE)) {
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
    try (Journal j = Journal.open(f, identity(), ProgressListener.NONE)) {
      j.append(record("head/f0.1/r0", 0.81));
    }
    long complete = Files.size(f);
    Files.writeString(
        f, "{\"kind\":\"model\",\"id\":\"head/f0.1/r1\",\"accu", StandardOpenOption.APPEND);
    List<String> notes = new ArrayList<>();
    try (Journal j = Journal.open(f, identity(), ProgressListener.notesTo(notes::add))) {
      assertEquals(1, j.records().size());
      assertEquals(complete, Files.size(f));
      j.append(record("head/f0.1/r1", 0.82));
    }
    assertEquals(1, notes.size());
    assertTrue(notes.get(0).contains("unfinished last line"), notes.get(0));
    try (Journal j = Journal.open(f, identity(), ProgressListener.NONE)) {
      assertEquals(2, j.records().size());
    }
  }

  @Test
  void aJournalFromAnEarlierImagePreprocessingIsRefusedNotMixed() throws Exception {
    Path f = dir.resolve(Journal.FILE_NAME);
    ObjectNode older = identity();
    older.remove(SettingsIO.IMAGE_NUMBERS); // what builds before the version was recorded wrote
    try (Journal j = Journal.open(f, older, ProgressListener.NONE)) {
      j.append(record("head/f0.1/r0", 0.81));
    }
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> Journal.open(f, identity(), ProgressListener.NONE).close());
    assertTrue(e.getMessage().contains("earlier samplesize"), e.getMessage());
    assertTrue(e.getMessage().contains(SettingsIO.IMAGE_NUMBERS), e.getMessage());
    assertEquals(2, Files.readAllLines(f).size(), "the finished model stays journaled");
  }

  @Test
  void otherSettingsAreRefusedNamingEachDifference() throws Exception {
    Path f = dir.resolve(Journal.FILE_NAME);
    try (Journal j = Journal.open(f, identity(), ProgressListener.NONE)) {
      j.append(record("head/f0.1/r0", 0.81));
    }
    byte[] before = Files.readAllBytes(f);
    RunSettings other =
        SettingsIO.resolve(null, Map.of("repeats", 3, "fractions", List.of(0.1, 0.2)));
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> Journal.open(f, identity(other), ProgressListener.NONE));
    String m = e.getMessage();
    assertTrue(m.contains("repeats: the journal has 5, this run 3"), m);
    assertTrue(m.contains("fractions: the journal has [0.05,0.1,0.25,0.5], this run [0.1,0.2]"), m);
    assertTrue(m.contains("--out"), m);
    assertArrayEquals(before, Files.readAllBytes(f), "a refused journal is left as it was");
    // Settings outside the identity may change.
    RunSettings sameExperiment = SettingsIO.resolve(null, Map.of("threads", 1, "validate", true));
    Journal.open(f, identity(sameExperiment), ProgressListener.NONE).close();
  }

  @Test
  void otherImagesUnderTheSameFolderAreRefusedSayingSo() throws Exception {
    Path f = dir.resolve(Journal.FILE_NAME);
    ObjectNode then = identity();
    try (Journal j = Journal.open(f, then, ProgressListener.NONE)) {
      j.append(record("head/f0.1/r0", 0.81));
    }
    ObjectNode now = then.deepCopy();
    now.put(SettingsIO.DATA_SHA, "ff");
    now.put(SettingsIO.DATA_IMAGES, 301);
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> Journal.open(f, now, ProgressListener.NONE));
    assertEquals(
        "data: the images under tf_flowers changed since the journal was written (300 image files"
            + " then, 301 now): use a new --out, or restore the files",
        e.getMessage());
  }

  @Test
  void aJournalWithNoFinishedModelIsReplacedWithANote() throws Exception {
    Path f = dir.resolve(Journal.FILE_NAME);
    Journal.open(f, identity(), ProgressListener.NONE).close(); // a run that failed before training
    RunSettings other = SettingsIO.resolve(null, Map.of("repeats", 3));
    List<String> notes = new ArrayList<>();
    try (Journal j = Journal.open(f, identity(other), ProgressListener.notesTo(notes::add))) {
      j.append(record("head/f0.1/r0", 0.81));
    }
    assertEquals(1, notes.size(), notes.toString());
    assertTrue(notes.get(0).contains("held no finished model"), notes.get(0));
    List<String> lines = Files.readAllLines(f);
    assertEquals(2, lines.size());
    assertTrue(lines.get(0).contains("\"repeats\":3"), lines.get(0));
  }

  @Test
  void anEarlierJournalOfTfFlowersAndABuiltInCardResumes() throws Exception {
    Path f = dir.resolve(Journal.FILE_NAME);
    try (Journal j = Journal.open(f, legacy(RunSettings.defaults()), ProgressListener.NONE)) {
      j.append(record("head/f0.1/r0", 0.81));
    }
    // What this version journals for the same experiment: both were verified by SHA-256.
    ObjectNode now = SettingsIO.identity(RunSettings.defaults());
    now.put("model", ModelCard.DEFAULT);
    now.put(SettingsIO.MODEL_SHA, ModelCard.load(null).sha256());
    now.put(SettingsIO.DATA_SHA, DatasetResolver.FLOWERS_SHA256);
    now.put(SettingsIO.DATA_IMAGES, 3670);
    try (Journal j = Journal.open(f, now, ProgressListener.NONE)) {
      assertEquals(1, j.records().size());
    }
    now.put(SettingsIO.MODEL_SHA, "00");
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> Journal.open(f, now, ProgressListener.NONE));
    assertTrue(e.getMessage().contains("model-sha256: the journal has"), e.getMessage());
  }

  @Test
  void anEarlierJournalOfAFolderIsRefusedNotGuessed() throws Exception {
    Path f = dir.resolve(Journal.FILE_NAME);
    RunSettings s = SettingsIO.resolve(null, Map.of("data", "halfbad"));
    try (Journal j = Journal.open(f, legacy(s), ProgressListener.NONE)) {
      j.append(record("head/f0.1/r0", 0.81));
    }
    byte[] before = Files.readAllBytes(f);
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> Journal.open(f, identity(s), ProgressListener.NONE));
    assertTrue(e.getMessage().contains("earlier samplesize"), e.getMessage());
    assertTrue(
        e.getMessage().contains("a fingerprint of the images under --data halfbad"),
        e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(f));

    RunSettings file = SettingsIO.resolve(null, Map.of("model", "x/tiny.onnx"));
    Path g = dir.resolve("other.jsonl");
    try (Journal j = Journal.open(g, legacy(file), ProgressListener.NONE)) {
      j.append(record("head/f0.1/r0", 0.81));
    }
    e =
        assertThrows(
            InvalidInputException.class,
            () -> Journal.open(g, identity(file), ProgressListener.NONE));
    assertTrue(e.getMessage().contains("the SHA-256 of --model x/tiny.onnx"), e.getMessage());
  }

  @Test
  void aDamagedLineInTheMiddleIsReportedWithItsNumber() throws Exception {
    Path f = dir.resolve(Journal.FILE_NAME);
    try (Journal j = Journal.open(f, identity(), ProgressListener.NONE)) {
      j.append(record("head/f0.1/r0", 0.81));
    }
    Files.writeString(f, "oops\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> Journal.open(f, identity(), ProgressListener.NONE));
    assertTrue(e.getMessage().contains("line 3: not valid JSON"), e.getMessage());
  }

  @Test
  void duplicatesAndUseAfterCloseAreRejected() {
    Path f = dir.resolve(Journal.FILE_NAME);
    Journal j = Journal.open(f, identity(), ProgressListener.NONE);
    j.append(record("a", 0.5));
    assertThrows(IllegalArgumentException.class, () -> j.append(record("a", 0.6)));
    j.close();
    j.close();
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> j.append(record("b", 0.5)));
    assertTrue(e.getMessage().contains("Journal is closed"));
  }
}
