package org.samplesize.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MirrorTest {
  @TempDir Path dir;

  /** A checkout folder {@code dir/checkout} with {@code dir/shared/data} beside it. */
  private Path checkoutWithSibling(boolean flowers, boolean models) throws Exception {
    Path checkout = Files.createDirectories(dir.resolve("checkout"));
    Path data = Files.createDirectories(dir.resolve("shared/data"));
    if (flowers) {
      Files.createDirectories(data.resolve("flowers/flower_photos/daisy"));
    }
    if (models) {
      Files.createDirectories(data.resolve("models"));
    }
    return checkout;
  }

  @Test
  void theFlagComesFirstThenTheEnvironmentThenTheSiblingFolder() throws Exception {
    String home = checkoutWithSibling(true, true).toString();
    Path sibling = dir.resolve("shared/data");
    Map<String, String> env = Map.of(Mirror.ENV, "/env/mirror");

    Mirror.Choice c = Mirror.find(Path.of("/flag/mirror"), env, home);
    assertEquals(Path.of("/flag/mirror"), c.dir());
    assertEquals("--mirror", c.source());

    c = Mirror.find(null, env, home);
    assertEquals(Path.of("/env/mirror"), c.dir());
    assertEquals("$SAMPLESIZE_MIRROR", c.source());

    c = Mirror.find(null, Map.of(Mirror.ENV, "  "), home); // blank: as if unset
    assertEquals(sibling, c.dir());
    assertEquals(sibling + " (from shared/data beside the samplesize checkout)", c.describe());

    assertNull(Mirror.find(null, Map.of(), null), "no checkout known, nothing set: no mirror");
  }

  @Test
  void theSiblingFolderIsUsedOnlyWithTheMirrorLayout() throws Exception {
    String home = checkoutWithSibling(true, false).toString();
    assertNull(Mirror.find(null, Map.of(), home), "no models/ folder");
    Files.createDirectories(dir.resolve("shared/data/models"));
    assertEquals(dir.resolve("shared/data"), Mirror.find(null, Map.of(), home).dir());

    Files.delete(dir.resolve("shared/data/flowers/flower_photos/daisy"));
    Files.delete(dir.resolve("shared/data/flowers/flower_photos"));
    assertNull(Mirror.find(null, Map.of(), home), "no flowers/flower_photos");
    Files.writeString(dir.resolve("shared/data/flowers/flower_photos.tgz"), "archive");
    assertTrue(Mirror.hasLayout(dir.resolve("shared/data")));

    assertNull(Mirror.find(null, Map.of(), dir.resolve("elsewhere/checkout").toString()));
    assertFalse(Mirror.hasLayout(dir.resolve("nothing")));
  }

  @Test
  void theSiblingIsBesideTheCheckoutWhateverTheSpelling() throws Exception {
    checkoutWithSibling(true, true);
    String spelled = dir.resolve("checkout/./../checkout/").toString();
    assertEquals(dir.resolve("shared/data"), Mirror.sibling(spelled));
    assertNull(Mirror.sibling(""));
    assertNull(Mirror.sibling("/"));
  }

  @Test
  void datasetDefaultsTakeTheSiblingMirror() throws Exception {
    String home = checkoutWithSibling(true, true).toString();
    assertEquals(
        dir.resolve("shared/data"),
        DatasetResolver.Options.fromEnvironment(Map.of(), home).mirror());
    assertEquals(
        Path.of("/env/mirror"),
        DatasetResolver.Options.fromEnvironment(Map.of(Mirror.ENV, "/env/mirror"), home).mirror());
  }
}
