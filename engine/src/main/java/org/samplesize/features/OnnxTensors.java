package org.samplesize.features;

import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.samplesize.InvalidInputException;

/**
 * Decodes ONNX tensor payloads (raw little-endian bytes or the typed repeated fields) into floats
 * and dequantizes integer tensors as {@code (q - zero point) * scale}: the one reading of weights
 * that {@link GraphCut} (weights for fine-tuning) and {@link TailGraphReader} (the tail's
 * convolutions) share.
 */
final class OnnxTensors {
  private OnnxTensors() {}

  /**
   * Any numeric tensor as floats (int8/uint8/int32 values, and int64 values below 2^24, are exact).
   *
   * @param t a tensor with its data inside the model
   * @return its values, row-major
   * @throws InvalidInputException when its data is in an external file or its type is not numeric
   */
  static float[] floats(TensorProto t) {
    if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
      throw new InvalidInputException(
          "tensor " + t.getName() + " keeps its data in an external file, which is not supported");
    }
    long count = 1;
    for (long d : t.getDimsList()) {
      count = Math.multiplyExact(count, d);
    }
    int n = Math.toIntExact(count);
    float[] out = new float[n];
    ByteString raw = t.getRawData();
    ByteBuffer b = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    boolean hasRaw = !raw.isEmpty();
    switch (t.getDataType()) {
      case TensorProto.DataType.FLOAT_VALUE -> {
        for (int i = 0; i < n; i++) {
          out[i] = hasRaw ? b.getFloat(4 * i) : t.getFloatData(i);
        }
      }
      case TensorProto.DataType.DOUBLE_VALUE -> {
        for (int i = 0; i < n; i++) {
          out[i] = (float) (hasRaw ? b.getDouble(8 * i) : t.getDoubleData(i));
        }
      }
      case TensorProto.DataType.INT8_VALUE -> {
        for (int i = 0; i < n; i++) {
          out[i] = hasRaw ? b.get(i) : t.getInt32Data(i);
        }
      }
      case TensorProto.DataType.UINT8_VALUE -> {
        for (int i = 0; i < n; i++) {
          out[i] = hasRaw ? (b.get(i) & 0xff) : t.getInt32Data(i);
        }
      }
      case TensorProto.DataType.INT32_VALUE -> {
        for (int i = 0; i < n; i++) {
          out[i] = hasRaw ? b.getInt(4 * i) : t.getInt32Data(i);
        }
      }
      case TensorProto.DataType.INT64_VALUE -> {
        for (int i = 0; i < n; i++) {
          out[i] = hasRaw ? b.getLong(8 * i) : t.getInt64Data(i);
        }
      }
      default ->
          throw new InvalidInputException(
              "tensor "
                  + t.getName()
                  + " has type "
                  + OnnxGraph.elemTypeName(t.getDataType())
                  + ", which cannot be read as floats");
    }
    return out;
  }

  /**
   * {@code (q - zp) * scale}, per channel along {@code axis} when {@code scale} has several values.
   *
   * @param q a quantized tensor
   * @param scale one scale, or one per channel along {@code axis}
   * @param zp one zero point, or one per channel
   * @param axis the channel axis (negative counts from the end)
   * @return the float values
   * @throws InvalidInputException when there are several scales and not one per channel
   */
  static float[] dequantize(TensorProto q, float[] scale, float[] zp, int axis) {
    return dequantize(floats(q), q.getDimsList(), q.getName(), scale, zp, axis);
  }

  /**
   * As {@link #dequantize(TensorProto, float[], float[], int)}, on values already read.
   *
   * @param v the quantized values (overwritten and returned)
   * @param dims their shape
   * @param name the tensor's name, for messages
   * @param scale one scale, or one per channel along {@code axis}
   * @param zp one zero point, or one per channel
   * @param axis the channel axis (negative counts from the end)
   * @return {@code v}, dequantized
   */
  static float[] dequantize(
      float[] v, List<Long> dims, String name, float[] scale, float[] zp, int axis) {
    if (scale.length == 1) {
      for (int i = 0; i < v.length; i++) {
        v[i] = (v[i] - zp[0]) * scale[0];
      }
      return v;
    }
    int ax = axis < 0 ? axis + dims.size() : axis;
    long inner = 1;
    for (int d = ax + 1; d < dims.size(); d++) {
      inner *= dims.get(d);
    }
    long channels = dims.get(ax);
    if (channels != scale.length) {
      throw new InvalidInputException(
          "tensor "
              + name
              + " has "
              + channels
              + " channels on axis "
              + ax
              + " but "
              + scale.length
              + " scales");
    }
    for (int i = 0; i < v.length; i++) {
      int c = (int) ((i / inner) % channels);
      v[i] = (v[i] - zp[zp.length == 1 ? 0 : c]) * scale[c];
    }
    return v;
  }
}
