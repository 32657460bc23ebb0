package org.samplesize;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * What the build recorded in {@code org/samplesize/version.properties}: the samplesize version, the
 * commit it was built from, and the versions of the native libraries it was built against. Read
 * once; every value that the build could not fill in reads {@value #UNKNOWN}.
 *
 * @param version the samplesize version
 * @param commit the git commit (40 hex digits) the build was made from, or {@value #UNKNOWN} (a
 *     build from a source tarball or without git)
 * @param onnxruntime the ONNX Runtime version
 * @param javacpp the JavaCPP version
 * @param opencv the OpenCV (JavaCPP preset) version
 */
public record BuildInfo(
    String version, String commit, String onnxruntime, String javacpp, String opencv) {

  /** The value of anything the build did not record. */
  public static final String UNKNOWN = "unknown";

  /** Where the build writes the properties. */
  static final String RESOURCE = "/org/samplesize/version.properties";

  private static final BuildInfo CURRENT = load();

  /**
   * @return what this build recorded
   */
  public static BuildInfo current() {
    return CURRENT;
  }

  /**
   * @return true when the commit is known
   */
  public boolean hasCommit() {
    return !commit.equals(UNKNOWN);
  }

  private static BuildInfo load() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // the versions stay unknown
    }
    return of(p);
  }

  /**
   * @param p the properties as the build wrote them
   * @return the record, with {@value #UNKNOWN} for missing, blank or unfilled values
   */
  static BuildInfo of(Properties p) {
    return new BuildInfo(
        value(p, "version"),
        commitOf(value(p, "commit")),
        value(p, "onnxruntime"),
        value(p, "javacpp"),
        value(p, "opencv"));
  }

  private static String value(Properties p, String key) {
    String v = p.getProperty(key);
    // "${...}": a resource copied without filtering (an IDE build) has no value either.
    return v == null || v.isBlank() || v.contains("${") ? UNKNOWN : v.strip();
  }

  private static String commitOf(String v) {
    return v.matches("[0-9a-f]{40}") ? v : UNKNOWN;
  }
}
