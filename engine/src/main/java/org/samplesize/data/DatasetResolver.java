package org.samplesize.data;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.samplesize.InvalidInputException;
import org.samplesize.ProgressListener;
import org.samplesize.SamplesizeException;
import org.samplesize.UnavailableException;
import org.samplesize.io.AtomicFiles;
import org.samplesize.io.CacheLock;
import org.samplesize.io.Sha256;
import org.samplesize.io.TextFiles;

/**
 * Turns what the user typed after {@code --data} into an image folder: a folder path as it is, or
 * the name {@code tf_flowers}, which is taken from a mirror when one is set, else downloaded once
 * from TensorFlow's address into the cache folder, checked against its SHA-256 and extracted
 * safely.
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
    return resolveChecked(nameOrPath, options, progress).root();
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

  /** A URI's scheme, e.g. {@code hdfs://} or {@code s3a://}. */
  private static final java.util.regex.Pattern URI_SCHEME =
      java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9+.-]+://");

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
    Objects.requireNonNull(nameOrPath, "nameOrPath");
    Objects.requireNonNull(options, "options");
    ProgressListener pl = progress == null ? ProgressListener.NONE : progress;
    if (nameOrPath.isBlank()) {
      // An empty path is the current folder, whose every subfolder would be read as a class.
      throw new InvalidInputException(
          "--data is empty: give a folder of class folders (ROOT/<class>/<image>), "
              + TF_FLOWERS
              + " or "
              + FASHION_MNIST);
    }
    Path asPath = Path.of(nameOrPath);
    if (Files.isDirectory(asPath)) {
      return new Resolved(asPath.toAbsolutePath().normalize(), false);
    }
    if (isName(nameOrPath, TF_FLOWERS)) {
      return flowers(options, pl);
    }
    if (isName(nameOrPath, FASHION_MNIST)) {
      // The folder of the four IDX files; FashionMnist.load checks their content.
      return new Resolved(FashionMnist.locate(options, FashionMnist.Source.upstream(), pl), true);
    }
    if (URI_SCHEME.matcher(nameOrPath).lookingAt()) {
      throw new InvalidInputException(
          "--data "
              + nameOrPath
              + ": a URI is read only by a run on Apache Spark: add --spark MASTER to 'run' (see"
              + " docs/scale-out.md), or copy the images to a local folder and give its path");
    }
    throw new InvalidInputException(
        "--data "
            + nameOrPath
            + " is not a folder, nor a known data set name (known: "
            + TF_FLOWERS
            + ", "
            + FASHION_MNIST
            + "); give ROOT/<class>/<image>, "
            + TF_FLOWERS
            + " or "
            + FASHION_MNIST);
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

  private static Resolved flowers(Options o, ProgressListener pl) {
    java.util.function.Supplier<Path> archive;
    if (o.mirror() != null) {
      Path base = o.mirror().resolve("flowers");
      Path photos = base.resolve("flower_photos");
      if (Files.isDirectory(photos)) {
        Path sums = base.resolve("SHA256SUMS");
        boolean verified = Files.isRegularFile(sums);
        if (verified) {
          verifySums(photos, sums, o.cacheDir().resolve("verified"), pl);
        } else {
          pl.note("mirror " + base + " has no SHA256SUMS; its photos are used unverified");
        }
        return new Resolved(photos.toAbsolutePath().normalize(), verified);
      }
      Path tgz = base.resolve("flower_photos.tgz");
      if (!Files.isRegularFile(tgz)) {
        throw new InvalidInputException(
            "mirror "
                + o.mirror()
                + " holds neither flowers/flower_photos/ nor flowers/flower_photos.tgz; fix "
                + ENV_MIRROR
                + " / --mirror, or unset it to download");
      }
      archive = () -> verifiedArchive(tgz, o.flowersSha256());
    } else {
      archive =
          () ->
              Downloader.download(
                  o.flowersUri(),
                  o.cacheDir().resolve("downloads").resolve("flower_photos.tgz"),
                  o.flowersSha256(),
                  pl,
                  Downloader.DEFAULT_STALL_TIMEOUT,
                  TF_FLOWERS + " (flower_photos.tgz)",
                  "work offline: --mirror DIR (or $"
                      + ENV_MIRROR
                      + ") with flowers/flower_photos/ or flowers/flower_photos.tgz in it, or"
                      + " --data DIR with your own images as DIR/<class>/<image>");
    }
    return extracted(archive, o, pl);
  }

  private static Path verifiedArchive(Path tgz, String sha) {
    try {
      String actual = Sha256.file(tgz);
      if (!actual.equals(sha)) {
        throw new InvalidInputException(
            "mirror archive "
                + tgz
                + " has SHA-256 "
                + actual
                + ", expected "
                + sha
                + " (TensorFlow's flower_photos.tgz): a partial or damaged copy? Copy it again, or"
                + " put the extracted flower_photos/ folder beside it, or leave out --mirror and $"
                + ENV_MIRROR
                + " to download it");
      }
      return tgz;
    } catch (IOException e) {
      throw new SamplesizeException("cannot read " + tgz + ": " + e.getMessage(), e);
    }
  }

  /**
   * The photos extracted into {@code CACHE/datasets/tf_flowers}, checked against the SHA-256 of
   * every file recorded when they were extracted ({@link ExtractionManifest}: by a stat while
   * nothing changed, by hashing after any change). A damaged copy (a file whose bytes differ, a
   * missing file, an image the archive did not hold, no or a damaged checksum list) is reported in
   * one note naming the files and extracted again from the archive, which is taken only then and
   * checked against its SHA-256 first (a damaged download is fetched again). Only a copy without a
   * checksum list (extracted by an older build) whose archive cannot be had is used as it is, as an
   * unverified set.
   */
  @SuppressWarnings("try") // the CacheLock is held for the block, not used in it
  private static Resolved extracted(
      java.util.function.Supplier<Path> archive, Options o, ProgressListener pl) {
    Path dest = o.cacheDir().resolve("datasets").resolve(TF_FLOWERS);
    // Commands sharing a cache extract the same set at once. Unordered, the later ones fail to
    // move their copy onto the first one's, or one replaces a damaged copy while another reads it.
    // So the check and the extraction hold the set's CacheLock (taken before the archive's).
    try (CacheLock lock =
        CacheLock.hold(
            dest,
            () -> {
              if (pl != null) {
                pl.note("waiting for another command that extracts " + dest);
              }
            })) {
      return extractedLocked(archive, dest, o, pl);
    }
  }

  private static Resolved extractedLocked(
      java.util.function.Supplier<Path> archive, Path dest, Options o, ProgressListener pl) {
    Path photos = dest.resolve("flower_photos");
    if (SafeExtractor.isComplete(dest)) {
      ExtractionManifest.Check c = ExtractionManifest.check(dest, TF_FLOWERS, pl);
      if (c.intact() && Files.isDirectory(photos)) {
        return new Resolved(photos, true);
      }
      boolean legacy = c.manifestMissing();
      pl.note(
          TF_FLOWERS
              + " in "
              + dest
              + (legacy ? " cannot be checked: " : " is damaged: ")
              + (c.intact() ? "it has no flower_photos/ folder" : c.describe(5))
              + "; extracting it again from flower_photos.tgz");
      Path a;
      try {
        a = archive.get();
      } catch (UnavailableException e) {
        if (legacy && Files.isDirectory(photos)) {
          pl.note(
              "the archive cannot be had ("
                  + e.getMessage()
                  + "); the photos in "
                  + photos
                  + " are used unverified");
          return new Resolved(photos, false);
        }
        throw e;
      }
      try {
        // The marker first: a tree half deleted is then never taken as complete.
        Files.deleteIfExists(dest.resolve(SafeExtractor.MARKER));
      } catch (IOException e) {
        throw new SamplesizeException(
            "cannot replace the damaged " + dest + ": " + e.getMessage() + "; delete it by hand",
            e);
      }
      return extract(a, dest, o, pl);
    }
    return extract(archive.get(), dest, o, pl);
  }

  private static Resolved extract(Path archive, Path dest, Options o, ProgressListener pl) {
    SafeExtractor.extractTarGz(archive, dest, o.maxExtractBytes(), pl);
    Path photos = dest.resolve("flower_photos");
    if (!Files.isDirectory(photos)) {
      throw new SamplesizeException(
          "the archive "
              + archive
              + " has no flower_photos/ folder; delete "
              + dest
              + " and retry");
    }
    // The checksums were taken from the bytes as they were written: no need to hash them again.
    ExtractionManifest.stampFresh(dest);
    return new Resolved(photos, true);
  }

  /**
   * @return the {@code class/file} names of the image files in the class folders directly under
   *     {@code root}, as {@link ImageDataset#scan} finds them (hidden files and folders, whose
   *     names start with a dot, such as macOS {@code ._x.jpg}, left out as there), sorted
   */
  static java.util.TreeSet<String> imageFiles(Path root) throws IOException {
    java.util.TreeSet<String> names = new java.util.TreeSet<>();
    try (java.util.stream.Stream<Path> classes = Files.list(root)) {
      for (Path c :
          classes.filter(c -> !isHidden(c)).filter(Files::isDirectory).sorted().toList()) {
        try (java.util.stream.Stream<Path> files = Files.list(c)) {
          files
              .filter(f -> !isHidden(f))
              .filter(f -> ImageDataset.isImageName(f.getFileName().toString()))
              .filter(Files::isRegularFile)
              .forEach(f -> names.add(c.getFileName() + "/" + f.getFileName()));
        }
      }
    }
    return names;
  }

  /** A name starting with a dot, which {@link ImageDataset#scan} ignores. */
  private static boolean isHidden(Path p) {
    Path name = p.getFileName();
    return name != null && name.toString().startsWith(".");
  }

  /**
   * Checks every file that a {@code SHA256SUMS} file lists ({@code sha256 relative/path} lines).
   * After a full check passes, a stamp in {@code stampDir} records the sums file and every listed
   * file's size, modification time and change time; while those are unchanged, later calls do not
   * hash again. This is the rule {@link ExtractionManifest} follows for the extracted archive (see
   * there why a stat suffices): any edit through the file system changes the change time, which
   * cannot be set back.
   *
   * @param root the folder the paths are relative to
   * @param sums the checksum file
   * @param stampDir where the stamp of the last full check goes (created when needed; if it cannot
   *     be written, every call checks in full)
   * @param pl told the file count
   * @throws InvalidInputException naming the first files that are missing or differ, or one image
   *     file in a class folder that the sums do not list (and how many there are)
   */
  static void verifySums(Path root, Path sums, Path stampDir, ProgressListener pl) {
    // A checksum list of a million images is about 100 MB; larger is not a checksum list.
    List<String> lines;
    try {
      lines = TextFiles.read(sums, sums.toString(), 256 << 20).lines().toList();
    } catch (IOException e) {
      throw new InvalidInputException("cannot read " + sums + ": " + e.getMessage(), e);
    }
    List<Sha256.SumsLine> entries = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      Sha256.SumsLine listed = Sha256.SumsLine.parse(line);
      if (listed == null) {
        throw new InvalidInputException(
            sums
                + ":"
                + (i + 1)
                + ": '"
                + line
                + "' is not 'sha256  path' (64 hex digits, spaces, a path below "
                + root
                + "); correct or remove that line");
      }
      entries.add(listed);
    }
    refuseUnlisted(root, sums, entries);
    String stamp = stamp(root, lines, entries);
    Path stampFile =
        stampDir.resolve(Sha256.of(root.toAbsolutePath().normalize().toString()) + ".sums-ok");
    if (stamp != null && stamp.equals(readQuietly(stampFile))) {
      return;
    }
    List<String> bad = new ArrayList<>();
    int checked = 0;
    pl.stage("verify " + root.getFileName(), entries.size(), "files");
    try {
      for (Sha256.SumsLine listed : entries) {
        Path f = root.resolve(listed.path()).normalize();
        if (!f.startsWith(root.normalize())) {
          throw new InvalidInputException(
              "path " + listed.path() + " in " + sums + " leaves " + root);
        }
        String why = null;
        try {
          if (!Files.isRegularFile(f)) {
            why = "missing";
          } else if (!Sha256.file(f).equalsIgnoreCase(listed.sha256())) {
            why = "SHA-256 differs";
          }
        } catch (IOException e) {
          why = "unreadable (" + e.getMessage() + ")";
        }
        if (why != null && bad.size() < 5) {
          bad.add(listed.path() + ": " + why);
        } else if (why != null) {
          bad.add("…");
        }
        checked++;
        pl.advance(1);
      }
    } finally {
      pl.endStage();
    }
    if (!bad.isEmpty()) {
      throw new InvalidInputException(
          "mirror folder "
              + root
              + " does not match "
              + sums
              + " ("
              + bad.stream().distinct().toList()
              + "); re-copy the mirror");
    }
    if (checked == 0) {
      throw new InvalidInputException(sums + " lists no file");
    }
    if (stamp != null) {
      writeQuietly(stampFile, stamp);
    }
  }

  /**
   * Refuses image files in the class folders that {@code SHA256SUMS} does not list: the data set
   * would use them unchecked. Runs on every call (a directory listing, no hashing), since the stamp
   * covers only the listed files.
   */
  private static void refuseUnlisted(Path root, Path sums, List<Sha256.SumsLine> entries) {
    java.util.Set<String> listed = new java.util.HashSet<>();
    for (Sha256.SumsLine e : entries) {
      // As verifySums reads it: "./daisy/x.jpg" (what find . | sha256sum writes) is daisy/x.jpg.
      Path f = root.resolve(e.path()).normalize();
      if (f.startsWith(root.normalize())) {
        listed.add(root.normalize().relativize(f).toString());
      }
    }
    java.util.TreeSet<String> found;
    try {
      found = imageFiles(root);
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new InvalidInputException("cannot list mirror folder " + root + ": " + e.getMessage());
    }
    found.removeAll(listed);
    if (!found.isEmpty()) {
      throw new InvalidInputException(
          "mirror folder "
              + root
              + " holds "
              + found.size()
              + " image file"
              + (found.size() == 1 ? "" : "s")
              + " that "
              + sums
              + " does not list (e.g. "
              + found.first()
              + "), so they cannot be checked; remove them to use tf_flowers as published, or"
              + " give the folder as --data DIR to use it as your own data set");
    }
  }

  /**
   * SHA-256 over the root, the sums lines and each listed file's path, size, modification time and
   * change time ({@link ExtractionManifest#fileState}: an edit that keeps the size and restores the
   * modification time still changes the change time); null when a file cannot be stat'ed, or its
   * change time cannot be read here (the full check then runs).
   */
  private static String stamp(Path root, List<String> lines, List<Sha256.SumsLine> entries) {
    java.security.MessageDigest md = Sha256.digest();
    md.update(root.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
    for (String line : lines) {
      md.update((line + "\n").getBytes(StandardCharsets.UTF_8));
    }
    for (Sha256.SumsLine e : entries) {
      String state = ExtractionManifest.fileState(root.resolve(e.path()).normalize());
      if (state == null || !Character.isDigit(state.charAt(0))) {
        return null;
      }
      md.update((state + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return Sha256.hex(md);
  }

  private static String readQuietly(Path f) {
    try {
      return Files.readString(f, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      return null;
    }
  }

  private static void writeQuietly(Path f, String content) {
    try {
      Files.createDirectories(f.getParent());
      AtomicFiles.writeString(f, content + "\n");
    } catch (IOException e) {
      // No stamp: the next call checks in full again.
    }
  }
}
