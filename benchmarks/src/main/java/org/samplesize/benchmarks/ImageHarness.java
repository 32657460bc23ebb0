package org.samplesize.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.samplesize.data.ImageDataset;
import org.samplesize.data.ImageEntry;
import org.samplesize.image.Augmentation;
import org.samplesize.image.BatchStream;
import org.samplesize.image.ImageBatch;
import org.samplesize.image.ImagePipeline;
import org.samplesize.image.ImageRequest;
import org.samplesize.image.Preprocessing;

/**
 * Side-by-side image pipeline benchmark: ours (decode + squash 224 + recipe augmentation +
 * normalise, T threads) and {@code peer_decode.py} in {@code pil} and {@code cv2} mode with T
 * worker processes, on the same first N flower photos, interleaved repetition by repetition in one
 * run; prints medians and ratios and writes JSON.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar org.samplesize.benchmarks.ImageHarness
 * [--threads 2] [--images 3670] [--reps 3] [--large WxH] [--out FILE]}
 *
 * <p>With {@code --large}, the images are large photos made for the run: the first N flower photos
 * upscaled to W×H (bicubic), with Gaussian noise of σ 4 levels so they do not compress like flat
 * paint, saved as JPEG quality 90 in a temporary folder. Ours then runs twice per repetition, with
 * a full decode and with {@link Preprocessing#jpegDctScaling()}.
 */
public final class ImageHarness {

  /** The command line; {@code --help} prints it. */
  static final HarnessFlags FLAGS =
      HarnessFlags.of(
              "ImageHarness", "Image decoding and preprocessing, ours side by side with the peer.")
          .flag("--threads", "N", "2", "threads")
          .flag("--images", "N", "3670", "flower photos to read")
          .flag("--reps", "N", "3", "repetitions")
          .flag(
              "--large",
              "WxH",
              "none",
              "read large photos made for the run: the photos upscaled to W×H, with noise")
          .flag("--out", "FILE", "benchmarks/target/image-harness.json", "the JSON results");

  private ImageHarness() {}

  /**
   * @param args see the class comment
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    FLAGS.main(args, ImageHarness::run);
  }

  private static void run(HarnessFlags.Values flags) throws Exception {
    int threads = flags.integer("--threads");
    int images = flags.integer("--images");
    int reps = flags.integer("--reps");
    Path out = flags.path("--out");
    int[] large = null;
    if (!flags.text("--large").equals("none")) {
      String[] wh = flags.text("--large").toLowerCase(Locale.ROOT).split("x");
      try {
        large = new int[] {Integer.parseInt(wh[0]), Integer.parseInt(wh[1])};
      } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
        throw flags.badValue("--large", "WxH, e.g. 4000x3000");
      }
    }
    ImageDataset ds = ImageDataset.scan(BenchData.flowers());
    List<ImageRequest> requests = new ArrayList<>();
    List<ImageEntry> entries = ds.images();
    for (int i = 0; i < Math.min(images, entries.size()); i++) {
      requests.add(new ImageRequest(entries.get(i).path(), i, 0, true));
    }
    Path root = BenchData.flowers();
    if (large != null) {
      if (requests.size() > LargePhotos.MAX_PHOTOS) {
        throw new IllegalArgumentException(
            "--large writes about 2 MB per photo: give --images "
                + LargePhotos.MAX_PHOTOS
                + " or fewer (got "
                + requests.size()
                + ")");
      }
      root = LargePhotos.make(requests, large[0], large[1]);
      requests = LargePhotos.requests(root);
    }
    try {
      measure(requests, root, large, threads, reps, out);
    } finally {
      if (large != null) {
        LargePhotos.delete(root);
      }
    }
  }

  private static void measure(
      List<ImageRequest> requests, Path root, int[] large, int threads, int reps, Path out)
      throws Exception {
    int n = requests.size();
    Preprocessing squash = Preprocessing.kerasSquash224();
    Preprocessing reduced = squash.withJpegDctScaling(true);
    runOurs(requests, threads, squash); // warm-up: JIT, OpenCV natives, page cache
    double[] ours = new double[reps];
    double[] oursDct = new double[reps];
    double[] pil = new double[reps];
    double[] cv2 = new double[reps];
    ObjectMapper m = new ObjectMapper();
    for (int r = 0; r < reps; r++) {
      ours[r] = runOurs(requests, threads, squash);
      if (large != null) {
        oursDct[r] = runOurs(requests, threads, reduced);
      }
      pil[r] = runPeer(root, "pil", threads, n).path("images_per_s").asDouble();
      cv2[r] = runPeer(root, "cv2", threads, n).path("images_per_s").asDouble();
      System.out.printf(
          Locale.ROOT,
          "rep %d: samplesize %.1f img/s%s, peer pil %.1f, peer cv2 %.1f%n",
          r + 1,
          ours[r],
          large != null ? String.format(Locale.ROOT, " (--jpeg-dct-scaling %.1f)", oursDct[r]) : "",
          pil[r],
          cv2[r]);
    }
    double o = median(ours);
    double p = median(pil);
    double c = median(cv2);
    ObjectNode json = m.createObjectNode();
    json.put("threads", threads);
    json.put("images", n);
    json.put("repetitions", reps);
    json.put("cores", Runtime.getRuntime().availableProcessors());
    json.put("samplesizeImagesPerS", o);
    json.put("peerPilImagesPerS", p);
    json.put("peerCv2ImagesPerS", c);
    json.put("ratioOverPil", o / p);
    json.put("ratioOverCv2", o / c);
    json.set("samplesizeRuns", m.valueToTree(ours));
    json.set("peerPilRuns", m.valueToTree(pil));
    json.set("peerCv2Runs", m.valueToTree(cv2));
    if (large != null) {
      double d = median(oursDct);
      json.put("largeWidth", large[0]);
      json.put("largeHeight", large[1]);
      json.put("samplesizeJpegDctScalingImagesPerS", d);
      json.put("jpegDctScalingSpeedup", d / o);
      json.put("jpegDctScalingRatioOverPil", d / p);
      json.put("jpegDctScalingRatioOverCv2", d / c);
      json.set("samplesizeJpegDctScalingRuns", m.valueToTree(oursDct));
      System.out.printf(
          Locale.ROOT,
          "%dx%d photos, median of %d: --jpeg-dct-scaling %.1f img/s = %.2fx the full decode,"
              + " %.2fx peer pil, %.2fx peer cv2%n",
          large[0],
          large[1],
          reps,
          d,
          d / o,
          d / p,
          d / c);
    }
    System.out.printf(
        Locale.ROOT,
        "median of %d: samplesize %.1f img/s; peer pil %.1f (ratio %.2fx); peer cv2 %.1f (ratio"
            + " %.2fx); %d threads/workers, %d images%n",
        reps,
        o,
        p,
        o / p,
        c,
        o / c,
        threads,
        n);
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    m.writerWithDefaultPrettyPrinter().writeValue(out.toFile(), json);
    System.out.println("JSON: " + out.toAbsolutePath());
  }

  /** Images per second, pipeline construction and teardown included. */
  private static double runOurs(List<ImageRequest> requests, int threads, Preprocessing pre) {
    long t0 = System.nanoTime();
    int n = 0;
    float sink = 0;
    try (ImagePipeline p = new ImagePipeline(pre, Augmentation.recipe(), threads, 42);
        BatchStream s = p.stream(requests, 32)) {
      while (s.hasNext()) {
        ImageBatch b = s.next();
        sink += b.data().get(0);
        n += b.size();
        b.release();
      }
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    if (n != requests.size() || Float.isNaN(sink)) {
      throw new IllegalStateException("decoded " + n + " of " + requests.size());
    }
    return n / secs;
  }

  private static JsonNode runPeer(Path root, String mode, int workers, int limit) throws Exception {
    Path script = BenchData.shared().resolve("peers/peer_decode.py");
    ProcessBuilder pb =
        new ProcessBuilder(
                "/usr/bin/python3",
                script.toString(),
                root.toString(),
                "--workers",
                Integer.toString(workers),
                "--mode",
                mode,
                "--limit",
                Integer.toString(limit))
            .redirectErrorStream(true);
    pb.environment().put("OMP_NUM_THREADS", "1");
    Process p = pb.start();
    String last = "";
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (line.startsWith("{")) {
          last = line;
        }
      }
    }
    int rc = p.waitFor();
    if (rc != 0 || last.isEmpty()) {
      throw new IllegalStateException(
          "peer " + script + " --mode " + mode + " failed (exit " + rc + ")");
    }
    return new ObjectMapper().readTree(last);
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int k = s.length;
    return k % 2 == 1 ? s[k / 2] : (s[k / 2 - 1] + s[k / 2]) / 2;
  }
}
