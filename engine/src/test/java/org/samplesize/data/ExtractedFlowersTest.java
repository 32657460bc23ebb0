package org.samplesize.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.ProgressListener;
import org.samplesize.data.TestArchives.Entry;
import org.samplesize.io.SealedFiles;

/** tf_flowers extracted into the cache is checked against the SHA-256 recorded at extraction. */
class ExtractedFlowersTest {
  @TempDir Path dir;

  private LocalHttpServer server;
  private DatasetResolver.Options options;
  private final byte[] daisy = bytes(3000, 1);
  private final byte[] rose = bytes(2000, 2);
  private final List<String> notes = new ArrayList<>();
  private final List<String> stages = new ArrayList<>();
  private final ProgressListener listener =
      new ProgressListener() {
        @Override
        public void stage(String name, long total, String unit) {
          stages.add(name);
        }

        @Override
        public void advance(long done) {}

        @Override
        public void note(String message) {
          notes.add(message);
        }
      };

  private static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new java.util.Random(seed).nextBytes(b);
    return b;
  }

  private static String sha(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  @BeforeEach
  void serveTheArchive() throws Exception {
    byte[] tgz =
        TestArchives.tarGz(
            Entry.file("flower_photos/daisy/a.jpg", daisy),
            Entry.file("flower_photos/roses/b.jpg", rose),
            Entry.file("flower_photos/LICENSE.txt", "cc-by"));
    server = new LocalHttpServer();
    URI uri = server.put("/example_images/flower_photos.tgz", tgz);
    options =
        DatasetResolver.Options.fromEnvironment(Map.of())
            .withCacheDir(dir.resolve("cache"))
            .withFlowers(uri, sha(tgz));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private DatasetResolver.Resolved resolve() {
    return DatasetResolver.resolveChecked("tf_flowers", options, listener);
  }

  private Path photos() {
    return dir.resolve("cache/datasets/tf_flowers/flower_photos");
  }

  /** Flips one bit, keeping the size and putting the modification time back. */
  private static void flipAByteKeepingSizeAndTime(Path f) throws Exception {
    FileTime before = Files.getLastModifiedTime(f);
    byte[] b = Files.readAllBytes(f);
    b[b.length / 2] ^= 0x10;
    Files.write(f, b);
    Files.setLastModifiedTime(f, before);
  }

  @Test
  void aFlippedByteInAnExtractedImageIsNotedAndTheImageExtractedAgain() throws Exception {
    assertTrue(resolve().verifiedSet());
    assertEquals(List.of("download flower_photos.tgz", "extract flower_photos.tgz"), stages);
    // Right after extraction the checksums are known: a rerun hashes nothing.
    stages.clear();
    assertTrue(resolve().verifiedSet());
    assertEquals(List.of(), stages);
    assertEquals(List.of(), notes);

    Path a = photos().resolve("daisy/a.jpg");
    flipAByteKeepingSizeAndTime(a);
    DatasetResolver.Resolved r = resolve();
    assertTrue(r.verifiedSet());
    assertArrayEquals(daisy, Files.readAllBytes(a), "the damaged image is extracted again");
    assertEquals(1, notes.size(), notes.toString());
    assertTrue(
        notes.get(0).contains("is damaged: flower_photos/daisy/a.jpg: SHA-256 differs")
            && notes.get(0).contains("extracting it again"),
        notes.get(0));
    assertEquals(List.of("verify tf_flowers", "extract flower_photos.tgz"), stages);
    assertEquals(1, server.requests.get(), "the checked archive in the cache is used again");

    // Repaired and stamped: the next run neither notes nor hashes.
    notes.clear();
    stages.clear();
    assertTrue(resolve().verifiedSet());
    assertEquals(List.of(), notes);
    assertEquals(List.of(), stages);
  }

  @Test
  void aStatChangeWithoutDamageIsHashedOnceAndKept() throws Exception {
    resolve();
    Path a = photos().resolve("daisy/a.jpg");
    Files.setLastModifiedTime(a, FileTime.fromMillis(System.currentTimeMillis() - 86_400_000L));
    stages.clear();
    assertTrue(resolve().verifiedSet());
    assertEquals(List.of("verify tf_flowers"), stages, "hashed, found intact, not extracted");
    assertEquals(List.of(), notes);
    assertTrue(resolve().verifiedSet());
    assertEquals(List.of("verify tf_flowers"), stages, "the new stamp holds");
  }

  @Test
  void aMissingOrDamagedChecksumListIsMadeAgainByExtracting() throws Exception {
    resolve();
    Path dest = dir.resolve("cache/datasets/tf_flowers");
    Path manifest = dest.resolve(SafeExtractor.MANIFEST);
    String recorded = Files.readString(manifest);
    assertTrue(recorded.contains(sha(daisy) + "  flower_photos/daisy/a.jpg\n"), recorded);
    // As a cache extracted by an older build: no checksum list, the old listing file.
    SealedFiles.delete(manifest);
    Files.writeString(dest.resolve(".samplesize-images"), "old listing\n");
    assertTrue(resolve().verifiedSet());
    assertEquals(1, notes.size(), notes.toString());
    assertTrue(notes.get(0).contains("cannot be checked: its checksum list"), notes.get(0));
    assertEquals(recorded, Files.readString(manifest));
    assertTrue(SealedFiles.check(manifest).intact());

    // A checksum list that does not match its seal is not trusted either.
    notes.clear();
    Files.writeString(manifest, recorded.replace(sha(rose), sha(daisy)));
    assertTrue(resolve().verifiedSet());
    assertEquals(1, notes.size(), notes.toString());
    assertTrue(notes.get(0).contains("does not match the SHA-256 in its seal"), notes.get(0));
    assertEquals(recorded, Files.readString(manifest));
    assertEquals(1, server.requests.get());
  }

  @Test
  void aCopyWithoutChecksumsWhoseArchiveIsGoneIsUsedUnverifiedOffline() throws Exception {
    resolve();
    SealedFiles.delete(dir.resolve("cache/datasets/tf_flowers").resolve(SafeExtractor.MANIFEST));
    Files.delete(dir.resolve("cache/downloads/flower_photos.tgz"));
    server.close();
    DatasetResolver.Resolved r = resolve();
    assertFalse(r.verifiedSet());
    assertEquals(photos(), r.root());
    assertEquals(2, notes.size(), notes.toString());
    assertTrue(notes.get(1).contains("are used unverified"), notes.get(1));
  }

  @Test
  void aDamagedImageWithADamagedArchiveFetchesTheArchiveAgain() throws Exception {
    resolve();
    Path archive = dir.resolve("cache/downloads/flower_photos.tgz");
    byte[] tgz = Files.readAllBytes(archive);
    flipAByteKeepingSizeAndTime(archive);
    flipAByteKeepingSizeAndTime(photos().resolve("roses/b.jpg"));
    assertTrue(resolve().verifiedSet());
    assertArrayEquals(rose, Files.readAllBytes(photos().resolve("roses/b.jpg")));
    assertArrayEquals(tgz, Files.readAllBytes(archive));
    assertEquals(2, server.requests.get(), "the damaged archive is downloaded again");
    assertEquals(2, notes.size(), notes.toString());
    assertTrue(notes.get(0).contains("roses/b.jpg: SHA-256 differs"), notes.get(0));
    assertTrue(notes.get(1).contains("downloading it again"), notes.get(1));
  }

  @Test
  void aMissingImageIsExtractedAgain() throws Exception {
    resolve();
    Files.delete(photos().resolve("roses/b.jpg"));
    assertTrue(resolve().verifiedSet());
    assertTrue(notes.get(0).contains("flower_photos/roses/b.jpg: missing"), notes.toString());
    assertArrayEquals(rose, Files.readAllBytes(photos().resolve("roses/b.jpg")));
  }
}
