package org.samplesize.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A file channel onto a disk that has room for its file only up to {@code limit} bytes: a write
 * that reaches past it writes the bytes below the limit and then fails as a full disk does ({@code
 * "No space left on device"}); writes below it (a header rewritten in place) succeed, and so do
 * truncating and forcing. Reads, size and the rest go to the real channel, which the caller closes.
 */
public final class FullDiskChannel extends FileChannel {
  private final FileChannel real;
  private final long limit;

  /**
   * @param real the channel written through
   * @param limit the file offset at which the disk is full
   */
  public FullDiskChannel(FileChannel real, long limit) {
    this.real = real;
    this.limit = limit;
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    // The journal appends: its writes go to the end of the file.
    return write(src, real.size());
  }

  @Override
  public int write(ByteBuffer src, long position) throws IOException {
    if (position + src.remaining() <= limit) {
      return real.write(src, position);
    }
    if (position < limit) {
      ByteBuffer part = src.duplicate();
      part.limit(part.position() + (int) (limit - position));
      src.position(src.position() + real.write(part, position));
    }
    throw new IOException("No space left on device");
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    return real.read(dst);
  }

  @Override
  public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
    return real.read(dsts, offset, length);
  }

  @Override
  public int read(ByteBuffer dst, long position) throws IOException {
    return real.read(dst, position);
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) {
    throw new UnsupportedOperationException();
  }

  @Override
  public long position() throws IOException {
    return real.position();
  }

  @Override
  public FileChannel position(long newPosition) throws IOException {
    real.position(newPosition);
    return this;
  }

  @Override
  public long size() throws IOException {
    return real.size();
  }

  @Override
  public FileChannel truncate(long size) throws IOException {
    real.truncate(size);
    return this;
  }

  @Override
  public void force(boolean metaData) throws IOException {
    real.force(metaData);
  }

  @Override
  public long transferTo(long position, long count, WritableByteChannel target) {
    throw new UnsupportedOperationException();
  }

  @Override
  public long transferFrom(ReadableByteChannel src, long position, long count) {
    throw new UnsupportedOperationException();
  }

  @Override
  public MappedByteBuffer map(MapMode mode, long position, long size) {
    throw new UnsupportedOperationException();
  }

  @Override
  public FileLock lock(long position, long size, boolean shared) {
    throw new UnsupportedOperationException();
  }

  @Override
  public FileLock tryLock(long position, long size, boolean shared) {
    throw new UnsupportedOperationException();
  }

  @Override
  protected void implCloseChannel() {
    // The real channel is closed by whoever opened it.
  }
}
