package org.samplesize.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.InvalidInputException;
import org.samplesize.experiment.RunSettings;

/**
 * Hadoop FileSystem URIs on {@code run --spark}: {@code file:} becomes a path, others a message.
 */
class StoragePathsTest {
  @TempDir Path dir;

  @Test
  void aFileUriIsItsLocalPath() {
    assertEquals(Path.of("/data/photos"), StoragePaths.local("--data", "file:///data/photos"));
    assertEquals(Path.of("/data/photos"), StoragePaths.local("--data", "file:/data/photos"));
    assertEquals(Path.of("/data/photos"), StoragePaths.local("--data", "FILE:///data/photos"));
    assertEquals(
        Path.of("/data/photos"), StoragePaths.local("--data", "file://localhost/data/photos"));
    assertEquals(
        Path.of("/data/my photos"), StoragePaths.local("--data", "file:///data/my%20photos"));
  }

  @Test
  void aFileUriOfAnotherHostOrMalformedSaysHowToWriteIt() {
    for (String bad : List.of("file://nas/photos", "file:///my photos", "file:photos")) {
      InvalidInputException e =
          assertThrows(InvalidInputException.class, () -> StoragePaths.local("--data", bad));
      assertTrue(
          e.getMessage().startsWith("--data " + bad + ": not a file URI of this machine"),
          e.getMessage());
      assertTrue(e.getMessage().contains("file:///absolute/path"), e.getMessage());
    }
  }

  @Test
  void aSchemeWithoutItsConnectorIsNamedWithTheConnector() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> StoragePaths.local("--data", "s3a://bucket/photos"));
    assertEquals(
        "--data s3a://bucket/photos: run reads images, the model and --cache, and writes --out,"
            + " through the local file system, not through Hadoop FileSystems (this class path has"
            + " no Hadoop FileSystem for s3a://; its connector is hadoop-aws with the AWS SDK"
            + " bundle); mount that storage at the same path on the driver and every executor and"
            + " give the path, or a file:/// URI",
        e.getMessage());
    InvalidInputException unknown =
        assertThrows(
            InvalidInputException.class, () -> StoragePaths.local("--out", "nosuchfs://x/out"));
    assertTrue(
        unknown.getMessage().contains("no Hadoop FileSystem for nosuchfs://)"),
        unknown.getMessage());
  }

  @Test
  void hdfsIsKnownToHadoopButNotReadDirectly() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> StoragePaths.local("--cache", "hdfs://nn:8020/c"));
    assertTrue(
        e.getMessage().contains("(hdfs:// has a Hadoop FileSystem here, which run does not use)"),
        e.getMessage());
  }

  @Test
  void settingsWithUrisGetPathsAndOthersStayAsGiven() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    RunSettings given =
        org.samplesize.experiment.SettingsIO.resolve(
            null,
            java.util.Map.of(
                "data",
                data.toUri().toString(),
                "out",
                "file://" + dir.resolve("out"),
                "cache",
                dir.resolve("cache").toString(),
                "model",
                "mobilenetv2-int8"));
    RunSettings local = StoragePaths.local(given);
    assertEquals(data.toString(), local.data());
    assertEquals(dir.resolve("out").toString(), local.out());
    assertEquals(dir.resolve("cache").toString(), local.cache());
    assertEquals("mobilenetv2-int8", local.model());
    RunSettings plain =
        org.samplesize.experiment.SettingsIO.resolve(
            null, java.util.Map.of("data", "tf_flowers", "out", "out"));
    assertSame(plain, StoragePaths.local(plain));
  }
}
