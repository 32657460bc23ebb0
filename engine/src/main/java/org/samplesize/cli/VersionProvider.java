package org.samplesize.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;

/** Reports the samplesize version and the versions of the native libraries it was built against. */
public final class VersionProvider implements CommandLine.IVersionProvider {

  /**
   * Reads the build-time version properties.
   *
   * @return the properties written by the build ({@code version}, {@code onnxruntime}, {@code
   *     javacpp}, ...)
   */
  public static Properties buildProperties() {
    Properties p = new Properties();
    try (InputStream in =
        VersionProvider.class.getResourceAsStream("/org/samplesize/version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  @Override
  public String[] getVersion() {
    Properties p = buildProperties();
    return new String[] {
      "samplesize " + p.getProperty("version", "unknown"),
      "ONNX Runtime "
          + p.getProperty("onnxruntime", "?")
          + ", JavaCPP "
          + p.getProperty("javacpp", "?")
          + ", OpenCV "
          + p.getProperty("opencv", "?"),
      "Java "
          + System.getProperty("java.version")
          + " ("
          + System.getProperty("java.vendor")
          + "), "
          + System.getProperty("os.name")
          + " "
          + System.getProperty("os.arch")
    };
  }
}
