package org.samplesize.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.samplesize.InvalidInputException;
import org.samplesize.data.DatasetResolver;
import org.samplesize.data.ImageDataset;
import org.samplesize.image.DatasetInspection;
import org.samplesize.image.ImageDecoder;
import org.samplesize.io.AtomicFiles;
import org.samplesize.io.OutputFolder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code samplesize inspect}: decodes every image of a data set and reports classes, counts, sizes,
 * unreadable files with reasons and duplicate files, on standard output and optionally as JSON.
 */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Checks a data set: classes and counts, image sizes and formats, files that do not decode"
          + " (with reasons), byte-identical duplicates and duplicates that carry different labels"
          + " (for fashion_mnist: its four IDX files checked as run checks them, and images with"
          + " identical pixels)."
    })
public final class InspectCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--data",
      required = true,
      paramLabel = "DIR|tf_flowers|fashion_mnist",
      description =
          "Image folder ROOT/<class>/<image>, or tf_flowers or fashion_mnist (downloaded once"
              + " and cached, or taken from the mirror).")
  String data;

  /** The file {@code --out} gets. */
  static final String JSON_FILE = "inspect.json";

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Also write the full report as JSON into this folder (" + JSON_FILE + ").")
  Path out;

  @Mixin ThreadsOption threads;

  @Option(
      names = "--max-pixels",
      paramLabel = "N",
      defaultValue = "" + ImageDecoder.DEFAULT_MAX_PIXELS,
      description = "Images with more pixels are reported as absurd (default: ${DEFAULT-VALUE}).")
  long maxPixels;

  @Option(
      names = "--cache",
      paramLabel = "DIR",
      description =
          "Cache folder: where tf_flowers is downloaded, shared with the other commands"
              + " (default: $SAMPLESIZE_CACHE, else ~/.cache/samplesize).")
  Path cache;

  @Option(
      names = "--mirror",
      paramLabel = "DIR",
      description =
          "Offline mirror laid out as flowers/flower_photos/... and fashion-mnist/ (default:"
              + " $SAMPLESIZE_MIRROR, else shared/data beside the samplesize folder).")
  Path mirror;

  @Option(names = "--quiet", negatable = true, description = "Only stage lines, no progress bar.")
  boolean quiet;

  @Override
  public Integer call() {
    ModelOptions.checkMirror("--mirror", mirror == null ? null : mirror.toString());
    ModelOptions.checkMirrorEnv(mirror == null ? null : mirror.toString(), System.getenv());
    if (out != null) {
      // Before the images are decoded, not after.
      OutputPaths.jsonFolder(out, JSON_FILE);
      if (data != null && Files.isDirectory(Path.of(data))) {
        // A file written inside the image folder would be found by the next scan.
        OutputFolder.checkOutside("--out", out, "--data", Path.of(data));
      }
    }
    int t = threads.count();
    if (maxPixels < 1) {
      throw new InvalidInputException("--max-pixels must be at least 1, got " + maxPixels);
    }
    DatasetResolver.Options options = DatasetResolver.Options.forFlags(cache, mirror);
    if (data != null
        && DatasetResolver.isBuiltIn(data)
        && (options.mirror() == null || cache != null)) {
      // A download goes to the cache (a mirror only stamps its check there); checked before work.
      OutputPaths.cache(cache, options.cacheDir(), System.getenv());
    }
    // Claimed as every command's output folder is: locked while this runs, a folder of the user's
    // own files (an inspect.json of theirs) refused, and marked so that run and fit may write there
    // later. Null (no --out) is skipped by try-with-resources.
    try (OutputFolder owned = out == null ? null : OutputFolder.claim("--out", out, d -> false)) {
      DatasetInspection report;
      try (ConsoleProgress progress = ConsoleProgress.forConsole(quiet)) {
        if (DatasetResolver.FASHION_MNIST.equals(DatasetResolver.builtInName(data))) {
          report = fashionMnist(t, progress);
        } else {
          // resolveChecked, not scan: an unknown name is told of fashion_mnist too, which
          // inspect takes.
          ImageDataset ds =
              ImageDataset.scan(DatasetResolver.resolveChecked(data, options, progress).root());
          report = DatasetInspection.inspect(ds, t, maxPixels, progress);
        }
      }
      print(report, spec.commandLine().getOut());
      if (out != null) {
        write(report, out);
        spec.commandLine().getOut().println("wrote " + out.resolve(JSON_FILE));
        spec.commandLine().getOut().flush();
      }
    }
    return 0;
  }

  /**
   * Fashion-MNIST, from its IDX files: found (mirror, cache or download) and checked against the
   * published checksums as {@code run} finds and checks them, then its images hashed by their
   * pixels. The mirror beside the checkout, when nobody named it and it has no {@code
   * fashion-mnist/}, is passed over for a download, as {@code run} does.
   */
  private DatasetInspection fashionMnist(int threads, ConsoleProgress progress) {
    Path dataMirror =
        org.samplesize.experiment.Planner.dataMirror(
            org.samplesize.data.Mirror.find(mirror), DatasetResolver.FASHION_MNIST);
    DatasetResolver.Options options =
        DatasetResolver.Options.of(org.samplesize.data.CacheDir.resolve(cache), dataMirror);
    Path dir = DatasetResolver.resolveChecked(data, options, progress).root();
    org.samplesize.data.FashionMnist.Loaded loaded =
        org.samplesize.data.FashionMnist.load(
            dir, org.samplesize.data.FashionMnist.Source.upstream(), progress);
    return DatasetInspection.inspect(loaded.dataset(), loaded.images(), threads, progress);
  }

  static void write(DatasetInspection report, Path dir) {
    try {
      Files.createDirectories(dir);
      // snake_case keys, as every JSON samplesize writes (io/JsonKeys).
      ObjectMapper m =
          new ObjectMapper()
              .enable(SerializationFeature.INDENT_OUTPUT)
              .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
      AtomicFiles.write(dir.resolve(JSON_FILE), os -> m.writeValue(os, report));
    } catch (IOException e) {
      // A path that cannot be written is the user's to fix (exit 2), not an internal failure.
      throw new InvalidInputException(
          "--out " + dir + ": cannot write the report (" + e + "); give a writable folder");
    }
  }

  /** The scan's reasons for leaving a file out ({@code ImageDataset.scan}), for one and many. */
  private static final Map<String, List<String>> REASON_WORDS =
      Map.of(
          "hidden file", List.of("hidden file", "hidden files"),
          "hidden folder", List.of("hidden folder", "hidden folders"),
          "file outside a class folder",
              List.of("file outside a class folder", "files outside a class folder"),
          "folder inside a class folder",
              List.of("folder inside a class folder", "folders inside a class folder"),
          "not an image (file extension)",
              List.of(
                  "file that is not an image (by its extension)",
                  "files that are not images (by their extension)"));

  /**
   * {@code 1 file outside a class folder: LICENSE.txt}; more files than names kept end with {@code
   * and N more}.
   */
  static String ignoredLine(String reason, int count, List<String> names) {
    List<String> words = REASON_WORDS.getOrDefault(reason, List.of(reason, reason));
    String what = words.get(count == 1 ? 0 : 1);
    if (names.isEmpty()) {
      return String.format(Locale.ROOT, "%,d %s", count, what);
    }
    String rest =
        count > names.size()
            ? " and " + String.format(Locale.ROOT, "%,d", count - names.size()) + " more"
            : "";
    return String.format(Locale.ROOT, "%,d %s: %s%s", count, what, String.join(", ", names), rest);
  }

  /** {@code 1 (45 images), 3 (3,625)}: each value with its count, "images" said once. */
  static String counts(Map<String, Integer> m) {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, Integer> e : m.entrySet()) {
      boolean first = b.length() == 0;
      b.append(first ? "" : ", ")
          .append(e.getKey())
          .append(" (")
          .append(String.format(Locale.ROOT, "%,d", e.getValue()))
          .append(first ? (e.getValue() == 1 ? " image" : " images") : "")
          .append(')');
    }
    return b.length() == 0 ? "none" : b.toString();
  }

  static void print(DatasetInspection r, PrintWriter w) {
    w.printf(Locale.ROOT, "data set %s%n", r.root());
    w.printf(Locale.ROOT, "%-20s %6s %8s %8s%n", "class", "label", "images", "readable");
    for (DatasetInspection.ClassSummary c : r.classes()) {
      w.printf(Locale.ROOT, "%-20s %6d %8d %8d%n", c.name(), c.label(), c.images(), c.readable());
    }
    w.printf(Locale.ROOT, "%-20s %6s %8d %8d%n", "total", "", r.images(), r.readable());
    for (Map.Entry<String, Integer> e : r.ignored().entrySet()) {
      w.printf(
          Locale.ROOT,
          "ignored: %s%n",
          ignoredLine(
              e.getKey(), e.getValue(), r.ignoredFiles().getOrDefault(e.getKey(), List.of())));
    }
    w.printf(
        Locale.ROOT,
        "sizes: width %d..%d (median %.0f), height %d..%d (median %.0f)%n",
        r.width().min(),
        r.width().max(),
        r.width().median(),
        r.height().min(),
        r.height().max(),
        r.height().median());
    w.printf(Locale.ROOT, "formats: %s%n", counts(r.formats()));
    w.printf(Locale.ROOT, "channels: %s%n", counts(r.channels()));
    w.printf(
        Locale.ROOT,
        "EXIF orientation other than 1: %d image(s)%s%n",
        r.exifOriented(),
        r.exifOriented() > 0
            ? " (decoded as stored, as TensorFlow's decode_jpeg does; --exif-orientation turns"
                + " them as viewers show them)"
            : "");
    w.printf(Locale.ROOT, "unreadable: %d%n", r.unreadable().size());
    for (DatasetInspection.Unreadable u : r.unreadable()) {
      w.printf(Locale.ROOT, "  %s: %s%n", u.file(), u.reason());
    }
    w.printf(
        Locale.ROOT,
        "duplicates (same bytes): %d group(s), %d across labels%n",
        r.duplicates().size(),
        r.crossLabelDuplicates());
    for (DatasetInspection.Duplicate d : r.duplicates()) {
      w.printf(
          Locale.ROOT,
          "  %s%s%n",
          String.join(" == ", d.files()),
          d.crossLabel() ? "  (different labels: " + String.join(", ", d.labels()) + ")" : "");
    }
    w.flush();
  }
}
