package org.samplesize.features;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.samplesize.InvalidInputException;
import org.samplesize.ProgressListener;
import org.samplesize.SamplesizeException;
import org.samplesize.io.Sha256;

/**
 * One ONNX Runtime session on the chosen execution provider, running batches of preprocessed images
 * to one output tensor (flattened per image). Not thread-safe: one caller at a time. The caller
 * closes it; {@link #close()} is idempotent and any use after it throws {@link
 * IllegalStateException}.
 */
public final class FeatureExtractor implements RowExtractor {

  /** ITU-R BT.601 luma weights, as PIL's {@code convert("L")} and OpenCV's gray conversion. */
  static final float LUMA_R = 0.299f;

  static final float LUMA_G = 0.587f;
  static final float LUMA_B = 0.114f;

  private final OrtSession session;
  private final String inputName;
  private final String outputName;
  private final long[] sampleShape;
  private final long[] modelShape;
  private final int sampleSize;
  private final int modelSampleSize;
  private final InputInfo input;
  private final String lumaLayout;
  private final String providerUsed;
  private final int cols;
  private final String modelSha256;
  private ByteBuffer scratch;
  private boolean closed;

  /**
   * What the session's image input really takes.
   *
   * @param uint8 bytes 0..255 instead of float32
   * @param fixedBatch the batch dimension fixed in the graph, or 0 when it is free
   */
  record InputInfo(boolean uint8, int fixedBatch) {}

  private FeatureExtractor(
      OrtSession session,
      String inputName,
      String outputName,
      long[] sampleShape,
      long[] modelShape,
      String lumaLayout,
      InputInfo input,
      String providerUsed,
      String modelSha256) {
    this.session = session;
    this.inputName = inputName;
    this.outputName = outputName;
    this.sampleShape = sampleShape.clone();
    this.modelShape = modelShape.clone();
    this.sampleSize = Math.toIntExact(Arrays.stream(sampleShape).reduce(1, Math::multiplyExact));
    this.modelSampleSize =
        Math.toIntExact(Arrays.stream(modelShape).reduce(1, Math::multiplyExact));
    this.lumaLayout = lumaLayout;
    this.input = input;
    this.providerUsed = providerUsed;
    this.modelSha256 = modelSha256;
    this.cols = probeCols();
  }

  /**
   * Opens a session that computes {@code tensor} of a card's model: the model is checked against
   * the card, then cut at the tensor (cached under {@code cacheDir/cuts}, checked against its seal
   * and made again when damaged).
   *
   * @param card the model card
   * @param modelFile the card's ONNX file (see {@link ModelResolver})
   * @param tensor the tensor to compute, usually {@link ModelCard#featureTensor()} or a cut tensor
   * @param profile execution profile; {@code auto} tries its fallback list in order
   * @param threads intra-op threads (0 = the profile's setting)
   * @param cacheDir where cut models and provider caches go
   * @param progress receives a note for every provider that was tried and failed
   * @return the open extractor; the caller closes it
   * @throws InvalidInputException when the model does not match the card or an explicitly requested
   *     provider is not usable
   */
  public static FeatureExtractor open(
      ModelCard card,
      Path modelFile,
      String tensor,
      ExecutionProfile profile,
      int threads,
      Path cacheDir,
      ProgressListener progress) {
    card.verify(modelFile);
    Path cut = GraphCut.cut(modelFile, tensor, cacheDir, progress);
    String out = GraphCut.outputName(modelFile, tensor);
    String in = card.input().name();
    FeatureExtractor fe =
        openModel(
            cut,
            in,
            card.input().sampleShape(),
            card.input().layout(),
            out,
            profile,
            threads,
            cacheDir,
            progress);
    try {
      org.samplesize.image.Preprocessing pre = card.preprocessing();
      if (fe.input.uint8()
          && (pre.scale() != 1f || !allAre(pre.mean(), 0f) || !allAre(pre.std(), 1f))) {
        throw new InvalidInputException(
            "model "
                + modelFile
                + " input '"
                + in
                + "' is UINT8: it takes raw pixels 0-255, but the card normalises them (scale "
                + pre.scale()
                + ", mean "
                + Arrays.toString(pre.mean())
                + ", std "
                + Arrays.toString(pre.std())
                + "); use --scale 1 --mean 0,0,0 --std 1,1,1 or a card that says so");
      }
    } catch (RuntimeException e) {
      fe.close();
      throw e;
    }
    if (fe.input.fixedBatch() > 0) {
      progress.note(
          "model input '"
              + in
              + "' has a fixed batch size of "
              + fe.input.fixedBatch()
              + ": images go through it "
              + fe.input.fixedBatch()
              + " at a time, whatever the batch setting");
    }
    if (fe.lumaLayout != null) {
      progress.note(
          "model input '"
              + in
              + "' takes 1 channel: each image is fed as its luminance"
              + " (0.299 R + 0.587 G + 0.114 B)");
    }
    if (fe.input.uint8()) {
      progress.note("model input '" + in + "' is UINT8: pixels are fed as bytes 0-255");
    }
    return fe;
  }

  private static boolean allAre(float[] v, float x) {
    for (float f : v) {
      if (f != x) {
        return false;
      }
    }
    return true;
  }

  /**
   * Opens a session on a model file as is.
   *
   * @param model ONNX file
   * @param inputName the image input
   * @param sampleShape per-image input shape (without the batch dimension)
   * @param outputName the output to compute
   * @param profile execution profile; {@code auto} tries its fallback list in order
   * @param threads intra-op threads (0 = the profile's setting)
   * @param cacheDir where provider caches go (TensorRT engines)
   * @param progress receives notes about providers that failed
   * @return the open extractor
   */
  public static FeatureExtractor openModel(
      Path model,
      String inputName,
      long[] sampleShape,
      String outputName,
      ExecutionProfile profile,
      int threads,
      Path cacheDir,
      ProgressListener progress) {
    return openModel(
        model, inputName, sampleShape, null, outputName, profile, threads, cacheDir, progress);
  }

  /**
   * Opens a session on a model file as is, fed RGB images in {@code layout}: when the model's
   * per-image shape has 1 channel, each RGB image given to {@link #run} becomes its luminance.
   *
   * @param model ONNX file
   * @param inputName the image input
   * @param sampleShape the model's per-image input shape (without the batch dimension)
   * @param layout {@code NCHW} or {@code NHWC} of the RGB images {@link #run} gets, or {@code null}
   *     when they already have the model's shape
   * @param outputName the output to compute
   * @param profile execution profile; {@code auto} tries its fallback list in order
   * @param threads intra-op threads (0 = the profile's setting)
   * @param cacheDir where provider caches go (TensorRT engines)
   * @param progress receives notes about providers that failed
   * @return the open extractor
   * @throws InvalidInputException when the input is neither float32 nor uint8, or does not have the
   *     expected shape
   */
  static FeatureExtractor openModel(
      Path model,
      String inputName,
      long[] sampleShape,
      String layout,
      String outputName,
      ExecutionProfile profile,
      int threads,
      Path cacheDir,
      ProgressListener progress) {
    long[] feedShape = sampleShape.clone();
    String luma = null;
    if (layout != null) {
      int axis = layout.equals("NCHW") ? 0 : 2;
      if (feedShape[axis] == 1) {
        feedShape[axis] = 3;
        luma = layout;
      }
    }
    boolean quantized =
        OnnxGraph.read(model).nodes().stream()
            .anyMatch(n -> n.opType().equals("QuantizeLinear") || n.opType().startsWith("QLinear"));
    String sha = Sha256.fileUnchecked(model);
    List<ExecutionProfile> tries = new ArrayList<>();
    if (profile.isAuto()) {
      for (String f : profile.fallback()) {
        tries.add(ExecutionProfile.load(f));
      }
    } else {
      tries.add(profile);
    }
    List<String> failures = new ArrayList<>();
    for (ExecutionProfile p : tries) {
      String why = Providers.unusableReason(p.provider());
      if (why == null) {
        try {
          OrtSession s =
              createSession(model, p, threads, cacheDir, inputName, sampleShape, quantized);
          FeatureExtractor fe;
          try {
            InputInfo info = check(s, model, inputName, sampleShape);
            fe =
                new FeatureExtractor(
                    s, inputName, outputName, feedShape, sampleShape, luma, info, p.name(), sha);
          } catch (OrtException | RuntimeException e) {
            closeQuietly(s);
            throw e;
          }
          if (!failures.isEmpty()) {
            progress.note(
                "execution provider: " + p.name() + " (" + String.join("; ", failures) + ")");
          }
          return fe;
        } catch (InvalidInputException e) {
          throw e;
        } catch (OrtException | RuntimeException e) {
          why = p.name() + " session failed: " + Providers.firstLine(e);
          if (!profile.isAuto()) {
            throw new SamplesizeException(
                "cannot run " + model + " with execution provider " + p.name() + ": " + why, e);
          }
        }
      }
      if (!profile.isAuto()) {
        throw notUsable(p, why);
      }
      failures.add(p.name() + " unusable: " + why);
    }
    throw new SamplesizeException("no execution provider could run " + model + ": " + failures);
  }

  /**
   * Fails at once when an explicitly requested execution provider cannot run here (e.g. {@code --ep
   * cuda} on the CPU build or without a GPU), so a command can check before any work; {@code auto}
   * always passes (it falls back).
   *
   * @param profile the execution profile asked for
   * @throws InvalidInputException when its provider is unusable, with the reason
   */
  public static void requireUsable(ExecutionProfile profile) {
    if (profile.isAuto()) {
      return;
    }
    String why = Providers.unusableReason(profile.provider());
    if (why != null) {
      throw notUsable(profile, why);
    }
  }

  private static InvalidInputException notUsable(ExecutionProfile p, String why) {
    return new InvalidInputException(
        "execution provider "
            + p.name()
            + " was requested but is not usable here: "
            + why
            + ". Use --ep auto or --ep cpu");
  }

  private static OrtSession createSession(
      Path model,
      ExecutionProfile p,
      int threads,
      Path cacheDir,
      String inputName,
      long[] sampleShape,
      boolean quantized)
      throws OrtException {
    try (OrtSession.SessionOptions o =
        Providers.options(p, threads, cacheDir, inputName, sampleShape, quantized)) {
      return Providers.env().createSession(model.toString(), o);
    }
  }

  /**
   * Checks the image input against the expected per-image shape and reads what it takes: float32 or
   * uint8, and a batch dimension fixed in the graph.
   */
  private static InputInfo check(OrtSession s, Path model, String inputName, long[] sampleShape)
      throws OrtException {
    Map<String, NodeInfo> inputs = s.getInputInfo();
    NodeInfo in = inputs.get(inputName);
    if (in == null) {
      throw new InvalidInputException(
          "model " + model + " has no input '" + inputName + "'; it has " + describe(inputs));
    }
    boolean uint8 = false;
    int fixedBatch = 0;
    if (in.getInfo() instanceof TensorInfo ti) {
      if (ti.type == OnnxJavaType.UINT8) {
        uint8 = true;
      } else if (ti.type != OnnxJavaType.FLOAT) {
        throw new InvalidInputException(
            "model "
                + model
                + " input '"
                + inputName
                + "' has element type "
                + ti.type
                + "; images can be fed as FLOAT (float32) or UINT8 (bytes 0-255) only: export"
                + " the model with one of those inputs");
      }
      long[] shape = ti.getShape();
      if (shape.length > 0 && shape[0] > 0) {
        if (shape[0] > 4096) {
          throw new InvalidInputException(
              "model "
                  + model
                  + " input '"
                  + inputName
                  + "' has a fixed batch size of "
                  + shape[0]
                  + "; export it with a free batch dimension or a batch size up to 4096");
        }
        fixedBatch = (int) shape[0];
      }
      boolean ok = shape.length == sampleShape.length + 1;
      for (int i = 0; ok && i < sampleShape.length; i++) {
        ok = shape[i + 1] < 0 || shape[i + 1] == sampleShape[i];
      }
      if (!ok) {
        throw new InvalidInputException(
            "model "
                + model
                + " input '"
                + inputName
                + "' has shape "
                + Arrays.toString(shape)
                + ", expected [batch, "
                + Arrays.toString(sampleShape).substring(1)
                + "; it has inputs "
                + describe(inputs));
      }
    }
    return new InputInfo(uint8, fixedBatch);
  }

  private static String describe(Map<String, NodeInfo> infos) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, NodeInfo> e : infos.entrySet()) {
      out.add(
          e.getKey()
              + (e.getValue().getInfo() instanceof TensorInfo ti
                  ? Arrays.toString(ti.getShape())
                  : ""));
    }
    return out.toString();
  }

  private static void closeQuietly(OrtSession s) {
    try {
      s.close();
    } catch (OrtException e) {
      // already failing; the first error is the one to report
    }
  }

  private int probeCols() {
    FloatBuffer zeros =
        java.nio.ByteBuffer.allocateDirect(sampleSize * Float.BYTES)
            .order(java.nio.ByteOrder.nativeOrder())
            .asFloatBuffer();
    return runInternal(zeros, 1).length;
  }

  /**
   * @return floats per image in the output
   */
  public int cols() {
    ensureOpen();
    return cols;
  }

  /**
   * @return floats per image in the input
   */
  public int sampleSize() {
    ensureOpen();
    return sampleSize;
  }

  /**
   * @return the per-image input shape
   */
  public long[] sampleShape() {
    return sampleShape.clone();
  }

  /**
   * @return the execution profile whose provider really runs this session ({@code cpu}, {@code
   *     cuda}, {@code tensorrt})
   */
  public String providerUsed() {
    ensureOpen();
    return providerUsed;
  }

  /**
   * @return SHA-256 of the (cut) model this session runs
   */
  public String modelSha256() {
    return modelSha256;
  }

  /**
   * @return the ONNX Runtime version
   */
  public static String ortVersion() {
    return Providers.ortVersion();
  }

  /**
   * Runs one batch.
   *
   * @param batch {@code n * sampleSize()} floats from position 0, batch-major, in the model's
   *     layout; direct native-order buffers are used without a copy
   * @param n images in the batch
   * @return {@code n * cols()} floats, row-major
   */
  public float[] run(FloatBuffer batch, int n) {
    ensureOpen();
    if (n <= 0 || (long) n * sampleSize > batch.capacity()) {
      throw new IllegalArgumentException(
          "batch of "
              + n
              + " images needs "
              + (long) n * sampleSize
              + " floats, buffer holds "
              + batch.capacity());
    }
    return runInternal(batch, n);
  }

  /**
   * Runs {@code n} images: in one call, or in calls of exactly the fixed batch size when the graph
   * fixes it (the last one padded with zero images whose rows are dropped).
   */
  private float[] runInternal(FloatBuffer batch, int n) {
    int per = input.fixedBatch() > 0 ? input.fixedBatch() : n;
    float[] out = null;
    int rowFloats = 0;
    for (int start = 0; start < n; start += per) {
      int k = Math.min(per, n - start);
      float[] part = runOnce(batch, start, k, input.fixedBatch() > 0 ? per : k);
      if (out == null) {
        if (k == n) {
          return part;
        }
        rowFloats = part.length / k;
        out = new float[n * rowFloats];
      }
      System.arraycopy(part, 0, out, start * rowFloats, part.length);
    }
    return out;
  }

  /** Runs images {@code start .. start+k-1} as a batch of {@code fed >= k}; returns k rows. */
  private float[] runOnce(FloatBuffer batch, int start, int k, int fed) {
    long[] shape = new long[modelShape.length + 1];
    shape[0] = fed;
    System.arraycopy(modelShape, 0, shape, 1, modelShape.length);
    try (OnnxTensor t = inputTensor(batch, start, k, fed, shape);
        OrtSession.Result r = session.run(Map.of(inputName, t), Set.of(outputName))) {
      OnnxValue v = r.get(0);
      if (!(v instanceof OnnxTensor out)) {
        throw new SamplesizeException("output " + outputName + " is not a tensor");
      }
      FloatBuffer fb = out.getFloatBuffer();
      if (fb == null) {
        throw new SamplesizeException(
            "output " + outputName + " is " + out.getInfo().type + ", expected float32");
      }
      if (fb.remaining() % fed != 0) {
        throw new SamplesizeException(
            "output " + outputName + " has " + fb.remaining() + " floats for " + fed + " images");
      }
      float[] data = new float[fb.remaining() / fed * k];
      fb.get(data);
      return data;
    } catch (OrtException e) {
      throw new SamplesizeException(
          "ONNX Runtime failed on a batch of " + fed + " (" + providerUsed + "): " + e.getMessage(),
          e);
    }
  }

  /**
   * The input tensor: the caller's buffer itself when the model takes it as is, else a converted
   * copy (luminance, bytes, zero images up to the fixed batch size).
   */
  private OnnxTensor inputTensor(FloatBuffer batch, int start, int k, int fed, long[] shape)
      throws OrtException {
    if (!input.uint8() && lumaLayout == null && fed == k) {
      FloatBuffer view = batch.duplicate();
      view.clear().limit((start + k) * sampleSize).position(start * sampleSize);
      return OnnxTensor.createTensor(Providers.env(), view.slice(), shape);
    }
    int bytesPer = input.uint8() ? 1 : Float.BYTES;
    int need = fed * modelSampleSize * bytesPer;
    if (scratch == null || scratch.capacity() < need) {
      scratch = ByteBuffer.allocateDirect(need).order(ByteOrder.nativeOrder());
    }
    ByteBuffer buf = scratch.duplicate().order(ByteOrder.nativeOrder());
    buf.clear().limit(need);
    for (int i = 0; i < fed; i++) {
      int src = (start + i) * sampleSize;
      int dst = i * modelSampleSize;
      for (int p = 0; p < modelSampleSize; p++) {
        float x = i < k ? pixel(batch, src, p) : 0f;
        if (input.uint8()) {
          buf.put(dst + p, (byte) Math.max(0, Math.min(255, Math.round(x))));
        } else {
          buf.putFloat((dst + p) * Float.BYTES, x);
        }
      }
    }
    ByteBuffer slice = buf.slice().order(ByteOrder.nativeOrder());
    return input.uint8()
        ? OnnxTensor.createTensor(Providers.env(), slice, shape, OnnxJavaType.UINT8)
        : OnnxTensor.createTensor(Providers.env(), slice.asFloatBuffer(), shape);
  }

  /** Value {@code p} of the model's per-image input, from the image at {@code src}. */
  private float pixel(FloatBuffer batch, int src, int p) {
    if (lumaLayout == null) {
      return batch.get(src + p);
    }
    if (lumaLayout.equals("NCHW")) {
      return LUMA_R * batch.get(src + p)
          + LUMA_G * batch.get(src + modelSampleSize + p)
          + LUMA_B * batch.get(src + 2 * modelSampleSize + p);
    }
    return LUMA_R * batch.get(src + 3 * p)
        + LUMA_G * batch.get(src + 3 * p + 1)
        + LUMA_B * batch.get(src + 3 * p + 2);
  }

  /**
   * @return the batch size fixed in the model's graph, or 0 when any batch size runs
   */
  public int fixedBatch() {
    return input.fixedBatch();
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("FeatureExtractor is closed");
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      session.close();
    } catch (OrtException e) {
      throw new SamplesizeException("closing the ONNX Runtime session failed", e);
    }
  }
}
