package org.samplesize.features;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
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
import org.samplesize.InvalidInputException;
import org.samplesize.ProgressListener;
import org.samplesize.image.Preprocessing;

/**
 * The image input of a session and how a batch of images becomes it: the input's element type
 * (float32, or uint8 for raw pixels 0-255), a batch size fixed in the graph, and a 1-channel input
 * fed with the luminance of RGB images. Holds a scratch buffer for converted batches, so one caller
 * at a time.
 */
final class ImageInput {

  /** ITU-R BT.601 luma weights, as PIL's {@code convert("L")} and OpenCV's gray conversion. */
  static final float LUMA_R = 0.299f;

  static final float LUMA_G = 0.587f;
  static final float LUMA_B = 0.114f;

  private final String name;
  private final long[] feedShape;
  private final long[] modelShape;
  private final int feedSize;
  private final int modelSize;
  private final boolean uint8;
  private final int fixedBatch;
  private final String lumaLayout;
  private ByteBuffer scratch;

  private ImageInput(
      String name,
      long[] feedShape,
      long[] modelShape,
      String lumaLayout,
      boolean uint8,
      int fixedBatch) {
    this.name = name;
    this.feedShape = feedShape;
    this.modelShape = modelShape.clone();
    this.feedSize = Math.toIntExact(Arrays.stream(feedShape).reduce(1, Math::multiplyExact));
    this.modelSize = Math.toIntExact(Arrays.stream(modelShape).reduce(1, Math::multiplyExact));
    this.lumaLayout = lumaLayout;
    this.uint8 = uint8;
    this.fixedBatch = fixedBatch;
  }

  /**
   * Checks the image input of a session against the expected per-image shape and reads what it
   * takes: float32 or uint8, and a batch dimension fixed in the graph.
   *
   * @param s the session
   * @param model its file, for messages
   * @param inputName the image input
   * @param sampleShape the model's per-image input shape (without the batch dimension)
   * @param layout {@code NCHW} or {@code NHWC} of the RGB images callers feed, or {@code null} when
   *     they already have the model's shape
   * @return the input
   * @throws OrtException when the session cannot be queried
   * @throws InvalidInputException when the input is missing, neither float32 nor uint8, or does not
   *     have the expected shape
   */
  static ImageInput read(
      OrtSession s, Path model, String inputName, long[] sampleShape, String layout)
      throws OrtException {
    long[] feedShape = sampleShape.clone();
    String luma = null;
    if (layout != null) {
      int axis = layout.equals("NCHW") ? 0 : 2;
      if (feedShape[axis] == 1) {
        feedShape[axis] = 3;
        luma = layout;
      }
    }
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
    return new ImageInput(inputName, feedShape, sampleShape, luma, uint8, fixedBatch);
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

  /**
   * Checks that a card's preprocessing suits the input: a uint8 input takes raw pixels, so the card
   * must not normalise them.
   *
   * @param pre the card's preprocessing
   * @param modelFile the model, for the message
   * @throws InvalidInputException when a uint8 input would get normalised pixels
   */
  void requireSuits(Preprocessing pre, Path modelFile) {
    if (uint8 && (pre.scale() != 1f || !allAre(pre.mean(), 0f) || !allAre(pre.std(), 1f))) {
      throw new InvalidInputException(
          "model "
              + modelFile
              + " input '"
              + name
              + "' is UINT8: it takes raw pixels 0-255, but the card normalises them (scale "
              + pre.scale()
              + ", mean "
              + Arrays.toString(pre.mean())
              + ", std "
              + Arrays.toString(pre.std())
              + "); use --scale 1 --mean 0,0,0 --std 1,1,1 or a card that says so");
    }
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
   * Says, one note each, how images are fed when that differs from a plain float batch.
   *
   * @param progress receives the notes
   */
  void describeTo(ProgressListener progress) {
    if (fixedBatch > 0) {
      progress.note(
          "model input '"
              + name
              + "' has a fixed batch size of "
              + fixedBatch
              + ": images go through it "
              + fixedBatch
              + " at a time, whatever the batch setting");
    }
    if (lumaLayout != null) {
      progress.note(
          "model input '"
              + name
              + "' takes 1 channel: each image is fed as its luminance"
              + " (0.299 R + 0.587 G + 0.114 B)");
    }
    if (uint8) {
      progress.note("model input '" + name + "' is UINT8: pixels are fed as bytes 0-255");
    }
  }

  /**
   * @return the input's name
   */
  String name() {
    return name;
  }

  /**
   * @return the per-image shape callers feed
   */
  long[] feedShape() {
    return feedShape.clone();
  }

  /**
   * @return floats per image callers feed
   */
  int feedSize() {
    return feedSize;
  }

  /**
   * @return the batch size fixed in the graph, or 0 when any batch size runs
   */
  int fixedBatch() {
    return fixedBatch;
  }

  /**
   * The input tensor for images {@code start .. start+k-1} fed as a batch of {@code fed >= k}: the
   * caller's buffer itself when the model takes it as is, else a converted copy (luminance, bytes,
   * zero images up to the fixed batch size).
   *
   * @param batch images, {@link #feedSize()} floats each
   * @param start first image
   * @param k images from the buffer
   * @param fed batch size of the tensor (zero images after the first {@code k})
   * @return the tensor; the caller closes it
   * @throws OrtException when ONNX Runtime cannot make it
   */
  OnnxTensor tensor(FloatBuffer batch, int start, int k, int fed) throws OrtException {
    long[] shape = new long[modelShape.length + 1];
    shape[0] = fed;
    System.arraycopy(modelShape, 0, shape, 1, modelShape.length);
    if (!uint8 && lumaLayout == null && fed == k) {
      FloatBuffer view = batch.duplicate();
      view.clear().limit((start + k) * feedSize).position(start * feedSize);
      return OnnxTensor.createTensor(Providers.env(), view.slice(), shape);
    }
    int bytesPer = uint8 ? 1 : Float.BYTES;
    int need = fed * modelSize * bytesPer;
    if (scratch == null || scratch.capacity() < need) {
      scratch = ByteBuffer.allocateDirect(need).order(ByteOrder.nativeOrder());
    }
    ByteBuffer buf = scratch.duplicate().order(ByteOrder.nativeOrder());
    buf.clear().limit(need);
    for (int i = 0; i < fed; i++) {
      int src = (start + i) * feedSize;
      int dst = i * modelSize;
      for (int p = 0; p < modelSize; p++) {
        float x = i < k ? pixel(batch, src, p) : 0f;
        if (uint8) {
          buf.put(dst + p, (byte) Math.max(0, Math.min(255, Math.round(x))));
        } else {
          buf.putFloat((dst + p) * Float.BYTES, x);
        }
      }
    }
    ByteBuffer slice = buf.slice().order(ByteOrder.nativeOrder());
    return uint8
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
          + LUMA_G * batch.get(src + modelSize + p)
          + LUMA_B * batch.get(src + 2 * modelSize + p);
    }
    return LUMA_R * batch.get(src + 3 * p)
        + LUMA_G * batch.get(src + 3 * p + 1)
        + LUMA_B * batch.get(src + 3 * p + 2);
  }
}
