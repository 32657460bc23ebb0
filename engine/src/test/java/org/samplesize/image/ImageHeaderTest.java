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

  @Test
  void readsTheExifOrientationOfJpegAndPngAndIgnoresInvalidOnes() throws Exception {
    byte[] jpeg =
        Files.readAllBytes(
            TestImages.write(TestImages.gradient(9, 7), "jpg", dir.resolve("o.jpg")));
    assertEquals(1, ImageHeader.parse(ByteBuffer.wrap(jpeg)).orientation(), "no EXIF: as stored");
    for (int o = 1; o <= 8; o++) {
      ImageHeader h =
          ImageHeader.parse(ByteBuffer.wrap(TestImages.withExifOrientation(jpeg, o, o % 2 == 0)));
      assertEquals(o, h.orientation());
      assertEquals(9, h.width());
      assertFalse(h.truncated());
      assertEquals(o >= 5, h.transposes());
    }
    // Out of range (PIL ignores it too), or an IFD offset past the segment: as stored.
    assertEquals(
        1,
        ImageHeader.parse(ByteBuffer.wrap(TestImages.withExifOrientation(jpeg, 9, false)))
            .orientation());
    byte[] damaged = TestImages.withExifOrientation(jpeg, 6, false);
    damaged[2 + 2 + 2 + 6 + 4] = 0x7F; // the first IFD's offset, little-endian low byte
    assertEquals(1, ImageHeader.parse(ByteBuffer.wrap(damaged)).orientation());

    // PNG: an eXIf chunk (a bare TIFF structure) before IDAT.
    byte[] png =
        Files.readAllBytes(
            TestImages.write(TestImages.gradient(9, 7), "png", dir.resolve("o.png")));
    ImageHeader h = ImageHeader.parse(ByteBuffer.wrap(TestImages.pngWithExifOrientation(png, 3)));
    assertEquals("png", h.format());
    assertEquals(3, h.orientation());
    assertFalse(h.truncated());
  }
}
