package org.samplesize.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Only regular files of bounded size are read: a FIFO or a link to /dev/zero must not hang. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ImageFilesTest {
  @TempDir Path dir;

  @Test
  void aFifoAndALinkToDevZeroAreRefusedWithoutBeingRead() throws Exception {
    Path pipe = TestImages.fifo(dir.resolve("pipe.jpg"));
    assumeTrue(Files.exists(Path.of("/dev/zero")), "skipped: no /dev/zero");
    Path zero = Files.createSymbolicLink(dir.resolve("zero.jpg"), Path.of("/dev/zero"));

    BadImageException a = assertThrows(BadImageException.class, () -> ImageFiles.sha256(pipe));
    assertTrue(a.reason().contains("not a regular file but a FIFO"), a.reason());
    BadImageException b = assertThrows(BadImageException.class, () -> ImageFiles.sha256(zero));
    assertTrue(b.reason().contains("not a regular file but a character device"), b.reason());
    try (ImageDecoder d = new ImageDecoder()) {
      BadImageException c = assertThrows(BadImageException.class, () -> d.decode(pipe));
      assertTrue(c.reason().contains("FIFO"), c.reason());
      BadImageException z = assertThrows(BadImageException.class, () -> d.check(zero));
      assertTrue(z.reason().contains("character device"), z.reason());
    }
  }

  @Test
  void aDanglingLinkIsNamedAndALinkToARegularFileIsRead() throws Exception {
    Path gone = Files.createSymbolicLink(dir.resolve("gone.png"), dir.resolve("missing.png"));
    BadImageException e = assertThrows(BadImageException.class, () -> ImageFiles.sha256(gone));
    assertTrue(e.reason().startsWith("dangling symbolic link"), e.reason());

    // A link to itself (a loop): said so, without the JDK's class name and the path twice.
    Path loop = Files.createSymbolicLink(dir.resolve("loop.png"), dir.resolve("loop.png"));
    BadImageException l = assertThrows(BadImageException.class, () -> ImageFiles.sha256(loop));
    assertTrue(l.reason().startsWith("symbolic link that cannot be followed ("), l.reason());
    assertTrue(l.reason().endsWith("point it at the image file, or remove it"), l.reason());
    assertTrue(
        !l.reason().contains("Exception") && !l.reason().contains(dir.toString()), l.reason());

    Path real = TestImages.write(TestImages.gradient(5, 4), "png", dir.resolve("real.png"));
    Path link = Files.createSymbolicLink(dir.resolve("link.png"), real);
    assertEquals(org.samplesize.io.Sha256.file(real), ImageFiles.sha256(link));
    try (ImageDecoder d = new ImageDecoder()) {
      assertEquals(5, d.decode(link).width());
      assertEquals("png", d.check(link).format());
    }
  }
}
