package org.samplesize.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.ProgressListener;
import org.samplesize.data.ImageDataset;
import org.samplesize.data.ImageEntry;

/** The header pass before planning leaves out what cannot be used, and caches its answer. */
class UsableImagesTest {
  @TempDir Path dir;

  /** Counts the checking passes. */
  private static final class Stages implements ProgressListener {
    final List<String> names = new ArrayList<>();
    final List<String> notes = new ArrayList<>();

    @Override
    public void stage(String name, long total, String unit) {
      names.add(name);
    }

    @Override
    public void note(String message) {
      notes.add(message);
    }

    @Override
    public void advance(long done) {}
  }

  private Path data() throws Exception {
    Path root = dir.resolve("data");
    for (String cls : new String[] {"a", "b"}) {
      for (int i = 0; i < 3; i++) {
        TestImages.write(TestImages.gradient(6, 5), "png", root.resolve(cls + "/ok" + i + ".png"));
      }
    }
    Files.write(root.resolve("a/empty.png"), new byte[0]);
    byte[] jpeg =
        Files.readAllBytes(
            TestImages.write(TestImages.gradient(16, 16), "jpg", dir.resolve("whole.jpg")));
    Files.write(root.resolve("b/cut.jpg"), java.util.Arrays.copyOf(jpeg, jpeg.length / 2));
    Files.createSymbolicLink(root.resolve("b/gone.png"), root.resolve("b/nowhere.png"));
    return root;
  }

  @Test
  void unusableFilesAreLeftOutBeforePlanningAndTheAnswerIsCached() throws Exception {
    Path root = data();
    Path cache = dir.resolve("cache");
    ImageDataset ds = ImageDataset.scan(root);
    Stages first = new Stages();
    UsableImages u = UsableImages.check(ds, 1_000_000, 2, cache, first);
    assertEquals(List.of("checking images"), first.names);
    assertEquals(
        List.of("a/empty.png", "b/cut.jpg", "b/gone.png"),
        u.unusable().stream().map(x -> x.entry().relativeName()).toList());
    assertTrue(u.unusable().get(1).reason().startsWith("truncated JPEG"), u.unusable().toString());
    assertEquals(6, u.usable().images().size());
    assertEquals(List.of(3, 3), List.of(u.usable().classCounts()[0], u.usable().classCounts()[1]));
    assertEquals(ds.classes(), u.usable().classes());

    // Unchanged files: the cached answer, no second read.
    Stages second = new Stages();
    UsableImages again = UsableImages.check(ImageDataset.scan(root), 1_000_000, 2, cache, second);
    assertEquals(List.of(), second.names);
    assertEquals(u.unusable(), again.unusable());

    // A damaged record is checked again; a changed file changes the key.
    Path record;
    try (Stream<Path> s = Files.list(cache.resolve(UsableImages.CACHE_FOLDER))) {
      record = s.filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
    }
    Files.writeString(record, "{\"format\": 1, \"unusable\": [");
    Stages third = new Stages();
    assertEquals(
        u.unusable(),
        UsableImages.check(ImageDataset.scan(root), 1_000_000, 2, cache, third).unusable());
    assertEquals(List.of("checking images"), third.names);
    Files.write(root.resolve("a/empty.png"), Files.readAllBytes(root.resolve("a/ok0.png")));
    UsableImages fixed = UsableImages.check(ImageDataset.scan(root), 1_000_000, 2, cache, null);
    assertEquals(2, fixed.unusable().size());
    assertEquals(7, fixed.usable().images().size());
  }

  @Test
  void aForgedRecordIsIgnoredWithANoteAndCheckedAgain() throws Exception {
    Path root = data();
    Path cache = dir.resolve("cache");
    UsableImages u = UsableImages.check(ImageDataset.scan(root), 1_000_000, 2, cache, null);
    Path record;
    try (Stream<Path> s = Files.list(cache.resolve(UsableImages.CACHE_FOLDER))) {
      record = s.filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
    }
    // A well-formed record that drops a good image: without a seal it would change the answer.
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    com.fasterxml.jackson.databind.node.ObjectNode forged =
        (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(record.toFile());
    ((com.fasterxml.jackson.databind.node.ArrayNode) forged.get("unusable"))
        .addObject()
        .put("file", "a/ok0.png")
        .put("reason", "forged");
    Files.writeString(record, json.writeValueAsString(forged));
    Stages again = new Stages();
    UsableImages checked = UsableImages.check(ImageDataset.scan(root), 1_000_000, 2, cache, again);
    assertEquals(u.unusable(), checked.unusable());
    assertEquals(List.of("checking images"), again.names);
    assertEquals(1, again.notes.size(), again.notes.toString());
    assertTrue(
        again.notes.get(0).contains(record.toString())
            && again.notes.get(0).contains("checking the images again"),
        again.notes.get(0));
    // Rebuilt: the next run uses the record again, silently.
    Stages third = new Stages();
    assertEquals(
        u.unusable(),
        UsableImages.check(ImageDataset.scan(root), 1_000_000, 2, cache, third).unusable());
    assertEquals(List.of(), third.names);
    assertEquals(List.of(), third.notes);
  }

  @Test
  void aCleanDataSetIsReturnedAsItIs() throws Exception {
    Path root = dir.resolve("clean");
    for (String cls : new String[] {"a", "b"}) {
      TestImages.write(TestImages.gradient(6, 5), "png", root.resolve(cls + "/x.png"));
    }
    ImageDataset ds = ImageDataset.scan(root);
    UsableImages u = UsableImages.check(ds, 1_000_000, 1, null, null);
    assertSame(ds, u.usable());
    assertEquals(List.<ImageEntry>of(), u.unusable().stream().map(x -> x.entry()).toList());
  }
}
