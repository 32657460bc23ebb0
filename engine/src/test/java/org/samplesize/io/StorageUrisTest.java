package org.samplesize.io;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StorageUrisTest {
  @Test
  void schemesOfFileSystemsAreUrisAndPathsAreNot() {
    for (String uri : new String[] {"hdfs://nn:8020/data", "s3a://bucket/x", "file:///tmp/x"}) {
      assertTrue(StorageUris.hasScheme(uri), uri);
    }
    assertTrue(StorageUris.hasScheme("FILE:/tmp/x"), "file: with one slash is a URI too");
    for (String path : new String[] {"/tmp/x", "data/flowers", "C://windows", "c:\\data", ""}) {
      assertFalse(StorageUris.hasScheme(path), path);
    }
  }

  @Test
  void onlyOtherFileSystemsAreRemote() {
    assertTrue(StorageUris.isRemote("hdfs://nn:8020/data"));
    assertTrue(StorageUris.isRemote("gs://bucket/data"));
    assertFalse(StorageUris.isRemote("file:///tmp/x"));
    assertFalse(StorageUris.isRemote("File:/tmp/x"));
    assertFalse(StorageUris.isRemote("/tmp/x"));
  }
}
