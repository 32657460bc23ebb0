package org.samplesize.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.samplesize.InvalidInputException;

class OnnxTensorsTest {

  private static TensorProto int8Raw(String name, List<Long> dims, byte... values) {
    return TensorProto.newBuilder()
        .setName(name)
        .addAllDims(dims)
        .setDataType(TensorProto.DataType.INT8_VALUE)
        .setRawData(ByteString.copyFrom(values))
        .build();
  }

  @Test
  void rawBytesAndTypedFieldsDecodeAlike() {
    ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    b.putFloat(1.5f).putFloat(-2f).putFloat(0.25f);
    TensorProto raw =
        TensorProto.newBuilder()
            .setName("w")
            .addDims(3)
            .setDataType(TensorProto.DataType.FLOAT_VALUE)
            .setRawData(ByteString.copyFrom(b.array()))
            .build();
    TensorProto typed =
        TensorProto.newBuilder()
            .setName("w")
            .addDims(3)
            .setDataType(TensorProto.DataType.FLOAT_VALUE)
            .addAllFloatData(List.of(1.5f, -2f, 0.25f))
            .build();
    assertArrayEquals(new float[] {1.5f, -2f, 0.25f}, OnnxTensors.floats(raw));
    assertArrayEquals(OnnxTensors.floats(raw), OnnxTensors.floats(typed));
    TensorProto u8 =
        TensorProto.newBuilder()
            .setName("u")
            .addDims(2)
            .setDataType(TensorProto.DataType.UINT8_VALUE)
            .setRawData(ByteString.copyFrom(new byte[] {(byte) 255, 3}))
            .build();
    assertArrayEquals(new float[] {255f, 3f}, OnnxTensors.floats(u8));
  }

  @Test
  void dequantizesPerTensorAndPerChannelOnAnyAxis() {
    // 2 x 3, values 1..6
    TensorProto q =
        int8Raw("q", List.of(2L, 3L), (byte) 1, (byte) 2, (byte) 3, (byte) 4, (byte) 5, (byte) 6);
    assertArrayEquals(
        new float[] {0f, 0.5f, 1f, 1.5f, 2f, 2.5f},
        OnnxTensors.dequantize(q, new float[] {0.5f}, new float[] {1f}, 0));
    // axis 0: two channels of three values
    assertArrayEquals(
        new float[] {1f, 2f, 3f, 4 * 2f - 2f, 5 * 2f - 2f, 6 * 2f - 2f},
        OnnxTensors.dequantize(q, new float[] {1f, 2f}, new float[] {0f, 1f}, 0));
    // axis 1 (also as -1): three channels, scales 1, 10, 100
    float[] expected = {1f, 20f, 300f, 4f, 50f, 600f};
    assertArrayEquals(
        expected, OnnxTensors.dequantize(q, new float[] {1f, 10f, 100f}, new float[] {0f}, 1));
    assertArrayEquals(
        expected, OnnxTensors.dequantize(q, new float[] {1f, 10f, 100f}, new float[] {0f}, -1));
  }

  @Test
  void badTensorsAreNamed() {
    TensorProto q = int8Raw("weights", List.of(2L, 3L), new byte[6]);
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> OnnxTensors.dequantize(q, new float[] {1f, 2f, 3f}, new float[] {0f}, 0));
    assertTrue(
        e.getMessage().contains("weights has 2 channels on axis 0 but 3 scales"), e.getMessage());
    TensorProto external = q.toBuilder().setDataLocation(TensorProto.DataLocation.EXTERNAL).build();
    e = assertThrows(InvalidInputException.class, () -> OnnxTensors.floats(external));
    assertTrue(e.getMessage().contains("external file"), e.getMessage());
    TensorProto text =
        TensorProto.newBuilder()
            .setName("s")
            .addDims(1)
            .setDataType(TensorProto.DataType.STRING_VALUE)
            .build();
    e = assertThrows(InvalidInputException.class, () -> OnnxTensors.floats(text));
    assertTrue(e.getMessage().contains("s has type"), e.getMessage());
  }
}
