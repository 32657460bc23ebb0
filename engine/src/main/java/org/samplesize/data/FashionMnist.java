package org.samplesize.data;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.samplesize.InvalidInputException;
import org.samplesize.ProgressListener;
import org.samplesize.SamplesizeException;
import org.samplesize.UnavailableException;
import org.samplesize.io.Sha256;

/**
 * Zalando's Fashion-MNIST, the second built-in data set: 70,000 grey 28×28 images of clothing in 10
 * classes, with its official split of 60,000 training and 10,000 test images, read from the four
 * IDX files. They come from a mirror's {@code fashion-mnist/} folder (gzip-compressed or not, any
 * compression: Debian's {@code dataset-fashion-mnist} package recompresses them), or are downloaded
 * once from the upstream address into the cache, each checked against upstream's MD5. Whatever the
 * source, each file's uncompressed content must have the published SHA-256 ({@link
 * Source#sha256()}).
 */
public final class FashionMnist {
  private FashionMnist() {}

  /** The name that selects Fashion-MNIST. */
  public static final String NAME = "fashion_mnist";

  /** The folder of a mirror that holds the four files. */
  public static final String MIRROR_FOLDER = "fashion-mnist";

  /** Training images: 60,000 × 28 × 28. */
  public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";

  /** Training labels: 60,000. */
  public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";

  /** Test images: 10,000 × 28 × 28. */
  public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";

  /** Test labels: 10,000. */
  public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

  /** The four files, without {@code .gz}. */
  public static final List<String> FILES =
      List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

  /** Class names by label, as Zalando publishes them. */
  public static final List<String> CLASSES =
      List.of(
          "T-shirt/top",
          "Trouser",
          "Pullover",
          "Dress",
          "Coat",
          "Sandal",
          "Shirt",
          "Sneaker",
          "Bag",
          "Ankle boot");

  /** Upstream's address: each file is {@code <this><file>.gz}. */
  public static final URI UPSTREAM =
      URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/");

  /**
   * Where the files are downloaded from and what they must hold.
   *
   * @param base the address the {@code <file>.gz} names are resolved against (ends with {@code /})
   * @param gzMd5 by file name (without {@code .gz}): the MD5 of the compressed file as served at
   *     {@code base}, checked after each download
   * @param sha256 by file name: the SHA-256 of the uncompressed content, checked on every load
   */
  public record Source(URI base, Map<String, String> gzMd5, Map<String, String> sha256) {
    /** Checks that every file has both checksums. */
    public Source {
      Objects.requireNonNull(base, "base");
      gzMd5 = Map.copyOf(gzMd5);
      sha256 = Map.copyOf(sha256);
      for (String f : FILES) {
        if (!String.valueOf(gzMd5.get(f)).matches("[0-9a-f]{32}")
            || !String.valueOf(sha256.get(f)).matches("[0-9a-f]{64}")) {
          throw new IllegalArgumentException("no lower-case MD5 and SHA-256 for " + f);
        }
      }
    }

    /**
     * Upstream's address with its published MD5s (in Zalando's README) and the SHA-256 of each
     * uncompressed file (the official sizes: 47,040,016 / 60,008 / 7,840,016 / 10,008 bytes).
     *
     * @return the published source
     */
    public static Source upstream() {
      return new Source(
          UPSTREAM,
          Map.of(
              TRAIN_IMAGES, "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
              TRAIN_LABELS, "25c81989df183df01b3e8a0aad5dffbe",
              TEST_IMAGES, "bef4ecab320f06d8554ea6380940ec79",
              TEST_LABELS, "bb300cfdad3c16e7a12a480ee83cd310"),
          Map.of(
              TRAIN_IMAGES, "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
              TRAIN_LABELS, "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
              TEST_IMAGES, "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
              TEST_LABELS, "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"));
    }

    /**
     * @return SHA-256 over the four files' names and uncompressed SHA-256s: names the data set
     */
    public String contentSha256() {
      MessageDigest md = Sha256.digest();
      for (String f : FILES) {
        md.update((f + " " + sha256.get(f) + "\n").getBytes(StandardCharsets.UTF_8));
      }
      return Sha256.hex(md);
    }
  }

  /**
   * Finds the four files: in {@code mirror/fashion-mnist/} when a mirror is set, else in {@code
   * cacheDir/datasets/fashion_mnist/}, downloading the files missing there and those whose MD5 no
   * longer matches. Nothing is decompressed here; {@link #load} checks the content.
   *
   * @param o where data sets come from
   * @param src where to download from and the checksums
   * @param progress told about downloads
   * @return the folder holding the four files
   * @throws InvalidInputException if a mirror is set but lacks one of the files
   * @throws UnavailableException if a download fails or does not match its MD5 (it is deleted)
   */
  public static Path locate(DatasetResolver.Options o, Source src, ProgressListener progress) {
    ProgressListener pl = progress == null ? ProgressListener.NONE : progress;
    if (o.mirror() != null) {
      Path dir = o.mirror().resolve(MIRROR_FOLDER);
      for (String f : FILES) {
        if (find(dir, f) == null) {
          throw new InvalidInputException(
              "mirror "
                  + o.mirror()
                  + " holds no "
                  + MIRROR_FOLDER
                  + "/"
                  + f
                  + ".gz (nor "
                  + f
                  + "); put the four Fashion-MNIST files there (Debian's dataset-fashion-mnist"
                  + " installs them in /usr/share/datasets/fashion-mnist), or fix "
                  + DatasetResolver.ENV_MIRROR
                  + " / --mirror, or unset it to download");
        }
      }
      return dir.toAbsolutePath().normalize();
    }
    Path dir = o.cacheDir().resolve("datasets").resolve(NAME);
    for (String f : FILES) {
      Path target = dir.resolve(f + ".gz");
      if (Files.isRegularFile(target)) {
        // Checked when it was downloaded, but a cached copy can be damaged since (or left
        // unchecked by a run stopped right after the download): a wrong one is fetched again, as
        // the Downloader does for the other cached files, instead of failing load() with advice
        // meant for a mirror.
        String cached = md5OrNull(target);
        if (src.gzMd5().get(f).equals(cached)) {
          continue;
        }
        if (cached != null) {
          pl.note(
              target
                  + " does not match its MD5 (damaged or cut short since it was downloaded);"
                  + " downloading it again");
          try {
            Files.deleteIfExists(target);
          } catch (IOException e) {
            throw new SamplesizeException(
                "cannot delete the damaged " + target + " (" + e + "); delete it by hand", e);
          }
        }
      }
      URI uri = src.base().resolve(f + ".gz");
      String what = NAME + " (" + f + ".gz)";
      Downloader.download(
          uri,
          target,
          null,
          pl,
          Downloader.DEFAULT_STALL_TIMEOUT,
          what,
          "work offline: --mirror DIR (or $"
              + DatasetResolver.ENV_MIRROR
              + ") with "
              + MIRROR_FOLDER
              + "/ and the four .gz files in it");
      String md5 = md5(target);
      if (!md5.equals(src.gzMd5().get(f))) {
        try {
          Files.deleteIfExists(target);
        } catch (IOException e) {
          // reported below either way; the next call downloads it again only if it is gone
        }
        throw new UnavailableException(
            "cannot download "
                + what
                + " from "
                + uri
                + ": its MD5 is "
                + md5
                + " but "
                + src.gzMd5().get(f)
                + " was expected (the download was deleted). Retry later, or work offline:"
                + " --mirror DIR (or $"
                + DatasetResolver.ENV_MIRROR
                + ") with "
                + MIRROR_FOLDER
                + "/ and the four .gz files in it.");
      }
    }
    return dir.toAbsolutePath().normalize();
  }

  /**
   * Fashion-MNIST read into memory.
   *
   * @param dataset every image: the training images first (indices {@code 0 .. train−1}, named
   *     {@code train/00000000} …), then the test images ({@code test/00000000} …); each entry's
   *     path is its {@link IdxImages} name, e.g. {@code DIR/train-images-idx3-ubyte#12345}
   * @param split the official split: the training images, then the test images, in file order
   * @param images the pixels of every entry
   * @param sha256 the content's fingerprint ({@link Source#contentSha256()})
   */
  public record Loaded(ImageDataset dataset, Split split, IdxImages images, String sha256) {}

  /**
   * Reads the four files, checks each uncompressed content against its SHA-256 and the files
   * against each other (as many labels as images, labels within the classes, the same image size in
   * both sets).
   *
   * @param dir the folder holding the four files ({@code <file>.gz} or {@code <file>})
   * @param src the checksums
   * @return the data set, its split and its pixels
   * @throws InvalidInputException naming the file when one is missing, damaged ({@link IdxReader}),
   *     holds other content than published, or does not fit the others
   */
  public static Loaded load(Path dir, Source src) {
    return load(dir, src, ProgressListener.NONE);
  }

  /**
   * As {@link #load(Path, Source)}, and told of a {@code SHA256SUMS} in the folder (a mirror's)
   * that lists another SHA-256 for a file whose content is the published one: the file is used, and
   * the listed sum is said to be wrong.
   *
   * @param dir the folder holding the four files ({@code <file>.gz} or {@code <file>})
   * @param src the checksums
   * @param progress told of each file that its {@code SHA256SUMS} line does not match
   * @return the data set, its split and its pixels
   * @throws InvalidInputException as {@link #load(Path, Source)}
   */
  public static Loaded load(Path dir, Source src, ProgressListener progress) {
    Map<String, String> listed = listedSums(dir.resolve("SHA256SUMS"));
    Map<String, IdxReader.IdxFile> read = new LinkedHashMap<>();
    for (String f : FILES) {
      Path file = find(dir, f);
      if (file == null) {
        throw new InvalidInputException(
            "folder " + dir + " holds no " + f + ".gz (nor " + f + "); restore the file");
      }
      IdxReader.IdxFile idx;
      try {
        idx = IdxReader.read(file, f.contains("-images-") ? 3 : 1);
      } catch (InvalidInputException e) {
        // IdxReader says what is wrong with the file; here it is known what it should be.
        String m = e.getMessage();
        throw new InvalidInputException(
            m.endsWith("copy it again") ? m : m + "; " + replaceAdvice(f), e);
      }
      String expected = src.sha256().get(f);
      if (!idx.sha256().equals(expected)) {
        throw new InvalidInputException(
            "file "
                + file
                + " is not Fashion-MNIST's "
                + f
                + " as published: its uncompressed content has SHA-256 "
                + idx.sha256()
                + ", expected "
                + expected
                + " (any compression is accepted, other content is not); "
                + replaceAdvice(f));
      }
      String sum = listed.get(file.getFileName().toString());
      if (sum != null) {
        String actual = idx.fileSha256();
        if (!actual.equals(sum)) {
          progress.note(
              "warning: "
                  + dir.resolve("SHA256SUMS")
                  + " lists SHA-256 "
                  + sum
                  + " for "
                  + file.getFileName()
                  + ", but the file has "
                  + actual
                  + "; its content matches the published Fashion-MNIST checksum, so it is used"
                  + " (correct that line of SHA256SUMS)");
        }
      }
      read.put(f, idx);
    }
    IdxReader.IdxFile trainImages = read.get(TRAIN_IMAGES);
    IdxReader.IdxFile testImages = read.get(TEST_IMAGES);
    checkLabels(trainImages, read.get(TRAIN_LABELS));
    checkLabels(testImages, read.get(TEST_LABELS));
    if (trainImages.dims()[1] != testImages.dims()[1]
        || trainImages.dims()[2] != testImages.dims()[2]) {
      throw new InvalidInputException(
          "IDX files "
              + trainImages.file()
              + " and "
              + testImages.file()
              + " hold images of different sizes (offsets 8 and 12 of each)");
    }
    int nTrain = trainImages.count();
    int nTest = testImages.count();
    List<ImageEntry> entries = new ArrayList<>(nTrain + nTest);
    IdxReader.IdxFile trainLabels = read.get(TRAIN_LABELS);
    for (int i = 0; i < nTrain; i++) {
      entries.add(
          new ImageEntry(
              IdxImages.name(dir, TRAIN_IMAGES, i),
              String.format(Locale.ROOT, "train/%08d", i),
              trainLabels.unsignedByte(i)));
    }
    IdxReader.IdxFile testLabels = read.get(TEST_LABELS);
    for (int i = 0; i < nTest; i++) {
      entries.add(
          new ImageEntry(
              IdxImages.name(dir, TEST_IMAGES, i),
              String.format(Locale.ROOT, "test/%08d", i),
              testLabels.unsignedByte(i)));
    }
    int[] train = new int[nTrain];
    int[] test = new int[nTest];
    for (int i = 0; i < nTrain; i++) {
      train[i] = i;
    }
    for (int i = 0; i < nTest; i++) {
      test[i] = nTrain + i;
    }
    ImageDataset ds = new ImageDataset(dir, CLASSES, entries, Map.of());
    IdxImages images = new IdxImages(Map.of(TRAIN_IMAGES, trainImages, TEST_IMAGES, testImages));
    return new Loaded(ds, new Split(train, test), images, src.contentSha256());
  }

  /** What to do about a file that is not the published one. */
  private static String replaceAdvice(String file) {
    return "replace it with the published "
        + file
        + ".gz (Debian's dataset-fashion-mnist installs it in /usr/share/datasets/fashion-mnist;"
        + " in the cache: delete it to download it again)";
  }

  private static void checkLabels(IdxReader.IdxFile images, IdxReader.IdxFile labels) {
    if (images.count() != labels.count()) {
      throw new InvalidInputException(
          "IDX files do not match: "
              + images.file()
              + " holds "
              + images.count()
              + " images but "
              + labels.file()
              + " holds "
              + labels.count()
              + " labels (the counts at offset 4 of each)");
    }
    for (int i = 0; i < labels.count(); i++) {
      int label = labels.unsignedByte(i);
      if (label >= CLASSES.size()) {
        throw new InvalidInputException(
            "IDX file "
                + labels.file()
                + ": label "
                + label
                + " at offset "
                + (labels.dataOffset() + i)
                + " is not a class 0.."
                + (CLASSES.size() - 1));
      }
    }
  }

  /**
   * The {@code sha256 name} lines of a mirror's {@code SHA256SUMS}, by name (lower-case sums);
   * empty when there is none. Only a hint beside the published checksums, which decide: lines of
   * another shape are passed over.
   */
  private static Map<String, String> listedSums(Path sums) {
    Map<String, String> m = new LinkedHashMap<>();
    if (!Files.isRegularFile(sums)) {
      return m;
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(sums, StandardCharsets.UTF_8);
    } catch (IOException | java.io.UncheckedIOException e) {
      return m;
    }
    for (String line : lines) {
      Sha256.SumsLine listed = Sha256.SumsLine.parse(line);
      if (listed != null) {
        m.put(listed.path(), listed.sha256().toLowerCase(Locale.ROOT));
      }
    }
    return m;
  }

  /** {@code dir/<file>.gz}, else {@code dir/<file>}, else null. */
  private static Path find(Path dir, String file) {
    Path gz = dir.resolve(file + ".gz");
    if (Files.isRegularFile(gz)) {
      return gz;
    }
    Path plain = dir.resolve(file);
    return Files.isRegularFile(plain) ? plain : null;
  }

  /** As {@link #md5}, or null when the file is gone (another command replaced it meanwhile). */
  private static String md5OrNull(Path file) {
    try {
      return md5(file);
    } catch (SamplesizeException e) {
      if (e.getCause() instanceof java.nio.file.NoSuchFileException) {
        return null;
      }
      throw e;
    }
  }

  private static String md5(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = MessageDigest.getInstance("MD5");
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) >= 0) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is missing from this JVM", e);
    } catch (IOException e) {
      throw new SamplesizeException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
