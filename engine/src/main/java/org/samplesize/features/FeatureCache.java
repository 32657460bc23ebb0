package org.samplesize.features;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.zip.CRC32C;
import org.samplesize.ProgressListener;
import org.samplesize.SamplesizeException;
import org.samplesize.io.AtomicFiles;
import org.samplesize.io.Sha256;

/**
 * The on-disk feature cache: {@code cacheDir/features/<key>.bin} (header, valid flags, rows; see
 * {@link CacheFile}) plus {@code <key>.json} (provenance). The key is the SHA-256 of the provenance
 * key (model SHA-256, SHA-256 of the checked cut model, tensor, file list, preprocessing and its
 * resampling pixel type, augmentation, seed, views, dtype, rows).
 *
 * <ul>
 *   <li>A complete cache whose header, provenance hash and checksum match is reused without opening
 *       the model.
 *   <li>A partial cache (rows are written in order and the count of finished rows is persisted
 *       every couple of seconds and at the end) resumes where it stopped.
 *   <li>A corrupt or mismatched cache is reported through {@link ProgressListener#note(String)},
 *       deleted and rebuilt; it is never used.
 *   <li>If computing fails half way, the rows finished so far are committed before the error
 *       propagates, so the next run resumes.
 * </ul>
 */
public final class FeatureCache {
  private FeatureCache() {}

  /** Seconds between progress commits (fsync of rows, then of the header). */
  private static final long COMMIT_NANOS = 2_000_000_000L;

  /** Images per batch when none is given. */
  public static final int DEFAULT_BATCH = 64;

  /**
   * Returns the features of a request from the cache, computing (or finishing) them when needed:
   * the image pipeline decodes and augments on {@code threads} workers into a bounded window while
   * this thread runs ONNX Runtime ({@code threads} intra-op threads) on the previous batch.
   *
   * @param req what to compute
   * @param modelFile the card's ONNX file (see {@link ModelResolver})
   * @param ep execution profile ({@code auto} picks the first usable provider)
   * @param threads decode workers and ONNX Runtime intra-op threads
   * @param cacheDir the cache folder ({@code features/}, {@code cuts/} go below it)
   * @param progress progress bar, and notes about reuse, resume, skipped images and providers
   * @return the finished store; the caller closes it
   */
  public static FeatureStore getOrCompute(
      FeatureRequest req,
      Path modelFile,
      ExecutionProfile ep,
      int threads,
      Path cacheDir,
      ProgressListener progress) {
    return getOrCompute(req, modelFile, ep, threads, DEFAULT_BATCH, cacheDir, progress);
  }

  /**
   * As {@link #getOrCompute(FeatureRequest, Path, ExecutionProfile, int, Path, ProgressListener)}
   * with a batch size.
   *
   * @param req what to compute
   * @param modelFile the card's ONNX file
   * @param ep execution profile
   * @param threads decode workers and ONNX Runtime intra-op threads
   * @param batchSize images per ONNX Runtime call
   * @param cacheDir the cache folder
   * @param progress progress and notes
   * @return the finished store; the caller closes it
   */
  public static FeatureStore getOrCompute(
      FeatureRequest req,
      Path modelFile,
      ExecutionProfile ep,
      int threads,
      int batchSize,
      Path cacheDir,
      ProgressListener progress) {
    if (threads < 1 || batchSize < 1) {
      throw new IllegalArgumentException(
          "threads and batch size must be at least 1, got " + threads + ", " + batchSize);
    }
    // The cut is checked (and made again if damaged) before the key is built, and its SHA-256 is
    // part of the key, so features can only ever be stored under the cut that computed them.
    req.card().verify(modelFile);
    GraphCut.Cut cut = GraphCut.verifiedCut(modelFile, List.of(req.tensor()), cacheDir, progress);
    ObjectNode key = key(req, modelFile, cut);
    // The pipeline (and OpenCV with it) starts only if rows must be computed.
    try (PipelineSource source =
        new PipelineSource(
            () ->
                new org.samplesize.image.ImagePipeline(
                    req.card().preprocessing(), req.aug(), threads, req.seed()),
            req.images(),
            batchSize)) {
      return getOrCompute(
          key,
          req.images().size(),
          req.dtype(),
          source,
          () -> {
            FeatureExtractor fe =
                FeatureExtractor.open(
                    req.card(), modelFile, req.tensor(), ep, threads, cacheDir, progress);
            if (!fe.modelSha256().equals(cut.sha256())) {
              fe.close();
              throw new SamplesizeException(
                  "cut model "
                      + cut.file()
                      + " changed while this run used it (another process?); run again");
            }
            return fe;
          },
          cacheDir,
          progress);
    }
  }

  /**
   * The cache key of a request: its {@linkplain #provenanceKey provenance key} with the SHA-256 of
   * the model and of its checked cut (made again if damaged). With {@link #getOrCompute(ObjectNode,
   * int, Dtype, InputSource, Supplier, Path, ProgressListener)} and rows computed elsewhere, the
   * cache is the one {@link #getOrCompute(FeatureRequest, Path, ExecutionProfile, int, int, Path,
   * ProgressListener)} writes and reuses.
   *
   * @param req what to compute
   * @param modelFile the card's ONNX file
   * @param cacheDir the cache folder (the cut model goes below it)
   * @param progress notes about the cut
   * @return the key
   */
  public static ObjectNode key(
      FeatureRequest req, Path modelFile, Path cacheDir, ProgressListener progress) {
    req.card().verify(modelFile);
    return key(
        req, modelFile, GraphCut.verifiedCut(modelFile, List.of(req.tensor()), cacheDir, progress));
  }

  private static ObjectNode key(FeatureRequest req, Path modelFile, GraphCut.Cut cut) {
    return provenanceKey(req, Sha256.fileUnchecked(modelFile), cut.sha256());
  }

  /**
   * Rows {@code from .. to-1} of a request computed through {@code extractor} without the cache:
   * decoded and augmented by the image pipeline ({@code threads} workers) exactly as {@link
   * #getOrCompute(FeatureRequest, Path, ExecutionProfile, int, int, Path, ProgressListener)} would,
   * for another process or a cluster that hands them to the cache that writes them.
   *
   * @param req the request
   * @param extractor the session (for the request's tensor); not closed here
   * @param from first row
   * @param to end row (exclusive)
   * @param threads decode workers
   * @param batchSize images per extractor call
   * @return the rows: features of the images that could be read, and those that could not
   */
  public static ComputedRows computeRows(
      FeatureRequest req, RowExtractor extractor, int from, int to, int threads, int batchSize) {
    if (from < 0 || to > req.images().size() || from > to) {
      throw new IllegalArgumentException(
          "rows " + from + ".." + to + " out of 0.." + req.images().size());
    }
    List<int[]> rowParts = new ArrayList<>();
    List<float[]> dataParts = new ArrayList<>();
    List<InputBatch.SkippedRow> skipped = new ArrayList<>();
    int n = 0;
    try (PipelineSource source =
            new PipelineSource(
                () ->
                    new org.samplesize.image.ImagePipeline(
                        req.card().preprocessing(), req.aug(), threads, req.seed()),
                req.images().subList(0, to),
                batchSize);
        InputSource.Batches batches = source.open(from)) {
      while (batches.hasNext()) {
        InputBatch b = batches.next();
        try {
          if (b.size() > 0) {
            dataParts.add(extractor.run(b.data(), b.size()));
            rowParts.add(b.rows());
            n += b.size();
          }
        } finally {
          b.release().run();
        }
        skipped.addAll(b.skipped());
      }
    }
    int cols = extractor.cols();
    int[] rows = new int[n];
    float[] data = new float[n * cols];
    int at = 0;
    for (int i = 0; i < rowParts.size(); i++) {
      int[] r = rowParts.get(i);
      System.arraycopy(r, 0, rows, at, r.length);
      System.arraycopy(dataParts.get(i), 0, data, at * cols, r.length * cols);
      at += r.length;
    }
    return new ComputedRows(rows, data, cols, skipped);
  }

  /**
   * Feature rows computed without the cache ({@link #computeRows}).
   *
   * @param rows the row of each feature row in {@code data}, ascending
   * @param data {@code rows.length * cols} floats, row-major
   * @param cols floats per row
   * @param skipped rows whose image could not be read
   */
  public record ComputedRows(
      int[] rows, float[] data, int cols, List<InputBatch.SkippedRow> skipped) {
    /** Copies the list. */
    public ComputedRows {
      skipped = List.copyOf(skipped);
    }
  }

  /**
   * The fields that decide a request's numbers: model SHA-256, tensor, preprocessing and the pixel
   * type its resize works on, the image list (path, size, modification time, index, view, augment
   * flag, hashed; for an image held in memory its content key instead of path, size and time),
   * views, and the augmentation and seed when any request is augmented; with a cut SHA-256, also
   * that of the cut model the features come from.
   */
  static ObjectNode provenanceKey(FeatureRequest req, String modelSha256) {
    return provenanceKey(req, modelSha256, null);
  }

  static ObjectNode provenanceKey(FeatureRequest req, String modelSha256, String cutSha256) {
    ObjectNode k = JsonNodeFactory.instance.objectNode();
    k.put("format", 1);
    k.put("modelSha256", modelSha256);
    if (cutSha256 != null) {
      k.put("cutSha256", cutSha256);
    }
    k.put("card", req.card().name());
    k.put("tensor", req.tensor());
    k.set("preprocessing", ModelCard.JSON.valueToTree(req.card().preprocessing()));
    String resampling = req.card().preprocessing().resize().resampling();
    if (!resampling.equals("float32")) {
      // Added when the centre crop moved to 8-bit resampling; float keys stay as they were.
      k.put("resampling", resampling);
    }
    java.security.MessageDigest md = Sha256.digest();
    boolean augmented = false;
    int views = 0;
    for (org.samplesize.image.ImageRequest r : req.images()) {
      if (r.memory() != null) {
        // Pixels held in memory: named by their content, wherever the files holding them are.
        md.update(
            (r.memory().contentKey(r.path())
                    + "\t"
                    + r.index()
                    + "\t"
                    + r.view()
                    + "\t"
                    + r.augment()
                    + "\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        augmented |= r.augment();
        views = Math.max(views, r.view() + 1);
        continue;
      }
      long size = -1;
      long mtime = -1;
      try {
        size = Files.size(r.path());
        mtime = Files.getLastModifiedTime(r.path()).toMillis();
      } catch (IOException e) {
        // a missing file is skipped by the pipeline; its absence is part of the key
      }
      String line =
          r.path().toAbsolutePath()
              + "\t"
              + size
              + "\t"
              + mtime
              + "\t"
              + r.index()
              + "\t"
              + r.view()
              + "\t"
              + r.augment()
              + "\n";
      md.update(line.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      augmented |= r.augment();
      views = Math.max(views, r.view() + 1);
    }
    k.put("files", Sha256.hex(md));
    k.put("images", req.images().size());
    k.put("views", views);
    if (augmented && req.aug().isActive()) {
      k.set("augmentation", ModelCard.JSON.valueToTree(req.aug()));
      k.put("seed", req.seed());
    } else {
      k.put("augmentation", "none");
    }
    return k;
  }

  /**
   * Returns the cached features for a key, computing (or finishing) them when needed.
   *
   * @param key the provenance key; every field that changes the numbers must be in it
   * @param rows number of rows (requests)
   * @param dtype storage type
   * @param source the input batches; opened only when rows must be computed
   * @param extractor opens the session; called only when rows must be computed, closed here
   * @param cacheDir the cache folder
   * @param progress progress, and notes about reuse, resume and rejected caches
   * @return the finished store; the caller closes it
   */
  public static FeatureStore getOrCompute(
      ObjectNode key,
      int rows,
      Dtype dtype,
      InputSource source,
      Supplier<? extends RowExtractor> extractor,
      Path cacheDir,
      ProgressListener progress) {
    ObjectNode canonical = canonical(key);
    canonical.put("rows", rows);
    canonical.put("dtype", dtype.name());
    String hex = Sha256.of(canonical.toString());
    byte[] hash = HexFormat.of().parseHex(hex);
    Path dir = cacheDir.resolve("features");
    Path bin = dir.resolve(hex.substring(0, 24) + ".bin");
    try {
      Files.createDirectories(dir);
      try (FileChannel ch =
          FileChannel.open(
              bin, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
        // Readers share the file: several runs may read a complete cache at once. Only a run that
        // must write rows (or rebuild a damaged file) takes it alone, and it checks again once it
        // holds it, as another run may have finished the rows meanwhile.
        try (FileLock shared = lock(ch, bin, true, progress)) {
          Existing ex = inspect(ch, bin, hash, rows, dtype, progress, false);
          if (ex != null && ex.file.rowsDone == rows) {
            progress.note("features: reusing cache " + bin.getFileName());
            return FeatureStore.map(bin, ex.file, ex.sidecar, ex.skipped);
          }
        }
        try (FileLock exclusive = lock(ch, bin, false, progress)) {
          Existing ex = inspect(ch, bin, hash, rows, dtype, progress, true);
          if (ex != null && ex.file.rowsDone == rows) {
            progress.note("features: reusing cache " + bin.getFileName());
            return FeatureStore.map(bin, ex.file, ex.sidecar, ex.skipped);
          }
          return compute(
              ch, bin, ex, hex, hash, canonical, rows, dtype, source, extractor, progress);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("feature cache " + bin + " failed", e);
    }
  }

  /** Computes the missing rows into {@code ch}, which this process holds alone. */
  private static FeatureStore compute(
      FileChannel ch,
      Path bin,
      Existing ex,
      String hex,
      byte[] hash,
      ObjectNode canonical,
      int rows,
      Dtype dtype,
      InputSource source,
      Supplier<? extends RowExtractor> extractor,
      ProgressListener progress)
      throws IOException {
    try (RowExtractor fe = extractor.get()) {
      CacheFile f;
      CRC32C crc;
      ObjectNode sidecar;
      List<InputBatch.SkippedRow> skipped;
      if (ex != null && ex.file.cols == fe.cols()) {
        f = ex.file;
        crc = ex.crc;
        sidecar = ex.sidecar;
        skipped = new ArrayList<>(ex.skipped);
        progress.note("features: resuming cache " + bin.getFileName() + " at row " + f.rowsDone);
      } else {
        if (ex != null) {
          progress.note(
              "features: cache "
                  + bin.getFileName()
                  + " has "
                  + ex.file.cols
                  + " columns, the model gives "
                  + fe.cols()
                  + "; rebuilding");
        }
        f = new CacheFile(rows, fe.cols(), dtype, hash);
        ch.truncate(0);
        ch.write(ByteBuffer.allocate(1), f.fileSize() - 1); // sparse, sized
        f.writeHeader(ch);
        crc = new CRC32C();
        sidecar = JsonNodeFactory.instance.objectNode();
        sidecar.put("format", "samplesize-features/1");
        sidecar.put("key", hex);
        sidecar.put("file", bin.getFileName().toString());
        sidecar.put("rows", rows);
        sidecar.put("cols", fe.cols());
        sidecar.put("dtype", dtype.name());
        sidecar.set("provenance", canonical);
        sidecar.putArray("runs");
        skipped = new ArrayList<>();
      }
      new Writer(ch, bin, f, crc, sidecar, skipped, fe, progress).run(source);
      return FeatureStore.map(bin, f, sidecar, skipped);
    }
  }

  /**
   * Locks the whole cache file, shared to read it or exclusive to write it; waits (saying so) while
   * another process holds it the other way. The system releases the lock when a process ends, so a
   * killed writer never blocks the cache.
   */
  private static FileLock lock(FileChannel ch, Path bin, boolean shared, ProgressListener progress)
      throws IOException {
    try {
      FileLock l = ch.tryLock(0, Long.MAX_VALUE, shared);
      if (l == null) {
        progress.note(
            "features: cache "
                + bin.getFileName()
                + (shared
                    ? " is being written by another process; waiting for it to finish"
                    : " is in use by another process; waiting for it"));
        l = ch.lock(0, Long.MAX_VALUE, shared);
      }
      return l;
    } catch (OverlappingFileLockException e) {
      throw new SamplesizeException(
          "feature cache " + bin + " is in use by another thread of this process", e);
    }
  }

  /** What is already on disk, checked; {@code null} when nothing usable is there. */
  private record Existing(
      CacheFile file, CRC32C crc, ObjectNode sidecar, List<InputBatch.SkippedRow> skipped) {}

  /**
   * Checks what is on disk. With {@code repair} (the file held alone) a file that cannot be used is
   * reported, emptied and its provenance file removed; without it (held shared) nothing is changed
   * and {@code null} says only that the caller must take the file alone to look again.
   */
  private static Existing inspect(
      FileChannel ch,
      Path bin,
      byte[] hash,
      int rows,
      Dtype dtype,
      ProgressListener progress,
      boolean repair)
      throws IOException {
    if (ch.size() == 0) {
      return null;
    }
    String[] why = new String[1];
    CacheFile f = CacheFile.readHeader(ch, why);
    if (f != null && !java.util.Arrays.equals(f.hash, hash)) {
      why[0] = "provenance hash " + f.hashHex() + " does not match";
      f = null;
    }
    if (f != null && (f.rows != rows || f.dtype != dtype)) {
      why[0] = "shape " + f.rows + "x" + f.cols + " " + f.dtype + " does not match";
      f = null;
    }
    ObjectNode sidecar = null;
    if (f != null) {
      try {
        JsonNode j = ModelCard.JSON.readTree(CacheFile.sidecar(bin).toFile());
        if (j instanceof ObjectNode o
            && HexFormat.of().formatHex(hash).equals(o.path("key").asText())) {
          sidecar = o;
        } else {
          why[0] = "provenance file " + CacheFile.sidecar(bin).getFileName() + " does not match";
        }
      } catch (IOException e) {
        why[0] = "provenance file unreadable (" + e.getMessage() + ")";
      }
      if (sidecar == null) {
        f = null;
      }
    }
    CRC32C crc = null;
    if (f != null) {
      crc = CacheFile.checksumRows(ch, f, f.rowsDone);
      if (crc.getValue() != f.crc) {
        why[0] = "checksum mismatch in the first " + f.rowsDone + " rows";
        f = null;
      }
    }
    if (f == null && !repair) {
      return null;
    }
    if (f == null) {
      progress.note(
          "features: cache " + bin.getFileName() + " rejected (" + why[0] + "); rebuilding");
      ch.truncate(0);
      Files.deleteIfExists(CacheFile.sidecar(bin));
      return null;
    }
    List<InputBatch.SkippedRow> skipped = new ArrayList<>();
    for (JsonNode s : sidecar.path("skipped")) {
      if (s.path("row").asLong() < f.rowsDone) {
        skipped.add(
            new InputBatch.SkippedRow(
                s.path("row").asInt(), s.path("path").asText(), s.path("reason").asText()));
      }
    }
    return new Existing(f, crc, sidecar, skipped);
  }

  /** Recursively sorts object fields so the key hash does not depend on insertion order. */
  static ObjectNode canonical(ObjectNode in) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    TreeMap<String, JsonNode> sorted = new TreeMap<>();
    in.properties().forEach(e -> sorted.put(e.getKey(), e.getValue()));
    for (Map.Entry<String, JsonNode> e : sorted.entrySet()) {
      out.set(e.getKey(), canonicalValue(e.getValue()));
    }
    return out;
  }

  private static JsonNode canonicalValue(JsonNode v) {
    if (v instanceof ObjectNode o) {
      return canonical(o);
    }
    if (v instanceof ArrayNode a) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      a.forEach(x -> out.add(canonicalValue(x)));
      return out;
    }
    return v;
  }

  /** Runs batches, writes rows in order, commits progress. */
  private static final class Writer {
    private final FileChannel ch;
    private final Path bin;
    private final CacheFile f;
    private final CRC32C crc;
    private final ObjectNode sidecar;
    private final List<InputBatch.SkippedRow> skipped;
    private final RowExtractor fe;
    private final ProgressListener progress;
    private final TreeMap<Integer, float[]> pending = new TreeMap<>();
    private final ObjectNode run = JsonNodeFactory.instance.objectNode();
    private static final float[] SKIPPED = new float[0];
    private long next;
    private long lastCommit = System.nanoTime();
    private long inferNanos;
    private long waitNanos;

    Writer(
        FileChannel ch,
        Path bin,
        CacheFile f,
        CRC32C crc,
        ObjectNode sidecar,
        List<InputBatch.SkippedRow> skipped,
        RowExtractor fe,
        ProgressListener progress) {
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
      progress.stage("features", f.rows - from, "img");
      boolean ok = false;
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
        ok = true;
      } finally {
        commit(ok && next == f.rows, start);
        progress.endStage();
      }
      if (next != f.rows) {
        throw new SamplesizeException(
            "the image source ended after row "
                + next
                + " of "
                + f.rows
                + (pending.isEmpty() ? "" : " (rows " + pending.firstKey() + ".. arrived early)")
                + "; the finished rows are kept and the next run resumes");
      }
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
          int rowStart = data.position();
          for (int j = 0; j < f.cols; j++) {
            float x = ok ? v[j] : 0f;
            if (f.dtype == Dtype.FLOAT32) {
              data.putFloat(x);
            } else {
              data.putShort(Dtype.Half.fromFloat(x));
            }
          }
          crc.update(valid.array(), i, 1);
          crc.update(data.array(), rowStart, rowBytes);
        }
        valid.flip();
        data.flip();
        writeFully(valid, f.validOffset() + next);
        writeFully(data, f.dataOffset() + next * rowBytes);
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
      ch.force(false); // rows first, then the count that says they are final
      f.rowsDone = next;
      f.crc = crc.getValue();
      f.writeHeader(ch);
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
      lastCommit = System.nanoTime();
    }
  }
}
