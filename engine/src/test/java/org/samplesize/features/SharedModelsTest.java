package org.samplesize.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.ProgressListener;
import org.samplesize.SharedData;
import org.samplesize.image.Augmentation;
import org.samplesize.image.BatchStream;
import org.samplesize.image.ImageBatch;
import org.samplesize.image.ImagePipeline;
import org.samplesize.image.ImageRequest;

/** The real MobileNetV2 files and flower photos (skipped when ../shared is absent). */
class SharedModelsTest {
  @TempDir Path tmp;

  static final String DAISY = "daisy/100080576_f52e8ee070_n.jpg";

  /** Runs {@code tensor} of a card's model on images decoded by the image pipeline. */
  float[] run(ModelCard card, Path model, String tensor, List<Path> images) {
    List<ImageRequest> reqs = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      reqs.add(new ImageRequest(images.get(i), i, 0, false));
    }
    try (ImagePipeline p = new ImagePipeline(card.preprocessing(), Augmentation.none(), 2, 0);
        FeatureExtractor fe =
            FeatureExtractor.open(
                card, model, tensor, ExecutionProfile.load("cpu"), 2, tmp, ProgressListener.NONE);
        BatchStream st = p.stream(reqs, images.size())) {
      ImageBatch b = st.next();
      try {
        assertEquals(images.size(), b.size(), "an image was skipped: " + b.skipped());
        return fe.run(b.data(), b.size());
      } finally {
        b.release();
      }
    }
  }

  static int argmax(float[] v, int from, int n) {
    int best = 0;
    for (int i = 1; i < n; i++) {
      if (v[from + i] > v[from + best]) {
        best = i;
      }
    }
    return best;
  }

  @Test
  void daisyIsClass985UnderEveryBackbone() {
    Path daisy = SharedData.flowers().resolve(DAISY);
    for (String name : ModelCard.builtInNames()) {
      ModelCard card = ModelCard.load(name);
      Path model = SharedData.model(card.file());
      float[] logits = run(card, model, card.logits().name(), List.of(daisy));
      assertEquals(card.logits().classes(), logits.length, name);
      assertEquals(985, argmax(logits, 0, logits.length) - card.logits().classOffset(), name);
      float[] feat = run(card, model, card.featureTensor(), List.of(daisy));
      assertEquals(card.featureDim(), feat.length, name + " pooled feature size");
    }
  }

  @Test
  void cutModelFeaturesEqualTheFullModelsPooledTensor() throws Exception {
    ModelCard card = ModelCard.load("mobilenetv2-12-fp32-dequant");
    Path model = SharedData.model(card.file());
    List<Path> imgs = sample(2);
    float[] cut = run(card, model, "472", imgs);
    assertEquals(2 * 1280, cut.length);
    // The full graph (logits kept as an output too, nothing pruned) asked for its pooled tensor.
    Path full = GraphCut.cut(model, List.of("output", "472"), tmp, ProgressListener.NONE);
    assertEquals(
        OnnxGraph.read(model).nodes().size(), OnnxGraph.read(full).nodes().size(), "pruned");
    float[] fromFull;
    try (ImagePipeline p = new ImagePipeline(card.preprocessing(), Augmentation.none(), 2, 0);
        FeatureExtractor fe =
            FeatureExtractor.openModel(
                full,
                "input",
                card.input().sampleShape(),
                "472",
                ExecutionProfile.load("cpu"),
                2,
                tmp,
                ProgressListener.NONE);
        BatchStream st = p.stream(requests(imgs), 2)) {
      ImageBatch b = st.next();
      fromFull = fe.run(b.data(), b.size());
      b.release();
    }
    assertArrayEquals(fromFull, cut, 1e-5f);
    // Independent check: the pooled tensor is the spatial mean of the head activations (627).
    float[] head = run(card, model, card.cutTensor("head"), imgs);
    assertEquals(2 * 1280 * 49, head.length);
    for (int i = 0; i < 2; i++) {
      for (int c = 0; c < 1280; c += 97) {
        double s = 0;
        for (int k = 0; k < 49; k++) {
          s += head[(i * 1280 + c) * 49 + k];
        }
        assertEquals(s / 49, cut[i * 1280 + c], 1e-4);
      }
    }
  }

  @Test
  void int8AndFloat32FeaturesAgree() throws Exception {
    List<Path> imgs = sample(16);
    ModelCard int8 = ModelCard.load("mobilenetv2-12-int8");
    ModelCard fp32 = ModelCard.load("mobilenetv2-12-fp32-dequant");
    float[] a = run(int8, SharedData.model(int8.file()), int8.featureTensor(), imgs);
    float[] b = run(fp32, SharedData.model(fp32.file()), fp32.featureTensor(), imgs);
    double sum = 0;
    for (int i = 0; i < imgs.size(); i++) {
      double dot = 0;
      double na = 0;
      double nb = 0;
      for (int j = i * 1280; j < (i + 1) * 1280; j++) {
        dot += a[j] * b[j];
        na += a[j] * a[j];
        nb += b[j] * b[j];
      }
      sum += dot / Math.sqrt(na * nb);
    }
    double mean = sum / imgs.size();
    assertTrue(mean > 0.95, "mean cosine " + mean);
    assertTrue(mean < 0.99999, "int8 and fp32 identical? " + mean);
  }

  static List<ImageRequest> requests(List<Path> imgs) {
    List<ImageRequest> r = new ArrayList<>();
    for (int i = 0; i < imgs.size(); i++) {
      r.add(new ImageRequest(imgs.get(i), i, 0, false));
    }
    return r;
  }

  /** {@code n} photos spread over the five classes, fixed. */
  static List<Path> sample(int n) throws Exception {
    Path root = SharedData.flowers();
    List<Path> all;
    try (Stream<Path> s = Files.walk(root)) {
      all = s.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
    }
    List<Path> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(all.get((int) ((long) i * all.size() / n)));
    }
    return out;
  }
}
