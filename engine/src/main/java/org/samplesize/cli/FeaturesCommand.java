package org.samplesize.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.IntPredicate;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.samplesize.InvalidInputException;
import org.samplesize.data.DatasetResolver;
import org.samplesize.data.ImageDataset;
import org.samplesize.data.ImageEntry;
import org.samplesize.features.Dtype;
import org.samplesize.features.ExecutionProfile;
import org.samplesize.features.FeatureCache;
import org.samplesize.features.FeatureRequest;
import org.samplesize.features.FeatureStore;
import org.samplesize.features.ModelCard;
import org.samplesize.features.ModelResolver;
import org.samplesize.image.Augmentation;
import org.samplesize.image.ImageRequest;
import org.samplesize.io.AtomicFiles;
import org.samplesize.io.OutputFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code samplesize features}: frozen backbone features of every image (and augmented view) of a
 * data set, through the feature cache, exported as {@code features.npy} + {@code rows.csv} + {@code
 * features.json}.
 */
@Command(
    name = "features",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Computes frozen backbone features (or activations at a cut point) for a data set.",
      "Cached by model, images, preprocessing, augmentation and seed; an interrupted run resumes."
    })
public final class FeaturesCommand implements Callable<Integer> {

  @Option(
      names = "--data",
      required = true,
      paramLabel = "DIR|tf_flowers",
      description = "Image folder ROOT/<class>/<image>, or tf_flowers.")
  String data;

  @Mixin ModelOptions modelOptions;

  @Option(
      names = "--cut",
      paramLabel = "TENSOR",
      description =
          "Store this tensor instead of the pooled features: a block name (stem, block_0..block_16,"
              + " head) or a tensor name.")
  String cut;

  @Option(
      names = "--views",
      paramLabel = "K",
      defaultValue = "1",
      description =
          "Rows per image: view 0 is the plain image, views 1..K-1 the recipe's augmentation"
              + " (default: ${DEFAULT-VALUE}).")
  int views;

  @Option(
      names = "--ep",
      paramLabel = "auto|cpu|cuda|tensorrt|FILE",
      defaultValue = "auto",
      description = "Execution provider (default: ${DEFAULT-VALUE}: TensorRT, CUDA, then CPU).")
  String ep;

  /** Decode workers and ONNX Runtime threads. */
  @Mixin ThreadsOption threads;

  @Option(
      names = "--batch",
      paramLabel = "N",
      defaultValue = "64",
      description = "Images per inference call (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Root seed of the augmentation (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--dtype",
      defaultValue = "FLOAT32",
      paramLabel = "FLOAT32|FLOAT16",
      description = "Cache storage type (default: ${DEFAULT-VALUE}).")
  Dtype dtype;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
  Path out;

  @Option(
      names = "--cache",
      paramLabel = "DIR",
      description = "Cache folder for models, cut models and features (default: OUT/cache).")
  Path cache;

  @Option(names = "--quiet", description = "Only stage lines and notes, no progress bar.")
  boolean quiet;

  @Override
  public Integer call() throws IOException {
    if (Files.isDirectory(Path.of(data))) {
      // Anything written inside the image folder would join the data set.
      OutputFolder.checkOutside("--out", out, "--data", Path.of(data));
      if (cache != null) {
        OutputFolder.checkOutside("--cache", cache, "--data", Path.of(data));
      }
    }
    OutputPaths.folder("--out", out);
    if (cache != null) {
      OutputPaths.folder("--cache", cache);
    }
    if (views < 1 || views > 1000) {
      throw new InvalidInputException("--views must be within 1..1000, got " + views);
    }
    if (batch < 1 || batch > 4096) {
      throw new InvalidInputException("--batch must be within 1..4096, got " + batch);
    }
    int t = threads.count();
    ModelCard card = modelOptions.card();
    String tensor = card.tensorFor(cut);
    ExecutionProfile profile = ExecutionProfile.load(ep);
    Path cacheDir = cache != null ? cache : out.resolve("cache");
    try (OutputFolder owned = OutputFolder.claim("--out", out, d -> false);
        ConsoleProgress progress = ConsoleProgress.forConsole(quiet)) {
      ImageDataset ds =
          DatasetResolver.scan(
              data, DatasetResolver.Options.forFlags(null, modelOptions.mirror), progress);
      Path modelFile = ModelResolver.resolve(card, cacheDir, modelOptions.mirror, progress);
      List<ImageRequest> reqs = new ArrayList<>();
      List<ImageEntry> entries = ds.images();
      for (int i = 0; i < entries.size(); i++) {
        for (int v = 0; v < views; v++) {
          reqs.add(new ImageRequest(entries.get(i).path(), i, v, v > 0));
        }
      }
      FeatureRequest req =
          new FeatureRequest(reqs, card, tensor, Augmentation.recipe(), seed, dtype);
      long t0 = System.nanoTime();
      try (FeatureStore store =
          FeatureCache.getOrCompute(req, modelFile, profile, t, batch, cacheDir, progress)) {
        double secs = (System.nanoTime() - t0) / 1e9;
        writeNpy(store, out.resolve("features.npy"));
        writeRows(store, ds, views, out.resolve("rows.csv"));
        ObjectMapper m = new ObjectMapper();
        ObjectNode summary = m.createObjectNode();
        summary.put("model", card.name());
        summary.put("tensor", tensor);
        summary.put("rows", store.rows());
        summary.put("cols", store.cols());
        summary.put("views", views);
        summary.put("validRows", store.validRows().length);
        summary.put("skipped", store.skipped().size());
        summary.put("executionProvider", store.providerUsed());
        summary.put("seconds", Math.round(secs * 100) / 100.0);
        summary.put("cacheFile", store.file().toAbsolutePath().toString());
        com.fasterxml.jackson.databind.node.ArrayNode cls = summary.putArray("classes");
        ds.classes().forEach(cls::add);
        summary.set("cache", store.provenance());
        org.samplesize.io.AtomicFiles.write(
            out.resolve("features.json"),
            os -> m.writerWithDefaultPrettyPrinter().writeValue(os, summary));
        progress.note(
            "features: "
                + store.rows()
                + " x "
                + store.cols()
                + " ("
                + store.skipped().size()
                + " skipped) on "
                + store.providerUsed()
                + " → "
                + out.resolve("features.npy"));
      }
    }
    return 0;
  }

  /** Writes a NumPy {@code .npy} (version 1.0, little-endian float32, C order). */
  static void writeNpy(FeatureStore s, Path file) {
    String dict =
        "{'descr': '<f4', 'fortran_order': False, 'shape': (" + s.rows() + ", " + s.cols() + "), }";
    int unpadded = 10 + dict.length() + 1;
    int pad = (64 - unpadded % 64) % 64;
    String header = dict + " ".repeat(pad) + "\n";
    try {
      AtomicFiles.write(file, os -> writeNpyBody(s, header, os));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static void writeNpyBody(FeatureStore s, String header, OutputStream os)
      throws IOException {
    ByteBuffer h = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
    h.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
    h.putShort((short) header.length());
    os.write(h.array());
    os.write(header.getBytes(StandardCharsets.US_ASCII));
    float[] row = new float[s.cols()];
    ByteBuffer b = ByteBuffer.allocate(4 * s.cols()).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < s.rows(); i++) {
      s.copyRow(i, row, 0);
      b.clear();
      b.asFloatBuffer().put(row);
      os.write(b.array());
    }
  }

  private static void writeRows(FeatureStore s, ImageDataset ds, int views, Path file) {
    try {
      AtomicFiles.write(
          file,
          os -> {
            Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8);
            writeRows(w, ds, views, s.rows(), s::valid);
            w.flush();
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * Writes {@code rows.csv}: one line per feature row, quoted as RFC 4180 wants (commons-csv), so
   * that any image or class name reads back as it is.
   */
  static void writeRows(Writer w, ImageDataset ds, int views, int rows, IntPredicate valid)
      throws IOException {
    CSVFormat format =
        CSVFormat.DEFAULT
            .builder()
            .setRecordSeparator('\n')
            .setHeader("row", "image", "class", "label", "view", "valid")
            .build();
    CSVPrinter p = new CSVPrinter(w, format);
    for (int r = 0; r < rows; r++) {
      ImageEntry e = ds.images().get(r / views);
      p.printRecord(
          r, e.relativeName(), ds.classes().get(e.label()), e.label(), r % views, valid.test(r));
    }
    p.flush();
  }
}
