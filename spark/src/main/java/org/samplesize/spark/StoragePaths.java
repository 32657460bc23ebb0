package org.samplesize.spark;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.samplesize.InvalidInputException;
import org.samplesize.experiment.RunSettings;
import org.samplesize.experiment.SettingsIO;

/**
 * Paths of a run on Spark given as Hadoop FileSystem URIs. The engine reads the images, the model
 * and the cache, and writes {@code --out}, through the local file system of each machine, so a
 * {@code file:} URI becomes its local path, and any other scheme ({@code hdfs://}, {@code s3a://})
 * is refused with what to do instead: mount that storage at the same path on the driver and every
 * executor. The message says whether the class path has a Hadoop FileSystem for the scheme at all,
 * and names the connector that provides the common ones.
 */
final class StoragePaths {
  private StoragePaths() {}

  /** Settings that hold a path, by flag name. */
  private static final List<String> PATHS = List.of("data", "model", "out", "cache", "mirror");

  /** A URI with a scheme of two letters or more (so that a drive letter is not one). */
  private static final Pattern URI_WITH_SCHEME =
      Pattern.compile("([A-Za-z][A-Za-z0-9+.-]+)://.*|(?i:file):.*");

  /** The jar that brings the Hadoop FileSystem of a scheme Hadoop itself lacks. */
  private static final Map<String, String> CONNECTORS =
      Map.of(
          "s3a", "hadoop-aws with the AWS SDK bundle",
          "gs", "gcs-connector",
          "abfs", "hadoop-azure",
          "abfss", "hadoop-azure",
          "wasb", "hadoop-azure",
          "wasbs", "hadoop-azure",
          "oss", "hadoop-aliyun");

  /**
   * @param s settings as given
   * @return the settings with every {@code file:} URI turned into its local path
   * @throws InvalidInputException for a URI of another scheme, or a malformed {@code file:} URI
   */
  static RunSettings local(RunSettings s) {
    ObjectNode t = SettingsIO.toTree(s);
    boolean changed = false;
    for (String key : PATHS) {
      if (!t.hasNonNull(key)) {
        continue;
      }
      String v = t.get(key).asText().strip();
      if (URI_WITH_SCHEME.matcher(v).matches()) {
        t.put(key, local("--" + key, v).toString());
        changed = true;
      }
    }
    return changed ? SettingsIO.fromTree(t) : s;
  }

  /**
   * @param flag the flag, for messages
   * @param uri a URI with a scheme
   * @return its local path
   */
  static Path local(String flag, String uri) {
    String scheme = uri.substring(0, uri.indexOf(':')).toLowerCase(Locale.ROOT);
    if (!scheme.equals("file")) {
      throw new InvalidInputException(
          flag
              + " "
              + uri
              + ": run reads images, the model and --cache, and writes --out, through the local"
              + " file system, not through Hadoop FileSystems ("
              + hadoopSays(scheme)
              + "); mount that storage at the same path on the driver and every executor and give"
              + " the path, or a file:/// URI");
    }
    try {
      URI u = new URI(uri);
      if (u.getAuthority() != null && !u.getAuthority().equalsIgnoreCase("localhost")) {
        throw new IllegalArgumentException("it names the host " + u.getAuthority());
      }
      return Path.of(new URI("file", null, u.getPath(), null, null)).normalize();
    } catch (java.net.URISyntaxException | IllegalArgumentException e) {
      throw new InvalidInputException(
          flag
              + " "
              + uri
              + ": not a file URI of this machine ("
              + e.getMessage()
              + "); write file:///absolute/path, with %20 for a space, or give the path itself");
    }
  }

  /** What this class path has for the scheme. */
  private static String hadoopSays(String scheme) {
    String connector = CONNECTORS.get(scheme);
    boolean present;
    try {
      org.apache.hadoop.fs.FileSystem.getFileSystemClass(
          scheme, new org.apache.hadoop.conf.Configuration());
      present = true;
    } catch (IOException | RuntimeException | LinkageError e) {
      present = false;
    }
    if (present) {
      return scheme + ":// has a Hadoop FileSystem here, which run does not use";
    }
    return "this class path has no Hadoop FileSystem for "
        + scheme
        + "://"
        + (connector == null ? "" : "; its connector is " + connector);
  }
}
