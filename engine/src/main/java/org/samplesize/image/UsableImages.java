package org.samplesize.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.samplesize.ProgressListener;
import org.samplesize.SamplesizeException;
import org.samplesize.data.ImageDataset;
import org.samplesize.data.ImageEntry;
import org.samplesize.io.SealedFiles;

/**
 * The header pass a run makes before it plans its subsamples: every image file is put through
 * {@link ImageDecoder#check} (a regular file that can be read, a supported format, not truncated,
 * dimensions within the pixel cap), and the files that fail are left out, so that a subsample of
 * "165" images holds 165 images a model can see. An image whose header passes but whose compressed
 * data turn out corrupt is found only when the features are extracted (see {@code PipelineStages}).
 *
 * <p>The pass reads each file once. Its result is cached in {@code CACHE/image-checks/<key>.json},
 * keyed by the data set folder, the pixel cap and every image's name, size, modification time and
 * read permission, so a later run on unchanged files only lists them. The record is sealed ({@link
 * SealedFiles}: its SHA-256 beside it) and names its own key: one that does not match is ignored
 * with a note and checked again, since a record that drops a good image changes the answer.
 *
 * @param usable the data set without the unusable images (same classes, same order)
 * @param unusable the images left out, with reasons, in data set order
 */
public record UsableImages(ImageDataset usable, List<Unusable> unusable) {

  /** Format of the cache file; a new one when the checks change (2: sealed, holds its key). */
  static final int FORMAT = 2;

  /** Folder under the cache folder. */
  public static final String CACHE_FOLDER = "image-checks";

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * @param entry the image
   * @param reason why it cannot be used
   */
  public record Unusable(ImageEntry entry, String reason) {
    /** Checks the fields. */
    public Unusable {
      Objects.requireNonNull(entry, "entry");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** Copies the list. */
  public UsableImages {
    Objects.requireNonNull(usable, "usable");
    unusable = List.copyOf(unusable);
  }

  /**
   * Checks every image of a data set, or takes the result from the cache.
   *
   * @param ds the data set as scanned
   * @param maxPixels the decoder's pixel cap
   * @param threads reading threads, at least 1
   * @param cacheDir the cache folder, or {@code null} for no cache
   * @param progress told one unit per image checked, and a note when the cache cannot be written or
   *     a cached record is ignored
   * @return the usable data set and the images left out
   */
  public static UsableImages check(
      ImageDataset ds, long maxPixels, int threads, Path cacheDir, ProgressListener progress) {
    Objects.requireNonNull(ds, "ds");
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    ProgressListener pl = progress == null ? ProgressListener.NONE : progress;
    List<ImageEntry> entries = ds.images();
    String key = cacheDir == null ? null : key(ds, maxPixels);
    Path cacheFile = key == null ? null : cacheDir.resolve(CACHE_FOLDER).resolve(key + ".json");
    String[] reasons = cacheFile == null ? null : readCache(cacheFile, key, ds, pl);
    if (reasons == null) {
      reasons = checkAll(entries, maxPixels, threads, pl);
      if (cacheFile != null) {
        writeCache(cacheFile, key, entries, reasons, pl);
      }
    }
    List<ImageEntry> kept = new ArrayList<>(entries.size());
    List<Unusable> left = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      if (reasons[i] == null) {
        kept.add(entries.get(i));
      } else {
        left.add(new Unusable(entries.get(i), reasons[i]));
      }
    }
    return new UsableImages(
        left.isEmpty()
            ? ds
            : new ImageDataset(ds.root(), ds.classes(), kept, ds.ignored(), ds.ignoredFiles()),
        left);
  }

  private static String[] checkAll(
      List<ImageEntry> entries, long maxPixels, int threads, ProgressListener pl) {
    int n = entries.size();
    String[] reasons = new String[n];
    int workers = Math.max(1, Math.min(threads, n));
    pl.stage("checking images", n, "img");
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < workers; t++) {
        final int first = t;
        futures.add(
            pool.submit(
                () -> {
                  try (ImageDecoder decoder = new ImageDecoder(maxPixels)) {
                    for (int i = first; i < n; i += workers) {
                      try {
                        decoder.check(entries.get(i).path());
                      } catch (BadImageException e) {
                        reasons[i] = e.reason();
                      }
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
      throw new SamplesizeException("interrupted while checking the images", e);
    } catch (ExecutionException e) {
      throw new SamplesizeException("checking the images failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
      pl.endStage();
    }
    return reasons;
  }

  /**
   * The cache key: SHA-256 over the format, the pixel cap, the folder and, per image, its name,
   * size, modification time and whether it may be read (a permission change leaves the time).
   */
  static String key(ImageDataset ds, long maxPixels) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    StringBuilder head = new StringBuilder();
    head.append("image-checks ")
        .append(FORMAT)
        .append('\n')
        .append(maxPixels)
        .append('\n')
        .append(ds.root().toAbsolutePath().normalize())
        .append('\n');
    md.update(head.toString().getBytes(StandardCharsets.UTF_8));
    for (ImageEntry e : ds.images()) {
      String stat;
      try {
        BasicFileAttributes a = ImageFiles.check(e.path());
        stat =
            a.size()
                + " "
                + a.lastModifiedTime().toMillis()
                + (Files.isReadable(e.path()) ? " r" : " -");
      } catch (BadImageException x) {
        stat = "unusable " + x.reason();
      }
      md.update((e.relativeName() + "\0" + stat + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /**
   * The reasons recorded for these images, or {@code null} when there is no usable record (a record
   * that is there but unusable is told to {@code pl} as a note).
   */
  private static String[] readCache(Path file, String key, ImageDataset ds, ProgressListener pl) {
    if (!Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return null;
    }
    SealedFiles.Check sealed = SealedFiles.check(file);
    if (!sealed.intact()) {
      pl.note(
          "the image-check record "
              + file
              + " "
              + sealed.problem()
              + ": ignored, checking the images again");
      return null;
    }
    String[] reasons = parseCache(file, key, ds);
    if (reasons == null) {
      pl.note(
          "the image-check record "
              + file
              + " does not describe these images: ignored, checking the images again");
    }
    return reasons;
  }

  private static String[] parseCache(Path file, String key, ImageDataset ds) {
    try {
      JsonNode root = JSON.readTree(file.toFile());
      if (root == null
          || root.path("format").asInt() != FORMAT
          || !key.equals(root.path("key").asText())) {
        return null;
      }
      List<ImageEntry> entries = ds.images();
      JsonNode list = root.path("unusable");
      if (!list.isArray() || root.path("images").asInt(-1) != entries.size()) {
        return null;
      }
      Map<String, Integer> index = new HashMap<>();
      for (int i = 0; i < entries.size(); i++) {
        index.put(entries.get(i).relativeName(), i);
      }
      String[] reasons = new String[entries.size()];
      for (JsonNode u : list) {
        Integer i = index.get(u.path("file").asText());
        String reason = u.path("reason").asText("");
        if (i == null || reason.isEmpty()) {
          return null; // not this data set's record: check again
        }
        reasons[i] = reason;
      }
      return reasons;
    } catch (IOException | RuntimeException e) {
      return null; // a damaged record is checked again and replaced
    }
  }

  private static void writeCache(
      Path file, String key, List<ImageEntry> entries, String[] reasons, ProgressListener pl) {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("key", key);
    root.put("images", entries.size());
    ArrayNode list = root.putArray("unusable");
    for (int i = 0; i < entries.size(); i++) {
      if (reasons[i] != null) {
        list.addObject().put("file", entries.get(i).relativeName()).put("reason", reasons[i]);
      }
    }
    try {
      Files.createDirectories(file.getParent());
      SealedFiles.write(file, os -> JSON.writerWithDefaultPrettyPrinter().writeValue(os, root));
    } catch (IOException e) {
      // Only a cache: the next run checks the images again.
      pl.note("could not record the image checks in " + file + " (" + e.getMessage() + ")");
    }
  }
}
