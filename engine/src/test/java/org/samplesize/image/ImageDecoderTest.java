package org.samplesize.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.SharedData;

class ImageDecoderTest {
  @TempDir Path dir;
  ImageDecoder decoder;

  @BeforeEach
  void open() {
    decoder = new ImageDecoder(1_000_000);
  }

  @AfterEach
  void close() {
    decoder.close();
  }

  @Test
  void aFloatTiffIsRefusedNamingItsSampleTypeInWords() throws Exception {
    // A 32-bit float TIFF (as scientific and HDR tools write) decodes in OpenCV as depth 5.
    Path p = dir.resolve("f32.tif");
    try (org.bytedeco.opencv.opencv_core.Mat m =
        new org.bytedeco.opencv.opencv_core.Mat(
            4,
            6,
            org.bytedeco.opencv.global.opencv_core.CV_32FC3,
            new org.bytedeco.opencv.opencv_core.Scalar(0.5))) {
      assertTrue(org.bytedeco.opencv.global.opencv_imgcodecs.imwrite(p.toString(), m));
    }
    BadImageException e = assertThrows(BadImageException.class, () -> decoder.decode(p));
    assertEquals(
        "unsupported sample type: 32-bit floating-point samples (OpenCV depth 5); save it with 8-"
            + " or 16-bit unsigned integer samples (an 8-bit PNG, say)",
        e.reason());
  }

  @Test
  void pngDecodesToTheExactRgbPixels() throws Exception {
    BufferedImage img = TestImages.gradient(7, 5);
    Path p = TestImages.write(img, "png", dir.resolve("g.png"));
    DecodedImage d = decoder.decode(p);
    assertEquals(7, d.width());
    assertEquals(5, d.height());
    assertEquals(3, d.sourceChannels());
    for (int y = 0; y < 5; y++) {
      for (int x = 0; x < 7; x++) {
        int rgb = img.getRGB(x, y);
        assertEquals((rgb >> 16) & 0xFF, d.get(x, y, 0));
        assertEquals((rgb >> 8) & 0xFF, d.get(x, y, 1));
        assertEquals(rgb & 0xFF, d.get(x, y, 2));
      }
    }
  }

  @Test
  void greyscaleBecomesThreeEqualChannels() throws Exception {
    BufferedImage img = new BufferedImage(4, 3, BufferedImage.TYPE_BYTE_GRAY);
    img.getRaster().setSample(2, 1, 0, 200);
    DecodedImage d = decoder.decode(TestImages.write(img, "png", dir.resolve("grey.png")));
    assertEquals(1, d.sourceChannels());
    assertEquals(200, d.get(2, 1, 0));
    assertEquals(200, d.get(2, 1, 1));
    assertEquals(200, d.get(2, 1, 2));
    assertEquals(0, d.get(0, 0, 1));
  }

  @Test
  void sixteenBitGreyIsScaledToEightBits() throws Exception {
    BufferedImage img = new BufferedImage(2, 2, BufferedImage.TYPE_USHORT_GRAY);
    img.getRaster().setSample(1, 0, 0, 65535);
    img.getRaster().setSample(0, 1, 0, 257 * 100);
    DecodedImage d = decoder.decode(TestImages.write(img, "png", dir.resolve("g16.png")));
    assertEquals(255, d.get(1, 0, 0));
    assertEquals(100, d.get(0, 1, 2));
  }

  @Test
  void alphaIsCompositedOnBlack() throws Exception {
    BufferedImage img = new BufferedImage(3, 1, BufferedImage.TYPE_INT_ARGB);
    img.setRGB(0, 0, 0xFF_C8_64_32); // opaque (200, 100, 50)
    img.setRGB(1, 0, 0x80_C8_64_32); // alpha 128
    img.setRGB(2, 0, 0x00_FF_FF_FF); // transparent white
    DecodedImage d = decoder.decode(TestImages.write(img, "png", dir.resolve("a.png")));
    assertEquals(4, d.sourceChannels());
    assertEquals(200, d.get(0, 0, 0));
    assertEquals(50, d.get(0, 0, 2));
    assertEquals(Math.round(200 * 128 / 255.0), d.get(1, 0, 0), 1);
    assertEquals(Math.round(100 * 128 / 255.0), d.get(1, 0, 1), 1);
    assertEquals(0, d.get(2, 0, 0));
    assertEquals(0, d.get(2, 0, 1));
  }

  @Test
  void cmykJpegIsConverted() throws Exception {
    // cmyk.jpg: 16x12, left half CMYK (255,255,0,0) = blue, right half (0,255,255,0) = red (PIL).
    Path p = dir.resolve("cmyk.jpg");
    try (InputStream in = getClass().getResourceAsStream("cmyk.jpg")) {
      Files.copy(in, p);
    }
    DecodedImage d = decoder.decode(p);
    assertEquals(16, d.width());
    assertTrue(d.get(2, 5, 2) > 240 && d.get(2, 5, 0) < 15, "blue on the left");
    assertTrue(d.get(13, 5, 0) > 240 && d.get(13, 5, 2) < 15, "red on the right");
  }

  @Test
  void jpegDecodesCloseToTheSource() throws Exception {
    BufferedImage img = TestImages.rgb(16, 16, (x, y) -> new int[] {180, 90, 30});
    DecodedImage d = decoder.decode(TestImages.write(img, "jpg", dir.resolve("c.jpg")));
    assertEquals(180, d.get(8, 8, 0), 4);
    assertEquals(90, d.get(8, 8, 1), 4);
    assertEquals(30, d.get(8, 8, 2), 4);
  }

  @Test
  void badFilesAreRejectedWithAReason() throws Exception {
    Path empty = Files.createFile(dir.resolve("empty.jpg"));
    assertReason(empty, "empty file");

    Path text = Files.writeString(dir.resolve("text.jpg"), "this is not an image at all");
    assertReason(text, "not an image");

    Path jpg = TestImages.write(TestImages.gradient(64, 64), "jpg", dir.resolve("full.jpg"));
    byte[] bytes = Files.readAllBytes(jpg);
    Path cut = Files.write(dir.resolve("cut.jpg"), Arrays.copyOf(bytes, bytes.length / 2));
    assertReason(cut, "truncated JPEG");

    Path png = TestImages.write(TestImages.gradient(64, 64), "png", dir.resolve("full.png"));
    byte[] pngBytes = Files.readAllBytes(png);
    Path cutPng =
        Files.write(dir.resolve("cut.png"), Arrays.copyOf(pngBytes, pngBytes.length - 20));
    assertReason(cutPng, "truncated PNG");

    byte[] gif = {'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0, 0, 0, 0, 0x3B};
    assertReason(Files.write(dir.resolve("x.png"), gif), "unsupported format GIF");

    assertReason(dir.resolve("missing.png"), "file not found");
  }

  @Test
  void absurdDimensionsAreRejectedFromTheHeaderBeforeDecoding() throws Exception {
    // A valid PNG signature and IHDR claiming 100000 x 100000 pixels, then nothing: the cap must
    // reject it from the header (decoding would need 30 GB).
    ByteBuffer b = ByteBuffer.allocate(8 + 25 + 12);
    b.putLong(0x89504E470D0A1A0AL);
    b.putInt(13).putInt(0x49484452).putInt(100_000).putInt(100_000);
    b.put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
    CRC32 crc = new CRC32();
    crc.update(b.array(), 12, 17);
    b.putInt((int) crc.getValue());
    b.putInt(0).putInt(0x49454E44).putInt(0xAE426082);
    Path bomb = Files.write(dir.resolve("bomb.png"), b.array());
    assertReason(bomb, "absurd dimensions 100000x100000");
  }

  @Test
  void unreadableFileIsRejected() throws Exception {
    Path p = TestImages.write(TestImages.gradient(4, 4), "png", dir.resolve("locked.png"));
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("---------"));
    assumeFalse(Files.isReadable(p), "skipped: running as root, permissions do not stop reads");
    assertReason(p, "permission denied");
  }

  @Test
  void aFileTheDecoderRefusesAfterAGoodOneDoesNotGetItsPixels() throws Exception {
    Path good = TestImages.write(TestImages.gradient(8, 6), "bmp", dir.resolve("good.bmp"));
    byte[] b = Files.readAllBytes(good);
    b[28] = 7; // 7 bits per pixel: the header check passes, OpenCV's BMP reader refuses it
    Path bad = Files.write(dir.resolve("bad.bmp"), b);
    assertEquals(8, decoder.decode(good).width());
    BadImageException e = assertThrows(BadImageException.class, () -> decoder.decode(bad));
    assertTrue(e.reason().contains("could not decode"), e.reason());
  }

  @Test
  void aFileTheDecoderGivesUpOnPartwayIsRefusedNotHalfDecoded() throws Exception {
    // OpenCV fills the destination as far as it got and leaves the rest uninitialised; only
    // imdecode's returned matrix says it failed. The header check cannot see these: a BMP has no
    // end marker, and a PNG whose compressed stream is corrupt still ends with IEND.
    byte[] bmp =
        Files.readAllBytes(
            TestImages.write(TestImages.gradient(64, 48), "bmp", dir.resolve("full.bmp")));
    Path cutBmp = Files.write(dir.resolve("cut.bmp"), Arrays.copyOf(bmp, bmp.length / 2));
    assertReason(cutBmp, "corrupt or cut-short BMP data: OpenCV stopped partway");

    byte[] png =
        Files.readAllBytes(
            TestImages.write(TestImages.gradient(64, 48), "png", dir.resolve("full.png")));
    int idat = indexOf(png, new byte[] {'I', 'D', 'A', 'T'});
    int length = ByteBuffer.wrap(png, idat - 4, 4).getInt();
    byte[] corrupt = png.clone();
    // Past the zlib header, every data byte flipped: the stream breaks, the chunk layout stays.
    for (int i = idat + 4 + 2; i < idat + 4 + length; i++) {
      corrupt[i] ^= 0x55;
    }
    assertReason(
        Files.write(dir.resolve("corrupt.png"), corrupt),
        "corrupt or cut-short PNG data: OpenCV stopped partway");
    // The decoder still works for the next file.
    assertEquals(64, decoder.decode(dir.resolve("full.png")).width());
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new IllegalArgumentException("not found");
  }

  @Test
  void useAfterCloseFails() throws IOException {
    Path p = TestImages.write(TestImages.gradient(4, 4), "png", dir.resolve("g.png"));
    decoder.close();
    decoder.close();
    assertThrows(IllegalStateException.class, () -> decoder.decode(p));
  }

  @Test
  void theFourGreyProfileFlowersDecode() throws Exception {
    Path flowers = SharedData.flowers();
    for (String name :
        new String[] {
          "daisy/3084924076_4d5c5711af_m.jpg",
          "dandelion/4633514720_22e82c5f7c_m.jpg",
          "dandelion/4633792226_80f89c89ec_m.jpg",
          "roses/13342823005_16d3df58df_n.jpg"
        }) {
      try (ImageDecoder d = new ImageDecoder()) {
        DecodedImage img = d.decode(flowers.resolve(name));
        assertTrue(img.width() > 100 && img.height() > 100, name);
        assertEquals(3, img.sourceChannels(), name);
      }
    }
  }

  private void assertReason(Path p, String expected) {
    BadImageException e = assertThrows(BadImageException.class, () -> decoder.decode(p));
    assertTrue(e.reason().contains(expected), p + ": " + e.reason());
  }

  @Test
  void theFileBufferShrinksBackAfterAnUnusuallyLargeFile() throws Exception {
    byte[] junk = new byte[ImageDecoder.MAX_RETAINED_FILE_BYTES + (4 << 20)];
    java.nio.file.Path big = java.nio.file.Files.write(dir.resolve("huge.png"), junk);
    org.junit.jupiter.api.Assertions.assertThrows(
        BadImageException.class, () -> decoder.decode(big));
    org.junit.jupiter.api.Assertions.assertTrue(
        decoder.fileBufferCapacity() <= ImageDecoder.MAX_RETAINED_FILE_BYTES,
        "retained " + decoder.fileBufferCapacity() + " bytes");
    java.nio.file.Path ok =
        TestImages.write(TestImages.gradient(9, 7), "png", dir.resolve("ok.png"));
    org.junit.jupiter.api.Assertions.assertEquals(9, decoder.decode(ok).width());
  }

  @Test
  void exifOrientationIsIgnoredByDefaultAndAppliedAsPilDoesWhenAskedFor() throws Exception {
    // A non-square picture with a different colour in each corner, so every turn and mirror shows.
    BufferedImage img =
        TestImages.rgb(
            40, 24, (x, y) -> new int[] {x * 6, y * 10, (x < 20 ? 200 : 40) + (y < 12 ? 50 : 0)});
    byte[] plain = Files.readAllBytes(TestImages.write(img, "jpg", dir.resolve("plain.jpg")));
    DecodedImage stored = decoder.decode(dir.resolve("plain.jpg"));
    Preprocessing off = Preprocessing.kerasSquash224();
    Preprocessing on = off.withExifOrientation(true);
    for (int o = 1; o <= 8; o++) {
      for (boolean bigEndian : new boolean[] {false, true}) {
        Path p =
            Files.write(
                dir.resolve("o" + o + (bigEndian ? "mm" : "ii") + ".jpg"),
                TestImages.withExifOrientation(plain, o, bigEndian));
        String what = "orientation " + o + (bigEndian ? " (MM)" : " (II)");
        assertEquals(o, decoder.check(p).orientation(), what);
        assertEquals(o, decoder.probe(p).orientation(), what);
        // Default: as stored, as tf.io.decode_jpeg; the same JPEG data decode to the same pixels.
        assertSame(stored, decoder.decode(p), what);
        assertSame(stored, rgbOf(decoder.decodeRgb(p, off)), what);
        assertSame(TestImages.exifTranspose(stored, o), rgbOf(decoder.decodeRgb(p, on)), what);
      }
    }
  }

  @Test
  void aReducedDecodeIsTurnedToo() throws Exception {
    BufferedImage img = TestImages.gradient(1200, 600);
    byte[] plain = Files.readAllBytes(TestImages.write(img, "jpg", dir.resolve("wide.jpg")));
    Path p = Files.write(dir.resolve("six.jpg"), TestImages.withExifOrientation(plain, 6, false));
    Preprocessing zoo = Preprocessing.zooCenterCrop224().withJpegDctScaling(true);
    try (ImageDecoder big = new ImageDecoder()) {
      DecodedImage reduced = rgbOf(big.decodeRgb(p, zoo));
      assertEquals(2, big.lastScaleDenominator(), "600 / 4 = 150 < 256: 1/2 is the most");
      DecodedImage turned = rgbOf(big.decodeRgb(p, zoo.withExifOrientation(true)));
      assertEquals(2, big.lastScaleDenominator());
      assertSame(TestImages.exifTranspose(reduced, 6), turned, "reduced, then turned");
    }
  }

  private static DecodedImage rgbOf(org.bytedeco.opencv.opencv_core.Mat m) {
    byte[] bytes = new byte[m.cols() * m.rows() * 3];
    m.data().get(bytes);
    return new DecodedImage(m.cols(), m.rows(), "jpeg", 3, bytes);
  }

  private static void assertSame(DecodedImage expected, DecodedImage actual, String what) {
    assertEquals(
        expected.width() + "x" + expected.height(), actual.width() + "x" + actual.height(), what);
    assertTrue(Arrays.equals(expected.rgb(), actual.rgb()), what + ": pixels differ");
  }

  @Test
  void dctScalingPicksTheLargestDenominatorWhoseOutputStillCoversTheResize() {
    Preprocessing zoo = Preprocessing.zooCenterCrop224().withJpegDctScaling(true);
    assertEquals(8, ImageDecoder.dctScaleDenominator(4032, 3024, zoo), "378 px short side");
    assertEquals(2, ImageDecoder.dctScaleDenominator(1200, 900, zoo), "1/4 = 225 px < 256");
    assertEquals(1, ImageDecoder.dctScaleDenominator(600, 450, zoo), "1/2 = 225 px < 256");
    // libjpeg rounds the reduced size up: ceil(2041 / 8) = 256, just enough.
    assertEquals(8, ImageDecoder.dctScaleDenominator(2041, 2041, zoo));
    assertEquals(4, ImageDecoder.dctScaleDenominator(2039, 2039, zoo));
    Preprocessing squash = Preprocessing.kerasSquash224().withJpegDctScaling(true);
    assertEquals(4, ImageDecoder.dctScaleDenominator(1000, 900, squash), "250x225 >= 224x224");
    assertEquals(1, ImageDecoder.dctScaleDenominator(3000, 300, squash), "1/2 = 150 px rows");
  }

  @Test
  void aReducedJpegDecodeIsCloseToTheFullDecodeResizedDown() throws Exception {
    int w = 1600;
    int h = 1200;
    BufferedImage img =
        TestImages.rgb(
            w,
            h,
            (x, y) ->
                new int[] {
                  (int) (127 + 100 * Math.sin(x / 37.0)),
                  (int) (127 + 100 * Math.cos(y / 23.0)),
                  (x + y) * 255 / (w + h)
                });
    Path p = TestImages.write(img, "jpg", dir.resolve("big.jpg"));
    Preprocessing zoo = Preprocessing.zooCenterCrop224().withJpegDctScaling(true);
    try (ImageDecoder big = new ImageDecoder();
        org.bytedeco.opencv.opencv_core.Mat area = new org.bytedeco.opencv.opencv_core.Mat();
        org.bytedeco.opencv.opencv_core.Size size =
            new org.bytedeco.opencv.opencv_core.Size(w / 4, h / 4)) {
      org.bytedeco.opencv.opencv_core.Mat full = big.decodeRgb(p);
      assertEquals(1, big.lastScaleDenominator());
      assertEquals(w, full.cols());
      org.bytedeco.opencv.global.opencv_imgproc.resize(
          full, area, size, 0, 0, org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA);
      org.bytedeco.opencv.opencv_core.Mat reduced = big.decodeRgb(p, zoo);
      assertEquals(4, big.lastScaleDenominator());
      assertEquals(w / 4, reduced.cols());
      assertEquals(h / 4, reduced.rows());
      byte[] a = new byte[w / 4 * (h / 4) * 3];
      byte[] b = new byte[a.length];
      area.data().get(a);
      reduced.data().get(b);
      double sum = 0;
      for (int i = 0; i < a.length; i++) {
        sum += Math.abs((a[i] & 0xFF) - (b[i] & 0xFF));
      }
      double meanAbs = sum / a.length;
      // Measured 0.45 levels: the same picture, not the same bits.
      assertTrue(meanAbs < 2.0, "mean |reduced - full+area| = " + meanAbs);
      assertTrue(meanAbs > 0, "a reduced decode cannot be bit-identical here");
      // Without the setting, or for a file that is no JPEG, the decode is full size.
      assertEquals(w, big.decodeRgb(p, zoo.withJpegDctScaling(false)).cols());
      Path png = TestImages.write(img, "png", dir.resolve("big.png"));
      assertEquals(w, big.decodeRgb(png, zoo).cols());
      assertEquals(1, big.lastScaleDenominator());
    }
  }
}
