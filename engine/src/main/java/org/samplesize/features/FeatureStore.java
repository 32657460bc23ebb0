package org.samplesize.features;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.samplesize.image.SkippedImage;
import org.samplesize.train.FeatureMatrix;

/**
 * A finished feature cache, memory-mapped read-only: row {@code i} holds the features of request
 * {@code i} (flattened), or zeros when that image was skipped ({@link #valid(int)} is then false).
 * Safe for concurrent readers. The caller closes it; use after {@link #close()} throws {@link
 * IllegalStateException}. The mapping itself is released by the JVM once unreachable (Java 17 has
 * no explicit unmap).
 */
public final class FeatureStore implements FeatureMatrix, AutoCloseable {

  private final Path file;
  private final int rows;
  private final int cols;
  private final Dtype dtype;
  private final boolean[] valid;
  private final List<InputBatch.SkippedRow> skipped;
  private final ObjectNode provenance;
  private final MappedByteBuffer[] segments;
  private final int rowsPerSegment;
  private volatile boolean closed;

  private FeatureStore(
      Path file,
      CacheFile f,
      boolean[] valid,
      List<InputBatch.SkippedRow> skipped,
      ObjectNode provenance,
      MappedByteBuffer[] segments,
      int rowsPerSegment) {
    this.file = file;
    this.rows = Math.toIntExact(f.rows);
    this.cols = f.cols;
    this.dtype = f.dtype;
    this.valid = valid;
    this.skipped = List.copyOf(skipped);
    this.provenance = provenance;
    this.segments = segments;
    this.rowsPerSegment = rowsPerSegment;
  }

  /** Maps a complete cache file whose header and checksum were already checked. */
  static FeatureStore map(
      Path file, CacheFile f, ObjectNode provenance, List<InputBatch.SkippedRow> skipped) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      int rows = Math.toIntExact(f.rows);
      java.nio.ByteBuffer vb = java.nio.ByteBuffer.allocate(rows);
      CacheFile.readFully(ch, vb, f.validOffset());
      boolean[] valid = new boolean[rows];
      for (int i = 0; i < rows; i++) {
        valid[i] = vb.get(i) != 0;
      }
      long rowBytes = f.rowBytes();
      int perSeg = (int) Math.max(1, Math.min(rows == 0 ? 1 : rows, (1L << 30) / rowBytes));
      int nSeg = rows == 0 ? 0 : (rows + perSeg - 1) / perSeg;
      MappedByteBuffer[] segs = new MappedByteBuffer[nSeg];
      for (int s = 0; s < nSeg; s++) {
        long first = (long) s * perSeg;
        long n = Math.min(perSeg, rows - first);
        segs[s] =
            ch.map(FileChannel.MapMode.READ_ONLY, f.dataOffset() + first * rowBytes, n * rowBytes);
        segs[s].order(ByteOrder.LITTLE_ENDIAN);
      }
      return new FeatureStore(file, f, valid, skipped, provenance, segs, perSeg);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot map feature cache " + file, e);
    }
  }

  @Override
  public int rows() {
    ensureOpen();
    return rows;
  }

  @Override
  public int cols() {
    ensureOpen();
    return cols;
  }

  @Override
  public void copyRow(int row, float[] dst, int offset) {
    ensureOpen();
    if (row < 0 || row >= rows) {
      throw new IndexOutOfBoundsException("row " + row + " outside 0.." + (rows - 1));
    }
    MappedByteBuffer seg = segments[row / rowsPerSegment];
    int base = (row % rowsPerSegment) * cols * dtype.bytes();
    if (dtype == Dtype.FLOAT32) {
      seg.slice(base, cols * 4)
          .order(ByteOrder.LITTLE_ENDIAN)
          .asFloatBuffer()
          .get(dst, offset, cols);
    } else {
      for (int j = 0; j < cols; j++) {
        dst[offset + j] = Dtype.Half.toFloat(seg.getShort(base + 2 * j));
      }
    }
  }

  /**
   * @param row a row
   * @return false when that row's image was skipped (its values are zeros)
   */
  public boolean valid(int row) {
    ensureOpen();
    return valid[row];
  }

  /**
   * @return the skipped rows with row number, file and reason
   */
  public List<InputBatch.SkippedRow> skipped() {
    ensureOpen();
    return skipped;
  }

  /**
   * @return the skipped images as the image pipeline reports them (file and reason), in row order
   */
  public List<SkippedImage> skippedImages() {
    ensureOpen();
    return skipped.stream()
        .map(s -> new SkippedImage(java.nio.file.Path.of(s.path()), s.reason()))
        .toList();
  }

  /**
   * @return rows whose image was read, in order
   */
  public int[] validRows() {
    ensureOpen();
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      if (valid[i]) {
        out.add(i);
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * @return the storage type
   */
  public Dtype dtype() {
    return dtype;
  }

  /**
   * @return the cache file ({@code .bin}); its provenance sits beside it as {@code .json}
   */
  public Path file() {
    return file;
  }

  /**
   * The provenance manifest: key fields (model SHA-256, tensor, file-list hash, preprocessing,
   * augmentation, seed, views, dtype), the runs that computed it (execution provider really used,
   * ONNX Runtime version, threads, timings) and the skipped images.
   *
   * @return a copy of the manifest
   */
  public JsonNode provenance() {
    ensureOpen();
    return provenance.deepCopy();
  }

  /**
   * @return the execution provider of the last run that wrote rows, e.g. {@code cpu}
   */
  public String providerUsed() {
    JsonNode runs = provenance.path("runs");
    return runs.isArray() && !runs.isEmpty()
        ? runs.get(runs.size() - 1).path("executionProvider").asText()
        : "";
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("FeatureStore " + file + " is closed");
    }
  }

  @Override
  public void close() {
    closed = true;
  }
}
