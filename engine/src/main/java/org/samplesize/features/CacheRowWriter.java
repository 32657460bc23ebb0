package org.samplesize.features;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import org.samplesize.ProgressListener;
import org.samplesize.SamplesizeException;
import org.samplesize.io.AtomicFiles;

/**
 * Writes the rows of a feature cache file that {@link FeatureCache} holds alone: runs batches
 * through the extractor, writes rows in order, and commits progress (rows, then the provenance
 * file, then the header) every couple of seconds and at the end.
 */
final class CacheRowWriter {
  /** Seconds between progress commits (fsync of rows, then of the header). */
  private static final long COMMIT_NANOS = 2_000_000_000L;

  private final FileChannel ch;
  private final Path bin;
  private final CacheFile f;
  private final CRC32C crc;
  private final ObjectNode sidecar;
  private final List<InputBatch.SkippedRow> skipped;
  private final RowExtractor fe;
  private final ProgressListener progress;
  private final String stage;
  private final TreeMap<Integer, float[]> pending = new TreeMap<>();
  private final ObjectNode run = JsonNodeFactory.instance.objectNode();
  private static final float[] SKIPPED = new float[0];
  private long next;
  private long lastCommit = System.nanoTime();
  private long inferNanos;
  private long waitNanos;

  CacheRowWriter(
      FileChannel ch,
      Path bin,
      CacheFile f,
      CRC32C crc,
      ObjectNode sidecar,
      List<InputBatch.SkippedRow> skipped,
      RowExtractor fe,
      ProgressListener progress,
      String stage) {
    this.stage = stage;
    this.ch = ch;
    this.bin = bin;
    this.f = f;
    this.crc = crc;
    this.sidecar = sidecar;
    this.skipped = skipped;
    this.fe = fe;
    this.progress = progress;
    this.next = f.rowsDone;
  }

  void run(InputSource source) throws IOException {
    long from = next;
    long start = System.nanoTime();
    run.put("executionProvider", fe.providerUsed());
    run.put("ortVersion", FeatureExtractor.ortVersion());
    run.put("fromRow", from);
    run.put("startedAt", Instant.now().toString());
    run.put("java", System.getProperty("java.version"));
    run.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    run.put("arch", System.getProperty("os.arch"));
    ((ArrayNode) sidecar.get("runs")).add(run);
    progress.stage(stage, f.rows - from, "img");
    try (InputSource.Batches batches = source.open(Math.toIntExact(from))) {
      long t0 = System.nanoTime();
      while (hasNext(batches)) {
        InputBatch b = batches.next();
        long t1 = System.nanoTime();
        waitNanos += t1 - t0;
        float[] out;
        try {
          out = b.size() > 0 ? fe.run(b.data(), b.size()) : SKIPPED;
        } finally {
          b.release().run();
        }
        t0 = System.nanoTime();
        inferNanos += t0 - t1;
        int cols = f.cols;
        for (int i = 0; i < b.size(); i++) {
          put(b.rows()[i], java.util.Arrays.copyOfRange(out, i * cols, (i + 1) * cols));
        }
        for (InputBatch.SkippedRow s : b.skipped()) {
          put(s.row(), SKIPPED);
          skipped.add(s);
          progress.note("skipped " + s.path() + ": " + s.reason());
        }
        drain();
        progress.advance(b.size() + b.skipped().size());
        if (System.nanoTime() - lastCommit > COMMIT_NANOS) {
          commit(false, start);
        }
        t0 = System.nanoTime();
      }
    } catch (IOException | RuntimeException | Error e) {
      // Keep what was computed; a commit that fails too (the full disk that stopped the pass)
      // is attached to the first failure rather than hiding it.
      try {
        commit(false, start);
      } catch (IOException | RuntimeException c) {
        e.addSuppressed(c);
      }
      throw e;
    }
    commit(next == f.rows, start);
    if (next != f.rows) {
      // Not "done": the stage is left open for the command's display to close as "stopped after"
      // its count, as after a failure above.
      throw new SamplesizeException(
          "the image source ended after row "
              + next
              + " of "
              + f.rows
              + (pending.isEmpty() ? "" : " (rows " + pending.firstKey() + ".. arrived early)")
              + "; the finished rows are kept and the next run resumes");
    }
    progress.endStage();
  }

  private static boolean hasNext(Iterator<InputBatch> it) {
    return it.hasNext();
  }

  private void put(int row, float[] values) {
    if (row < next || row >= f.rows || pending.containsKey(row)) {
      throw new SamplesizeException(
          "the image source produced row " + row + " twice or out of range (0.." + f.rows + ")");
    }
    pending.put(row, values);
  }

  /** Writes the contiguous run of pending rows that starts at {@code next}. */
  private void drain() throws IOException {
    int rowBytes = Math.toIntExact(f.rowBytes());
    while (!pending.isEmpty() && pending.firstKey() == next) {
      int k = 0;
      while (pending.containsKey((int) next + k) && k < 4096) {
        k++;
      }
      ByteBuffer valid = ByteBuffer.allocate(k);
      ByteBuffer data = ByteBuffer.allocate(k * rowBytes).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < k; i++) {
        float[] v = pending.remove((int) next + i);
        boolean ok = v != SKIPPED;
        valid.put((byte) (ok ? 1 : 0));
        for (int j = 0; j < f.cols; j++) {
          float x = ok ? v[j] : 0f;
          if (f.dtype == Dtype.FLOAT32) {
            data.putFloat(x);
          } else {
            data.putShort(Dtype.Half.fromFloat(x));
          }
        }
      }
      valid.flip();
      data.flip();
      writeFully(valid, f.validOffset() + next);
      writeFully(data, f.dataOffset() + next * rowBytes);
      // The checksum takes the rows in only once they are written: a write that fails (a full
      // disk) leaves it matching the rows before, which the commit after the failure keeps.
      for (int i = 0; i < k; i++) {
        crc.update(valid.array(), i, 1);
        crc.update(data.array(), i * rowBytes, rowBytes);
      }
      next += k;
    }
  }

  private void writeFully(ByteBuffer b, long pos) throws IOException {
    long p = pos;
    while (b.hasRemaining()) {
      p += ch.write(b, p);
    }
  }

  private void commit(boolean complete, long start) throws IOException {
    // Rows first, then the provenance file that names their skipped images, then the header's
    // count that says they are final: a provenance file that cannot be written (a full disk)
    // leaves the count where it was, never ahead of the skipped images named.
    ch.force(false);
    double secs = (System.nanoTime() - start) / 1e9;
    long done = next - run.path("fromRow").asLong();
    run.put("rowsWritten", done);
    run.put("seconds", Math.round(secs * 1000) / 1000.0);
    run.put("inferenceSeconds", Math.round(inferNanos / 1e6) / 1000.0);
    run.put("waitForInputSeconds", Math.round(waitNanos / 1e6) / 1000.0);
    run.put("imagesPerSecond", secs > 0 ? Math.round(done / secs * 10) / 10.0 : 0);
    if (complete) {
      run.put("finishedAt", Instant.now().toString());
    }
    sidecar.put("rowsDone", next);
    sidecar.put("complete", complete);
    ArrayNode sk = sidecar.putArray("skipped");
    for (InputBatch.SkippedRow s : skipped) {
      sk.addObject().put("row", s.row()).put("path", s.path()).put("reason", s.reason());
    }
    Path side = CacheFile.sidecar(bin);
    AtomicFiles.write(
        side, os -> ModelCard.JSON.writerWithDefaultPrettyPrinter().writeValue(os, sidecar));
    f.rowsDone = next;
    f.crc = crc.getValue();
    f.writeHeader(ch);
    ch.force(false);
    lastCommit = System.nanoTime();
  }
}
