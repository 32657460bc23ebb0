package org.samplesize.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.InvalidInputException;
import org.samplesize.ProgressListener;
import org.samplesize.SharedData;
import org.samplesize.UnavailableException;

class FashionMnistTest {
  @TempDir Path dir;
  LocalHttpServer server;
  Map<String, byte[]> files;

  @BeforeEach
  void start() throws Exception {
    server = new LocalHttpServer();
    files = TestIdx.fashionLike(3, 2, 5);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private DatasetResolver.Options options(Path mirror) {
    return DatasetResolver.Options.fromEnvironment(Map.of())
        .withCacheDir(dir.resolve("cache"))
        .withMirror(mirror);
  }

  /** Serves the four files gzip-compressed at level 6 under /fm/; returns their source. */
  private FashionMnist.Source serve() throws Exception {
    Map<String, String> md5 = new HashMap<>();
    Map<String, String> sha = new HashMap<>();
    URI base = null;
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      byte[] gz = TestIdx.gzip(e.getValue(), 6);
      URI u = server.put("/fm/" + e.getKey() + ".gz", gz);
      base = u.resolve("./");
      md5.put(e.getKey(), TestIdx.md5(gz));
      sha.put(e.getKey(), TestIdx.sha256(e.getValue()));
    }
    return new FashionMnist.Source(base, md5, sha);
  }

  @Test
  void downloadsTheFourFilesOnceChecksThemAndLoadsTheOfficialSplit() throws Exception {
    FashionMnist.Source src = serve();
    Path folder = FashionMnist.locate(options(null), src, ProgressListener.NONE);
    assertEquals(dir.resolve("cache/datasets/fashion_mnist").toAbsolutePath(), folder);
    assertEquals(4, server.requests.get());
    FashionMnist.locate(options(null), src, ProgressListener.NONE);
    assertEquals(4, server.requests.get(), "files already in the cache are not fetched again");

    FashionMnist.Loaded l = FashionMnist.load(folder, src);
    ImageDataset ds = l.dataset();
    assertEquals(FashionMnist.CLASSES, ds.classes());
    assertEquals(50, ds.images().size());
    assertArrayEquals(new int[] {5, 5, 5, 5, 5, 5, 5, 5, 5, 5}, ds.classCounts());
    int[] train = new int[30];
    Arrays.setAll(train, i -> i);
    int[] test = new int[20];
    Arrays.setAll(test, i -> 30 + i);
    assertArrayEquals(train, l.split().train(), "the training file, in file order");
    assertArrayEquals(test, l.split().test(), "then the test file");
    ImageEntry e = ds.images().get(31);
    assertEquals("test/00000001", e.relativeName());
    assertEquals(1, e.label());
    assertEquals(folder.resolve("t10k-images-idx3-ubyte#1"), e.path());
    assertEquals("train/00000029", ds.images().get(29).relativeName());

    InMemoryImages.Raster r = l.images().raster(e.path());
    assertEquals(28, r.width());
    assertEquals(28, r.height());
    assertEquals(1, r.channels());
    byte[] testImages = files.get(FashionMnist.TEST_IMAGES);
    assertArrayEquals(Arrays.copyOfRange(testImages, 16 + 784, 16 + 2 * 784), r.pixels());
    assertEquals("idx:" + TestIdx.sha256(testImages) + "#1", l.images().contentKey(e.path()));
    assertEquals(src.contentSha256(), l.sha256());
    assertThrows(
        IllegalArgumentException.class,
        () -> l.images().raster(folder.resolve("t10k-images-idx3-ubyte#20")));
  }

  @Test
  void aDownloadThatDoesNotMatchItsMd5IsDeletedAndRefused() throws Exception {
    FashionMnist.Source good = serve();
    Map<String, String> md5 = new HashMap<>(good.gzMd5());
    md5.put(FashionMnist.TRAIN_LABELS, "0".repeat(32));
    FashionMnist.Source bad = new FashionMnist.Source(good.base(), md5, good.sha256());
    UnavailableException e =
        assertThrows(
            UnavailableException.class,
            () -> FashionMnist.locate(options(null), bad, ProgressListener.NONE));
    assertTrue(
        e.getMessage()
            .contains("cannot download fashion_mnist (train-labels-idx1-ubyte.gz) from http://"),
        e.getMessage());
    assertTrue(e.getMessage().contains("was expected (the download was deleted)"), e.getMessage());
    assertTrue(e.getMessage().contains("--mirror DIR"), e.getMessage());
    assertFalse(
        Files.exists(dir.resolve("cache/datasets/fashion_mnist/train-labels-idx1-ubyte.gz")));
  }

  @Test
  void aDamagedFileInTheCacheIsDownloadedAgain() throws Exception {
    FashionMnist.Source src = serve();
    Path folder = FashionMnist.locate(options(null), src, ProgressListener.NONE);
    Path gz = folder.resolve(FashionMnist.TRAIN_IMAGES + ".gz");
    byte[] whole = Files.readAllBytes(gz);
    Files.write(gz, Arrays.copyOf(whole, whole.length / 2)); // cut short since the download
    List<String> notes = new ArrayList<>();
    Path again = FashionMnist.locate(options(null), src, ProgressListener.notesTo(notes::add));
    assertEquals(5, server.requests.get(), "only the damaged file is fetched again");
    assertArrayEquals(whole, Files.readAllBytes(gz));
    assertEquals(1, notes.size(), notes.toString());
    assertTrue(notes.get(0).startsWith(gz + " does not match its MD5"), notes.get(0));
    assertEquals(50, FashionMnist.load(again, src).dataset().images().size());
  }

  @Test
  void aDownloadThatCannotBeMadeSaysHowToWorkOffline() throws Exception {
    FashionMnist.Source src = serve();
    FashionMnist.Source gone =
        new FashionMnist.Source(src.base().resolve("../elsewhere/"), src.gzMd5(), src.sha256());
    UnavailableException e =
        assertThrows(
            UnavailableException.class,
            () -> FashionMnist.locate(options(null), gone, ProgressListener.NONE));
    assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
    assertTrue(e.getMessage().contains("fashion-mnist/ and the four .gz files"), e.getMessage());
  }

  @Test
  void aMirrorRecompressedOrUncompressedIsAcceptedByItsContent() throws Exception {
    // The checksums of files compressed at level 9; the mirror holds them at level 1 (as Debian
    // recompresses them), one of them not compressed at all.
    FashionMnist.Source published = TestIdx.mirror(dir.resolve("published"), files, 9);
    Path mirror = dir.resolve("mirror");
    TestIdx.mirror(mirror, files, 1);
    Path folder = mirror.resolve("fashion-mnist");
    Files.delete(folder.resolve(FashionMnist.TEST_LABELS + ".gz"));
    Files.write(folder.resolve(FashionMnist.TEST_LABELS), files.get(FashionMnist.TEST_LABELS));
    assertFalse(
        Arrays.equals(
            Files.readAllBytes(folder.resolve(FashionMnist.TRAIN_IMAGES + ".gz")),
            Files.readAllBytes(
                dir.resolve("published/fashion-mnist/" + FashionMnist.TRAIN_IMAGES + ".gz"))),
        "the mirror's .gz bytes differ from the published ones");

    DatasetResolver.Resolved r =
        DatasetResolver.resolveChecked("Fashion_MNIST", options(mirror), ProgressListener.NONE);
    assertEquals(folder.toAbsolutePath(), r.root());
    FashionMnist.Loaded l = FashionMnist.load(r.root(), published);
    assertEquals(50, l.dataset().images().size());
    assertEquals(published.contentSha256(), l.sha256());
    assertEquals(0, server.requests.get(), "nothing downloaded");
  }

  @Test
  void aMirrorFileWithOtherContentIsRefused() throws Exception {
    FashionMnist.Source src = TestIdx.mirror(dir.resolve("m"), files, 6);
    byte[] labels = files.get(FashionMnist.TEST_LABELS).clone();
    labels[9] = (byte) ((labels[9] + 1) % 10);
    Path f = dir.resolve("m/fashion-mnist/" + FashionMnist.TEST_LABELS + ".gz");
    Files.write(f, TestIdx.gzip(labels, 6));
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> FashionMnist.load(dir.resolve("m/fashion-mnist"), src));
    assertTrue(
        e.getMessage()
            .startsWith(
                "file " + f + " is not Fashion-MNIST's t10k-labels-idx1-ubyte as published"),
        e.getMessage());
    assertTrue(e.getMessage().contains(TestIdx.sha256(labels)), e.getMessage());
  }

  @Test
  void aWrongSumInTheMirrorsListIsAWarningWhenTheFileIsThePublishedOne() throws Exception {
    FashionMnist.Source src = TestIdx.mirror(dir.resolve("m"), files, 6);
    Path folder = dir.resolve("m/fashion-mnist");
    Path gz = folder.resolve(FashionMnist.TRAIN_LABELS + ".gz");
    String right =
        TestIdx.sha256(Files.readAllBytes(folder.resolve(FashionMnist.TEST_LABELS + ".gz")));
    String wrong = "0".repeat(64);
    Files.writeString(
        folder.resolve("SHA256SUMS"),
        wrong + "  " + gz.getFileName() + "\n" + right + "  " + FashionMnist.TEST_LABELS + ".gz\n");
    List<String> notes = new ArrayList<>();
    FashionMnist.Loaded l = FashionMnist.load(folder, src, ProgressListener.notesTo(notes::add));
    assertEquals(src.contentSha256(), l.sha256(), "the file is used");
    assertEquals(1, notes.size(), notes.toString());
    String n = notes.get(0);
    assertTrue(n.startsWith("warning: " + folder.resolve("SHA256SUMS")), n);
    assertTrue(n.contains(wrong + " for " + gz.getFileName()), n);
    assertTrue(n.contains(TestIdx.sha256(Files.readAllBytes(gz))), n);
    assertTrue(n.contains("matches the published Fashion-MNIST checksum, so it is used"), n);
  }

  @Test
  void aMirrorWithoutTheFilesSaysWhichIsMissing() throws Exception {
    Path mirror = Files.createDirectories(dir.resolve("empty"));
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                DatasetResolver.resolveChecked(
                    "fashion_mnist", options(mirror), ProgressListener.NONE));
    assertTrue(
        e.getMessage()
            .startsWith(
                "mirror " + mirror + " holds no fashion-mnist/train-images-idx3-ubyte.gz (nor"),
        e.getMessage());
  }

  @Test
  void aDamagedMirrorFileIsNamedWithWhatToDo() throws Exception {
    FashionMnist.Source src = TestIdx.mirror(dir.resolve("m"), files, 6);
    Path folder = dir.resolve("m/fashion-mnist");
    // The test images where the test labels belong, and an empty training labels file.
    Files.copy(
        folder.resolve(FashionMnist.TEST_IMAGES + ".gz"),
        folder.resolve(FashionMnist.TEST_LABELS + ".gz"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> FashionMnist.load(folder, src));
    assertTrue(e.getMessage().contains("says 3 dimension(s), expected 1"), e.getMessage());
    assertTrue(
        e.getMessage()
            .endsWith(
                "replace it with the published t10k-labels-idx1-ubyte.gz"
                    + " (Debian's dataset-fashion-mnist installs it in /usr/share/datasets/fashion-mnist;"
                    + " in the cache: delete it to download it again)"),
        e.getMessage());
    Files.write(folder.resolve(FashionMnist.TRAIN_LABELS + ".gz"), new byte[0]);
    e = assertThrows(InvalidInputException.class, () -> FashionMnist.load(folder, src));
    assertTrue(e.getMessage().contains("ends after 0 bytes"), e.getMessage());
    assertTrue(
        e.getMessage().contains("; replace it with the published train-labels-idx1-ubyte.gz"),
        e.getMessage());
  }

  @Test
  void labelsAndImagesOfDifferentCountsAreRefused() throws Exception {
    files.put(FashionMnist.TRAIN_LABELS, TestIdx.labels(new int[29]));
    FashionMnist.Source src = TestIdx.mirror(dir.resolve("m"), files, 6);
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> FashionMnist.load(dir.resolve("m/fashion-mnist"), src));
    assertTrue(e.getMessage().contains("holds 30 images but"), e.getMessage());
    assertTrue(
        e.getMessage()
            .contains("train-labels-idx1-ubyte.gz holds 29 labels (the counts at offset 4"),
        e.getMessage());
  }

  @Test
  void aLabelOutsideTheClassesIsRefusedWithItsOffset() throws Exception {
    int[] labels = new int[20];
    labels[7] = 10;
    files.put(FashionMnist.TEST_LABELS, TestIdx.labels(labels));
    FashionMnist.Source src = TestIdx.mirror(dir.resolve("m"), files, 6);
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> FashionMnist.load(dir.resolve("m/fashion-mnist"), src));
    assertTrue(
        e.getMessage().contains("label 10 at offset 15 is not a class 0..9"), e.getMessage());
  }

  @Test
  void commandsThatTakeAnImageFolderRefuseTheName() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> DatasetResolver.resolve("fashion_mnist", options(null), ProgressListener.NONE));
    assertTrue(
        e.getMessage().contains("only 'samplesize run' and 'samplesize inspect' take it"),
        e.getMessage());
  }

  @Test
  void theSharedCopyIsThePublishedData() {
    Path folder = SharedData.root().resolve("data/fashion-mnist");
    assumeTrue(
        Files.isRegularFile(folder.resolve(FashionMnist.TRAIN_IMAGES + ".gz")),
        "skipped: Fashion-MNIST not found at " + folder);
    FashionMnist.Loaded l = FashionMnist.load(folder, FashionMnist.Source.upstream());
    assertEquals(60_000, l.split().train().length);
    assertEquals(10_000, l.split().test().length);
    int[] perClass = l.dataset().classCounts();
    for (int c : perClass) {
      assertEquals(7_000, c, Arrays.toString(perClass));
    }
    InMemoryImages.Raster r = l.images().raster(l.dataset().images().get(69_999).path());
    assertEquals(List.of(28, 28, 1), List.of(r.width(), r.height(), r.channels()));
  }
}
