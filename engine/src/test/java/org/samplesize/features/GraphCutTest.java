package org.samplesize.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.AtOnce;
import org.samplesize.InvalidInputException;
import org.samplesize.ProgressListener;
import org.samplesize.io.SealedFiles;

class GraphCutTest {
  @TempDir Path tmp;

  @Test
  void cutPrunesEverythingAfterTheTensorAndIsCached() throws Exception {
    Path model = TinyModels.write(tmp);
    Path cut = GraphCut.cut(model, "feat", tmp, ProgressListener.NONE);
    OnnxGraph g = OnnxGraph.read(cut);
    assertEquals(List.of("feat"), g.outputs().stream().map(OnnxGraph.ValueInfo::name).toList());
    List<String> ops = g.nodes().stream().map(OnnxGraph.Node::opType).toList();
    assertEquals(List.of("DequantizeLinear", "Conv", "Relu", "GlobalAveragePool", "Flatten"), ops);
    assertFalse(g.initializerShapes().containsKey("gemm_w"), "unused initializer kept");
    assertFalse(g.initializerShapes().containsKey("feat_scale"));
    // Date the cut far back and note its file identity: a rewrite (an atomic replace) gives it a
    // new time and a new file, whatever the file system's time resolution.
    FileTime old = FileTime.from(Instant.parse("2001-01-01T00:00:00Z"));
    Files.setLastModifiedTime(cut, old);
    Object identity = Files.readAttributes(cut, BasicFileAttributes.class).fileKey();
    assertEquals(cut, GraphCut.cut(model, "feat", tmp, ProgressListener.NONE));
    assertEquals(old, Files.getLastModifiedTime(cut), "cached cut was rewritten");
    assertEquals(
        identity,
        Files.readAttributes(cut, BasicFileAttributes.class).fileKey(),
        "cached cut was replaced");
    assertTrue(
        !cut.equals(GraphCut.cut(model, "relu", tmp, ProgressListener.NONE)),
        "different tensor, same file");
  }

  @Test
  void quantizedTensorGetsDequantized() throws Exception {
    Path model = TinyModels.write(tmp);
    assertEquals("feat_quantized_dequantized", GraphCut.outputName(model, "feat_quantized"));
    assertEquals("feat", GraphCut.outputName(model, "feat"));
    OnnxGraph g = OnnxGraph.read(GraphCut.cut(model, "feat_quantized", tmp, ProgressListener.NONE));
    assertEquals("feat_quantized_dequantized", g.outputs().get(0).name());
    assertEquals("FLOAT", g.outputs().get(0).elemType());
    OnnxGraph.Node last = g.nodes().get(g.nodes().size() - 1);
    assertEquals("DequantizeLinear", last.opType());
    assertEquals(List.of("feat_quantized", "feat_scale", "feat_zero_point"), last.inputs());
  }

  @Test
  void unknownTensorListsWhatTheModelHas() throws Exception {
    Path model = TinyModels.write(tmp);
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> GraphCut.cut(model, "nope", tmp, ProgressListener.NONE));
    assertTrue(e.getMessage().contains("no tensor named 'nope'"), e.getMessage());
    assertTrue(e.getMessage().contains("logits"), e.getMessage());
  }

  @Test
  void floatInitializersDequantizeOnRequest() throws Exception {
    Path model = TinyModels.write(tmp);
    Map<String, float[]> plain = GraphCut.floatInitializers(model, false);
    assertTrue(plain.containsKey("gemm_w"));
    assertFalse(plain.containsKey("w"), "dequantized weight without asking");
    assertFalse(plain.containsKey("w_q"), "int8 initializer returned as float");
    Map<String, float[]> deq = GraphCut.floatInitializers(model, true);
    float[] w = deq.get("w");
    float[] expected = new float[6];
    for (int o = 0; o < 2; o++) {
      for (int c = 0; c < 3; c++) {
        expected[o * 3 + c] = TinyModels.weight(o, c);
      }
    }
    assertArrayEquals(expected, w, 1e-7f);
    assertArrayEquals(TinyModels.GEMM_W, deq.get("gemm_w"), 0f);
    assertArrayEquals(
        new long[] {2, 3, 1, 1}, OnnxGraph.read(model).initializerShapes().get("w_q"));
  }

  @Test
  void notAnOnnxFileIsAClearError() throws Exception {
    Path bad = tmp.resolve("bad.onnx");
    Files.writeString(bad, "this is not protobuf at all");
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> OnnxGraph.read(bad));
    assertTrue(e.getMessage().contains("bad.onnx"), e.getMessage());
  }

  /**
   * Runs that share a cache make the same cut at once: none may take the file another is still
   * sealing for an unfinished one and delete it under the others' feet, so every caller gets a
   * sealed cut and nobody is told it "was never finished".
   */
  @Test
  void cutsMadeAtOnceBySeveralCallersAreEachWholeAndQuiet() throws Exception {
    Path model = TinyModels.write(tmp);
    for (int round = 0; round < 30; round++) {
      Path cache = Files.createDirectories(tmp.resolve("cache" + round));
      ConcurrentLinkedQueue<String> notes = new ConcurrentLinkedQueue<>();
      ProgressListener listener = ProgressListener.notesTo(notes::add);
      List<String> problems =
          AtOnce.call(
              4,
              caller -> {
                Path cut = GraphCut.cut(model, "feat", cache, listener);
                SealedFiles.Check check = SealedFiles.check(cut);
                return check.intact() ? null : cut + " " + check.problem();
              });
      for (String problem : problems) {
        assertEquals(null, problem, "round " + round + ": a caller got a cut that is not whole");
      }
      assertEquals(List.of(), List.copyOf(notes), "round " + round);
    }
  }
}
