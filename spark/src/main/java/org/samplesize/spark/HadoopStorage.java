package org.samplesize.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.fs.UnsupportedFileSystemException;
import org.apache.hadoop.security.AccessControlException;
import org.samplesize.InvalidInputException;
import org.samplesize.UnavailableException;
import org.samplesize.experiment.ResumeIdentity;
import org.samplesize.io.AtomicFiles;
import org.samplesize.io.Folders;
import org.samplesize.io.OutputFolder;

/**
 * Paths of {@code run --spark} on a Hadoop FileSystem ({@code hdfs://}, {@code s3a://}, ...): the
 * engine reads and writes local files only, so an input is copied to local disk ({@link #stage})
 * and {@code --out} is a local folder mirrored to the FileSystem ({@link Output}).
 *
 * <p>A staged copy keeps each file's size and modification time, which is how it is checked: a
 * later stage of the same URI copies only files whose size or time changed, and removes the ones no
 * longer there. Beside the copy, {@link ResumeIdentity#originFile} names the URI, so the journal
 * identifies the data by its URI, not by where the copy lies.
 */
final class HadoopStorage {
  private HadoopStorage() {}

  /** The jar that brings the Hadoop FileSystem of a scheme Hadoop itself lacks. */
  static final Map<String, String> CONNECTORS =
      Map.of(
          "s3a", "hadoop-aws with the AWS SDK bundle",
          "gs", "gcs-connector",
          "abfs", "hadoop-azure",
          "abfss", "hadoop-azure",
          "wasb", "hadoop-azure",
          "wasbs", "hadoop-azure",
          "oss", "hadoop-aliyun");

  static {
    // Hadoop says on every start that it runs without its native library, which it does not need
    // here (plain file copies): a line of noise above run's own messages, which are one line each.
    String quiet = "org.slf4j.simpleLogger.log.org.apache.hadoop.util.NativeCodeLoader";
    if (System.getProperty(quiet) == null) {
      System.setProperty(quiet, "error");
    }
  }

  /** Suffix of a file being copied; removed when the copy is complete. */
  private static final String PART = ".part";

  /**
   * The Hadoop configuration: the class path's {@code core-site.xml}/{@code hdfs-site.xml}, then
   * {@code spark.hadoop.*} settings (system properties on the driver, the Spark configuration on an
   * executor), as Spark itself applies them.
   */
  static Configuration conf() {
    Configuration c = new Configuration();
    for (String k : System.getProperties().stringPropertyNames()) {
      if (k.startsWith("spark.hadoop.")) {
        c.set(k.substring("spark.hadoop.".length()), System.getProperty(k));
      }
    }
    org.apache.spark.SparkEnv env = org.apache.spark.SparkEnv.get();
    if (env != null) {
      for (scala.Tuple2<String, String> kv : env.conf().getAllWithPrefix("spark.hadoop.")) {
        c.set(kv._1(), kv._2());
      }
    }
    return c;
  }

  /**
   * @param flag how messages name the setting: its flag, or the settings file's line that gave it
   * @param uri a URI with a scheme other than {@code file}
   * @return the FileSystem that serves it
   * @throws InvalidInputException when the class path has no FileSystem for the scheme
   * @throws UnavailableException when it cannot be reached
   */
  static FileSystem fileSystem(String flag, URI uri) {
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    Configuration c = conf();
    try {
      FileSystem.getFileSystemClass(scheme, c);
    } catch (IOException | RuntimeException | LinkageError e) {
      String connector = CONNECTORS.get(scheme);
      throw new InvalidInputException(
          flag
              + " "
              + uri
              + ": this class path has no Hadoop FileSystem for "
              + scheme
              + "://; add "
              + (connector == null ? "the jar of its Hadoop connector" : connector)
              + " to the class path of the driver and the executors (spark-submit --jars or"
              + " --packages), or give a local path");
    }
    try {
      return FileSystem.get(uri, c);
    } catch (IOException | RuntimeException e) {
      throw unavailable(flag, uri, e);
    }
  }

  /**
   * @param flag how messages name the setting: its flag, or the settings file's line that gave it
   * @param text a URI as given
   * @return it parsed
   */
  static URI parse(String flag, String text) {
    try {
      URI u = new URI(text);
      if (u.getScheme() == null || u.getPath() == null || u.getPath().isEmpty()) {
        throw new URISyntaxException(text, "no path");
      }
      return u;
    } catch (URISyntaxException e) {
      throw new InvalidInputException(
          flag
              + " "
              + text
              + ": not a URI ("
              + e.getReason()
              + "); write SCHEME://HOST:PORT/absolute/path, with %20 for a space");
    }
  }

  /**
   * Where a URI's local copy lies under {@code root}: {@code root/SCHEME/HOST[:PORT]/PATH}.
   *
   * @param root the staging folder
   * @param uri the URI
   * @return its local copy
   */
  static Path localCopy(Path root, URI uri) {
    String authority = uri.getAuthority() == null ? "_" : uri.getAuthority();
    Path p = root.resolve(uri.getScheme().toLowerCase(Locale.ROOT)).resolve(authority);
    for (String part : uri.getPath().split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        throw new IllegalArgumentException("a path with '..': " + uri);
      }
      p = p.resolve(part);
    }
    return p;
  }

  /**
   * Copies the file or folder at {@code uri} to its local copy under {@code root}, skipping files
   * whose copy has their size and modification time, and removing from the copy what is no longer
   * there; then names the origin beside it.
   *
   * @param flag how messages name the setting: its flag, or the settings file's line that gave it
   * @param uri the file or folder
   * @param root the staging folder
   * @return the local copy
   * @throws InvalidInputException when the path does not exist or may not be read
   * @throws UnavailableException when the FileSystem cannot be reached or the copy fails
   */
  static Path stage(String flag, String uri, Path root) {
    URI u = parse(flag, uri);
    FileSystem fs = fileSystem(flag, u);
    Path local = localCopy(root, u);
    try {
      org.apache.hadoop.fs.Path src = fs.makeQualified(new org.apache.hadoop.fs.Path(u));
      FileStatus top = status(flag, u, fs, src);
      if (top.isFile()) {
        copyIn(fs, top, local);
      } else {
        Files.createDirectories(local);
        String prefix = src.toUri().getPath().replaceAll("/+$", "") + "/";
        Set<Path> wanted = new HashSet<>();
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(src, true);
        while (it.hasNext()) {
          LocatedFileStatus st = it.next();
          Path target = under(local, prefix, st.getPath());
          wanted.add(target);
          copyIn(fs, st, target);
        }
        removeOthers(local, wanted);
      }
      Path origin = ResumeIdentity.originFile(local);
      String named = u.toString() + "\n";
      if (!Files.isRegularFile(origin) || !Files.readString(origin).equals(named)) {
        AtomicFiles.writeString(origin, named);
      }
      return local;
    } catch (AccessControlException e) {
      throw denied(flag, u, e);
    } catch (IOException e) {
      throw unavailable(flag, u, e);
    }
  }

  private static FileStatus status(String flag, URI uri, FileSystem fs, org.apache.hadoop.fs.Path p)
      throws IOException {
    try {
      return fs.getFileStatus(p);
    } catch (FileNotFoundException e) {
      throw new InvalidInputException(
          flag + " " + uri + ": no such file or folder there; check the path, or give another");
    }
  }

  /** The local file of a FileSystem file under a copied folder. */
  private static Path under(Path local, String prefix, org.apache.hadoop.fs.Path file) {
    String path = file.toUri().getPath();
    if (!path.startsWith(prefix)) {
      throw new IllegalStateException(file + " is not under " + prefix);
    }
    Path p = local;
    for (String part : path.substring(prefix.length()).split("/")) {
      if (part.isEmpty() || part.equals(".") || part.equals("..")) {
        throw new IllegalStateException("a listed file with an odd name: " + file);
      }
      p = p.resolve(part);
    }
    return p;
  }

  /** Copies one file unless its copy has its size and modification time. */
  private static void copyIn(FileSystem fs, FileStatus st, Path target) throws IOException {
    if (Files.isRegularFile(target)
        && Files.size(target) == st.getLen()
        && Files.getLastModifiedTime(target).toMillis() == st.getModificationTime()) {
      return;
    }
    Files.createDirectories(target.getParent());
    // A hidden temporary beside the target: a copy stopped half way is never taken for the file,
    // and another process staging the same file (a cache shared by executors) has its own.
    Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", PART);
    try {
      try (InputStream in = fs.open(st.getPath())) {
        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
      }
      if (Files.size(tmp) != st.getLen()) {
        throw new IOException(
            st.getPath() + " changed while it was copied (" + Files.size(tmp) + " bytes read)");
      }
      Files.setLastModifiedTime(tmp, FileTime.fromMillis(st.getModificationTime()));
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Removes the files of a copied folder that the source no longer has (a copy with an extra image
   * would be another data set); temporaries stay while a copy in another process may still be
   * writing them (a day), those of a copy that was killed go then.
   */
  private static void removeOthers(Path local, Set<Path> wanted) throws IOException {
    List<Path> stale = new ArrayList<>();
    long dayAgo = System.currentTimeMillis() - 24L * 3600 * 1000;
    try (Stream<Path> all = Files.walk(local)) {
      for (Path p : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
        if (wanted.contains(p)) {
          continue;
        }
        if (!p.getFileName().toString().endsWith(PART)
            || Files.getLastModifiedTime(p).toMillis() < dayAgo) {
          stale.add(p);
        }
      }
    }
    for (Path p : stale) {
      Files.deleteIfExists(p);
    }
  }

  private static InvalidInputException denied(String flag, URI uri, IOException e) {
    return new InvalidInputException(
        flag
            + " "
            + uri
            + ": permission denied ("
            + Jobs.firstLine(e)
            + "); ask for access to it, or give another path");
  }

  private static UnavailableException unavailable(String flag, URI uri, Exception e) {
    return new UnavailableException(
        flag
            + " "
            + uri
            + ": cannot reach it ("
            + Jobs.firstLine(e)
            + "); check that the FileSystem is up and that its address and settings"
            + " (core-site.xml, hdfs-site.xml, spark.hadoop.*) are right",
        e);
  }

  /**
   * {@code --out} on a Hadoop FileSystem: the run writes a local folder, fetched from the URI when
   * it starts (so that a run resumes from the journal there), and copied back: the journal after
   * every record, everything when the run ends. Each file is written under a temporary name and
   * renamed over the old one, so the URI always holds a whole journal.
   */
  static final class Output {
    private final String flag;
    private final URI uri;
    private final FileSystem fs;
    private final org.apache.hadoop.fs.Path dir;
    private final Path local;

    /** Size and modification time of each local file as last fetched or sent, by relative name. */
    private final Map<String, List<Long>> sent = new HashMap<>();

    private Output(String flag, URI uri, FileSystem fs, org.apache.hadoop.fs.Path dir, Path local) {
      this.flag = flag;
      this.uri = uri;
      this.fs = fs;
      this.dir = dir;
      this.local = local;
    }

    /**
     * Makes {@code local} a copy of the folder at {@code uri} (empty when there is none yet, which
     * is created to check that it may be written).
     *
     * @param flag how messages name the setting: its flag, or the settings file's line that gave it
     * @param uri the output folder's URI
     * @param local the local folder the run writes
     * @return the mirror
     */
    static Output fetch(String flag, String uri, Path local) {
      URI u = parse(flag, uri);
      FileSystem fs = fileSystem(flag, u);
      try {
        org.apache.hadoop.fs.Path dir = fs.makeQualified(new org.apache.hadoop.fs.Path(u));
        Output o = new Output(flag, u, fs, dir, local);
        Folders.deleteTree(local);
        Files.createDirectories(local);
        FileStatus st;
        try {
          st = fs.getFileStatus(dir);
        } catch (FileNotFoundException e) {
          st = null;
        }
        if (st == null) {
          fs.mkdirs(dir);
          return o;
        }
        if (st.isFile()) {
          throw new InvalidInputException(
              flag + " " + uri + ": is a file; give a folder for the outputs");
        }
        String prefix = dir.toUri().getPath().replaceAll("/+$", "") + "/";
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(dir, true);
        while (it.hasNext()) {
          LocatedFileStatus f = it.next();
          String name = f.getPath().getName();
          if (name.equals(OutputFolder.LOCK_FILE) || name.endsWith(PART)) {
            continue;
          }
          Path target = under(local, prefix, f.getPath());
          copyIn(fs, f, target);
          o.sent.put(o.relative(target), stamp(target));
        }
        return o;
      } catch (AccessControlException e) {
        throw denied(flag, u, e);
      } catch (IOException e) {
        throw unavailable(flag, u, e);
      }
    }

    /**
     * @return the local folder the run writes
     */
    Path local() {
      return local;
    }

    /**
     * @return the URI
     */
    URI uri() {
      return uri;
    }

    /** Sends the journal, when it changed. */
    void sendJournal() {
      send(local.resolve(org.samplesize.experiment.Journal.FILE_NAME));
    }

    /** Sends every file that changed since it was fetched or last sent, the journal last. */
    void sendAll() {
      List<Path> files = new ArrayList<>();
      try (Stream<Path> all = Files.walk(local)) {
        all.filter(Files::isRegularFile)
            .filter(
                p -> {
                  String n = p.getFileName().toString();
                  return !n.equals(OutputFolder.LOCK_FILE)
                      && !n.endsWith(".tmp")
                      && !n.endsWith(PART)
                      && !n.equals(org.samplesize.experiment.Journal.FILE_NAME);
                })
            .sorted()
            .forEach(files::add);
      } catch (IOException e) {
        throw new UnavailableException(
            flag + " " + uri + ": cannot list " + local + " (" + e.getMessage() + ")", e);
      }
      files.forEach(this::send);
      sendJournal();
    }

    private void send(Path file) {
      if (!Files.isRegularFile(file)) {
        return;
      }
      String rel = relative(file);
      try {
        List<Long> now = stamp(file);
        if (now.equals(sent.get(rel))) {
          return;
        }
        org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(dir, rel);
        org.apache.hadoop.fs.Path tmp =
            new org.apache.hadoop.fs.Path(
                target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + PART);
        try (FSDataOutputStream out = fs.create(tmp, true)) {
          copy(file, out);
        }
        replace(tmp, target);
        sent.put(rel, now);
      } catch (AccessControlException e) {
        throw denied(flag, uri, e);
      } catch (IOException e) {
        throw new UnavailableException(
            flag
                + " "
                + uri
                + ": cannot write "
                + rel
                + " there ("
                + Jobs.firstLine(e)
                + "); the run's files are in "
                + local,
            e);
      }
    }

    /** Renames over the old file: atomically where the FileSystem can (HDFS, local). */
    private void replace(org.apache.hadoop.fs.Path tmp, org.apache.hadoop.fs.Path target)
        throws IOException {
      FileContext fc;
      try {
        fc = FileContext.getFileContext(fs.getUri(), fs.getConf());
      } catch (UnsupportedFileSystemException e) {
        fc = null;
      }
      if (fc != null) {
        fc.rename(tmp, target, Options.Rename.OVERWRITE);
        return;
      }
      // No atomic replace on this FileSystem: the old file goes first.
      fs.delete(target, false);
      if (!fs.rename(tmp, target)) {
        throw new IOException("cannot rename " + tmp + " to " + target);
      }
    }

    private String relative(Path file) {
      return local.relativize(file).toString().replace(java.io.File.separatorChar, '/');
    }

    private static List<Long> stamp(Path file) throws IOException {
      return List.of(Files.size(file), Files.getLastModifiedTime(file).toMillis());
    }

    private static void copy(Path file, OutputStream out) throws IOException {
      Files.copy(file, out);
    }
  }
}
