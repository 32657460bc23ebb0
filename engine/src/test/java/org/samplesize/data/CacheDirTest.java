package org.samplesize.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CacheDirTest {

  @Test
  void flagThenEnvironmentThenHome() {
    Map<String, String> env = Map.of(CacheDir.ENV, "/env/cache");
    assertEquals(
        new CacheDir.Choice(Path.of("/flag/cache"), "--cache"),
        CacheDir.find(Path.of("/flag/cache"), env, "/home/u"));
    assertEquals(
        new CacheDir.Choice(Path.of("/env/cache"), "SAMPLESIZE_CACHE"),
        CacheDir.find(null, env, "/home/u"));
    assertEquals(
        new CacheDir.Choice(Path.of("/home/u/.cache/samplesize"), CacheDir.DEFAULT_SOURCE),
        CacheDir.find(null, Map.of(), "/home/u"));
    assertEquals(
        Path.of("/home/u/.cache/samplesize"),
        CacheDir.find(null, Map.of(CacheDir.ENV, "  "), "/home/u").dir(),
        "a blank SAMPLESIZE_CACHE counts as unset");
  }

  @Test
  void theDataSetDefaultsUseTheSameRule() {
    assertEquals(
        Path.of("/env/cache"),
        DatasetResolver.Options.fromEnvironment(Map.of(CacheDir.ENV, "/env/cache")).cacheDir());
    assertEquals(
        CacheDir.find(null, Map.of(), System.getProperty("user.home")).dir(),
        DatasetResolver.Options.fromEnvironment(Map.of()).cacheDir());
  }
}
