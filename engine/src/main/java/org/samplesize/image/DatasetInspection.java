package org.samplesize.image;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.samplesize.ProgressListener;
import org.samplesize.SamplesizeException;
import org.samplesize.data.ImageDataset;
import org.samplesize.data.ImageEntry;

/**
 * What {@code samplesize inspect} reports about a data set: classes and counts, image sizes and
 * formats, files that cannot be decoded or that {@code run} would skip (with reasons), files with
 * identical bytes, and identical files that carry different labels. Every image is decoded fully,
 * so a file reported as readable really decodes.
 *
 * @param root the data set folder
 * @param classes per class: name, label, image count and how many decode
 * @param images number of image files
 * @param readable number that decode and that {@code run} can use
 * @param ignored files the scan left out, by reason
 * @param ignoredFiles the first few of them by reason, relative to the root
 * @param width statistics of the decoded widths
 * @param height statistics of the decoded heights
 * @param formats count per file format
 * @param channels count per number of channels stored in the file
 * @param unreadable the files that do not decode or that {@code run} would skip, with reasons, in
 *     data set order
 * @param duplicates groups of files with identical bytes
 * @param crossLabelDuplicates how many duplicate groups span more than one label
 * @param exifOriented how many readable images carry an EXIF orientation other than 1 (shown turned
 *     or mirrored by viewers; decoded as stored unless {@code --exif-orientation} is on)
 */
public record DatasetInspection(
    String root,
    List<ClassSummary> classes,
    int images,
    int readable,
    Map<String, Integer> ignored,
    Map<String, List<String>> ignoredFiles,
    Stats width,
    Stats height,
    Map<String, Integer> formats,
    Map<String, Integer> channels,
    List<Unreadable> unreadable,
    List<Duplicate> duplicates,
    int crossLabelDuplicates,
    int exifOriented) {

  /**
   * @param name class name
   * @param label its label
   * @param images image files in its folder
   * @param readable how many of them decode
   */
  public record ClassSummary(String name, int label, int images, int readable) {}

  /**
   * @param min smallest value
   * @param median median value
   * @param max largest value
   */
  public record Stats(int min, double median, int max) {
    static Stats of(int[] values) {
      if (values.length == 0) {
        return new Stats(0, 0, 0);
      }
      int[] v = values.clone();
      Arrays.sort(v);
      int n = v.length;
      double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
      return new Stats(v[0], median, v[n - 1]);
    }
  }

  /**
   * @param file {@code class/name}
   * @param reason why it does not decode
   */
  public record Unreadable(String file, String reason) {}

  /**
   * @param sha256 the shared SHA-256 of the bytes
   * @param files {@code class/name} of each copy, in data set order
   * @param labels the class names the copies carry, sorted, without repeats
   * @param crossLabel whether the copies carry more than one label
   */
  public record Duplicate(
      String sha256, List<String> files, List<String> labels, boolean crossLabel) {}

  /**
   * Decodes and hashes every image of a data set in parallel.
   *
   * @param ds the data set
   * @param threads decode threads, at least 1
   * @param maxPixels pixel cap of the decoder
   * @param progress told one unit per image
   * @return the inspection
   */
  public static DatasetInspection inspect(
      ImageDataset ds, int threads, long maxPixels, ProgressListener progress) {
    Objects.requireNonNull(ds, "ds");
    List<ImageEntry> entries = ds.images();
    int n = entries.size();
    String[] hashes = new String[n];
    ImageInfo[] infos = new ImageInfo[n];
    String[] reasons = new String[n];
    eachImage(
        ds,
        threads,
        progress,
        () -> {
          ImageDecoder decoder = new ImageDecoder(maxPixels);
          return new Worker() {
            @Override
            public void probe(int i) {
              Path p = entries.get(i).path();
              try {
                ImageInfo info = decoder.probe(p);
                String shape = runRefusesShape(info);
                if (shape == null) {
                  infos[i] = info;
                } else {
                  reasons[i] = shape;
                }
              } catch (BadImageException e) {
                reasons[i] = e.reason();
              }
              hashes[i] = sha256(p);
            }

            @Override
            public void close() {
              decoder.close();
            }
          };
        });
    return summarise(ds, infos, reasons, hashes);
  }

  /**
   * Why {@code run} would skip an image that decodes, or null when it would not: under the built-in
   * backbones' centre crop (short side 256 first) an image of extreme shape would pass the
   * decoder's default pixel cap once resized ({@link ImageTransformer#resizeRefusal}). {@code run}
   * always decodes with the default cap, whatever {@code --max-pixels} this inspection was given.
   */
  static String runRefusesShape(ImageInfo info) {
    String why =
        ImageTransformer.resizeRefusal(
            info.width(),
            info.height(),
            Preprocessing.zooCenterCrop224(),
            ImageDecoder.DEFAULT_MAX_PIXELS);
    return why == null
        ? null
        : "decodes, but run skips it under the built-in backbones' centre crop: " + why;
  }

  /**
   * Inspects a data set held in memory ({@code fashion_mnist}: images in IDX files, which the load
   * has already checked against their published checksums): the images' sizes and channels, and the
   * groups of images with identical pixels (the same image in the training and the test set, or
   * under two labels). Its format is {@code idx}.
   *
   * @param ds the data set; each entry's path names its image in {@code images}
   * @param images the pixels
   * @param threads hashing threads, at least 1
   * @param progress told one unit per image
   * @return the inspection
   */
  public static DatasetInspection inspect(
      ImageDataset ds,
      org.samplesize.data.InMemoryImages images,
      int threads,
      ProgressListener progress) {
    Objects.requireNonNull(ds, "ds");
    Objects.requireNonNull(images, "images");
    List<ImageEntry> entries = ds.images();
    int n = entries.size();
    String[] hashes = new String[n];
    ImageInfo[] infos = new ImageInfo[n];
    eachImage(
        ds,
        threads,
        progress,
        () ->
            new Worker() {
              @Override
              public void probe(int i) {
                org.samplesize.data.InMemoryImages.Raster r = images.raster(entries.get(i).path());
                infos[i] = new ImageInfo("idx", r.width(), r.height(), r.channels());
                hashes[i] = org.samplesize.io.Sha256.of(r.pixels());
              }

              @Override
              public void close() {}
            });
    return summarise(ds, infos, new String[n], hashes);
  }

  /** Probes images by index, one per call, in one thread; closed when its thread is done. */
  private interface Worker extends AutoCloseable {
    void probe(int i);

    @Override
    void close();
  }

  /** Runs a worker of its own in each of {@code threads} threads over every image. */
  private static void eachImage(
      ImageDataset ds,
      int threads,
      ProgressListener progress,
      java.util.function.Supplier<Worker> workers) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    ProgressListener pl = progress == null ? ProgressListener.NONE : progress;
    int n = ds.images().size();
    pl.stage("inspect", n, "img");
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        final int first = t;
        futures.add(
            pool.submit(
                () -> {
                  try (Worker w = workers.get()) {
                    for (int i = first; i < n; i += threads) {
                      w.probe(i);
                      pl.advance(1);
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SamplesizeException("interrupted while inspecting " + ds.root(), e);
    } catch (ExecutionException e) {
      throw new SamplesizeException("inspecting " + ds.root() + " failed: " + e.getCause(), e);
    } finally {
      pool.shutdownNow();
      pl.endStage();
    }
  }

  private static DatasetInspection summarise(
      ImageDataset ds, ImageInfo[] infos, String[] reasons, String[] hashes) {
    List<ImageEntry> entries = ds.images();
    int[] perClass = ds.classCounts();
    int[] readablePerClass = new int[perClass.length];
    List<Integer> widths = new ArrayList<>();
    List<Integer> heights = new ArrayList<>();
    Map<String, Integer> formats = new TreeMap<>();
    Map<String, Integer> channels = new TreeMap<>();
    List<Unreadable> unreadable = new ArrayList<>();
    Map<String, List<Integer>> byHash = new LinkedHashMap<>();
    int oriented = 0;
    for (int i = 0; i < entries.size(); i++) {
      ImageEntry e = entries.get(i);
      if (infos[i] != null) {
        readablePerClass[e.label()]++;
        oriented += infos[i].orientation() != 1 ? 1 : 0;
        widths.add(infos[i].width());
        heights.add(infos[i].height());
        formats.merge(infos[i].format(), 1, Integer::sum);
        channels.merge(Integer.toString(infos[i].channels()), 1, Integer::sum);
      } else {
        unreadable.add(new Unreadable(e.relativeName(), reasons[i]));
      }
      if (hashes[i] != null) {
        byHash.computeIfAbsent(hashes[i], k -> new ArrayList<>()).add(i);
      }
    }
    List<Duplicate> dups = new ArrayList<>();
    int cross = 0;
    for (Map.Entry<String, List<Integer>> g : byHash.entrySet()) {
      if (g.getValue().size() < 2) {
        continue;
      }
      List<String> files = new ArrayList<>();
      TreeSet<String> labels = new TreeSet<>();
      for (int i : g.getValue()) {
        files.add(entries.get(i).relativeName());
        labels.add(ds.classes().get(entries.get(i).label()));
      }
      boolean crossLabel = labels.size() > 1;
      cross += crossLabel ? 1 : 0;
      dups.add(new Duplicate(g.getKey(), files, List.copyOf(labels), crossLabel));
    }
    List<ClassSummary> classes = new ArrayList<>();
    for (int c = 0; c < perClass.length; c++) {
      classes.add(new ClassSummary(ds.classes().get(c), c, perClass[c], readablePerClass[c]));
    }
    return new DatasetInspection(
        ds.root().toString(),
        List.copyOf(classes),
        entries.size(),
        widths.size(),
        ds.ignored(),
        ds.ignoredFiles(),
        Stats.of(widths.stream().mapToInt(Integer::intValue).toArray()),
        Stats.of(heights.stream().mapToInt(Integer::intValue).toArray()),
        formats,
        channels,
        List.copyOf(unreadable),
        List.copyOf(dups),
        cross,
        oriented);
  }

  private static String sha256(Path p) {
    try {
      // Only a regular file of bounded size is read: a FIFO or a link to /dev/zero is not.
      return ImageFiles.sha256(p);
    } catch (BadImageException e) {
      return null; // unreadable: the decoder already gave the reason
    }
  }
}
