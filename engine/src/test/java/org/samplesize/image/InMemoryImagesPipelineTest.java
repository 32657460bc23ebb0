package org.samplesize.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.data.InMemoryImages;

/**
 * Pixels held in memory go through the same resize, augmentation and normalisation as a decoded
 * file of the same pixels: a grey 28×28 image gives the same numbers from memory as from a grey
 * PNG.
 */
class InMemoryImagesPipelineTest {
  @TempDir Path dir;

  /** Grey 28×28 images with a different pattern each. */
  private static byte[] grey(int i) {
    byte[] b = new byte[28 * 28];
    for (int p = 0; p < b.length; p++) {
      int x = p % 28;
      int y = p / 28;
      b[p] = (byte) ((x * 9 + y * (3 + i) + 40 * i) % 256);
    }
    return b;
  }

  /** Images {@code DIR/m#i}, counting name lookups. */
  private static final class Memory implements InMemoryImages {
    int lookups;

    @Override
    public synchronized Raster raster(Path name) {
      lookups++;
      String s = name.getFileName().toString();
      return new Raster(28, 28, 1, grey(Integer.parseInt(s.substring(s.indexOf('#') + 1))));
    }

    @Override
    public String contentKey(Path name) {
      return name.getFileName().toString();
    }
  }

  private float[] run(List<ImageRequest> reqs, Preprocessing pre) throws Exception {
    float[] all = new float[reqs.size() * pre.floatsPerImage()];
    try (ImagePipeline p = new ImagePipeline(pre, Augmentation.recipe(), 2, 7);
        BatchStream s = p.stream(reqs, 3)) {
      int off = 0;
      while (s.hasNext()) {
        ImageBatch b = s.next();
        assertEquals(List.of(), b.skipped());
        int n = b.data().remaining();
        b.data().get(all, off, n);
        off += n;
        b.release();
      }
      assertEquals(all.length, off);
    }
    return all;
  }

  @Test
  void greyPixelsFromMemoryGiveTheNumbersOfTheSameGreyPng() throws Exception {
    Memory memory = new Memory();
    List<ImageRequest> fromFiles = new ArrayList<>();
    List<ImageRequest> fromMemory = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
      img.getRaster().setDataElements(0, 0, 28, 28, grey(i));
      Path png = TestImages.write(img, "png", dir.resolve("g" + i + ".png"));
      boolean augment = i % 2 == 0; // augmented and clean views alike
      fromFiles.add(new ImageRequest(png, i, i % 3, augment));
      fromMemory.add(new ImageRequest(dir.resolve("m#" + i), i, i % 3, augment, memory));
    }
    for (Preprocessing pre :
        List.of(
            Preprocessing.zooCenterCrop224(),
            new Preprocessing(
                ResizeMode.SQUASH,
                96,
                96,
                8,
                1f / 127.5f,
                new float[] {1, 1, 1},
                new float[] {1, 1, 1},
                Layout.NCHW))) {
      float[] a = run(fromFiles, pre);
      float[] b = run(fromMemory, pre);
      assertArrayEquals(a, b, pre.resize() + " " + pre.width());
      assertFalse(allEqual(b), "the images are not blank");
    }
    assertEquals(10, memory.lookups, "each request read once from memory, no file opened");
  }

  private static boolean allEqual(float[] v) {
    for (float x : v) {
      if (x != v[0]) {
        return false;
      }
    }
    return true;
  }
}
