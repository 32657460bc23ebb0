package org.samplesize.train.cuda;

import static org.samplesize.train.cuda.CudaStatus.checkCuda;

import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.samplesize.train.tail.TailDeviceOps;

/**
 * One block of device memory (also a {@link TailDeviceOps.Buffer} of the CUDA tail). The creator
 * closes it; {@code close()} is idempotent and any use after it throws {@link
 * IllegalStateException}.
 */
public final class DeviceBuffer implements AutoCloseable, TailDeviceOps.Buffer {
  private final String what;
  private final long bytes;
  private Pointer ptr;

  private DeviceBuffer(String what, long bytes, Pointer ptr) {
    this.what = what;
    this.bytes = bytes;
    this.ptr = ptr;
  }

  /**
   * @param what a name for messages
   * @param bytes size, &ge; 1 (0 is rounded up so every buffer has an address)
   * @return zero-filled device memory
   */
  public static DeviceBuffer allocate(String what, long bytes) {
    long size = Math.max(bytes, 4);
    Pointer p = new Pointer();
    checkCuda(cudart.cudaMalloc(p, size), "cudaMalloc");
    DeviceBuffer b = new DeviceBuffer(what, size, p);
    checkCuda(cudart.cudaMemset(p, 0, size), "cudaMemset");
    return b;
  }

  public static DeviceBuffer floats(String what, long count) {
    return allocate(what, count * Float.BYTES);
  }

  public long bytes() {
    return bytes;
  }

  /**
   * @return the device address (for kernel arguments)
   */
  public long address() {
    return live().address();
  }

  /**
   * @param floatOffset offset in floats
   * @return a float view at the offset (for cuBLAS), sharing the address
   */
  public FloatPointer floatsAt(long floatOffset) {
    return new FloatPointer(live()).position(floatOffset);
  }

  public void upload(float[] src, long floatOffset) {
    check(floatOffset * 4, (long) src.length * 4);
    try (FloatPointer host = new FloatPointer(src)) {
      checkCuda(
          cudart.cudaMemcpy(
              new Pointer(live()).position(floatOffset * 4),
              host,
              src.length * 4L,
              cudart.cudaMemcpyHostToDevice),
          "cudaMemcpy");
    }
  }

  public void upload(int[] src) {
    check(0, (long) src.length * 4);
    try (IntPointer host = new IntPointer(src)) {
      checkCuda(
          cudart.cudaMemcpy(live(), host, src.length * 4L, cudart.cudaMemcpyHostToDevice),
          "cudaMemcpy");
    }
  }

  void upload(long[] src) {
    check(0, (long) src.length * 8);
    try (LongPointer host = new LongPointer(src)) {
      checkCuda(
          cudart.cudaMemcpy(live(), host, src.length * 8L, cudart.cudaMemcpyHostToDevice),
          "cudaMemcpy");
    }
  }

  public void download(float[] dst, long floatOffset) {
    check(floatOffset * 4, (long) dst.length * 4);
    try (FloatPointer host = new FloatPointer(dst.length)) {
      checkCuda(
          cudart.cudaMemcpy(
              host,
              new Pointer(live()).position(floatOffset * 4),
              dst.length * 4L,
              cudart.cudaMemcpyDeviceToHost),
          "cudaMemcpy");
      host.get(dst);
    }
  }

  void download(int[] dst) {
    check(0, (long) dst.length * 4);
    try (IntPointer host = new IntPointer(dst.length)) {
      checkCuda(
          cudart.cudaMemcpy(host, live(), dst.length * 4L, cudart.cudaMemcpyDeviceToHost),
          "cudaMemcpy");
      host.get(dst);
    }
  }

  /** Copies {@code count} floats within or between device buffers. */
  public static void copy(
      DeviceBuffer src, long srcOff, DeviceBuffer dst, long dstOff, long count) {
    src.check(srcOff * 4, count * 4);
    dst.check(dstOff * 4, count * 4);
    checkCuda(
        cudart.cudaMemcpy(
            new Pointer(dst.live()).position(dstOff * 4),
            new Pointer(src.live()).position(srcOff * 4),
            count * 4,
            cudart.cudaMemcpyDeviceToDevice),
        "cudaMemcpy");
  }

  public void zero() {
    checkCuda(cudart.cudaMemset(live(), 0, bytes), "cudaMemset");
  }

  private void check(long offsetBytes, long lengthBytes) {
    if (offsetBytes < 0 || offsetBytes + lengthBytes > bytes) {
      throw new IndexOutOfBoundsException(
          what
              + ": bytes ["
              + offsetBytes
              + ", "
              + (offsetBytes + lengthBytes)
              + ") outside the buffer of "
              + bytes);
    }
  }

  private Pointer live() {
    if (ptr == null) {
      throw new IllegalStateException("DeviceBuffer " + what + " is closed");
    }
    return ptr;
  }

  @Override
  public void close() {
    if (ptr != null) {
      Pointer p = ptr;
      ptr = null;
      checkCuda(cudart.cudaFree(p), "cudaFree");
    }
  }
}
