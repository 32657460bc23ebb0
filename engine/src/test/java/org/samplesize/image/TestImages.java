package org.samplesize.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;

/** Writes small images with known pixels through Java's ImageIO (independent of OpenCV). */
final class TestImages {
  private TestImages() {}

  /** An RGB image whose pixel (x, y) is (r, g, b) = f(x, y). */
  static BufferedImage rgb(int w, int h, PixelFunction f) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int[] p = f.at(x, y);
        img.setRGB(x, y, (p[0] << 16) | (p[1] << 8) | p[2]);
      }
    }
    return img;
  }

  /** A smooth colour gradient, different in each channel. */
  static BufferedImage gradient(int w, int h) {
    return rgb(
        w,
        h,
        (x, y) ->
            new int[] {
              (x * 255) / Math.max(1, w - 1),
              (y * 255) / Math.max(1, h - 1),
              ((x + y) * 255) / Math.max(1, w + h - 2)
            });
  }

  static Path write(BufferedImage img, String format, Path file) throws IOException {
    Files.createDirectories(file.getParent());
    if (!ImageIO.write(img, format, file.toFile())) {
      throw new IOException("no ImageIO writer for " + format);
    }
    return file;
  }

  /** Makes a FIFO with mkfifo, or skips the calling test where there is none. */
  static Path fifo(Path p) throws IOException, InterruptedException {
    Files.createDirectories(p.getParent());
    Process mk;
    try {
      mk = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
    } catch (IOException e) {
      Assumptions.abort("skipped: no mkfifo here (" + e.getMessage() + ")");
      throw e;
    }
    Assumptions.assumeTrue(
        mk.waitFor(30, TimeUnit.SECONDS) && mk.exitValue() == 0, "skipped: mkfifo failed");
    return p;
  }

  @FunctionalInterface
  interface PixelFunction {
    int[] at(int x, int y);
  }
}
