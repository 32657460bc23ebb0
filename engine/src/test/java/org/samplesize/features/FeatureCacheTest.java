package org.samplesize.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.RandomAccessFile;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.ProgressListener;
import org.samplesize.SamplesizeException;

class FeatureCacheTest {
  @TempDir Path tmp;

  static final int ROWS = 23;
  static final int BATCH = 4;
  static final FloatBuffer IMAGES = FeatureExtractorTest.randomBatch(ROWS, 99);

  /** Pre-made tensors; rows in {@code skip} come back as skipped; fails after {@code failAfter}. */
  static final class Source implements InputSource {
    final Set<Integer> skip;
    final int failAfter;
    final List<Integer> openedAt = new ArrayList<>();

    Source(Set<Integer> skip, int failAfter) {
      this.skip = skip;
      this.failAfter = failAfter;
    }

    @Override
    public Batches open(int fromRow) {
      openedAt.add(fromRow);
      return new Batches() {
        int next = fromRow;
        int produced;

        @Override
        public boolean hasNext() {
          return next < ROWS;
        }

        @Override
        public InputBatch next() {
          if (produced++ == failAfter) {
            throw new SamplesizeException("simulated crash");
          }
          FloatBuffer data = FloatBuffer.allocate(BATCH * 48);
          List<Integer> rows = new ArrayList<>();
          List<InputBatch.SkippedRow> skipped = new ArrayList<>();
          for (int k = 0; k < BATCH && next < ROWS; k++, next++) {
            if (skip.contains(next)) {
              skipped.add(new InputBatch.SkippedRow(next, "img" + next + ".jpg", "broken JPEG"));
            } else {
              for (int j = 0; j < 48; j++) {
                data.put(rows.size() * 48 + j, IMAGES.get(next * 48 + j));
              }
              rows.add(next);
            }
          }
          FloatBuffer direct =
              java.nio.ByteBuffer.allocateDirect(BATCH * 48 * 4)
                  .order(java.nio.ByteOrder.nativeOrder())
                  .asFloatBuffer()
                  .put(data.clear());
          return new InputBatch(
              direct,
              rows.size(),
              rows.stream().mapToInt(Integer::intValue).toArray(),
              skipped,
              null);
        }

        @Override
        public void close() {}
      };
    }
  }

  Supplier<FeatureExtractor> extractor(Path model, AtomicInteger opened) {
    return () -> {
      opened.incrementAndGet();
      return FeatureExtractor.open(
          TinyModels.card(model),
          model,
          "feat",
          ExecutionProfile.load("cpu"),
          1,
          tmp,
          ProgressListener.NONE);
    };
  }

  /** Every tensor, none skipped, no crash. */
  static Source allRows() {
    return new Source(Set.of(), -1);
  }

  /**
   * Reads, resumes or computes the float32 features of {@link #ROWS} tensors under {@code what}.
   */
  FeatureStore features(
      String what, Source source, Supplier<FeatureExtractor> extractor, ProgressListener p) {
    return features(what, Dtype.FLOAT32, source, extractor, p);
  }

  /** Reads, resumes or computes the features of {@link #ROWS} tensors under {@code what}. */
  FeatureStore features(
      String what,
      Dtype dtype,
      Source source,
      Supplier<FeatureExtractor> extractor,
      ProgressListener p) {
    return FeatureCache.getOrCompute(key(what), ROWS, dtype, source, extractor, tmp, p, "features");
  }

  static ObjectNode key(String what) {
    ObjectNode k = JsonNodeFactory.instance.objectNode();
    k.put("model", what);
    k.put("seed", 42);
    return k;
  }

  static final class Notes implements ProgressListener {
    final List<String> notes = new ArrayList<>();
    final List<String> stages = new ArrayList<>();
    long advanced;
    int ended;

    @Override
    public void endStage() {
      ended++;
    }

    @Override
    public void stage(String name, long total, String unit) {
      stages.add(name);
    }

    @Override
    public void advance(long done) {
      advanced += done;
    }

    @Override
    public void note(String message) {
      notes.add(message);
    }
  }

  static float[][] rows(FeatureStore s) {
    float[][] out = new float[s.rows()][s.cols()];
    for (int i = 0; i < s.rows(); i++) {
      s.copyRow(i, out[i], 0);
    }
    return out;
  }

  @Test
  void computesThenReusesWithoutOpeningTheModel() throws Exception {
    Path model = TinyModels.write(tmp);
    AtomicInteger opened = new AtomicInteger();
    Notes n = new Notes();
    float[][] first;
    try (FeatureStore s =
        features("a", new Source(Set.of(5, 6), -1), extractor(model, opened), n)) {
      assertEquals(ROWS, s.rows());
      assertEquals(2, s.cols());
      assertFalse(s.valid(5));
      assertTrue(s.valid(4));
      assertEquals(2, s.skipped().size());
      assertEquals("img5.jpg", s.skippedImages().get(0).path().toString());
      assertEquals(5, s.skipped().get(0).row());
      assertEquals("cpu", s.providerUsed());
      assertEquals(ROWS, n.advanced);
      float[] img = new float[ROWS * 48];
      IMAGES.get(0, img);
      first = rows(s);
      for (int i : new int[] {0, 4, 7, 22}) {
        assertArrayEquals(TinyModels.referenceFeatures(img, i * 48), first[i], 1e-5f);
      }
      assertArrayEquals(new float[] {0, 0}, first[5], 0f);
      assertTrue(s.provenance().path("runs").get(0).path("ortVersion").asText().startsWith("1."));
    }
    Notes n2 = new Notes();
    Source again = new Source(Set.of(5, 6), -1);
    try (FeatureStore s = features("a", again, extractor(model, opened), n2)) {
      assertArrayEquals(first, rows(s));
      assertEquals(2, s.skipped().size(), "skipped list survives reuse");
      assertThrows(
          IllegalStateException.class,
          () -> {
            s.close();
            s.rows();
          });
    }
    assertEquals(1, opened.get(), "model opened again for a reusable cache");
    assertTrue(again.openedAt.isEmpty(), "images decoded again for a reusable cache");
    assertTrue(n2.notes.get(0).contains("reusing"), n2.notes.toString());
  }

  @Test
  void resumesAfterAnInterruptedRun() throws Exception {
    Path model = TinyModels.write(tmp);
    AtomicInteger opened = new AtomicInteger();
    Source crashing = new Source(Set.of(9), 3);
    Notes stopped = new Notes();
    SamplesizeException crash =
        assertThrows(
            SamplesizeException.class,
            () -> features("r", crashing, extractor(model, opened), stopped));
    assertEquals("simulated crash", crash.getMessage());
    // The pass did not end: its stage is left for the display to close as "stopped after" (a
    // --spark run stopped by Ctrl-C printed "features: done, 2,048 img" after its stop line).
    assertEquals(0, stopped.ended, "a failed pass ended its stage as if done");
    Notes n = new Notes();
    Source resumed = new Source(Set.of(9), -1);
    float[][] got;
    try (FeatureStore s = features("r", resumed, extractor(model, opened), n)) {
      got = rows(s);
      assertEquals(1, s.skipped().size(), "skip recorded before the crash is kept");
      assertEquals(2, s.provenance().path("runs").size());
    }
    assertEquals(List.of(3 * BATCH), resumed.openedAt, "resumed at the first unfinished row");
    assertEquals(ROWS - 3 * BATCH, n.advanced);
    assertEquals(1, n.ended, "a finished pass ends its stage");
    assertTrue(n.notes.get(0).contains("resuming"), n.notes.toString());
    try (FeatureStore fresh =
        features("fresh", new Source(Set.of(9), -1), extractor(model, opened), new Notes())) {
      assertArrayEquals(rows(fresh), got);
    }
  }

  @Test
  void aPassStoppedByAFullDiskResumesInsteadOfBeingRejected() throws Exception {
    Path model = TinyModels.write(tmp);
    AtomicInteger opened = new AtomicInteger();
    // The disk fills up part way through the third batch (rows 8..11): rows 8 and 9 fit.
    Path bin = stopByAFullDisk("d", model, allRows(), 10, JsonNodeFactory.instance.objectNode());

    Notes n = new Notes();
    Source resumed = allRows();
    float[][] got;
    try (FeatureStore s = features("d", resumed, extractor(model, opened), n)) {
      got = rows(s);
    }
    assertEquals(
        List.of("features: resuming cache " + bin.getFileName() + " at row 8"),
        n.notes,
        "the rows written before the disk filled up are kept, not rejected and computed again");
    assertEquals(List.of(8), resumed.openedAt);
    try (FeatureStore fresh = features("fresh", allRows(), extractor(model, opened), new Notes())) {
      assertArrayEquals(rows(fresh), got);
    }
  }

  /** A provenance file whose writing fails as a full disk makes it fail. */
  public static final class DiskFull {
    /**
     * @return never
     */
    public String getState() {
      throw new IllegalStateException("No space left on device");
    }
  }

  @Test
  void aProvenanceFileTheDiskHasNoRoomForLeavesTheRowCountWhereItWas() throws Exception {
    Path model = TinyModels.write(tmp);
    AtomicInteger opened = new AtomicInteger();
    // Row 9 is skipped in the third batch; the fourth (rows 12..15) finds the disk full, and so
    // does the provenance file written after it, which would name row 9 as skipped.
    ObjectNode extra = JsonNodeFactory.instance.objectNode();
    extra.putPOJO("disk", new DiskFull());
    stopByAFullDisk("s", model, new Source(Set.of(9), -1), 12, extra);

    try (FeatureStore s =
        features("s", new Source(Set.of(9), -1), extractor(model, opened), new Notes())) {
      assertFalse(s.valid(9));
      assertEquals(1, s.skipped().size(), "row 9 is not valid, and nothing says why");
      assertEquals(9, s.skipped().get(0).row());
    }
  }

  /**
   * Starts the cache file under key {@code what} as {@link FeatureCache} does, with a provenance
   * file as its last commit left it (no row done; {@code extra} is added to the one written next),
   * and writes rows into it until the disk is full at row {@code fullAt}'s data.
   *
   * @return the cache file
   */
  private Path stopByAFullDisk(String what, Path model, Source source, int fullAt, ObjectNode extra)
      throws Exception {
    Throwable failure;
    ObjectNode canonical = FeatureKey.canonical(key(what));
    canonical.put("rows", ROWS);
    canonical.put("dtype", Dtype.FLOAT32.name());
    String hex = org.samplesize.io.Sha256.of(canonical.toString());
    Path bin = tmp.resolve("features").resolve(hex.substring(0, 24) + ".bin");
    Files.createDirectories(bin.getParent());
    CacheFile f = new CacheFile(ROWS, 2, Dtype.FLOAT32, java.util.HexFormat.of().parseHex(hex));
    ObjectNode sidecar = JsonNodeFactory.instance.objectNode();
    sidecar.put("format", "samplesize-features/1");
    sidecar.put("key", hex);
    sidecar.put("file", bin.getFileName().toString());
    sidecar.put("rows", ROWS);
    sidecar.put("cols", 2);
    sidecar.put("dtype", Dtype.FLOAT32.name());
    sidecar.set("provenance", canonical);
    sidecar.putArray("runs");
    sidecar.putArray("skipped");
    org.samplesize.io.AtomicFiles.write(
        CacheFile.sidecar(bin), os -> ModelCard.JSON.writeValue(os, sidecar));
    sidecar.setAll(extra);
    try (java.nio.channels.FileChannel ch =
            java.nio.channels.FileChannel.open(
                bin,
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.READ,
                java.nio.file.StandardOpenOption.WRITE);
        RowExtractor fe = extractor(model, new AtomicInteger()).get()) {
      ch.write(java.nio.ByteBuffer.allocate(1), f.fileSize() - 1);
      f.writeHeader(ch);
      java.nio.channels.FileChannel full =
          new org.samplesize.io.FullDiskChannel(ch, f.dataOffset() + fullAt * f.rowBytes());
      CacheRowWriter w =
          new CacheRowWriter(
              full,
              bin,
              f,
              new java.util.zip.CRC32C(),
              sidecar,
              new ArrayList<>(),
              fe,
              new Notes(),
              "features");
      java.io.IOException e = assertThrows(java.io.IOException.class, () -> w.run(source));
      failure = e;
      assertTrue(
          String.valueOf(e.getMessage()).contains("No space left on device")
              || String.valueOf(e.getCause()).contains("No space left on device"),
          String.valueOf(e));
    }
    if (extra.has("disk")) {
      // The commit after the failed write failed too: the write's failure is the one thrown, the
      // commit's attached to it (it replaced it, hiding what stopped the pass).
      assertEquals(1, failure.getSuppressed().length, String.valueOf(failure));
      assertTrue(failure instanceof java.io.IOException, String.valueOf(failure));
    }
    return bin;
  }

  @Test
  void aFinishedCacheOnAReadOnlyMountIsReadAndNothingElse() throws Exception {
    Path mnt = Files.createDirectory(tmp.resolve("mnt"));
    org.junit.jupiter.api.Assumptions.assumeTrue(
        org.samplesize.io.Commands.run(
                "mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mnt.toString())
            == 0,
        "mounting a tmpfs is not possible here (it needs root and the mount command): the"
            + " read-only mount is not"
            + " tested; aFinishedCacheInAFolderWithoutWritePermissionIsRead tests the same path");
    try {
      Path model = TinyModels.write(tmp);
      float[][] made = fillForReadOnly(mnt, model);
      assertEquals(0, org.samplesize.io.Commands.run("mount", "-o", "remount,ro", mnt.toString()));
      assertOnlyTheFinishedCacheIsServed(mnt, model, made);
    } finally {
      // Lazily: the features stay mapped until the collector frees their buffers.
      org.samplesize.io.Commands.run("umount", "-l", mnt.toString());
    }
  }

  @Test
  void aFinishedCacheInAFolderWithoutWritePermissionIsRead() throws Exception {
    Path cache = tmp.resolve("shared");
    Path model = TinyModels.write(tmp);
    float[][] made = fillForReadOnly(cache, model);
    List<Path> all;
    try (var walk = Files.walk(cache)) {
      all = walk.toList();
    }
    try {
      for (Path p : all) {
        Files.setPosixFilePermissions(
            p,
            java.nio.file.attribute.PosixFilePermissions.fromString(
                Files.isDirectory(p) ? "r-xr-xr-x" : "r--r--r--"));
      }
      org.junit.jupiter.api.Assumptions.assumeFalse(
          Files.isWritable(cache.resolve("features")),
          "this user may write where the permissions forbid it (root): the folder without write"
              + " permission is not tested; aFinishedCacheOnAReadOnlyMountIsReadAndNothingElse"
              + " tests the same path");
      assertOnlyTheFinishedCacheIsServed(cache, model, made);
    } finally {
      for (Path p : all) {
        Files.setPosixFilePermissions(
            p, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
      }
    }
  }

  /**
   * Writes into {@code cache} the finished features under key "ro" and unfinished ones under key
   * "ro-partial", and returns the finished rows.
   */
  private float[][] fillForReadOnly(Path cache, Path model) {
    AtomicInteger opened = new AtomicInteger();
    float[][] made;
    try (FeatureStore s =
        FeatureCache.getOrCompute(
            key("ro"),
            ROWS,
            Dtype.FLOAT32,
            allRows(),
            extractor(model, opened),
            cache,
            new Notes(),
            "features")) {
      made = rows(s);
    }
    assertThrows(
        SamplesizeException.class,
        () ->
            FeatureCache.getOrCompute(
                key("ro-partial"),
                ROWS,
                Dtype.FLOAT32,
                new Source(Set.of(), 2),
                extractor(model, opened),
                cache,
                new Notes(),
                "features"));
    return made;
  }

  /**
   * A cache that cannot be written serves its finished features, checked, without decoding an image
   * or opening the model, and refuses, naming the file, the features it would have to finish or
   * make.
   */
  private void assertOnlyTheFinishedCacheIsServed(Path cache, Path model, float[][] made) {
    AtomicInteger opened = new AtomicInteger();
    Notes n = new Notes();
    Source unused = allRows();
    try (FeatureStore s =
        FeatureCache.getOrCompute(
            key("ro"),
            ROWS,
            Dtype.FLOAT32,
            unused,
            extractor(model, opened),
            cache,
            n,
            "features")) {
      assertArrayEquals(made, rows(s));
    }
    assertEquals(1, n.notes.size(), n.notes.toString());
    assertTrue(n.notes.get(0).endsWith(".bin (read-only)"), n.notes.toString());
    assertTrue(unused.openedAt.isEmpty(), "images decoded for a finished cache");
    assertEquals(0, opened.get(), "model opened for a finished cache");

    org.samplesize.InvalidInputException partial =
        refusedReadOnly("ro-partial", cache, extractor(model, opened));
    assertTrue(partial.getMessage().contains("is unfinished or damaged"), partial.getMessage());
    assertTrue(partial.getMessage().contains(cache.resolve("features").toString()));
    org.samplesize.InvalidInputException none =
        refusedReadOnly("ro-none", cache, extractor(model, opened));
    assertTrue(none.getMessage().contains("holds no features"), none.getMessage());
    assertEquals(0, opened.get(), "model opened for a cache that cannot be written");
  }

  /** The refusal of features under key {@code what} that a cache which cannot be written lacks. */
  private static org.samplesize.InvalidInputException refusedReadOnly(
      String what, Path cache, Supplier<FeatureExtractor> extractor) {
    return assertThrows(
        org.samplesize.InvalidInputException.class,
        () ->
            FeatureCache.getOrCompute(
                key(what),
                ROWS,
                Dtype.FLOAT32,
                allRows(),
                extractor,
                cache,
                new Notes(),
                "features"));
  }

  @Test
  void corruptedCacheIsRejectedAndRebuilt() throws Exception {
    Path model = TinyModels.write(tmp);
    AtomicInteger opened = new AtomicInteger();
    Path bin;
    float[][] good;
    try (FeatureStore s = features("c", allRows(), extractor(model, opened), new Notes())) {
      bin = s.file();
      good = rows(s);
    }
    try (RandomAccessFile f = new RandomAccessFile(bin.toFile(), "rw")) {
      long pos = f.length() - 5; // inside the last row's values
      f.seek(pos);
      int b = f.read();
      f.seek(pos);
      f.write(b ^ 0x40);
    }
    Notes n = new Notes();
    try (FeatureStore s = features("c", allRows(), extractor(model, opened), n)) {
      assertArrayEquals(good, rows(s));
    }
    assertEquals(2, opened.get(), "corrupt cache was used instead of rebuilt");
    assertTrue(n.notes.get(0).contains("rejected (checksum mismatch"), n.notes.toString());

    Files.write(bin, new byte[] {1, 2, 3}); // truncated garbage
    Notes n2 = new Notes();
    try (FeatureStore s = features("c", allRows(), extractor(model, opened), n2)) {
      assertArrayEquals(good, rows(s));
    }
    assertTrue(n2.notes.get(0).contains("rejected (file is shorter"), n2.notes.toString());
  }

  @Test
  void aPassKilledBeforeItsFirstCommitStartsOverWithoutARejection() throws Exception {
    Path model = TinyModels.write(tmp);
    AtomicInteger opened = new AtomicInteger();
    Path bin;
    float[][] good;
    try (FeatureStore s = features("k", allRows(), extractor(model, opened), new Notes())) {
      bin = s.file();
      good = rows(s);
    }
    // what kill -9 leaves in a pass's first seconds: the sized file, no row done, no provenance
    try (java.nio.channels.FileChannel ch =
        java.nio.channels.FileChannel.open(
            bin, java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.READ)) {
      CacheFile f = CacheFile.readHeader(ch, new String[1]);
      f.rowsDone = 0;
      f.crc = new java.util.zip.CRC32C().getValue();
      f.writeHeader(ch);
    }
    Files.delete(CacheFile.sidecar(bin));
    Notes n = new Notes();
    try (FeatureStore s = features("k", allRows(), extractor(model, opened), n)) {
      assertArrayEquals(good, rows(s));
    }
    assertEquals(2, opened.get());
    assertTrue(n.notes.stream().noneMatch(m -> m.contains("rejected")), n.notes.toString());

    // rows done but the provenance file gone is still a damaged cache, and says so
    Files.delete(CacheFile.sidecar(bin));
    Notes n2 = new Notes();
    try (FeatureStore s = features("k", allRows(), extractor(model, opened), n2)) {
      assertArrayEquals(good, rows(s));
    }
    String json = CacheFile.sidecar(bin).getFileName().toString();
    assertTrue(
        n2.notes.get(0).contains("rejected (provenance file " + json + " is missing)"),
        n2.notes.toString());
  }

  @Test
  void aGarbledProvenanceFileIsNamedInOneLine() throws Exception {
    Path model = TinyModels.write(tmp);
    AtomicInteger opened = new AtomicInteger();
    Path bin;
    try (FeatureStore s = features("g", allRows(), extractor(model, opened), new Notes())) {
      bin = s.file();
    }
    String json = bin.getFileName().toString().replace(".bin", ".json");
    Files.writeString(bin.resolveSibling(json), "garbage\n");
    Notes n = new Notes();
    try (FeatureStore s = features("g", allRows(), extractor(model, opened), n)) {
      assertEquals(ROWS, rows(s).length);
    }
    assertEquals(2, opened.get(), "a cache without its provenance was reused");
    String note = n.notes.get(0);
    assertTrue(
        note.contains("rejected (provenance file " + json + " is not valid JSON: Unrecognized"),
        note);
    assertEquals(1, note.lines().count(), note);
    assertFalse(note.contains("StreamReadFeature"), note);

    // Cut short (a half-written or truncated file): Jackson's first line names where the object
    // began in its own terms, with its parser settings; the note keeps only the problem.
    Files.writeString(bin.resolveSibling(json), "{\"format\": \"samplesize-features/1\"");
    Notes cut = new Notes();
    try (FeatureStore s = features("g", allRows(), extractor(model, opened), cut)) {
      assertEquals(ROWS, rows(s).length);
    }
    note = cut.notes.get(0);
    assertTrue(
        note.contains("rejected (provenance file " + json + " is not valid JSON: Unexpected end"),
        note);
    assertFalse(note.contains("StreamReadFeature"), note);
    assertFalse(note.contains("Source:"), note);
  }

  @Test
  void differentProvenanceGetsADifferentCacheAndFloat16IsClose() throws Exception {
    Path model = TinyModels.write(tmp);
    AtomicInteger opened = new AtomicInteger();
    try (FeatureStore a = features("x", allRows(), extractor(model, opened), new Notes());
        FeatureStore b =
            features("x", Dtype.FLOAT16, allRows(), extractor(model, opened), new Notes())) {
      assertNotEquals(a.file(), b.file());
      assertTrue(Files.size(b.file()) < Files.size(a.file()));
      float[][] ra = rows(a);
      float[][] rb = rows(b);
      for (int i = 0; i < ROWS; i++) {
        for (int j = 0; j < 2; j++) {
          assertEquals(ra[i][j], rb[i][j], Math.abs(ra[i][j]) / 1024 + 1e-7f);
        }
      }
    }
    assertEquals(2, opened.get());
  }

  @Test
  void halfPrecisionConversionRoundsToNearestEven() {
    float[] samples = {0f, -0f, 1f, -2.5f, 65504f, 6.1035156e-5f, 5.9604645e-8f, 1e-9f, 1e6f};
    float[] expect = {
      0f, -0f, 1f, -2.5f, 65504f, 6.1035156e-5f, 5.9604645e-8f, 0f, Float.POSITIVE_INFINITY
    };
    for (int i = 0; i < samples.length; i++) {
      assertEquals(
          expect[i], Dtype.Half.toFloat(Dtype.Half.fromFloat(samples[i])), 0f, "" + samples[i]);
    }
    assertTrue(Float.isNaN(Dtype.Half.toFloat(Dtype.Half.fromFloat(Float.NaN))));
    // 1 + 2^-11 is exactly half-way between 1 and the next half (1 + 2^-10): ties to even → 1.
    assertEquals(1f, Dtype.Half.toFloat(Dtype.Half.fromFloat(1f + 0x1p-11f)), 0f);
    assertEquals(
        1f + 0x1p-9f, Dtype.Half.toFloat(Dtype.Half.fromFloat(1f + 0x1p-10f + 0x1p-11f)), 0f);
  }

  @Test
  void theKeyRecordsEightBitResamplingAndLeavesFloatKeysAsTheyWere() {
    ModelCard zoo = ModelCard.load("mobilenetv2-12-int8");
    ModelCard squash =
        zoo.withPreprocessing(
            zoo.preprocessing().withSize(org.samplesize.image.ResizeMode.SQUASH, 224, 224, 224));
    List<org.samplesize.image.ImageRequest> images =
        List.of(new org.samplesize.image.ImageRequest(java.nio.file.Path.of("a.jpg"), 0, 0, false));
    com.fasterxml.jackson.databind.node.ObjectNode crop =
        FeatureKey.of(
            new FeatureRequest(
                images,
                zoo,
                zoo.featureTensor(),
                org.samplesize.image.Augmentation.none(),
                1,
                Dtype.FLOAT32),
            "sha");
    com.fasterxml.jackson.databind.node.ObjectNode flat =
        FeatureKey.of(
            new FeatureRequest(
                images,
                squash,
                squash.featureTensor(),
                org.samplesize.image.Augmentation.none(),
                1,
                Dtype.FLOAT32),
            "sha");
    assertEquals("uint8", crop.path("resampling").asText());
    assertTrue(flat.path("resampling").isMissingNode(), flat.toString());
  }

  /**
   * tf_flowers reached through a symbolic link to the mirror computed its features again: the key
   * hashed each image's path as it was spelt. The same files now give the same key however the data
   * root is reached; a changed file still changes it.
   */
  @Test
  void theKeyDoesNotDependOnHowTheDataRootIsSpelt() throws Exception {
    Path real = Files.createDirectories(tmp.resolve("mirror/flowers/daisy"));
    Files.write(real.resolve("a.jpg"), new byte[] {1, 2, 3});
    Files.write(real.resolve("b.jpg"), new byte[] {4, 5});
    Path link = Files.createSymbolicLink(tmp.resolve("linked"), tmp.resolve("mirror"));
    Path relative = Path.of("").toAbsolutePath().relativize(real.toAbsolutePath());
    ModelCard zoo = ModelCard.load("mobilenetv2-12-int8");
    java.util.function.Function<Path, com.fasterxml.jackson.databind.node.ObjectNode> keyOf =
        dir ->
            key(
                zoo,
                List.of(
                    new org.samplesize.image.ImageRequest(dir.resolve("a.jpg"), 0, 0, false),
                    new org.samplesize.image.ImageRequest(dir.resolve("b.jpg"), 1, 0, false)));
    var byRealPath = keyOf.apply(real);
    assertEquals(byRealPath, keyOf.apply(link.resolve("flowers/daisy")));
    assertEquals(byRealPath, keyOf.apply(relative));
    assertEquals(byRealPath, keyOf.apply(tmp.resolve("mirror/flowers/../flowers/daisy")));
    Files.write(real.resolve("b.jpg"), new byte[] {4, 5, 6});
    assertNotEquals(byRealPath, keyOf.apply(link.resolve("flowers/daisy")));
  }

  @Test
  void jpegDctScalingChangesTheKeyOnlyWhenOn() {
    // Off, the preprocessing reads as it did before the setting existed: old caches still match.
    assertTheKeyNamesOnlyWhenOn("jpegDctScaling", p -> p.withJpegDctScaling(true));
  }

  @Test
  void exifOrientationChangesTheKeyOnlyWhenOn() {
    assertTheKeyNamesOnlyWhenOn("exifOrientation", p -> p.withExifOrientation(true));
  }

  /**
   * Asserts that the zoo card's key leaves {@code setting} out of its preprocessing, and that the
   * key of the same card with the setting turned on names it and differs.
   */
  private static void assertTheKeyNamesOnlyWhenOn(
      String setting, UnaryOperator<org.samplesize.image.Preprocessing> turnOn) {
    ModelCard zoo = ModelCard.load("mobilenetv2-12-int8");
    ModelCard turned = zoo.withPreprocessing(turnOn.apply(zoo.preprocessing()));
    List<org.samplesize.image.ImageRequest> images =
        List.of(new org.samplesize.image.ImageRequest(java.nio.file.Path.of("a.jpg"), 0, 0, false));
    ObjectNode off = key(zoo, images);
    ObjectNode on = key(turned, images);
    assertTrue(off.path("preprocessing").path(setting).isMissingNode(), off.toString());
    assertTrue(on.path("preprocessing").path(setting).asBoolean(), on.toString());
    assertNotEquals(off, on);
  }

  private static com.fasterxml.jackson.databind.node.ObjectNode key(
      ModelCard card, List<org.samplesize.image.ImageRequest> images) {
    return FeatureKey.of(
        new FeatureRequest(
            images,
            card,
            card.featureTensor(),
            org.samplesize.image.Augmentation.none(),
            1,
            Dtype.FLOAT32),
        "sha");
  }

  /** The one cache file under {@code tmp}. */
  private Path onlyCacheFile() throws Exception {
    try (var files = Files.list(tmp.resolve("features"))) {
      List<Path> bins = files.filter(p -> p.toString().endsWith(".bin")).toList();
      assertEquals(1, bins.size(), bins.toString());
      return bins.get(0);
    }
  }

  @Test
  void aCompleteCacheIsReadWhileAnotherProcessReadsIt() throws Exception {
    Path model = TinyModels.write(tmp);
    AtomicInteger opened = new AtomicInteger();
    float[][] first;
    try (FeatureStore s = features("s", allRows(), extractor(model, opened), new Notes())) {
      first = rows(s);
    }
    // Another run reading the same cache holds it shared, as this one does while it checks it.
    try (org.samplesize.io.LockHolder reader =
        org.samplesize.io.LockHolder.start("shared", onlyCacheFile())) {
      Notes n = new Notes();
      try (FeatureStore s = features("s", allRows(), extractor(model, opened), n)) {
        assertArrayEquals(first, rows(s));
      }
      assertTrue(n.notes.get(0).contains("reusing"), n.notes.toString());
    }
    assertEquals(1, opened.get(), "read, not computed again");
  }

  @Test
  void aReaderWaitsForAnotherProcessWritingTheCacheInsteadOfFailing() throws Exception {
    Path model = TinyModels.write(tmp);
    AtomicInteger opened = new AtomicInteger();
    features("w", allRows(), extractor(model, opened), new Notes()).close();
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      java.util.concurrent.Future<float[][]> read;
      Notes n = new Notes();
      // Another process writing rows holds the file alone.
      try (org.samplesize.io.LockHolder writer =
          org.samplesize.io.LockHolder.start("exclusive", onlyCacheFile())) {
        read =
            pool.submit(
                () -> {
                  try (FeatureStore s = features("w", allRows(), extractor(model, opened), n)) {
                    return rows(s);
                  }
                });
        Thread.sleep(1000);
        assertFalse(read.isDone(), "waits while the other process writes");
        assertTrue(
            n.notes.stream().anyMatch(m -> m.contains("being written by another process; waiting")),
            n.notes.toString());
      }
      assertEquals(ROWS, read.get(60, java.util.concurrent.TimeUnit.SECONDS).length);
      assertEquals(1, opened.get(), "read once the writer is done, not computed again");
    } finally {
      pool.shutdownNow();
    }
  }
}
