package org.samplesize.io;

import java.util.regex.Pattern;

/**
 * Tells a URI of a file system ({@code hdfs://…}, {@code s3a://…}, {@code file:…}) from a local
 * path, for the settings that take either (data, model, mirror, out, cache).
 */
public final class StorageUris {
  /**
   * A scheme of two letters or more (so that a Windows drive letter is not one), or {@code file:}.
   */
  private static final Pattern URI_WITH_SCHEME =
      Pattern.compile("([A-Za-z][A-Za-z0-9+.-]+)://.*|(?i:file):.*");

  private StorageUris() {}

  /**
   * @param value a setting's value as given
   * @return whether it is a URI with a scheme rather than a local path
   */
  public static boolean hasScheme(String value) {
    return URI_WITH_SCHEME.matcher(value).matches();
  }

  /**
   * @param value a setting's value as given
   * @return whether it is a URI of a file system other than the local one ({@code file:})
   */
  public static boolean isRemote(String value) {
    return hasScheme(value) && !value.regionMatches(true, 0, "file:", 0, 5);
  }
}
