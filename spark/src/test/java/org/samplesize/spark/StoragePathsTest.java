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

  private static RunSettings with(String key, String value) {
    return org.samplesize.experiment.SettingsIO.resolve(null, java.util.Map.of(key, value));
  }

  /**
   * Where a settings file gave each value is kept through staging: the planner on the driver names
   * a refused device, provider or model by the file's line, not by a flag the user did not type.
   */
  @Test
  void stagingKeepsWhereASettingsFileGaveEachValue() {
    RunSettings given = with("data", "file://" + dir);
    String at = "config file run.yaml line 2, column 9: setting 'device'";
    RunSettings s =
        new RunSettings(given.spec(), given.environment(), java.util.Map.of("device", at));
    RunSettings staged = StoragePaths.stage(s).settings();
    assertEquals(dir.toString(), staged.data());
    assertEquals(at, staged.source("device"));
    assertEquals(at, StoragePaths.onExecutor(staged).source("device"));
  }

  /**
   * A URI a settings file gave is refused by the file's line, not by a flag the user did not type.
   */
  @Test
  void aRefusedUriFromASettingsFileIsNamedByItsLine() {
    RunSettings given = with("data", "s3a://bucket/photos");
    String at = "config file run.yaml line 3, column 7: setting 'data'";
    RunSettings s =
        new RunSettings(given.spec(), given.environment(), java.util.Map.of("data", at));
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> StoragePaths.stage(s));
    assertTrue(
        e.getMessage().startsWith(at + " = s3a://bucket/photos: this class path has no Hadoop"),
        e.getMessage());
  }

  @Test
  void aSchemeWithoutItsConnectorIsNamedWithTheConnector() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> StoragePaths.stage(with("data", "s3a://bucket/photos")));
    assertEquals(
        "--data s3a://bucket/photos: this class path has no Hadoop FileSystem for s3a://; add"
            + " hadoop-aws with the AWS SDK bundle to the class path of the driver and the"
            + " executors (spark-submit --jars or --packages), or give a local path",
        e.getMessage());
    InvalidInputException unknown =
        assertThrows(
            InvalidInputException.class, () -> StoragePaths.stage(with("out", "nosuchfs://x/out")));
    assertTrue(
        unknown.getMessage().contains("no Hadoop FileSystem for nosuchfs://; add the jar of its"),
        unknown.getMessage());
  }

  @Test
  void aCacheOnAnotherFileSystemIsRefusedBeforeAnythingIsCopied() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> StoragePaths.stage(with("cache", "hdfs://nn:8020/c")));
    assertEquals(
        "--cache hdfs://nn:8020/c: the cache folder must be on local disk (the driver writes the"
            + " feature cache as rows arrive and the executors map it into memory); give a local"
            + " path, one every executor reads at the same path when the cluster has several"
            + " machines",
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
    RunSettings local = StoragePaths.stage(given).settings();
    assertEquals(data.toString(), local.data());
    assertEquals(dir.resolve("out").toString(), local.out());
    assertEquals(dir.resolve("cache").toString(), local.cache());
    assertEquals("mobilenetv2-int8", local.model());
    RunSettings plain =
        org.samplesize.experiment.SettingsIO.resolve(
            null, java.util.Map.of("data", "tf_flowers", "out", "out"));
    assertSame(plain, StoragePaths.stage(plain).settings());
  }
}
