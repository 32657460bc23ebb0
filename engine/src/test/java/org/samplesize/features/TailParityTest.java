package org.samplesize.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.samplesize.SharedData;
import org.samplesize.train.cpu.tail.CpuTailNetwork;
import org.samplesize.train.tail.ReferenceTailNetwork;
import org.samplesize.train.tail.TailAdam;
import org.samplesize.train.tail.TailNetwork;
import org.samplesize.train.tail.TailParameters;
import org.samplesize.train.tail.TailSpec;

/**
 * Forward parity on real photos: the tail built from the ONNX initializers, fed the trunk
 * activations that ONNX Runtime computes at the cut tensor, reproduces ONNX Runtime's own pooled
 * feature of the full model within 1e-4 (max absolute difference).
 */
class TailParityTest {
  static final String FP32 = "mobilenetv2-12-fp32-dequant.onnx";
  static final String TFHUB = "mobilenet_v2_100_224_tfhub_ptq_wq.onnx";
  static final String INT8 = "mobilenetv2-12-int8.onnx";
  static final List<String> PHOTOS =
      List.of("daisy/100080576_f52e8ee070_n.jpg", "roses/10090824183_d02c613f10_m.jpg");

  /** Trunk activations at the cut and the full model's pooled feature, from ONNX Runtime. */
  record OrtRun(float[] trunk, float[] feature, int n) {}

  @Test
  void float32TailMatchesOnnxRuntimeOnPhotos() throws Exception {
    Path model = SharedData.model(FP32);
    TailSpec spec = TailGraphReader.read(model, "block_10");
    assertEquals("400", spec.cutTensor());
    assertEquals("472", spec.featureTensor());
    OrtRun run = runOrt(model, spec, photos(false), false);
    assertParity(spec, run, 1e-4);
  }

  @Test
  void float32TailFromLaterBlocksMatchesOnnxRuntime() throws Exception {
    Path model = SharedData.model(FP32);
    for (String cut : List.of("block_13", "block_16")) {
      TailSpec spec = TailGraphReader.read(model, cut);
      OrtRun run = runOrt(model, spec, photos(false), false);
      assertParity(spec, run, 1e-4);
    }
  }

  @Test
  void tfHubTailMatchesOnnxRuntimeOnPhotos() throws Exception {
    Path model = SharedData.model(TFHUB);
    TailSpec spec = TailGraphReader.read(model, "block_10");
    assertEquals("MobileNetV2/expanded_conv_10/add/add", spec.cutTensor());
    assertEquals("MobileNetV2/top/Reshape/Reshape", spec.featureTensor());
    OrtRun run = runOrt(model, spec, photos(true), true);
    assertParity(spec, run, 1e-4);
  }

  @Test
  void int8ZooFileDequantizesToTheFloat32CardsWeights() {
    TailSpec q = TailGraphReader.read(SharedData.model(INT8), "block_10");
    TailSpec f = TailGraphReader.read(SharedData.model(FP32), "400");
    assertEquals("400_quantized", q.cutTensor());
    assertEquals(139, q.cutQuantization().zeroPoint());
    assertEquals(f.blockNames(), q.blockNames());
    TailParameters pq = TailParameters.of(q, 2, new float[2 * 1280], new float[2]);
    TailParameters pf = TailParameters.of(f, 2, new float[2 * 1280], new float[2]);
    // MODELS.md: file 2 was made from file 1 with exactly these formulas (in numpy float32).
    for (int i = 0; i < pq.size(); i++) {
      float[] a = pq.tensor(i);
      float[] b = pf.tensor(i);
      for (int j = 0; j < a.length; j++) {
        assertEquals(b[j], a[j], 1e-6 * Math.max(1, Math.abs(b[j])), pq.name(i) + "[" + j + "]");
      }
    }
  }

  static void assertParity(TailSpec spec, OrtRun run, double tolerance) {
    double norm = 0;
    for (float v : run.feature()) {
      norm = Math.max(norm, Math.abs(v));
    }
    assertTrue(norm > 0.5, "ORT features look empty: max " + norm);
    TailParameters p = TailParameters.of(spec, 2, new float[2 * spec.featureDim()], new float[2]);
    for (TailNetwork net :
        List.of(
            new ReferenceTailNetwork(spec, 2, run.n(), TailAdam.recipe()),
            new CpuTailNetwork(spec, 2, run.n(), 2, TailAdam.recipe()))) {
      try (net) {
        net.setParameters(p);
        float[] ours = new float[run.n() * spec.featureDim()];
        net.features(run.trunk(), run.n(), ours);
        double max = maxAbsDiff(ours, run.feature());
        assertTrue(
            max <= tolerance,
            net.name() + ", " + spec.firstBlockName() + ": max |ours − ORT| = " + max);
      }
    }
  }

  static double maxAbsDiff(float[] a, float[] b) {
    assertEquals(a.length, b.length);
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs((double) a[i] - b[i]));
    }
    return m;
  }

  /** Runs ONNX Runtime on the full model with the cut tensor added as an extra output. */
  static OrtRun runOrt(Path model, TailSpec spec, float[][] images, boolean nhwc) throws Exception {
    ModelProto proto = ModelProto.parseFrom(Files.readAllBytes(model));
    ModelProto.Builder b = proto.toBuilder();
    TypeProto floatType =
        TypeProto.newBuilder()
            .setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE))
            .build();
    for (String name : List.of(spec.cutTensor(), spec.featureTensor())) {
      boolean present =
          b.getGraph().getOutputList().stream().anyMatch(v -> v.getName().equals(name));
      if (!present) {
        b.getGraphBuilder()
            .addOutput(ValueInfoProto.newBuilder().setName(name).setType(floatType).build());
      }
    }
    int n = images.length;
    float[] input = new float[n * 3 * 224 * 224];
    for (int i = 0; i < n; i++) {
      System.arraycopy(images[i], 0, input, i * images[i].length, images[i].length);
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
      opts.setIntraOpNumThreads(2);
      try (OrtSession session = env.createSession(b.build().toByteArray(), opts)) {
        long[] shape = nhwc ? new long[] {n, 224, 224, 3} : new long[] {n, 3, 224, 224};
        String inputName = session.getInputNames().iterator().next();
        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
            OrtSession.Result r = session.run(Map.of(inputName, t))) {
          float[] trunk = flat((OnnxTensor) r.get(spec.cutTensor()).orElseThrow());
          float[] feature = flat((OnnxTensor) r.get(spec.featureTensor()).orElseThrow());
          assertEquals(n * spec.inputSize(), trunk.length);
          assertEquals(n * spec.featureDim(), feature.length);
          return new OrtRun(trunk, feature, n);
        }
      }
    }
  }

  private static float[] flat(OnnxTensor t) {
    FloatBuffer fb = t.getFloatBuffer();
    float[] out = new float[fb.remaining()];
    fb.get(out);
    return out;
  }

  /** The two test photos, preprocessed for the zoo files (NCHW, ImageNet mean/std) or TF-Hub. */
  static float[][] photos(boolean tfHub) throws Exception {
    Path root = SharedData.flowers();
    float[][] out = new float[PHOTOS.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = preprocess(root.resolve(PHOTOS.get(i)), tfHub);
    }
    return out;
  }

  /**
   * MODELS.md's preprocessing, done simply with Java2D: resize the short side to 256 (bilinear),
   * center-crop 224, RGB; zoo files: /255, ImageNet mean/std, NCHW; TF-Hub: x/127.5 − 1, NHWC.
   */
  static float[] preprocess(Path file, boolean tfHub) throws Exception {
    BufferedImage src = ImageIO.read(file.toFile());
    assertTrue(src != null, "ImageIO cannot read " + file);
    double s = 256.0 / Math.min(src.getWidth(), src.getHeight());
    int w = (int) Math.round(src.getWidth() * s);
    int h = (int) Math.round(src.getHeight() * s);
    BufferedImage resized = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = resized.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(src, 0, 0, w, h, null);
    g.dispose();
    int x0 = (w - 224) / 2;
    int y0 = (h - 224) / 2;
    float[] mean = {0.485f, 0.456f, 0.406f};
    float[] std = {0.229f, 0.224f, 0.225f};
    float[] out = new float[3 * 224 * 224];
    for (int y = 0; y < 224; y++) {
      for (int x = 0; x < 224; x++) {
        int rgb = resized.getRGB(x0 + x, y0 + y);
        int[] c = {(rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff};
        for (int ch = 0; ch < 3; ch++) {
          if (tfHub) {
            out[(y * 224 + x) * 3 + ch] = c[ch] / 127.5f - 1f;
          } else {
            out[ch * 224 * 224 + y * 224 + x] = (c[ch] / 255f - mean[ch]) / std[ch];
          }
        }
      }
    }
    return out;
  }
}
