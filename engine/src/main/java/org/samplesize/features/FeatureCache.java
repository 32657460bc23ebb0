package org.samplesize.features;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import java.util.zip.CRC32C;
import org.samplesize.InvalidInputException;
import org.samplesize.ProgressListener;
import org.samplesize.SamplesizeException;
import org.samplesize.io.Sha256;

/**
 * The on-disk feature cache: {@code cacheDir/features/<key>.bin} (header, valid flags, rows; see
 * {@link CacheFile}) plus {@code <key>.json} (provenance). The key is the SHA-256 of the provenance
 * key (model SHA-256, SHA-256 of the checked cut model, tensor, file list, the files' content hash
 * when the caller took one, preprocessing and its resampling pixel type, augmentation, seed, views,
 * dtype, rows).
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
          progress,
          req.stageName());
    }
  }

  /**
   * The cache key of a request: its {@linkplain #provenanceKey provenance key} with the SHA-256 of
   * the model and of its checked cut (made again if damaged). With {@link #getOrCompute(ObjectNode,
   * int, Dtype, InputSource, Supplier, Path, ProgressListener, String)} and rows computed
   * elsewhere, the cache is the one {@link #getOrCompute(FeatureRequest, Path, ExecutionProfile,
   * int, int, Path, ProgressListener)} writes and reuses.
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
    return FeatureKey.of(
        req, Sha256.fileUnchecked(modelFile), cut.sha256(), Int8Products.quantized(modelFile));
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
   * Returns the cached features for a key, computing (or finishing) them when needed.
   *
   * @param key the provenance key; every field that changes the numbers must be in it
   * @param rows number of rows (requests)
   * @param dtype storage type
   * @param source the input batches; opened only when rows must be computed
   * @param extractor opens the session; called only when rows must be computed, closed here
   * @param cacheDir the cache folder
   * @param progress progress, and notes about reuse, resume and rejected caches
   * @param stage the progress stage's name while rows are computed ({@link
   *     FeatureRequest#stageName})
   * @return the finished store; the caller closes it
   */
  public static FeatureStore getOrCompute(
      ObjectNode key,
      int rows,
      Dtype dtype,
      InputSource source,
      Supplier<? extends RowExtractor> extractor,
      Path cacheDir,
      ProgressListener progress,
      String stage) {
    ObjectNode canonical = FeatureKey.canonical(key);
    canonical.put("rows", rows);
    canonical.put("dtype", dtype.name());
    String hex = Sha256.of(canonical.toString());
    byte[] hash = HexFormat.of().parseHex(hex);
    Path dir = cacheDir.resolve("features");
    Path bin = dir.resolve(hex.substring(0, 24) + ".bin");
    try {
      FileChannel writable = openWritable(dir, bin);
      if (writable == null) {
        return readOnly(cacheDir, bin, hash, rows, dtype, progress);
      }
      try (FileChannel ch = writable) {
        // Readers share the file: several runs may read a complete cache at once. Only a run that
        // must write rows (or rebuild a damaged file) takes it alone, and it checks again once it
        // holds it, as another run may have finished the rows meanwhile.
        FeatureStore finished = finished(ch, bin, hash, rows, dtype, progress, "");
        if (finished != null) {
          return finished;
        }
        try (FileLock exclusive = lock(ch, bin, false, progress)) {
          Existing ex = inspect(ch, bin, hash, rows, dtype, progress, true);
          if (ex != null && ex.file.rowsDone == rows) {
            progress.note("features: reusing cache " + bin.getFileName());
            return FeatureStore.map(bin, ex.file, ex.sidecar, ex.skipped);
          }
          return compute(
              ch, bin, ex, hex, hash, canonical, rows, dtype, source, extractor, progress, stage);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("feature cache " + bin + " failed", e);
    }
  }

  /**
   * Opens the cache file to read and write it, creating it when absent; null when the file system
   * refuses writes there (a read-only mount or folder, such as a cache shared read-only), where
   * only a finished cache can be used.
   */
  private static FileChannel openWritable(Path dir, Path bin) throws IOException {
    try {
      Files.createDirectories(dir);
      return FileChannel.open(
          bin, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (java.nio.file.AccessDeniedException e) {
      return null;
    } catch (java.nio.file.FileSystemException e) {
      // Asked of the file system rather than read from the message, which the C library words in
      // the system's language ("Read-only file system" in English only).
      if (!writable(Files.exists(bin) ? bin : dir)) {
        return null;
      }
      throw e;
    }
  }

  /**
   * Whether this process may write {@code p} or, when it does not exist, the nearest folder above
   * it that does: {@code access(W_OK)}, which a read-only mount refuses even to root.
   */
  private static boolean writable(Path p) {
    Path q = p.toAbsolutePath();
    while (q != null && !Files.exists(q)) {
      q = q.getParent();
    }
    return q != null && Files.isWritable(q);
  }

  /**
   * The features of a finished, sound cache file, read under a shared lock (several processes may
   * read one at once, and one writing it is waited for), with a note that it is reused; null when
   * the file is not finished or not sound (nothing is repaired here).
   *
   * @param how what the note adds after the file's name, e.g. {@code " (read-only)"}
   */
  private static FeatureStore finished(
      FileChannel ch,
      Path bin,
      byte[] hash,
      int rows,
      Dtype dtype,
      ProgressListener progress,
      String how)
      throws IOException {
    try (FileLock shared = lock(ch, bin, true, progress)) {
      Existing ex = inspect(ch, bin, hash, rows, dtype, progress, false);
      if (ex != null && ex.file.rowsDone == rows) {
        progress.note("features: reusing cache " + bin.getFileName() + how);
        return FeatureStore.map(bin, ex.file, ex.sidecar, ex.skipped);
      }
      return null;
    }
  }

  /**
   * The features from a cache that cannot be written: served only when finished and sound, checked
   * as a writable cache is and under the same shared lock, so a process writing the file through a
   * writable view of the same folder is waited for; anything else cannot be made here and is
   * refused.
   */
  private static FeatureStore readOnly(
      Path cacheDir, Path bin, byte[] hash, int rows, Dtype dtype, ProgressListener progress)
      throws IOException {
    boolean present = Files.isRegularFile(bin);
    if (present) {
      try (FileChannel ch = FileChannel.open(bin, StandardOpenOption.READ)) {
        FeatureStore finished = finished(ch, bin, hash, rows, dtype, progress, " (read-only)");
        if (finished != null) {
          return finished;
        }
      }
    }
    throw new InvalidInputException(
        "the cache folder "
            + cacheDir
            + " cannot be written (a read-only file system, or no permission) and "
            + (present
                ? "its features file " + bin + " is unfinished or damaged"
                : "holds no features for these images, model and settings (" + bin + ")")
            + ": use a writable cache folder (--cache or SAMPLESIZE_CACHE), or make the features"
            + " once with a writable one");
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
      ProgressListener progress,
      String stage)
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
      new CacheRowWriter(ch, bin, f, crc, sidecar, skipped, fe, progress, stage).run(source);
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
      } catch (JsonProcessingException e) {
        // Jackson's own message runs over several lines and names its parser settings; for a
        // file cut short its first line also says where the object began, in its own terms.
        why[0] =
            "provenance file "
                + CacheFile.sidecar(bin).getFileName()
                + " is not valid JSON: "
                + String.valueOf(e.getOriginalMessage())
                    .lines()
                    .findFirst()
                    .orElse("")
                    .replaceAll("\\s*\\(start marker at \\[Source:.*$", "");
      } catch (IOException e) {
        if (!Files.exists(CacheFile.sidecar(bin))) {
          // A pass killed (kill -9, a power cut) before its first commit leaves the sized file
          // with no row done and no provenance file yet: nothing was lost, nothing to report.
          why[0] =
              f.rowsDone == 0
                  ? null
                  : "provenance file " + CacheFile.sidecar(bin).getFileName() + " is missing";
        } else {
          why[0] = "provenance file unreadable (" + e.getMessage() + ")";
        }
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
      if (why[0] != null) {
        progress.note(
            "features: cache " + bin.getFileName() + " rejected (" + why[0] + "); rebuilding");
      }
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
}
