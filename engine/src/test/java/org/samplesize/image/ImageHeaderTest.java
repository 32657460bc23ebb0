package org.samplesize.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageHeaderTest {
  @TempDir Path dir;

  private ImageHeader header(Path p) throws Exception {
    return ImageHeader.parse(ByteBuffer.wrap(Files.readAllBytes(p)));
  }

  @Test
  void readsTheSizeOfEveryFormatImageIoWrites() throws Exception {
    for (String format : new String[] {"png", "jpg", "bmp", "tiff"}) {
      Path p = TestImages.write(TestImages.gradient(37, 23), format, dir.resolve("g." + format));
      ImageHeader h = header(p);
      assertEquals(37, h.width(), format);
      assertEquals(23, h.height(), format);
      assertFalse(h.truncated(), format);
      try (ImageDecoder d = new ImageDecoder()) {
        DecodedImage img = d.decode(p);
        assertEquals(37, img.width(), format);
        assertEquals(23, img.height(), format);
      }
    }
  }

  @Test
  void recognisesFormatsByContentNotByName() throws Exception {
    Path png = TestImages.write(TestImages.gradient(5, 4), "png", dir.resolve("really-a-png.jpg"));
    assertEquals("png", header(png).format());
    assertEquals("unknown", ImageHeader.parse(ByteBuffer.wrap("hello".getBytes())).format());
    Path jpg = TestImages.write(TestImages.gradient(64, 48), "jpg", dir.resolve("g.jpg"));
    byte[] b = Files.readAllBytes(jpg);
    ImageHeader cut = ImageHeader.parse(ByteBuffer.wrap(Arrays.copyOf(b, b.length - 2)));
    assertTrue(cut.truncated());
    assertEquals(64, cut.width(), "the size is still read from the intact header");
    ImageHeader headerOnly = ImageHeader.parse(ByteBuffer.wrap(Arrays.copyOf(b, 4)));
    assertTrue(headerOnly.truncated());
    assertFalse(headerOnly.hasSize());
  }
}
