package org.samplesize.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.InvalidInputException;
import org.samplesize.SharedData;
import org.samplesize.UnavailableException;
import org.samplesize.data.TestArchives.Entry;

class DatasetResolverTest {
  @TempDir Path dir;

  @Test
  void aMirrorArchiveThatFailsItsChecksumSaysWhatToDo() throws Exception {
    Path mirror = dir.resolve("mirror");
    Files.createDirectories(mirror.resolve("flowers"));
    Files.write(mirror.resolve("flowers/flower_photos.tgz"), new byte[] {31, -117, 8});
    DatasetResolver.Options o =
        DatasetResolver.Options.fromEnvironment(Map.of())
            .withCacheDir(dir.resolve("cache"))
            .withFlowers(URI.create("https://nonexistent.invalid/f.tgz"), "1".repeat(64))
            .withMirror(mirror);
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> DatasetResolver.resolve("tf_flowers", o, null));
    assertTrue(
        e.getMessage().contains("has SHA-256")
            && e.getMessage().contains("a partial or damaged copy? Copy it again")
            && e.getMessage().contains("leave out --mirror"),
        e.getMessage());
  }

  /**
   * Commands sharing a cache extract tf_flowers at once: each gets the whole set, instead of the
   * later ones failing to move their copy onto the first one's ("cannot extract ... truncated or
   * corrupt archive?").
   */
  @Test
  @Timeout(120)
  void tfFlowersExtractedAtOnceBySeveralCallersServesEachOfThem() throws Exception {
    java.util.List<Entry> entries = new java.util.ArrayList<>();
    for (int k = 0; k < 40; k++) {
      entries.add(Entry.file("flower_photos/daisy/" + k + ".jpg", "d" + k));
    }
    byte[] tgz = TestArchives.tarGz(entries.toArray(new Entry[0]));
    Path mirror = dir.resolve("mirror");
    Files.createDirectories(mirror.resolve("flowers"));
    Files.write(mirror.resolve("flowers/flower_photos.tgz"), tgz);
    for (int round = 0; round < 10; round++) {
      DatasetResolver.Options o =
          DatasetResolver.Options.fromEnvironment(Map.of())
              .withCacheDir(dir.resolve("cache" + round))
              .withFlowers(
                  URI.create("https://nonexistent.invalid/f.tgz"), TestArchives.sha256(tgz))
              .withMirror(mirror);
      for (Path photos :
          org.samplesize.AtOnce.call(4, caller -> DatasetResolver.resolve("tf_flowers", o, null))) {
        assertEquals("d39", Files.readString(photos.resolve("daisy/39.jpg")), "round " + round);
      }
    }
  }

  @Test
  void tfFlowersIsDownloadedOnceVerifiedAndExtracted() throws Exception {
    byte[] tgz =
        TestArchives.tarGz(
            Entry.file("flower_photos/daisy/a.jpg", "a"),
            Entry.file("flower_photos/roses/b.jpg", "b"),
            Entry.file("flower_photos/LICENSE.txt", "cc-by"));
    try (LocalHttpServer server = new LocalHttpServer()) {
      URI uri = server.put("/example_images/flower_photos.tgz", tgz);
      DatasetResolver.Options o =
          DatasetResolver.Options.fromEnvironment(Map.of())
              .withCacheDir(dir.resolve("cache"))
              .withFlowers(uri, TestArchives.sha256(tgz));
      Path photos = DatasetResolver.resolve("tf_flowers", o, null);
      assertEquals(dir.resolve("cache/datasets/tf_flowers/flower_photos"), photos);
      assertEquals("a", Files.readString(photos.resolve("daisy/a.jpg")));
      assertEquals(photos, DatasetResolver.resolve("TF_FLOWERS", o, null));
      assertEquals(1, server.requests.get());
      assertTrue(DatasetResolver.resolveChecked("tf_flowers", o, null).verifiedSet());

      // An image added to the cache is not what the verified archive held: the copy is made
      // again from the archive (already downloaded and checked), so it is the verified set again.
      Files.writeString(photos.resolve("roses/c.jpg"), "c");
      List<String> notes = new java.util.ArrayList<>();
      assertTrue(
          DatasetResolver.resolveChecked(
                  "tf_flowers", o, org.samplesize.ProgressListener.notesTo(notes::add))
              .verifiedSet());
      assertFalse(Files.exists(photos.resolve("roses/c.jpg")));
      assertEquals(1, notes.size(), notes.toString());
      assertTrue(
          notes.get(0).contains("is damaged: flower_photos/roses/c.jpg: not in the archive"),
          notes.get(0));
      assertEquals(1, server.requests.get());

      DatasetResolver.Options wrong =
          o.withCacheDir(dir.resolve("cache2")).withFlowers(uri, "1".repeat(64));
      assertThrows(
          org.samplesize.SamplesizeException.class,
          () -> DatasetResolver.resolve("tf_flowers", wrong, null));
      assertTrue(Files.notExists(dir.resolve("cache2/datasets/tf_flowers")));
    }
  }

  @Test
  @Timeout(20)
  void aFailedDownloadSaysHowToWorkOffline() throws Exception {
    DatasetResolver.Options offline =
        DatasetResolver.Options.fromEnvironment(Map.of())
            .withCacheDir(dir.resolve("cache"))
            .withFlowers(
                URI.create("https://nonexistent.invalid/flower_photos.tgz"), "1".repeat(64));
    UnavailableException e =
        assertThrows(
            UnavailableException.class, () -> DatasetResolver.resolve("tf_flowers", offline, null));
    assertTrue(
        e.getMessage()
            .startsWith(
                "cannot download tf_flowers (flower_photos.tgz) from"
                    + " https://nonexistent.invalid/flower_photos.tgz: cannot reach the server"),
        e.getMessage());
    assertTrue(e.getMessage().contains("Retry when online"), e.getMessage());
    assertTrue(e.getMessage().contains("--mirror DIR (or $SAMPLESIZE_MIRROR)"), e.getMessage());
    assertTrue(e.getMessage().contains("--data DIR"), e.getMessage());

    try (LocalHttpServer server = new LocalHttpServer()) {
      URI missing = server.put("/other", new byte[1]).resolve("/flower_photos.tgz");
      UnavailableException notFound =
          assertThrows(
              UnavailableException.class,
              () ->
                  DatasetResolver.resolve(
                      "tf_flowers", offline.withFlowers(missing, "1".repeat(64)), null));
      assertTrue(
          notFound.getMessage().contains(": the server answered HTTP 404"), notFound.getMessage());
    }
  }

  @Test
  void environmentSetsCacheAndMirror() {
    DatasetResolver.Options o =
        DatasetResolver.Options.fromEnvironment(
            Map.of("SAMPLESIZE_CACHE", "/x/cache", "SAMPLESIZE_MIRROR", "/y/mirror"));
    assertEquals(Path.of("/x/cache"), o.cacheDir());
    assertEquals(Path.of("/y/mirror"), o.mirror());
    assertEquals(DatasetResolver.FLOWERS_SHA256, o.flowersSha256());
    assertTrue(
        DatasetResolver.Options.fromEnvironment(Map.of()).cacheDir().endsWith(".cache/samplesize"));
  }

  @Test
  void hiddenFilesAndFoldersInAMirrorAreIgnoredAsTheScanIgnoresThem() throws Exception {
    Path mirror = dir.resolve("mirror");
    Path photos = mirror.resolve("flowers/flower_photos");
    Files.createDirectories(photos.resolve("daisy"));
    Files.createDirectories(photos.resolve("roses"));
    Files.writeString(photos.resolve("daisy/a.jpg"), "a");
    Files.writeString(photos.resolve("roses/r.jpg"), "r");
    Files.writeString(
        mirror.resolve("flowers/SHA256SUMS"),
        TestArchives.sha256("a".getBytes())
            + "  daisy/a.jpg\n"
            + TestArchives.sha256("r".getBytes())
            + "  roses/r.jpg\n");
    // What a Mac or a file manager leaves behind: none of these is an image the scan uses.
    Files.writeString(photos.resolve("daisy/.hidden.jpg"), "h");
    Files.writeString(photos.resolve("daisy/._a.jpg"), "resource fork");
    Files.createDirectories(photos.resolve(".thumbs"));
    Files.writeString(photos.resolve(".thumbs/t.jpg"), "t");
    DatasetResolver.Options o =
        DatasetResolver.Options.fromEnvironment(Map.of())
            .withCacheDir(dir.resolve("cache"))
            .withMirror(mirror)
            .withFlowers(URI.create("http://127.0.0.1:9/never"), "2".repeat(64));
    assertEquals(
        new java.util.TreeSet<>(java.util.List.of("daisy/a.jpg", "roses/r.jpg")),
        MirrorSums.imageFiles(photos));
    assertEquals(photos, DatasetResolver.resolve("tf_flowers", o, null));
    assertEquals(2, ImageDataset.scan(photos).images().size());
    // A visible unlisted image is still refused.
    Files.writeString(photos.resolve("daisy/b.jpg"), "b");
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> DatasetResolver.resolve("tf_flowers", o, null));
    assertTrue(e.getMessage().contains("holds 1 image file that"), e.getMessage());
  }

  @Test
  void aMirrorIsUsedOfflineAndCheckedAgainstItsSums() throws Exception {
    Path mirror = dir.resolve("mirror");
    Path photos = mirror.resolve("flowers/flower_photos");
    Files.createDirectories(photos.resolve("daisy"));
    Files.writeString(photos.resolve("daisy/a.jpg"), "a");
    Files.writeString(
        mirror.resolve("flowers/SHA256SUMS"),
        TestArchives.sha256("a".getBytes()) + "  daisy/a.jpg\n");
    DatasetResolver.Options o =
        DatasetResolver.Options.fromEnvironment(Map.of())
            .withCacheDir(dir.resolve("cache"))
            .withMirror(mirror)
            .withFlowers(URI.create("http://127.0.0.1:9/never"), "2".repeat(64));
    assertEquals(photos, DatasetResolver.resolve("tf_flowers", o, null));
    assertTrue(DatasetResolver.resolveChecked("tf_flowers", o, null).verifiedSet());

    // An image the sums do not list is refused, even though the listed files are unchanged
    // (and their check is cached); a non-image file and a nested folder are not images used.
    Files.writeString(photos.resolve("daisy/b.jpg"), "b");
    Files.writeString(photos.resolve("daisy/c.JPEG"), "c");
    Files.writeString(photos.resolve("daisy/notes.txt"), "n");
    InvalidInputException extra =
        assertThrows(
            InvalidInputException.class, () -> DatasetResolver.resolve("tf_flowers", o, null));
    assertTrue(
        extra.getMessage().contains("holds 2 image files that")
            && extra.getMessage().contains("does not list (e.g. daisy/b.jpg)")
            && extra.getMessage().contains("--data DIR"),
        extra.getMessage());
    Files.delete(photos.resolve("daisy/b.jpg"));
    Files.delete(photos.resolve("daisy/c.JPEG"));
    assertEquals(photos, DatasetResolver.resolve("tf_flowers", o, null));

    // Sums written as "./daisy/a.jpg" (find . -exec sha256sum) list the same file.
    Files.writeString(
        mirror.resolve("flowers/SHA256SUMS"),
        TestArchives.sha256("a".getBytes()) + "  ./daisy/a.jpg\n");
    assertEquals(photos, DatasetResolver.resolve("tf_flowers", o, null));

    // Without SHA256SUMS the photos are used, but not as a verified set.
    Path unchecked = dir.resolve("unchecked");
    Files.createDirectories(unchecked.resolve("flowers/flower_photos/daisy"));
    Files.writeString(unchecked.resolve("flowers/flower_photos/daisy/a.jpg"), "a");
    assertFalse(
        DatasetResolver.resolveChecked("tf_flowers", o.withMirror(unchecked), null).verifiedSet());

    Files.writeString(photos.resolve("daisy/a.jpg"), "changed");
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> DatasetResolver.resolve("tf_flowers", o, null));
    assertTrue(e.getMessage().contains("daisy/a.jpg: SHA-256 differs"), e.getMessage());

    InvalidInputException empty =
        assertThrows(
            InvalidInputException.class,
            () -> DatasetResolver.resolve("tf_flowers", o.withMirror(dir.resolve("none")), null));
    assertTrue(empty.getMessage().contains("holds neither"), empty.getMessage());
  }

  @Test
  void foldersPassThroughAndUnknownNamesAreUserErrors() throws Exception {
    assertEquals(
        dir, DatasetResolver.resolve(dir.toString(), DatasetResolver.Options.defaults(), null));
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> DatasetResolver.resolve("cifar10", DatasetResolver.Options.defaults(), null));
    assertTrue(e.getMessage().contains("known: tf_flowers"), e.getMessage());
  }

  @Test
  void anUnknownNameIsOfferedOnlyTheDataSetsTheCommandTakes() {
    // resolve serves features, bench and inspect's scan, which refuse fashion_mnist: suggesting it
    // would send the user to a second refusal.
    DatasetResolver.Options o = DatasetResolver.Options.defaults();
    for (String data : List.of("cifar10", " ")) {
      String m =
          assertThrows(InvalidInputException.class, () -> DatasetResolver.resolve(data, o, null))
              .getMessage();
      assertTrue(m.contains("tf_flowers") && !m.contains("fashion_mnist"), m);
      m =
          assertThrows(
                  InvalidInputException.class, () -> DatasetResolver.resolveChecked(data, o, null))
              .getMessage();
      assertTrue(m.contains("tf_flowers") && m.contains("fashion_mnist"), m);
    }
  }

  @Test
  void theSharedDataWorksAsAMirror() {
    Path flowers = SharedData.flowers();
    Path mirror = flowers.getParent().getParent();
    DatasetResolver.Options o =
        DatasetResolver.Options.fromEnvironment(Map.of()).withCacheDir(dir).withMirror(mirror);
    List<String> stages = new java.util.ArrayList<>();
    Path p =
        DatasetResolver.resolve(
            "tf_flowers",
            o,
            new org.samplesize.ProgressListener() {
              @Override
              public void stage(String name, long total, String unit) {
                stages.add(name + " " + total);
              }

              @Override
              public void advance(long done) {}
            });
    assertEquals(flowers, p);
    assertEquals(List.of("verify flower_photos 3670"), stages);
  }

  @Test
  void builtInNamesAreOneDecisionForEveryCommand() throws Exception {
    assertEquals("tf_flowers", DatasetResolver.builtInName(" TF_Flowers "));
    assertEquals("fashion_mnist", DatasetResolver.builtInName("Fashion_MNIST"));
    assertNull(DatasetResolver.builtInName(dir.toString()));
    // A folder that happens to have a built-in name is a folder.
    Path folder = java.nio.file.Files.createDirectories(dir.resolve("tf_flowers"));
    assertNull(DatasetResolver.builtInName(folder.toString()));
    DatasetResolver.Options o =
        DatasetResolver.Options.forFlags(dir.resolve("c"), dir.resolve("m"));
    assertEquals(dir.resolve("c"), o.cacheDir());
    assertEquals(dir.resolve("m"), o.mirror());
    assertEquals(DatasetResolver.Options.of(dir.resolve("c"), dir.resolve("m")), o);
  }
}
