package org.samplesize.features;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.samplesize.InvalidInputException;
import org.samplesize.ProgressListener;
import org.samplesize.SamplesizeException;
import org.samplesize.SettingSource;
import org.samplesize.UnavailableException;
import org.samplesize.io.Sha256;

/**
 * One ONNX Runtime session on the chosen execution provider, running batches of preprocessed images
 * to one output tensor (flattened per image). Not thread-safe: one caller at a time. The caller
 * closes it; {@link #close()} is idempotent and any use after it throws {@link
 * IllegalStateException}.
 */
public final class FeatureExtractor implements RowExtractor {

  private final OrtSession session;
  private final ImageInput input;
  private final String outputName;
  private final int sampleSize;
  private final String providerUsed;
  private final int cols;
  private final String modelSha256;
  private boolean closed;

  private FeatureExtractor(
      OrtSession session,
      ImageInput input,
      String outputName,
      String providerUsed,
      String modelSha256) {
    this.session = session;
    this.input = input;
    this.outputName = outputName;
    this.sampleSize = input.feedSize();
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
      fe.input.requireSuits(card.preprocessing(), modelFile);
    } catch (RuntimeException e) {
      fe.close();
      throw e;
    }
    fe.input.describeTo(progress);
    return fe;
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
    OnnxGraph graph = OnnxGraph.read(model);
    boolean quantized = Int8Products.quantized(graph);
    boolean quantizeNodes = Int8Products.quantizeNodes(graph);
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
        List<org.samplesize.io.CacheLock> locks = new ArrayList<>();
        try {
          // TensorRT builds its engine while the session is made or first run (the probe) and
          // writes it into the shared cache: one process at a time, the next one reuses it.
          for (Path written : Providers.writtenCaches(p, cacheDir)) {
            locks.add(
                org.samplesize.io.CacheLock.hold(
                    written,
                    () ->
                        progress.note(
                            "waiting for another command that builds a TensorRT engine in "
                                + written
                                + " (it is reused here once built)")));
          }
          OrtSession s =
              createSession(
                  model, p, threads, cacheDir, inputName, sampleShape, quantized, quantizeNodes);
          FeatureExtractor fe;
          try {
            ImageInput input = ImageInput.read(s, model, inputName, sampleShape, layout);
            fe = new FeatureExtractor(s, input, outputName, p.name(), sha);
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
        } finally {
          for (int i = locks.size() - 1; i >= 0; i--) {
            locks.get(i).close();
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
   * @throws UnavailableException when its provider is unusable, with the reason
   */
  public static void requireUsable(ExecutionProfile profile) {
    requireUsable(profile, SettingSource.flag("--ep"));
  }

  /**
   * {@link #requireUsable(ExecutionProfile)}, the refusal naming where the profile came from.
   *
   * @param profile the execution profile asked for
   * @param source the flag or the settings file's line that gave it
   * @throws UnavailableException when its provider is unusable, with the reason
   */
  public static void requireUsable(ExecutionProfile profile, SettingSource source) {
    if (profile.isAuto()) {
      return;
    }
    String why = Providers.unusableReason(profile.provider());
    if (why != null) {
      throw notUsable(profile, why, source);
    }
  }

  /**
   * Why a profile's execution provider cannot run here, without failing.
   *
   * @param profile an execution profile
   * @return the reason, or null when it can run (always null for {@code auto}, which falls back)
   */
  public static String unavailableReason(ExecutionProfile profile) {
    return profile.isAuto() ? null : Providers.unusableReason(profile.provider());
  }

  /**
   * An execution provider asked for by name that cannot run here: the request is well formed, what
   * is missing is outside samplesize (a GPU, its driver, a provider in the ONNX Runtime build), as
   * for {@code --device cuda} and a native library that does not load: exit 3.
   */
  private static UnavailableException notUsable(ExecutionProfile p, String why) {
    return notUsable(p, why, SettingSource.flag("--ep"));
  }

  private static UnavailableException notUsable(
      ExecutionProfile p, String why, SettingSource source) {
    String advice = source.advice(null, "auto", "cpu");
    return new UnavailableException(
        source.prefix()
            + "execution provider "
            + p.name()
            + " was requested but is not usable here: "
            + why
            + ". "
            + Character.toUpperCase(advice.charAt(0))
            + advice.substring(1));
  }

  private static OrtSession createSession(
      Path model,
      ExecutionProfile p,
      int threads,
      Path cacheDir,
      String inputName,
      long[] sampleShape,
      boolean quantized,
      boolean quantizeNodes)
      throws OrtException {
    try (OrtSession.SessionOptions o =
        Providers.options(p, threads, cacheDir, inputName, sampleShape, quantized, quantizeNodes)) {
      return Providers.env().createSession(model.toString(), o);
    }
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
    return input.feedShape();
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
    // Not inside ONNX Runtime while the JVM exits (NativeRuns): a Ctrl-C crashed it there.
    NativeRuns gate = NativeRuns.process();
    gate.enter();
    try (OnnxTensor t = input.tensor(batch, start, k, fed);
        OrtSession.Result r = session.run(Map.of(input.name(), t), Set.of(outputName))) {
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
    } finally {
      gate.exit();
    }
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
