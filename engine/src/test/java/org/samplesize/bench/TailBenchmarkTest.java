package org.samplesize.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.samplesize.ProgressListener;
import org.samplesize.train.cuda.CudaProbe;
import org.samplesize.train.tail.TailSpec;
import org.samplesize.train.tail.TinyTails;

class TailBenchmarkTest {

  @Test
  void oneRowPerTrainingBackendWithRatesOrTheReasonItCannotRun() {
    TailSpec spec = TinyTails.spec(3);
    List<BenchRow> rows = TailBenchmark.benchRows(spec, "tiny", 4, 1, 1, 3, ProgressListener.NONE);
    assertEquals(2, rows.size());
    BenchRow cpu = rows.get(0);
    assertEquals("finetune", cpu.stage());
    assertEquals("cpu", cpu.backend());
    assertEquals("samples/s", cpu.unit());
    assertEquals(4, cpu.batch());
    assertEquals(3, cpu.samples().length);
    for (double r : cpu.samples()) {
      assertTrue(r > 0 && Double.isFinite(r), cpu.toString());
    }
    assertTrue(cpu.note().contains(spec.cutTensor()), cpu.note());
    BenchRow cuda = rows.get(1);
    assertEquals("cuda", cuda.backend());
    if (!CudaProbe.probe().available()) {
      assertEquals(0, cuda.samples().length);
      assertTrue(cuda.note().startsWith("skipped: no usable CUDA GPU"), cuda.note());
    } else {
      assertEquals(3, cuda.samples().length);
    }
  }

  @Test
  void theWorkloadIsSeeded() {
    TailSpec spec = TinyTails.spec(3);
    TailBenchmark.Workload a = new TailBenchmark.Workload(spec, 4, 0.3, 42);
    TailBenchmark.Workload b = new TailBenchmark.Workload(spec, 4, 0.3, 42);
    assertArrayEquals(a.trunk, b.trunk);
    assertArrayEquals(a.labels, b.labels);
    assertArrayEquals(a.dropout, b.dropout);
    assertArrayEquals(a.headWeight, b.headWeight);
    assertEquals(4 * spec.inputSize(), a.trunk.length);
  }

  @Test
  void badSettingsAreRefused() {
    TailSpec spec = TinyTails.spec(3);
    assertThrows(
        IllegalArgumentException.class,
        () -> TailBenchmark.benchRows(spec, "tiny", 0, 1, 0, 1, ProgressListener.NONE));
    assertThrows(
        IllegalArgumentException.class,
        () -> TailBenchmark.benchRows(spec, "tiny", 4, 1, 0, 0, ProgressListener.NONE));
  }
}
