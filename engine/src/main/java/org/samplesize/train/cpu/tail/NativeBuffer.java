package org.samplesize.train.cpu.tail;

import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.samplesize.train.tail.TailDeviceOps;

/**
 * Native float memory with a direct-buffer view, zeroed; the {@link TailDeviceOps.Buffer} of the
 * CPU tail. Its owner ({@link CpuTailOps}) frees it on close.
 */
final class NativeBuffer implements TailDeviceOps.Buffer {
  final FloatPointer pointer;
  final FloatBuffer buffer;

  NativeBuffer(long length) {
    pointer = new FloatPointer(length);
    if (pointer.isNull()) {
      throw new OutOfMemoryError("cannot allocate " + length * 4 + " bytes of native memory");
    }
    pointer.zero();
    buffer = pointer.asBuffer();
  }
}
