package org.samplesize.data;

import java.nio.file.Path;
import java.util.Map;

/**
 * Finds the cache folder, in one order for every command: {@code --cache}, else {@code
 * $SAMPLESIZE_CACHE}, else {@code ~/.cache/samplesize}. Downloaded data sets and models, cut models
 * and feature caches all live below it, so that one command reuses what another computed.
 */
public final class CacheDir {
  private CacheDir() {}

  /** Environment variable that moves the cache folder. */
  public static final String ENV = "SAMPLESIZE_CACHE";

  /**
   * @param given the {@code --cache} value, or null when not given
   * @return {@code given}, else {@code $SAMPLESIZE_CACHE} when set and not blank, else {@code
   *     ~/.cache/samplesize}
   */
  public static Path resolve(Path given) {
    return resolve(given, System.getenv());
  }

  /**
   * @param given the {@code --cache} value, or null when not given
   * @param env the environment to read {@link #ENV} from
   * @return {@code given}, else {@code $SAMPLESIZE_CACHE} in {@code env}, else {@code
   *     ~/.cache/samplesize}
   */
  public static Path resolve(Path given, Map<String, String> env) {
    if (given != null) {
      return given;
    }
    String fromEnv = env.get(ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Path.of(fromEnv);
    }
    return Path.of(System.getProperty("user.home"), ".cache", "samplesize");
  }
}
