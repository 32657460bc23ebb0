package org.samplesize.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.samplesize.InvalidInputException;
import org.samplesize.ProgressListener;
import org.samplesize.features.BatchPrefetcher;
import org.samplesize.features.ExecutionProfile;
import org.samplesize.features.FeatureExtractor;
import org.samplesize.features.ModelCard;
import org.samplesize.features.OnnxGraph;
import org.samplesize.image.Augmentation;
import org.samplesize.image.BatchStream;
import org.samplesize.image.ImageBatch;
import org.samplesize.image.ImagePipeline;
import org.samplesize.image.ImageRequest;

/**
 * Measures feature throughput the way a user would compare backends: for each execution provider
 * usable here (and each precision its profile allows) and each batch size, images/s with decoding
 * excluded (the same pre-decoded batch run again and again: the inference ceiling) and included
 * (JPEG files through the image pipeline into the same session), timed in alternation, one
 * repetition of each in turn, so that drift in the machine's speed affects both. Each figure is the
 * median of several timed repetitions after untimed warm-up.
 */
public final class FeatureBench {
  private FeatureBench() {}

  /**
   * What to measure.
   *
   * @param providers profile names ({@code cpu}, {@code cuda}, {@code tensorrt}); {@code auto}
   *     expands to all three
   * @param batches batch sizes
   * @param threads decode workers and ONNX Runtime intra-op threads
   * @param warmup untimed repetitions first
   * @param repetitions timed repetitions
   * @param images images per repetition
   */
  public record Settings(
      List<String> providers,
      List<Integer> batches,
      int threads,
      int warmup,
      int repetitions,
      int images) {
    /** Validates. */
    public Settings {
      providers = List.copyOf(providers);
      batches = List.copyOf(batches);
      if (threads < 1 || warmup < 0 || repetitions < 1 || images < 1 || batches.isEmpty()) {
        throw new InvalidInputException(
            "bench needs threads >= 1, warmup >= 0, repetitions >= 1, images >= 1 and a batch size;"
                + " got threads "
                + threads
                + ", warmup "
                + warmup
                + ", repetitions "
                + repetitions
                + ", images "
                + images);
      }
      for (int b : batches) {
        if (b < 1) {
          throw new InvalidInputException(
              "--batch " + b + ": batch sizes must be at least 1, e.g. --batch 1,8,32");
        }
      }
    }
  }

  /**
   * Runs the benchmark.
   *
   * @param card the model card
   * @param modelFile its file
   * @param images image files to decode (cycled when fewer than a repetition needs)
   * @param s what to measure
   * @param cacheDir where cut models and provider caches go
   * @param progress one stage per measurement; notes for unusable providers
   * @return one row per (provider, precision, batch, decode included/excluded), plus one row with a
   *     note for each provider named in the settings that cannot run here (one that {@code auto}
   *     would try and is not available here gets one note instead)
   */
  public static List<BenchRow> run(
      ModelCard card,
      Path modelFile,
      List<Path> images,
      Settings s,
      Path cacheDir,
      ProgressListener progress) {
    if (images.isEmpty()) {
      throw new InvalidInputException("bench needs at least one image");
    }
    List<String> names = new ArrayList<>();
    java.util.Set<String> named = new java.util.HashSet<>();
    for (String p : s.providers()) {
      ExecutionProfile ep = ExecutionProfile.load(p);
      if (ep.isAuto()) {
        ep.fallback().stream().filter(n -> !names.contains(n)).forEach(names::add);
      } else {
        named.add(ep.name());
        if (!names.contains(ep.name())) {
          names.add(ep.name());
        }
      }
    }
    // auto asks for nothing by name: a provider it would try that is not available here is left
    // out with one note, not a row saying it "was requested".
    List<String> notAvailable = new ArrayList<>();
    for (java.util.Iterator<String> it = names.iterator(); it.hasNext(); ) {
      String name = it.next();
      String why =
          named.contains(name)
              ? null
              : FeatureExtractor.unavailableReason(ExecutionProfile.load(name));
      if (why != null) {
        notAvailable.add(name + ": " + why);
        it.remove();
      }
    }
    if (!notAvailable.isEmpty()) {
      progress.note(
          "bench: --ep auto skipped what is not available here ("
              + String.join("; ", notAvailable)
              + ")");
    }
    List<BenchRow> rows = new ArrayList<>();
    String precisionOfWeights =
        OnnxGraph.read(modelFile).nodes().stream().anyMatch(n -> n.opType().startsWith("QLinear"))
            ? "int8"
            : "fp32";
    int maxBatch = s.batches().stream().mapToInt(Integer::intValue).max().orElseThrow();
    try (ImagePipeline pipeline =
        new ImagePipeline(card.preprocessing(), Augmentation.none(), s.threads(), 0L)) {
      java.util.Set<Path> unreadable = new java.util.HashSet<>();
      FloatBuffer decoded = predecode(pipeline, images, maxBatch, card, unreadable);
      if (!unreadable.isEmpty()) {
        // The decode-included rows time the files that decode: unreadable ones first in the
        // sample made that row 0 img/s.
        progress.note(
            "bench: "
                + unreadable.size()
                + " of the "
                + images.size()
                + " sampled files do not decode and are left out ('samplesize inspect' names"
                + " them)");
        images = images.stream().filter(f -> !unreadable.contains(f)).toList();
      }
      for (String name : names) {
        ExecutionProfile base = ExecutionProfile.load(name);
        for (String precision : base.precisions()) {
          ExecutionProfile ep =
              base.provider().equals("TENSORRT")
                  ? base.withOption("trt_fp16_enable", precision.equals("fp16") ? "1" : "0")
                  : base;
          String label = precision.equals("fp32") ? precisionOfWeights : precision;
          FeatureExtractor fe;
          try {
            fe =
                FeatureExtractor.open(
                    card,
                    modelFile,
                    card.featureTensor(),
                    ep,
                    s.threads(),
                    cacheDir,
                    ProgressListener.NONE);
          } catch (InvalidInputException | org.samplesize.SamplesizeException e) {
            progress.note("bench: " + name + " skipped: " + e.getMessage());
            rows.add(
                new BenchRow(
                    "features",
                    name,
                    label,
                    card.name(),
                    0,
                    s.threads(),
                    "n/a",
                    "img/s",
                    null,
                    "unusable: " + e.getMessage()));
            break; // other precisions of an unusable provider are unusable too
          }
          try (fe) {
            for (int batch : s.batches()) {
              double[][] rates = measure(fe, pipeline, decoded, images, batch, s, progress);
              rows.add(row(card, name, label, batch, s, "excluded", rates[0]));
              rows.add(row(card, name, label, batch, s, "included", rates[1]));
            }
          }
        }
      }
    }
    return rows;
  }

  private static BenchRow row(
      ModelCard card,
      String ep,
      String precision,
      int batch,
      Settings s,
      String decode,
      double[] r) {
    return new BenchRow(
        "features", ep, precision, card.name(), batch, s.threads(), decode, "img/s", r, "");
  }

  private static List<ImageRequest> cycle(List<Path> images, int n) {
    List<ImageRequest> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(new ImageRequest(images.get(i % images.size()), i, 0, false));
    }
    return out;
  }

  /**
   * Decodes {@code n} images (cycled) into one direct buffer: the pre-decoded input of the
   * inference ceiling.
   *
   * @param pipeline the image pipeline
   * @param images image files
   * @param n images wanted
   * @param card the card whose preprocessing the pipeline uses
   * @return {@code n} images, batch-major (fewer readable files than {@code n}: repeated)
   * @throws InvalidInputException when none of the files decodes
   */
  public static FloatBuffer predecode(
      ImagePipeline pipeline, List<Path> images, int n, ModelCard card) {
    return predecode(pipeline, images, n, card, new java.util.HashSet<>());
  }

  /** As above, adding to {@code unreadable} the files met that did not decode. */
  static FloatBuffer predecode(
      ImagePipeline pipeline,
      List<Path> images,
      int n,
      ModelCard card,
      java.util.Set<Path> unreadable) {
    int floats = card.preprocessing().floatsPerImage();
    ImagePipeline.checkBatch(card.preprocessing(), n);
    FloatBuffer out =
        ByteBuffer.allocateDirect(n * floats * Float.BYTES)
            .order(ByteOrder.nativeOrder())
            .asFloatBuffer();
    int filled = 0;
    // One pass over every file at least (cycled when fewer than n): a sample with few readable
    // images among many unreadable ones still finds them, where a few short passes from the first
    // file did not and then said that none was readable.
    try (BatchStream st = pipeline.stream(cycle(images, Math.max(n, images.size())), n)) {
      while (st.hasNext() && filled < n) {
        ImageBatch b = st.next();
        b.skipped().forEach(k -> unreadable.add(k.path()));
        try {
          int k = Math.min(b.size(), n - filled);
          FloatBuffer src = b.data().duplicate();
          src.clear().limit(k * floats);
          FloatBuffer dst = out.duplicate();
          dst.position(filled * floats);
          dst.put(src);
          filled += k;
        } finally {
          b.release();
        }
      }
    }
    if (filled == 0) {
      throw new InvalidInputException(
          "bench could not decode any of the "
              + images.size()
              + " image file(s) it sampled: 'samplesize inspect --data DIR' names each file that"
              + " does not decode and why; give --data a folder with readable images");
    }
    // Fewer readable images than n: the decoded ones again, as cycling the files repeats them.
    for (int i = filled; i < n; i++) {
      FloatBuffer src = out.duplicate();
      src.position((i % filled) * floats).limit((i % filled + 1) * floats);
      FloatBuffer dst = out.duplicate();
      dst.position(i * floats);
      dst.put(src);
    }
    return out;
  }

  /**
   * Times the two figures in alternation, one repetition of each in turn (warm-up first, untimed),
   * so that a machine that slows down or speeds up during the run moves both alike and their ratio
   * stays fair.
   *
   * @return {decode excluded rates, decode included rates}, one per timed repetition
   */
  private static double[][] measure(
      FeatureExtractor fe,
      ImagePipeline pipeline,
      FloatBuffer decoded,
      List<Path> images,
      int batch,
      Settings s,
      ProgressListener progress) {
    int calls = Math.max(1, (s.images() + batch - 1) / batch);
    List<ImageRequest> reqs = cycle(images, s.images());
    progress.stage(
        "bench " + fe.providerUsed() + " b" + batch,
        (long) (s.warmup() + s.repetitions()) * (calls * batch + reqs.size()),
        "img");
    double[] ceiling = new double[s.repetitions()];
    double[] endToEnd = new double[s.repetitions()];
    long sink = 0;
    for (int rep = -s.warmup(); rep < s.repetitions(); rep++) {
      long t0 = System.nanoTime();
      for (int c = 0; c < calls; c++) {
        sink += Float.floatToRawIntBits(fe.run(decoded, batch)[0]);
        progress.advance(batch);
      }
      long dt = System.nanoTime() - t0;
      if (rep >= 0) {
        ceiling[rep] = (double) calls * batch / (dt / 1e9);
      }
      t0 = System.nanoTime();
      int n = 0;
      try (BatchPrefetcher st =
          new BatchPrefetcher(pipeline.stream(reqs, batch), BatchPrefetcher.DEFAULT_DEPTH)) {
        while (st.hasNext()) {
          ImageBatch b = st.next();
          try {
            if (b.size() > 0) {
              sink += Float.floatToRawIntBits(fe.run(b.data(), b.size())[0]);
              n += b.size();
            }
          } finally {
            b.release();
          }
          progress.advance(b.size() + b.skipped().size());
        }
      }
      dt = System.nanoTime() - t0;
      if (rep >= 0) {
        endToEnd[rep] = n / (dt / 1e9);
      }
    }
    progress.endStage();
    if (sink == 42) { // keeps the results alive
      progress.note("");
    }
    return new double[][] {ceiling, endToEnd};
  }
}
