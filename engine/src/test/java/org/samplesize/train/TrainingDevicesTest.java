package org.samplesize.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.samplesize.InvalidInputException;
import org.samplesize.ProgressListener;
import org.samplesize.UnavailableException;
import org.samplesize.train.cuda.CudaProbe;
import org.samplesize.train.tail.TailNetwork;
import org.samplesize.train.tail.TailOptions;
import org.samplesize.train.tail.TailSpec;
import org.samplesize.train.tail.TinyTails;

/** Backend discovery and device selection (the GPU cases skip where a GPU is usable). */
class TrainingDevicesTest {

  @Test
  void serviceLoaderFindsTheCpuAndCudaBackends() {
    List<String> names = new ArrayList<>();
    for (TrainingBackend b : TrainingDevices.all()) {
      names.add(b.name());
    }
    assertEquals(List.of("cpu", "cuda"), names);
    TrainingBackend cpu = TrainingDevices.named("CPU");
    assertTrue(cpu.isAvailable());
    assertEquals(1, cpu.deviceCount());
    assertTrue(cpu.hasCapability(TrainingBackend.Capability.HEADS));
    assertTrue(cpu.hasCapability(TrainingBackend.Capability.TAILS));
    assertFalse(cpu.hasCapability(TrainingBackend.Capability.ACCELERATOR));
    TrainingBackend cuda = TrainingDevices.named("cuda");
    assertTrue(cuda.hasCapability(TrainingBackend.Capability.ACCELERATOR));
    assertEquals(cuda.isAvailable(), cuda.deviceCount() > 0);
  }

  @Test
  void autoFallsBackToCpuWithOneNoteAndCudaFailsClearly() {
    assumeFalse(TrainingDevices.isAvailable("cuda"), "skipped: a GPU is usable here");
    List<String> notes = new ArrayList<>();
    ProgressListener p = ProgressListener.notesTo(notes::add);
    TrainingDevice d = TrainingDevices.select("auto", "training heads", p);
    assertEquals("cpu", d.name());
    try (Backend b = d.openHeads(2)) {
      assertTrue(b.name().startsWith("cpu (2 threads, "), b.name());
    }
    assertEquals(1, notes.size());
    assertTrue(notes.get(0).startsWith("training heads on CPU: no usable CUDA GPU"), notes.get(0));
    // an explicit device that cannot be had is unavailable (exit 3), with one line saying what to
    // do
    for (String cuda : List.of("cuda", "CUDA:1")) {
      UnavailableException e =
          assertThrows(
              UnavailableException.class, () -> TrainingDevices.select(cuda, "training", p));
      assertTrue(
          e.getMessage().startsWith("--device " + cuda.toLowerCase() + ": no usable CUDA GPU"),
          e.getMessage());
      assertTrue(e.getMessage().contains("--device cpu"), e.getMessage());
      assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
    assertEquals(1, notes.size(), "an explicit device takes no note");
    // the probe is cached: asking again gives the same answer without touching CUDA again
    assertEquals(CudaProbe.probe(), CudaProbe.probe());
  }

  @Test
  void unknownOrMalformedDeviceIsAUserMistake() {
    for (String bad : List.of("tpu", "cpu:1", "cuda:", "cuda:x", "cuda:-1", ":0")) {
      InvalidInputException e =
          assertThrows(
              InvalidInputException.class, () -> TrainingDevices.select(bad, "training", null));
      assertTrue(e.getMessage().startsWith("--device "), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> TailOptions.recipe().withDevice(bad));
    }
    assertEquals("cuda:1", TailOptions.recipe().withDevice("CUDA:1").device());
    try (Backend b = TrainingDevices.select("CPU", "training", null).openHeads(1)) {
      assertTrue(b.name().startsWith("cpu (1 thread, "), b.name());
    }
  }

  @Test
  void theDeviceIndexReachesTheBackend() {
    List<Integer> heads = new ArrayList<>();
    List<Integer> tails = new ArrayList<>();
    TrainingBackend recording =
        new TrainingBackend() {
          @Override
          public String name() {
            return "fake";
          }

          @Override
          public boolean isAvailable() {
            return true;
          }

          @Override
          public String unavailableReason() {
            return null;
          }

          @Override
          public int deviceCount() {
            return 4;
          }

          @Override
          public boolean hasCapability(Capability capability) {
            return true;
          }

          @Override
          public Backend openHeads(int device, int threads) {
            heads.add(device);
            return null;
          }

          @Override
          public TailNetwork openTail(
              int device, TailSpec spec, int numClasses, int maxBatch, TailOptions options) {
            tails.add(device);
            return null;
          }
        };
    TrainingDevice d = new TrainingDevice(recording, 3);
    assertEquals("fake:3", d.name());
    d.openHeads(1);
    d.openTail(TinyTails.spec(1), 2, 4, TailOptions.recipe());
    assertEquals(List.of(3), heads);
    assertEquals(List.of(3), tails);
    // the CPU is device 0 only
    TrainingBackend cpu = TrainingDevices.named("cpu");
    assertThrows(IllegalArgumentException.class, () -> cpu.openHeads(1, 1));
    try (TailNetwork net =
        cpu.openTail(0, TinyTails.spec(1), 2, 4, TailOptions.recipe().withThreads(1))) {
      assertTrue(net.name().startsWith("cpu"), net.name());
    }
  }
}
