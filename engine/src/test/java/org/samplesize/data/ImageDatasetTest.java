package org.samplesize.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.InvalidInputException;
import org.samplesize.SharedData;

class ImageDatasetTest {
  @TempDir Path root;

  private void touch(String rel) throws Exception {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.write(p, new byte[] {1});
  }

  @Test
  void scansSortedClassesAndFilesAndCountsWhatItIgnores() throws Exception {
    touch("tulips/b.JPG");
    touch("tulips/a.png");
    touch("daisy/z.jpeg");
    touch("daisy/.DS_Store");
    touch("daisy/notes.txt");
    touch("daisy/sub/x.jpg");
    touch(".hidden/q.jpg");
    touch("LICENSE.txt");
    ImageDataset ds = ImageDataset.scan(root);
    assertEquals(List.of("daisy", "tulips"), ds.classes());
    assertEquals(
        List.of("daisy/z.jpeg", "tulips/a.png", "tulips/b.JPG"),
        ds.images().stream().map(ImageEntry::relativeName).toList());
    assertArrayEquals(new int[] {0, 1, 1}, ds.labels());
    assertArrayEquals(new int[] {1, 2}, ds.classCounts());
    assertEquals(
        Map.of(
            "hidden file", 1,
            "hidden folder", 1,
            "not an image (file extension)", 1,
            "folder inside a class folder", 1,
            "file outside a class folder", 1),
        ds.ignored());
  }

  @Test
  void fewerThanTwoClassesOrAnEmptyClassIsAUserError() throws Exception {
    touch("only/a.jpg");
    InvalidInputException one =
        assertThrows(InvalidInputException.class, () -> ImageDataset.scan(root));
    assertTrue(one.getMessage().contains("need at least 2"), one.getMessage());
    Files.createDirectories(root.resolve("empty"));
    touch("empty/readme.txt");
    InvalidInputException empty =
        assertThrows(InvalidInputException.class, () -> ImageDataset.scan(root));
    assertTrue(
        empty.getMessage().contains("empty") && empty.getMessage().contains("holds no image"));
    assertThrows(InvalidInputException.class, () -> ImageDataset.scan(root.resolve("nope")));
  }

  @Test
  void classFoldersThatDifferOnlyInCaseAreRefusedBeforeAnyWork() throws Exception {
    touch("Roses/a.jpg");
    touch("roses/b.jpg");
    touch("tulips/c.jpg");
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> ImageDataset.scan(root));
    assertTrue(
        e.getMessage().contains("class folders 'Roses' and 'roses'")
            && e.getMessage().contains("differ only in case"),
        e.getMessage());
  }

  @Test
  void classFoldersThatAreOneNameInTwoUnicodeFormsAreRefusedShowingTheDifference()
      throws Exception {
    touch("caf\u00e9/a.jpg"); // NFC
    touch("cafe\u0301/b.jpg"); // NFD: prints as the same name
    touch("tulips/c.jpg");
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> ImageDataset.scan(root));
    assertTrue(
        e.getMessage().contains("class folders 'cafe\\u0301' and 'caf\\u00E9'")
            && e.getMessage().contains("encoded in two ways (Unicode NFC and NFD)")
            && e.getMessage().endsWith("rename one, or merge them if they are one class"),
        e.getMessage());
  }

  @Test
  void aClassFolderGivenAsTheDataSetIsToldToGiveItsParent() throws Exception {
    touch("daisy/a.jpg");
    touch("daisy/b.png");
    touch("tulips/c.jpg");
    Path daisy = root.resolve("daisy");
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> ImageDataset.scan(daisy));
    assertTrue(
        e.getMessage()
            .endsWith(
                "(it holds 2 image(s) itself, as one class folder does: give the folder that"
                    + " holds the class folders, e.g. "
                    + root.toAbsolutePath()
                    + ")"),
        e.getMessage());
  }

  @Test
  void aDataSetFolderGivenOneLevelTooHighIsToldToGiveTheFolderThatHoldsTheClasses()
      throws Exception {
    touch("photos/daisy/a.jpg");
    touch("photos/tulips/b.jpg");
    Path photos = root.resolve("photos");
    InvalidInputException one =
        assertThrows(InvalidInputException.class, () -> ImageDataset.scan(root));
    assertTrue(
        one.getMessage()
            .endsWith(
                "(its folder 'photos' holds 2 folders of images (daisy, tulips), as a data set"
                    + " folder does: if those are the classes, give that folder itself, "
                    + photos.toAbsolutePath()
                    + ")"),
        one.getMessage());
    // Beside another data set folder, the first is read as a class folder holding no image.
    touch("other/roses/c.jpg");
    touch("other/sunflowers/d.jpg");
    InvalidInputException two =
        assertThrows(InvalidInputException.class, () -> ImageDataset.scan(root));
    assertTrue(
        two.getMessage()
            .contains(
                "holds no image (extensions [bmp, jpeg, jpg, png, tif, tiff, webp]), but 2 folders"
                    + " of images (roses, sunflowers), as a data set folder does: if those are the"
                    + " classes, give that folder itself, "
                    + root.resolve("other").toAbsolutePath()
                    + "; otherwise add images or remove it"),
        two.getMessage());
  }

  /** tf_flowers given one level too high: its five classes are named, not four and "1 more". */
  @Test
  void fiveFoldersOfImagesOneLevelTooHighAreAllNamedAndSixAreNot() throws Exception {
    for (String c : List.of("daisy", "dandelion", "roses", "sunflowers", "tulips")) {
      touch("flower_photos/" + c + "/a.jpg");
    }
    InvalidInputException five =
        assertThrows(InvalidInputException.class, () -> ImageDataset.scan(root));
    assertTrue(
        five.getMessage()
            .contains(
                "holds 5 folders of images (daisy, dandelion, roses, sunflowers, tulips), as a"),
        five.getMessage());
    touch("flower_photos/violets/a.jpg");
    InvalidInputException six =
        assertThrows(InvalidInputException.class, () -> ImageDataset.scan(root));
    assertTrue(
        six.getMessage()
            .contains("holds 6 folders of images (daisy, dandelion, roses, sunflowers and 2 more)"),
        six.getMessage());
  }

  @Test
  void aClassFolderWhoseImagesSitInOneFolderInsideIsToldToMoveThemUp() throws Exception {
    touch("daisy/a.jpg");
    touch("tulips/2024/b.jpg");
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> ImageDataset.scan(root));
    assertTrue(
        e.getMessage()
            .endsWith(
                "; its folder '2024' holds images, but only those directly in a class folder are"
                    + " read: move them up, or remove the folder"),
        e.getMessage());
  }

  @Test
  void aNameThatDidNotDecodeIsAUserErrorNamingIt() throws Exception {
    // Under LC_ALL=C Java decodes file names as ASCII: "rosés" lists as "ros\uFFFD\uFFFDs", which
    // cannot be resolved again (an internal error), and "é.jpg" and "è.jpg" both read as
    // "\uFFFD\uFFFD.jpg" (a false duplicate warning). Here the name holds U+FFFD itself.
    org.junit.jupiter.api.Assumptions.assumeTrue(
        "UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding")),
        "needs a UTF-8 locale to write a name holding U+FFFD");
    touch("daisy/a.jpg");
    touch("ros\uFFFDs/b.jpg");
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> ImageDataset.scan(root));
    assertTrue(
        e.getMessage().startsWith(root.resolve("ros\uFFFDs") + ": the name does not decode")
            && e.getMessage().contains("LC_ALL=C.UTF-8"),
        e.getMessage());
    Files.delete(root.resolve("ros\uFFFDs/b.jpg"));
    Files.delete(root.resolve("ros\uFFFDs"));
    touch("roses/\uFFFD.jpg");
    e = assertThrows(InvalidInputException.class, () -> ImageDataset.scan(root));
    assertTrue(
        e.getMessage().startsWith(root.resolve("roses/\uFFFD.jpg") + ": the name does not"),
        e.getMessage());
  }

  @Test
  void aClassFolderThatCannotBeListedIsAUserErrorNamingIt() throws Exception {
    touch("daisy/a.jpg");
    touch("tulips/b.jpg");
    Path tulips = root.resolve("tulips");
    ImageDataset.Lister refusing =
        dir -> {
          if (dir.equals(tulips)) {
            throw new java.nio.file.AccessDeniedException(dir.toString());
          }
          try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            return s.toList();
          }
        };
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> ImageDataset.scan(root, refusing));
    assertTrue(
        e.getMessage()
                .startsWith("class folder " + tulips + " cannot be listed (permission denied)")
            && e.getMessage().contains("chmod"),
        e.getMessage());
    ImageDataset.Lister refusingRoot =
        dir -> {
          throw new java.nio.file.AccessDeniedException(dir.toString());
        };
    InvalidInputException r =
        assertThrows(InvalidInputException.class, () -> ImageDataset.scan(root, refusingRoot));
    assertTrue(r.getMessage().startsWith("data set folder " + root), r.getMessage());
  }

  @Test
  void aClassFolderWithoutReadPermissionIsAUserError() throws Exception {
    // Root reads every folder whatever its permissions; the seam test above covers that case.
    org.junit.jupiter.api.Assumptions.assumeFalse(
        "root".equals(System.getProperty("user.name")), "permissions do not bind root");
    touch("daisy/a.jpg");
    touch("tulips/b.jpg");
    Path tulips = root.resolve("tulips");
    Files.setPosixFilePermissions(tulips, java.util.Set.of());
    try {
      InvalidInputException e =
          assertThrows(InvalidInputException.class, () -> ImageDataset.scan(root));
      assertTrue(e.getMessage().contains("class folder " + tulips), e.getMessage());
    } finally {
      Files.setPosixFilePermissions(
          tulips, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    }
  }

  @Test
  void flowersHaveTheCanonicalCounts() {
    ImageDataset ds = ImageDataset.scan(SharedData.flowers());
    assertEquals(List.of("daisy", "dandelion", "roses", "sunflowers", "tulips"), ds.classes());
    assertArrayEquals(new int[] {633, 898, 641, 699, 799}, ds.classCounts());
    assertEquals(3670, ds.images().size());
    assertEquals(Map.of("file outside a class folder", 1), ds.ignored());
  }
}
