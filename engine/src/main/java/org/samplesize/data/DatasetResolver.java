package org.samplesize.data;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.samplesize.InvalidInputException;
import org.samplesize.ProgressListener;
import org.samplesize.SamplesizeException;
import org.samplesize.UnavailableException;

/**
 * Turns what the user typed after {@code --data} into an image folder: a folder path as it is, or
 * the name {@code tf_flowers}, which is taken from a mirror when one is set, else downloaded once
 * from TensorFlow's address into the cache folder, checked against its SHA-256 and extracted
 * safely, or {@code fashion_mnist}, whose IDX files come from a mirror or a download likewise.
 *
 * <p>This class decides which data set a value names and holds the options; where the photos of
 * {@code tf_flowers} come from is {@link TfFlowers}'s, checking a mirror against its {@code
 * SHA256SUMS} {@link MirrorSums}'s, and finding Fashion-MNIST {@link FashionMnist}'s.
 */
public final class DatasetResolver {
  /** The name that selects TensorFlow's flower photos. */
  public static final String TF_FLOWERS = "tf_flowers";

  /** The name that selects Fashion-MNIST ({@link FashionMnist}). */
  public static final String FASHION_MNIST = FashionMnist.NAME;

  /** TensorFlow's official address of {@code flower_photos.tgz}. */
  public static final URI FLOWERS_URI =
      URI.create(
          "https://storage.googleapis.com/download.tensorflow.org/example_images/flower_photos.tgz");

  /**
   * SHA-256 of {@code flower_photos.tgz} (228,813,984 bytes) as published by TensorFlow Datasets in
   * {@code tensorflow_datasets/url_checksums/tf_flowers.txt}.
   */
  public static final String FLOWERS_SHA256 =
      "4c54ace7911aaffe13a365c34f650e71dd5bf1be0a58b464e5a7183e3e595d9c";

  /** Environment variable that points at an offline mirror laid out like {@code shared/data}. */
  public static final String ENV_MIRROR = Mirror.ENV;

  private DatasetResolver() {}

  /**
   * Where data sets come from.
   *
   * @param cacheDir downloads go to {@code cacheDir/downloads}, extracted data sets to {@code
   *     cacheDir/datasets}
   * @param mirror a folder laid out like {@code shared/data} ({@code
   *     flowers/flower_photos/<class>/} with an optional {@code flowers/SHA256SUMS}, or {@code
   *     flowers/flower_photos.tgz}), or null
   * @param flowersUri where {@code flower_photos.tgz} is downloaded from
   * @param flowersSha256 its expected SHA-256; the check cannot be switched off
   * @param maxExtractBytes cap on the extracted size
   */
  public record Options(
      Path cacheDir, Path mirror, URI flowersUri, String flowersSha256, long maxExtractBytes) {

    /** Checks the fields. */
    public Options {
      Objects.requireNonNull(cacheDir, "cacheDir");
      Objects.requireNonNull(flowersUri, "flowersUri");
      flowersSha256 = Downloader.normaliseSha(Objects.requireNonNull(flowersSha256, "sha256"));
      if (maxExtractBytes < 1) {
        throw new IllegalArgumentException("maxExtractBytes must be positive");
      }
    }

    /**
     * Defaults: cache {@code $SAMPLESIZE_CACHE} or {@code ~/.cache/samplesize}, mirror as {@link
     * Mirror#find(Path)} finds it ({@code $SAMPLESIZE_MIRROR}, else {@code shared/data} beside the
     * checkout) or none, TensorFlow's address and checksum, 4 GiB extraction cap.
     *
     * @return the options
     */
    public static Options defaults() {
      return fromEnvironment(System.getenv(), System.getProperty(Mirror.HOME_PROPERTY));
    }

    /**
     * @param env environment variables to read {@link CacheDir#ENV} and {@link #ENV_MIRROR} from
     * @return the defaults under that environment, with no checkout folder to find a mirror beside
     */
    public static Options fromEnvironment(Map<String, String> env) {
      return fromEnvironment(env, null);
    }

    /**
     * @param env environment variables to read {@link CacheDir#ENV} and {@link #ENV_MIRROR} from
     * @param home the samplesize checkout's root folder ({@link Mirror#HOME_PROPERTY}), or null
     * @return the defaults under that environment
     */
    public static Options fromEnvironment(Map<String, String> env, String home) {
      Mirror.Choice mirror = Mirror.find(null, env, home);
      return of(
          CacheDir.find(null, env, System.getProperty("user.home")).dir(),
          mirror != null ? mirror.dir() : null);
    }

    /**
     * TensorFlow's address and checksum and the 4 GiB extraction cap, with the given folders.
     *
     * @param cacheDir the cache folder
     * @param mirror the mirror folder, or null for none
     * @return the options
     */
    public static Options of(Path cacheDir, Path mirror) {
      return new Options(
          cacheDir, mirror, FLOWERS_URI, FLOWERS_SHA256, SafeExtractor.DEFAULT_MAX_BYTES);
    }

    /**
     * The options a command's {@code --cache} and {@code --mirror} give: the cache folder as {@link
     * CacheDir#find(Path)} finds it, the mirror as {@link Mirror#find(Path)} finds it (or none).
     *
     * @param cacheFlag the {@code --cache} value, or null
     * @param mirrorFlag the {@code --mirror} value, or null
     * @return the options
     */
    public static Options forFlags(Path cacheFlag, Path mirrorFlag) {
      Mirror.Choice mirror = Mirror.find(mirrorFlag);
      return of(CacheDir.resolve(cacheFlag), mirror == null ? null : mirror.dir());
    }

    /**
     * @param dir the cache folder
     * @return a copy using it
     */
    public Options withCacheDir(Path dir) {
      return new Options(dir, mirror, flowersUri, flowersSha256, maxExtractBytes);
    }

    /**
     * @param dir the mirror folder, or null for none
     * @return a copy using it
     */
    public Options withMirror(Path dir) {
      return new Options(cacheDir, dir, flowersUri, flowersSha256, maxExtractBytes);
    }

    /**
     * @param uri where to download {@code flower_photos.tgz}
     * @param sha256 its SHA-256
     * @return a copy using them
     */
    public Options withFlowers(URI uri, String sha256) {
      return new Options(cacheDir, mirror, uri, sha256, maxExtractBytes);
    }
  }

  /**
   * @param nameOrPath a folder, or {@code tf_flowers}
   * @param options where data sets come from
   * @param progress told about downloads, extraction and verification
   * @return the image folder ({@code ROOT/<class>/<image>})
   * @throws InvalidInputException if the argument is neither a folder nor a known name, or a mirror
   *     is set but lacks the data set or fails its checksums
   * @throws UnavailableException if {@code tf_flowers} must be downloaded and cannot be (offline,
   *     server error, checksum mismatch, full disk); the message says how to work offline
   * @throws SamplesizeException if the download cannot be stored or the extraction fails
   */
  public static Path resolve(String nameOrPath, Options options, ProgressListener progress) {
    if (FASHION_MNIST.equals(builtInName(nameOrPath))) {
      throw new InvalidInputException(
          "--data "
              + FASHION_MNIST
              + " is read from IDX files, not from an image folder, and only 'samplesize run' and"
              + " 'samplesize inspect' take it; give this command an image folder ROOT/<class>/<image>"
              + " or "
              + TF_FLOWERS);
    }
    return resolveChecked(nameOrPath, options, progress, false).root();
  }

  /**
   * Where {@link #resolve} found the images, and whether they are exactly a checksum-verified set.
   *
   * @param root the image folder ({@code ROOT/<class>/<image>}); for {@code fashion_mnist} the
   *     folder of its IDX files ({@link FashionMnist#load} reads and checks them)
   * @param verifiedSet true when every image under {@code root} was checked: a mirror folder whose
   *     {@code SHA256SUMS} lists exactly its images and whose files match it, or the archive
   *     extracted by samplesize after its SHA-256 was checked, whose files still match the SHA-256
   *     of each recorded at extraction (a damaged copy is extracted again first); false for a
   *     mirror without {@code SHA256SUMS}, a cache extracted by an older samplesize whose archive
   *     is gone, and any user folder
   */
  public record Resolved(Path root, boolean verifiedSet) {}

  /**
   * @param path a path as typed
   * @return whether it is a URI, e.g. {@code hdfs://…}, {@code s3a://…} or {@code file:…}, as a run
   *     on Apache Spark reads it ({@link org.samplesize.io.StorageUris#hasScheme})
   */
  public static boolean isUri(String path) {
    return path != null && org.samplesize.io.StorageUris.hasScheme(path);
  }

  /**
   * As {@link #resolve}, saying also whether the images are a checksum-verified set.
   *
   * @param nameOrPath a folder, or {@code tf_flowers}
   * @param options where data sets come from
   * @param progress told about downloads, extraction and verification
   * @return the image folder and whether it was verified
   * @throws InvalidInputException as {@link #resolve}; also when a mirror folder holds image files
   *     that its {@code SHA256SUMS} does not list
   */
  public static Resolved resolveChecked(
      String nameOrPath, Options options, ProgressListener progress) {
    return resolveChecked(nameOrPath, options, progress, true);
  }

  /**
   * @param idx whether the command also reads {@code fashion_mnist}: the message for an unknown
   *     name offers only the data sets the command takes ({@link #resolve} refuses fashion_mnist)
   */
  private static Resolved resolveChecked(
      String nameOrPath, Options options, ProgressListener progress, boolean idx) {
    Objects.requireNonNull(nameOrPath, "nameOrPath");
    Objects.requireNonNull(options, "options");
    ProgressListener pl = progress == null ? ProgressListener.NONE : progress;
    // The names this command takes, after a folder's form, as both refusals below end.
    String give = idx ? ", " + TF_FLOWERS + " or " + FASHION_MNIST : " or " + TF_FLOWERS;
    if (nameOrPath.isBlank()) {
      // An empty path is the current folder, whose every subfolder would be read as a class.
      throw new InvalidInputException(
          "--data is empty: give a folder of class folders (ROOT/<class>/<image>)" + give);
    }
    Path asPath = Path.of(nameOrPath);
    if (Files.isDirectory(asPath)) {
      return new Resolved(asPath.toAbsolutePath().normalize(), false);
    }
    if (isName(nameOrPath, TF_FLOWERS)) {
      return TfFlowers.locate(options, pl);
    }
    if (isName(nameOrPath, FASHION_MNIST)) {
      // The folder of the four IDX files; FashionMnist.load checks their content.
      return new Resolved(FashionMnist.locate(options, FashionMnist.Source.upstream(), pl), true);
    }
    if (isUri(nameOrPath)) {
      throw new InvalidInputException(
          "--data "
              + nameOrPath
              + ": a URI is read only by a run on Apache Spark: add --spark MASTER to 'run' (see"
              + " docs/scale-out.md), or copy the images to a local folder and give its path");
    }
    String known = idx ? TF_FLOWERS + ", " + FASHION_MNIST : TF_FLOWERS;
    throw new InvalidInputException(
        "--data "
            + nameOrPath
            + " is not a folder, nor a known data set name (known: "
            + known
            + "); give ROOT/<class>/<image>"
            + give);
  }

  /**
   * The images of a {@code --data} value for commands that read image folders ({@code inspect},
   * {@code features}, {@code bench}): {@link #resolve}, then {@link ImageDataset#scan}.
   *
   * @param nameOrPath a folder, or {@code tf_flowers}
   * @param options where data sets come from
   * @param progress told about downloads, extraction and verification
   * @return the scanned data set
   * @throws InvalidInputException as {@link #resolve}
   */
  public static ImageDataset scan(String nameOrPath, Options options, ProgressListener progress) {
    return ImageDataset.scan(resolve(nameOrPath, options, progress));
  }

  /**
   * @param data a {@code --data} value
   * @return true when it names a built-in data set: {@code tf_flowers} or {@code fashion_mnist}
   *     (any case) and no folder of that name, as {@link #resolveChecked} decides
   */
  public static boolean isBuiltIn(String data) {
    return builtInName(data) != null;
  }

  /**
   * @param data a {@code --data} value
   * @return the built-in data set's name in its canonical spelling ({@code tf_flowers}, {@code
   *     fashion_mnist}), or null when {@code data} is a folder or no built-in name
   */
  public static String builtInName(String data) {
    String name = data.strip().toLowerCase(Locale.ROOT);
    if (!name.equals(TF_FLOWERS) && !name.equals(FASHION_MNIST)) {
      return null;
    }
    try {
      return Files.isDirectory(Path.of(data)) ? null : name;
    } catch (java.nio.file.InvalidPathException e) {
      return name;
    }
  }

  /** Whether {@code value} is {@code name}, in any case and with spaces around. */
  private static boolean isName(String value, String name) {
    return value.trim().toLowerCase(Locale.ROOT).equals(name);
  }
}
