package org.samplesize.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.apache.commons.io.file.PathUtils;

/** Folder removal shared by the stages that stage or extract whole trees. */
public final class Folders {
  private Folders() {}

  /**
   * Removes a folder and everything under it (Commons IO), without following symbolic links: a link
   * inside the tree is removed, not what it points to. Nothing happens when {@code dir} does not
   * exist.
   *
   * @param dir the folder
   * @throws IOException when something under it cannot be removed
   */
  public static void deleteTree(Path dir) throws IOException {
    if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      PathUtils.delete(dir);
    }
  }
}
