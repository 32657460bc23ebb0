package org.samplesize.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.SharedData;
import org.samplesize.data.ImageDataset;

class DatasetInspectionTest {
  @TempDir Path dir;

  @Test
  void imagesWithANonTrivialExifOrientationAreCounted() throws Exception {
    byte[] jpeg =
        Files.readAllBytes(
            TestImages.write(TestImages.gradient(8, 6), "jpg", dir.resolve("a/plain.jpg")));
    Files.write(dir.resolve("a/one.jpg"), TestImages.withExifOrientation(jpeg, 1, false));
    Files.createDirectories(dir.resolve("b"));
    Files.write(dir.resolve("b/six.jpg"), TestImages.withExifOrientation(jpeg, 6, false));
    Files.write(dir.resolve("b/eight.jpg"), TestImages.withExifOrientation(jpeg, 8, true));
    DatasetInspection r = DatasetInspection.inspect(ImageDataset.scan(dir), 1, 1000, null);
    assertEquals(4, r.readable());
    assertEquals(2, r.exifOriented());
  }

  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aFifoALinkToDevZeroAndADanglingLinkAreReportedNotRead() throws Exception {
    assumeTrue(Files.exists(Path.of("/dev/zero")), "skipped: no /dev/zero");
    for (String cls : new String[] {"a", "b"}) {
      for (int i = 0; i < 2; i++) {
        TestImages.write(TestImages.gradient(6, 5), "png", dir.resolve(cls + "/ok" + i + ".png"));
      }
    }
    TestImages.fifo(dir.resolve("a/pipe.jpg"));
    Files.createSymbolicLink(dir.resolve("b/zero.jpg"), Path.of("/dev/zero"));
    Files.createSymbolicLink(dir.resolve("b/gone.jpg"), dir.resolve("b/nowhere.jpg"));

    DatasetInspection r = DatasetInspection.inspect(ImageDataset.scan(dir), 2, 1000, null);
    assertEquals(7, r.images());
    assertEquals(4, r.readable());
    Map<String, String> why =
        r.unreadable().stream()
            .collect(
                Collectors.toMap(
                    DatasetInspection.Unreadable::file, DatasetInspection.Unreadable::reason));
    assertTrue(why.get("a/pipe.jpg").contains("FIFO"), why.toString());
    assertTrue(why.get("b/zero.jpg").contains("character device"), why.toString());
    assertTrue(why.get("b/gone.jpg").contains("dangling symbolic link"), why.toString());
  }

  @Test
  void anImageTooElongatedForTheCentreCropIsReportedAsRunWouldSkipIt() throws Exception {
    // 40,000 x 1 pixels decodes (a few hundred bytes as a PNG), but resizing its short side to 256
    // makes 10,240,000 x 256 pixels: run skips it, so inspect says so, whatever --max-pixels.
    TestImages.write(TestImages.gradient(6, 5), "png", dir.resolve("a/ok.png"));
    TestImages.write(TestImages.gradient(6, 5), "png", dir.resolve("b/ok.png"));
    TestImages.write(TestImages.gradient(40_000, 1), "png", dir.resolve("b/thin.png"));
    DatasetInspection r =
        DatasetInspection.inspect(ImageDataset.scan(dir), 1, 1_000_000_000L, null);
    assertEquals(3, r.images());
    assertEquals(2, r.readable());
    assertEquals(1, r.unreadable().size());
    assertEquals("b/thin.png", r.unreadable().get(0).file());
    assertEquals(
        "decodes, but run skips it under the built-in backbones' centre crop: extreme shape"
            + " 40000x1: resizing its short side to 256 px before the centre crop would make a"
            + " 10240000x256 image, above the cap of 100000000 pixels; crop it to a less elongated"
            + " shape, or remove it",
        r.unreadable().get(0).reason());
    assertEquals(List.of(1, 1), r.classes().stream().map(c -> c.readable()).toList());
    assertEquals(6, r.width().max(), "its size is not in the readable images' statistics");
  }

  @Test
  void flowersDecodeFullyAndShowTheKnownDuplicates() {
    ImageDataset ds = ImageDataset.scan(SharedData.flowers());
    DatasetInspection r = DatasetInspection.inspect(ds, 2, ImageDecoder.DEFAULT_MAX_PIXELS, null);
    assertEquals(3670, r.images());
    assertEquals(3670, r.readable(), () -> r.unreadable().toString());
    assertEquals(3, r.duplicates().size());
    assertEquals(1, r.crossLabelDuplicates());
    DatasetInspection.Duplicate cross =
        r.duplicates().stream().filter(DatasetInspection.Duplicate::crossLabel).findFirst().get();
    assertEquals(
        List.of("roses/15922772266_1167a06620.jpg", "tulips/15922772266_1167a06620.jpg"),
        cross.files());
    assertEquals(
        List.of(
            List.of(
                "sunflowers/14889392928_9742aed45b_m.jpg",
                "sunflowers/15066430311_fb57fa92b0_m.jpg"),
            List.of(
                "sunflowers/15069459615_7e0fd61914_n.jpg",
                "sunflowers/15072973261_73e2912ef2_n.jpg")),
        r.duplicates().stream().filter(d -> !d.crossLabel()).map(d -> d.files()).toList());
  }

  /**
   * Fashion-MNIST is inspected from its IDX files by its pixels: a test image identical to a
   * training image, and the same image under two labels, are reported as copies (the folder
   * inspection hashes file bytes, which IDX images do not have).
   */
  @Test
  void idxImagesAreInspectedByTheirPixels() throws Exception {
    java.util.Map<String, byte[]> files = org.samplesize.data.TestIdx.fashionLike(2, 1, 7);
    byte[] train = files.get(org.samplesize.data.FashionMnist.TRAIN_IMAGES);
    byte[] test = files.get(org.samplesize.data.FashionMnist.TEST_IMAGES);
    // test image 3 (label 3) = training image 3 (label 3); training image 14 (label 4) = 0 (label
    // 0)
    System.arraycopy(train, 16 + 3 * 784, test, 16 + 3 * 784, 784);
    System.arraycopy(train, 16, train, 16 + 14 * 784, 784);
    org.samplesize.data.FashionMnist.Source src = org.samplesize.data.TestIdx.mirror(dir, files, 6);
    org.samplesize.data.FashionMnist.Loaded l =
        org.samplesize.data.FashionMnist.load(
            dir.resolve(org.samplesize.data.FashionMnist.MIRROR_FOLDER), src);
    DatasetInspection r = DatasetInspection.inspect(l.dataset(), l.images(), 2, null);
    assertEquals(30, r.images());
    assertEquals(30, r.readable());
    assertEquals(Map.of("idx", 30), r.formats());
    assertEquals(Map.of("1", 30), r.channels());
    assertEquals(28, r.width().max());
    assertEquals(3, r.classes().get(0).images());
    assertEquals(
        List.of(
            List.of("train/00000000", "train/00000014"),
            List.of("train/00000003", "test/00000003")),
        r.duplicates().stream().map(DatasetInspection.Duplicate::files).toList());
    assertEquals(1, r.crossLabelDuplicates());
  }
}
