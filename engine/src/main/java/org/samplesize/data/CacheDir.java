package org.samplesize.data;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Finds the cache folder (downloads, extracted data sets, features, cut models) in one order for
 * every command: {@code --cache}, else {@code $SAMPLESIZE_CACHE}, else {@code ~/.cache/samplesize}.
 * The offline mirror is found likewise by {@link Mirror}.
 */
public final class CacheDir {
  private CacheDir() {}

  /** Environment variable naming the cache folder. */
  public static final String ENV = "SAMPLESIZE_CACHE";

  /** What {@link Choice#source()} says for the default folder. */
  public static final String DEFAULT_SOURCE = "the default cache folder";

  /**
   * A cache folder and why it was chosen.
   *
   * @param dir the cache folder
   * @param source where it came from, as messages name it: {@code --cache}, {@code
   *     SAMPLESIZE_CACHE}, or {@value #DEFAULT_SOURCE}
   */
  public record Choice(Path dir, String source) {
    /** Checks the fields. */
    public Choice {
      Objects.requireNonNull(dir, "dir");
      Objects.requireNonNull(source, "source");
    }
  }

  /**
   * The cache folder under this process's environment and home folder.
   *
   * @param flag the {@code --cache} value, or null
   * @return the folder and its source
   */
  public static Choice find(Path flag) {
    return find(flag, System.getenv(), System.getProperty("user.home"));
  }

  /**
   * @param flag the {@code --cache} value, or null
   * @param env environment variables ({@link #ENV} is read; blank counts as unset)
   * @param userHome the user's home folder, holding {@code .cache/samplesize}
   * @return the folder and its source
   */
  public static Choice find(Path flag, Map<String, String> env, String userHome) {
    if (flag != null) {
      return new Choice(flag, "--cache");
    }
    String e = env.get(ENV);
    if (e != null && !e.isBlank()) {
      return new Choice(Path.of(e), ENV);
    }
    return new Choice(Path.of(userHome, ".cache", "samplesize"), DEFAULT_SOURCE);
  }

  /**
   * @param flag the {@code --cache} value, or null
   * @return the cache folder: {@code flag}, else {@code $SAMPLESIZE_CACHE}, else {@code
   *     ~/.cache/samplesize}
   */
  public static Path resolve(Path flag) {
    return find(flag).dir();
  }

  /**
   * @param flag the {@code --cache} value, or null
   * @param env environment variables ({@link #ENV} is read; blank counts as unset)
   * @return the cache folder: {@code flag}, else {@code $SAMPLESIZE_CACHE} in {@code env}, else
   *     {@code ~/.cache/samplesize}
   */
  public static Path resolve(Path flag, Map<String, String> env) {
    return find(flag, env, System.getProperty("user.home")).dir();
  }
}
