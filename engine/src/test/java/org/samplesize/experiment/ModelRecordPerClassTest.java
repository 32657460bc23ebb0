package org.samplesize.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-class figures of a model record, and records journaled before they were kept. */
class ModelRecordPerClassTest {

  @Test
  void aJournalLineWithoutPerClassFiguresStillReads() throws Exception {
    String old =
        "{\"kind\":\"model\",\"id\":\"head/f0.5/r0\",\"curve\":\"head\",\"fraction\":0.5,"
            + "\"repeat\":0,\"size\":10,\"seed\":1,\"indices_hash\":\"h\",\"accuracy\":0.8,"
            + "\"per_class_recall\":[0.7,0.9],\"test_size\":20}";
    ModelRecord r = Journal.MAPPER.readValue(old, ModelRecord.class);
    assertFalse(r.hasPerClass());
    assertNull(r.toRow().perClass());
    assertEquals(List.of(0.7, 0.9), r.perClassRecall());
  }

  @Test
  void aNewRecordKeepsThemThroughTheJournal() throws Exception {
    ModelRecord r =
        new ModelRecord(
            "head/f0.5/r0",
            "head",
            0.5,
            0,
            10,
            1,
            "h",
            0.8,
            0.9,
            0.9,
            0.8,
            0.4,
            List.of(0.7, 0.9),
            20,
            3,
            2,
            5,
            "cpu",
            "cpu",
            "now",
            List.of(0.75, 0.85),
            List.of(4, 6),
            List.of(10, 10));
    ModelRecord back =
        Journal.MAPPER.readValue(Journal.MAPPER.writeValueAsString(r), ModelRecord.class);
    assertTrue(back.hasPerClass());
    assertEquals(List.of(4, 6), back.perClassTrainCount());
    assertEquals(List.of(10, 10), back.toRow().perClass().testCount());
  }

  @Test
  void precisionIsZeroForAClassNeverPredicted() {
    // confusion[true][predicted]: class 2 is never predicted.
    int[][] confusion = {{3, 1, 0}, {2, 4, 0}, {1, 1, 0}};
    assertEquals(List.of(0.5, 4.0 / 6, 0.0), LocalTrainingExecutor.perClassPrecision(confusion));
  }
}
