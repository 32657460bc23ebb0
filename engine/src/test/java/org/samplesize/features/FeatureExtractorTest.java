package org.samplesize.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.InvalidInputException;
import org.samplesize.ProgressListener;

class FeatureExtractorTest {
  @TempDir Path tmp;

  static FloatBuffer randomBatch(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    FloatBuffer b =
        ByteBuffer.allocateDirect(n * 48 * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
    for (int i = 0; i < n * 48; i++) {
      b.put(i, (float) (r.nextDouble() * 2 - 0.5));
    }
    return b;
  }

  @Test
  void featuresMatchAPlainJavaReference() throws Exception {
    Path model = TinyModels.write(tmp);
    ModelCard card = TinyModels.card(model);
    try (FeatureExtractor fe =
        FeatureExtractor.open(
            card, model, "feat", ExecutionProfile.load("cpu"), 1, tmp, ProgressListener.NONE)) {
      assertEquals(2, fe.cols());
      assertEquals("cpu", fe.providerUsed());
      FloatBuffer in = randomBatch(5, 7);
      float[] out = fe.run(in, 5);
      float[] img = new float[5 * 48];
      in.get(0, img);
      for (int i = 0; i < 5; i++) {
        assertArrayEquals(TinyModels.referenceFeatures(img, i * 48), slice(out, i, 2), 1e-5f);
      }
      // A quantized cut point comes back as floats within one quantization step.
      try (FeatureExtractor q =
          FeatureExtractor.open(
              card,
              model,
              "feat_quantized",
              ExecutionProfile.load("cpu"),
              1,
              tmp,
              ProgressListener.NONE)) {
        float[] qo = q.run(in, 5);
        assertArrayEquals(out, qo, TinyModels.FEAT_SCALE / 2 + 1e-6f);
      }
    }
  }

  @Test
  void autoFallsBackToCpuAndSaysWhy() throws Exception {
    Path model = TinyModels.write(tmp);
    List<String> notes = new ArrayList<>();
    ProgressListener p = ProgressListener.notesTo(notes::add);
    assumeTrue(
        Providers.unusableReason("CUDA") != null && Providers.unusableReason("TENSORRT") != null,
        "skipped: CUDA or TensorRT can run here; the fallback path needs a machine where neither can");
    try (FeatureExtractor fe =
        FeatureExtractor.open(
            TinyModels.card(model), model, "feat", ExecutionProfile.load("auto"), 1, tmp, p)) {
      assertEquals("cpu", fe.providerUsed());
    }
    assertEquals(1, notes.size(), notes.toString());
    assertTrue(notes.get(0).contains("tensorrt unusable"), notes.toString());
    assertTrue(notes.get(0).contains("cuda unusable"), notes.toString());
  }

  @Test
  void explicitProviderThatCannotRunIsAClearError() throws Exception {
    assumeTrue(
        Providers.unusableReason("CUDA") != null, "skipped: CUDA can run here (a GPU is present)");
    Path model = TinyModels.write(tmp);
    // Something outside samplesize (a GPU, its driver, the provider) is missing: exit 3, as for
    // --device cuda.
    org.samplesize.UnavailableException e =
        assertThrows(
            org.samplesize.UnavailableException.class,
            () ->
                FeatureExtractor.open(
                    TinyModels.card(model),
                    model,
                    "feat",
                    ExecutionProfile.load("cuda"),
                    1,
                    tmp,
                    ProgressListener.NONE));
    assertTrue(e.getMessage().contains("cuda was requested but is not usable"), e.getMessage());
    if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
      // The CPU build: the message says how to get the GPU build.
      assertTrue(e.getMessage().contains("-Pgpu"), e.getMessage());
    } else {
      // The GPU build without a usable GPU: the message says why the provider did not start.
      assertTrue(e.getMessage().contains("failed to start"), e.getMessage());
    }
  }

  @Test
  void closeIsIdempotentAndUseAfterCloseFails() throws Exception {
    Path model = TinyModels.write(tmp);
    FeatureExtractor fe =
        FeatureExtractor.open(
            TinyModels.card(model),
            model,
            "feat",
            ExecutionProfile.load("cpu"),
            1,
            tmp,
            ProgressListener.NONE);
    fe.close();
    fe.close();
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> fe.run(randomBatch(1, 1), 1));
    assertTrue(e.getMessage().contains("FeatureExtractor is closed"));
  }

  @Test
  void modelNotMatchingItsCardListsWhatTheFileHas() throws Exception {
    Path model = TinyModels.write(tmp);
    ModelCard wrong =
        TinyModels.card(model)
            .withInput(new ModelCard.InputSpec("image", new long[] {-1, 3, 4, 4}, "NCHW"));
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                FeatureExtractor.open(
                    wrong,
                    model,
                    "feat",
                    ExecutionProfile.load("cpu"),
                    1,
                    tmp,
                    ProgressListener.NONE));
    assertTrue(e.getMessage().contains("no input named 'image'"), e.getMessage());
    assertTrue(e.getMessage().contains("input:FLOAT[-1, 3, 4, 4]"), e.getMessage());
    assertTrue(e.getMessage().contains("logits:FLOAT[-1, 3]"), e.getMessage());
  }

  static float[] slice(float[] a, int row, int cols) {
    return java.util.Arrays.copyOfRange(a, row * cols, (row + 1) * cols);
  }
}
