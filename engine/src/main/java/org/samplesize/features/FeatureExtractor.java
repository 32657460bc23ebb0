package org.samplesize.features;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
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

/**
 * One ONNX Runtime session on the chosen execution provider, running batches of preprocessed images
 * to one output tensor (flattened per image). Not thread-safe: one caller at a time. The caller
 * closes it; {@link #close()} is idempotent and any use after it throws {@link
 * IllegalStateException}.
 */
public final class FeatureExtractor implements AutoCloseable {

  private final OrtSession session;
  private final String inputName;
  private final String outputName;
  private final long[] sampleShape;
  private final int sampleSize;
  private final String providerUsed;
  private final int cols;
  private final String modelSha256;
  private boolean closed;

  private FeatureExtractor(
      OrtSession session,
      String inputName,
      String outputName,
      long[] sampleShape,
      String providerUsed,
      String modelSha256) {
    this.session = session;
    this.inputName = inputName;
    this.outputName = outputName;
    this.sampleShape = sampleShape.clone();
    this.sampleSize = Math.toIntExact(Arrays.stream(sampleShape).reduce(1, Math::multiplyExact));
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
    return openModel(
        cut,
        card.input().name(),
        card.input().sampleShape(),
        out,
        profile,
        threads,
        cacheDir,
        progress);
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
    boolean quantized =
        OnnxGraph.read(model).nodes().stream()
            .anyMatch(n -> n.opType().equals("QuantizeLinear") || n.opType().startsWith("QLinear"));
    String sha = Hashing.sha256(model);
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
            fe = new FeatureExtractor(s, inputName, outputName, sampleShape, p.name(), sha);
          } catch (RuntimeException e) {
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
      OrtSession s = Providers.env().createSession(model.toString(), o);
      try {
        check(s, model, inputName, sampleShape);
      } catch (RuntimeException e) {
        closeQuietly(s);
        throw e;
      }
      return s;
    }
  }

  private static void check(OrtSession s, Path model, String inputName, long[] sampleShape)
      throws OrtException {
    Map<String, NodeInfo> inputs = s.getInputInfo();
    NodeInfo in = inputs.get(inputName);
    if (in == null) {
      throw new InvalidInputException(
          "model " + model + " has no input '" + inputName + "'; it has " + describe(inputs));
    }
    if (in.getInfo() instanceof TensorInfo ti) {
      long[] shape = ti.getShape();
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

  private float[] runInternal(FloatBuffer batch, int n) {
    FloatBuffer view = batch.duplicate();
    view.clear().limit(n * sampleSize);
    long[] shape = new long[sampleShape.length + 1];
    shape[0] = n;
    System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
    try (OnnxTensor t = OnnxTensor.createTensor(Providers.env(), view.slice(), shape);
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
      float[] data = new float[fb.remaining()];
      fb.get(data);
      if (data.length % n != 0) {
        throw new SamplesizeException(
            "output " + outputName + " has " + data.length + " floats for " + n + " images");
      }
      return data;
    } catch (OrtException e) {
      throw new SamplesizeException(
          "ONNX Runtime failed on a batch of " + n + " (" + providerUsed + "): " + e.getMessage(),
          e);
    }
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
