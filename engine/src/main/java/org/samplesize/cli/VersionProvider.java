package org.samplesize.cli;

import org.samplesize.BuildInfo;
import picocli.CommandLine;

/**
 * Reports the samplesize version, the commit it was built from and the versions of the native
 * libraries it was built against.
 */
public final class VersionProvider implements CommandLine.IVersionProvider {

  @Override
  public String[] getVersion() {
    BuildInfo b = BuildInfo.current();
    return new String[] {
      "samplesize " + b.version() + (b.hasCommit() ? " (git " + b.commit() + ")" : ""),
      "ONNX Runtime " + b.onnxruntime() + ", JavaCPP " + b.javacpp() + ", OpenCV " + b.opencv(),
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
