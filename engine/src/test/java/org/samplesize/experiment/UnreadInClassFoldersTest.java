package org.samplesize.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.data.ImageDataset;

/** The run names what it leaves unread inside class folders, where a user put images to use. */
class UnreadInClassFoldersTest {
  @TempDir Path dir;

  private void touch(String relative) throws Exception {
    Path p = dir.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.write(p, new byte[] {1});
  }

  @Test
  void aSubFolderAndAFileOfAnotherExtensionAreNamed() throws Exception {
    touch("cats/a.jpg");
    touch("cats/2019/b.jpg");
    touch("dogs/c.png");
    touch("dogs/d.heic");
    touch("dogs/e.gif");
    assertEquals(
        "not read: 1 folder inside class folders (e.g. cats/2019/): only the images directly in"
            + " a class folder are read; move the images up to use them; 2 files in class folders"
            + " without an image extension (e.g. dogs/d.heic; read are bmp, jpeg, jpg, png, tif,"
            + " tiff, webp): convert them to use them",
        Planner.unreadInClassFolders(ImageDataset.scan(dir)));
  }

  @Test
  void hiddenFilesAndFilesBesideTheClassFoldersGoUnmentioned() throws Exception {
    touch("cats/a.jpg");
    touch("cats/.DS_Store");
    touch("dogs/c.png");
    touch("LICENSE.txt");
    assertNull(Planner.unreadInClassFolders(ImageDataset.scan(dir)));
  }
}
