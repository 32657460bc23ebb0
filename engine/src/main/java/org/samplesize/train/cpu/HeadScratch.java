package org.samplesize.train.cpu;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import org.bytedeco.javacpp.FloatPointer;

/**
 * Per-thread buffers of one minibatch step: the inputs after dropout in {@code xd} (or, with {@link
 * PairDropout}, row by row in {@code xdPairs}); the native ones exist when OpenBLAS is used. Each
 * thread of a {@link CpuHeadStack} takes one for a model's epoch and gives it back; the stack
 * closes them all when it is released (the native buffers are not left to the GC).
 */
final class HeadScratch implements AutoCloseable {
  final float[] xd;
  final float[] g;
  final float[] gw;
  final float[] gb;
  final int[] y;
  final FloatPointer xdNative;
  final FloatBuffer xdBuffer;
  final LongBuffer xdLongs;
  final long[][] xdPairs;
  final long[] draws;
  final FloatPointer wNative;
  final FloatPointer logitsNative;
  final FloatPointer gNative;
  final FloatPointer gwNative;

  HeadScratch(int batch, int cols, int classes, boolean blas) {
    y = new int[batch];
    g = new float[batch * classes];
    gw = new float[classes * cols];
    gb = new float[classes];
    xd = new float[batch * cols];
    if (blas) {
      xdNative = new FloatPointer((long) batch * cols);
      // A bulk put through the buffer view is a plain memory copy; FloatPointer.put goes
      // through JNI, which costs several times more for a 64 × 1280 batch.
      xdBuffer = xdNative.asBuffer();
      xdLongs = xdNative.asByteBuffer().order(ByteOrder.nativeOrder()).asLongBuffer();
      xdPairs = new long[batch][cols / 2];
      draws = new long[cols / 2];
      wNative = new FloatPointer((long) classes * cols);
      logitsNative = new FloatPointer((long) batch * classes);
      gNative = new FloatPointer((long) batch * classes);
      gwNative = new FloatPointer((long) classes * cols);
    } else {
      xdNative = null;
      xdBuffer = null;
      xdLongs = null;
      xdPairs = null;
      draws = null;
      wNative = null;
      logitsNative = null;
      gNative = null;
      gwNative = null;
    }
  }

  @Override
  public void close() {
    for (FloatPointer p : new FloatPointer[] {xdNative, wNative, logitsNative, gNative, gwNative}) {
      if (p != null) {
        p.close();
      }
    }
  }
}
