package org.samplesize.train.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.samplesize.InvalidInputException;
import org.samplesize.ProgressListener;
import org.samplesize.train.Backend;
import org.samplesize.train.Backends;

/** Backend selection on a machine without a usable GPU (skips where one is there). */
class BackendsTest {

  @Test
  void autoFallsBackToCpuWithOneNoteAndCudaFailsClearly() {
    assumeFalse(Backends.cudaAvailable(), "skipped: a GPU is usable here");
    List<String> notes = new ArrayList<>();
    ProgressListener p = ProgressListener.notesTo(notes::add);
    try (Backend b = Backends.select("auto", 2, p)) {
      assertTrue(b.name().startsWith("cpu (2 threads, "), b.name());
    }
    assertEquals(1, notes.size());
    assertTrue(notes.get(0).startsWith("training heads on CPU: no usable CUDA GPU"), notes.get(0));
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> Backends.select("cuda", 2, p));
    assertTrue(e.getMessage().startsWith("--device cuda: no usable CUDA GPU"), e.getMessage());
    assertTrue(e.getMessage().contains("--device cpu"), e.getMessage());
    // the probe is cached: asking again gives the same answer without touching CUDA again
    assertEquals(CudaProbe.probe(), CudaProbe.probe());
  }

  @Test
  void unknownDeviceIsAUserMistake() {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> Backends.select("tpu", 1, null));
    assertTrue(e.getMessage().contains("--device tpu"), e.getMessage());
    try (Backend b = Backends.select("CPU", 1, null)) {
      assertTrue(b.name().startsWith("cpu (1 thread, "), b.name());
    }
  }
}
