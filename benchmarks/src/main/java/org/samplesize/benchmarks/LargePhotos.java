package org.samplesize.benchmarks;

import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.add;
import static org.bytedeco.opencv.global.opencv_core.randn;
import static org.bytedeco.opencv.global.opencv_core.setRNGSeed;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_CUBIC;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.samplesize.image.ImageRequest;

/** Large JPEG photos made from small ones, for benchmarks of the decode of camera-sized files. */
final class LargePhotos {
  private LargePhotos() {}

  /** At most this many photos (about 2 MB each) are made for one run. */
  static final int MAX_PHOTOS = 500;

  /** Deletes a folder made by {@link #make}, with everything in it. */
  static void delete(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /**
   * Upscales each source image to {@code w × h} (bicubic), adds Gaussian noise of σ 4 levels
   * (seeded) and writes it as JPEG quality 90 under a new temporary folder, in one class
   * sub-folder.
   *
   * @return the temporary root (class folders below it, as the peers expect)
   */
  static Path make(List<ImageRequest> sources, int w, int h) throws IOException {
    Path root = Files.createTempDirectory("samplesize-large-photos");
    Path dir = Files.createDirectories(root.resolve("photos"));
    setRNGSeed(42);
    try (Size size = new Size(w, h);
        Mat big = new Mat();
        Mat noise = new Mat(h, w, org.bytedeco.opencv.global.opencv_core.CV_8SC3);
        Mat mean = new Mat(1, 1, CV_64F, new Scalar(0.0));
        Mat sd = new Mat(1, 1, CV_64F, new Scalar(4.0));
        IntPointer params = new IntPointer(IMWRITE_JPEG_QUALITY, 90)) {
      int i = 0;
      for (ImageRequest r : sources) {
        try (Mat src = imread(r.path().toString())) {
          if (src.empty()) {
            throw new IOException("cannot read " + r.path());
          }
          resize(src, big, size, 0, 0, INTER_CUBIC);
          randn(noise, mean, sd);
          add(big, noise, big, new Mat(), big.type());
          String name = String.format(Locale.ROOT, "large_%05d.jpg", i++);
          if (!imwrite(dir.resolve(name).toString(), big, params)) {
            throw new IOException("cannot write " + dir.resolve(name));
          }
        }
      }
    }
    System.out.printf(
        Locale.ROOT, "made %d photos of %dx%d under %s%n", sources.size(), w, h, root);
    return root;
  }

  /** One clean, augmented request per photo under {@code root}, in name order. */
  static List<ImageRequest> requests(Path root) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(root.resolve("photos"))) {
      files = s.sorted().toList();
    }
    List<ImageRequest> out = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      out.add(new ImageRequest(files.get(i), i, 0, true));
    }
    return out;
  }
}
