package org.samplesize.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.samplesize.InvalidInputException;
import org.samplesize.data.CacheDir;
import org.samplesize.data.DatasetResolver;
import org.samplesize.data.ImageDataset;
import org.samplesize.data.ImageEntry;
import org.samplesize.experiment.DataFingerprint;
import org.samplesize.experiment.Experiment;
import org.samplesize.experiment.FeatureSet;
import org.samplesize.experiment.Journal;
import org.samplesize.experiment.PipelineStages;
import org.samplesize.experiment.Plan;
import org.samplesize.experiment.ResumeIdentity;
import org.samplesize.experiment.RunSettings;
import org.samplesize.experiment.SettingsIO;
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
import org.samplesize.io.JsonKeys;
import org.samplesize.io.OutputFolder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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

  @Spec CommandSpec spec;

  @Option(
      names = "--data",
      paramLabel = "DIR|tf_flowers",
      description = "Image folder ROOT/<class>/<image>, or tf_flowers (this or --run).")
  String data;

  @Option(
      names = "--run",
      paramLabel = "DIR",
      description =
          "The output folder of a 'samplesize run': export the features that run used (its"
              + " data, model, split, views and augmentation, from its settings.yaml), read from"
              + " the cache it filled instead of computed again; refused when its images changed"
              + " since.")
  Path run;

  @Mixin ModelOptions modelOptions;

  @Option(
      names = "--cut",
      paramLabel = "TENSOR",
      description =
          "Store this tensor instead of the pooled features: the output of stem, block_0.."
              + "block_16 or head (the card's cuts), or a tensor name.")
  String cut;

  @Option(
      names = "--views",
      paramLabel = "K",
      defaultValue = "1",
      description =
          "Rows per image: view 0 is the plain image, views 1 to K-1 the recipe's augmentation"
              + " (default: ${DEFAULT-VALUE}). With --run the run's views are used, and a run"
              + " augments every training view, view 0 too.")
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
      paramLabel = "S",
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
      description =
          "Cache folder for data sets, models, cut models and features, shared with the other"
              + " commands (default: $SAMPLESIZE_CACHE, else ~/.cache/samplesize; with --run,"
              + " the run's).")
  Path cache;

  @Option(
      names = "--quiet",
      negatable = true,
      description = "Only stage lines and notes, no progress bar.")
  boolean quiet;

  /** Options that --run takes from the run's settings instead. */
  private static final List<String> DECIDED_BY_RUN =
      List.of(
          "--data",
          "--model",
          "--feature-tensor",
          "--input-layout",
          "--resize",
          "--size",
          "--short-side",
          "--scale",
          "--mean",
          "--std",
          "--jpeg-dct-scaling",
          "--cut",
          "--views",
          "--seed",
          "--dtype");

  @Override
  public Integer call() throws IOException {
    ModelOptions.checkMirror(
        "--mirror", modelOptions.mirror == null ? null : modelOptions.mirror.toString());
    ModelOptions.checkMirrorEnv(
        modelOptions.mirror == null ? null : modelOptions.mirror.toString(), System.getenv());
    if (run != null) {
      return exportRun();
    }
    if (data == null) {
      throw new InvalidInputException(
          "give --data DIR|tf_flowers, or --run DIR to export the features of a finished run");
    }
    if (Files.isDirectory(Path.of(data))) {
      // Anything written inside the image folder would join the data set.
      OutputFolder.checkOutside("--out", out, "--data", Path.of(data));
      if (cache != null) {
        OutputFolder.checkOutside("--cache", cache, "--data", Path.of(data));
      }
    }
    OutputPaths.folder("--out", out);
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
    Path cacheDir = CacheDir.resolve(cache);
    OutputPaths.cache(cache, cacheDir, System.getenv());
    try (OutputFolder owned = OutputFolder.claim("--out", out, d -> false);
        ConsoleProgress progress = ConsoleProgress.forConsole(quiet)) {
      try {
        ImageDataset ds =
            DatasetResolver.scan(
                data, DatasetResolver.Options.forFlags(cacheDir, modelOptions.mirror), progress);
        Path modelFile = ModelResolver.resolve(card, cacheDir, modelOptions.mirror, progress);
        // A --feature-tensor the file lacks is named as the flag's mistake, not the card's.
        card.verify(modelFile, modelOptions.featureTensorSource());
        List<ImageRequest> reqs = new ArrayList<>();
        List<ImageEntry> entries = ds.images();
        for (int i = 0; i < entries.size(); i++) {
          for (int v = 0; v < views; v++) {
            reqs.add(new ImageRequest(entries.get(i).path(), i, v, v > 0));
          }
        }
        // A folder's images are named in the cache key by their bytes too, as run names them: by
        // path, size and time alone, an image rewritten with its old size and time got its former
        // features.
        String content =
            DatasetResolver.isBuiltIn(data) ? null : DataFingerprint.contentHash(ds, t);
        FeatureRequest req =
            new FeatureRequest(reqs, card, tensor, Augmentation.recipe(), seed, dtype, content);
        long t0 = System.nanoTime();
        try (FeatureStore store =
            FeatureCache.getOrCompute(req, modelFile, profile, t, batch, cacheDir, progress)) {
          double secs = (System.nanoTime() - t0) / 1e9;
          List<ImageRequest> rows = req.images();
          if (store.validRows().length == 0 && store.rows() > 0) {
            // Every row would be zeros marked invalid: an export that says nothing, written with
            // exit 0 beside the skipped lines.
            throw new InvalidInputException(
                "none of the "
                    + entries.size()
                    + " images under "
                    + data
                    + " decodes (each is named above as skipped), so every row of features.npy"
                    + " would be zeros; check the files with 'samplesize inspect --data "
                    + data
                    + "'");
          }
          writeNpy(store, out.resolve("features.npy"));
          writeRows(store, ds, rows, null, out.resolve("rows.csv"));
          writeSummary(store, ds, card.name(), tensor, views, secs, out, progress);
        }
      } catch (RuntimeException | Error | IOException e) {
        // Closed as "stopped after" its count: the try's own close would say "done".
        progress.stop();
        throw e;
      }
    }
    return 0;
  }

  /**
   * {@code --run DIR}: the run's settings decide the rows (its split, views and augmentation), so
   * the request, and with it the cache key, is the one the run computed; the rows come from its
   * cache without inference.
   */
  private int exportRun() throws IOException {
    CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
    for (String name : DECIDED_BY_RUN) {
      if (parsed.hasMatchedOption(name)) {
        throw new InvalidInputException(
            name
                + " cannot be combined with --run: the run's settings.yaml decides it; drop "
                + name);
      }
    }
    if (!Files.exists(run)) {
      throw new InvalidInputException(
          "--run "
              + run
              + " does not exist: give the --out folder of a 'samplesize run' (check the path)");
    }
    if (!Files.isDirectory(run)) {
      throw new InvalidInputException(
          "--run " + run + " is a file, not a folder: give the --out folder of a 'samplesize run'");
    }
    Path settingsFile = run.resolve(Experiment.SETTINGS_FILE);
    if (!Files.isRegularFile(settingsFile)) {
      throw new InvalidInputException(
          "--run "
              + run
              + " holds no "
              + Experiment.SETTINGS_FILE
              + ": give the --out folder of a 'samplesize run'");
    }
    OutputPaths.folder("--out", out);
    if (batch < 1 || batch > 4096) {
      throw new InvalidInputException("--batch must be within 1..4096, got " + batch);
    }
    Map<String, Object> flags = new LinkedHashMap<>();
    // Only the pooled features are exported: the fine-tuning pass and the device are not needed.
    flags.put("fine-tune", false);
    flags.put("device", "auto");
    flags.put("ep", ep);
    flags.put("threads", threads.setting());
    flags.put("batch", batch);
    if (cache != null) {
      flags.put("cache", cache.toString());
    }
    if (modelOptions.mirror != null) {
      flags.put("mirror", modelOptions.mirror.toString());
    }
    RunSettings s = SettingsIO.resolve(settingsFile, flags);
    if (Files.isDirectory(Path.of(s.data()))) {
      OutputFolder.checkOutside("--out", out, "--data", Path.of(s.data()));
    }
    OutputPaths.cache(cache, PipelineStages.cacheDir(s), System.getenv());
    try (OutputFolder owned = OutputFolder.claim("--out", out, d -> false);
        ConsoleProgress progress = ConsoleProgress.forConsole(quiet);
        PipelineStages stages = new PipelineStages()) {
      try {
        long t0 = System.nanoTime();
        Plan plan = stages.plan(s, progress);
        // The cache is keyed by the files as they are now: images changed since the run would be
        // exported (computed afresh) as if the run had used them.
        String changed = ResumeIdentity.dataChangedSince(journalSettings(run), s, plan);
        if (changed != null) {
          throw new InvalidInputException(
              changed
                  + ": these would not be the features that run used; restore the files, or export"
                  + " the images as they are now with --data");
        }
        try (FeatureSet features = stages.features(plan, s, progress)) {
          double secs = (System.nanoTime() - t0) / 1e9;
          FeatureStore store = features.pooled();
          ImageDataset ds = plan.requireInputs().dataset();
          List<ImageRequest> rows = plan.requireInputs().imageRequests();
          writeNpy(store, out.resolve("features.npy"));
          writeRows(
              store, ds, rows, plan.dataset().trainSize() * s.views(), out.resolve("rows.csv"));
          writeSummary(store, ds, plan.modelName(), "", s.views(), secs, out, progress);
        }
      } catch (RuntimeException | Error | IOException e) {
        // Closed as "stopped after" its count: the try's own close would say "done".
        progress.stop();
        throw e;
      }
    }
    return 0;
  }

  /**
   * The settings in the header of a run's journal, or a missing node when it has none that can be
   * read (a run that stopped before its journal; a damaged journal, which a run refuses itself).
   */
  static JsonNode journalSettings(Path run) {
    try (java.io.BufferedReader r =
        Files.newBufferedReader(run.resolve(Journal.FILE_NAME), StandardCharsets.UTF_8)) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (!line.isBlank()) {
          return new ObjectMapper().readTree(line).path("settings");
        }
      }
    } catch (IOException | RuntimeException e) {
      // nothing to compare
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  private static void writeSummary(
      FeatureStore store,
      ImageDataset ds,
      String model,
      String tensor,
      int views,
      double secs,
      Path out,
      ConsoleProgress progress)
      throws IOException {
    ObjectMapper m = new ObjectMapper();
    ObjectNode summary = m.createObjectNode();
    summary.put("model", model);
    JsonNode key = store.provenance().path("provenance");
    summary.put("tensor", tensor.isEmpty() ? key.path("tensor").asText() : tensor);
    summary.put("rows", store.rows());
    summary.put("cols", store.cols());
    summary.put("views", views);
    summary.put("valid_rows", store.validRows().length);
    summary.put("skipped", store.skipped().size());
    summary.put("execution_provider", store.providerUsed());
    summary.put("seconds", Math.round(secs * 100) / 100.0);
    summary.put("cache_file", store.file().toAbsolutePath().toString());
    ArrayNode cls = summary.putArray("classes");
    ds.classes().forEach(cls::add);
    // The cache manifest keeps its own keys (they are hashed into the cache key); converted here.
    summary.set("cache", JsonKeys.snakeDeep(store.provenance()));
    AtomicFiles.write(
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

  /**
   * One line per row: the image, its class and view, whether it could be read; with {@code
   * trainRows} (a run's rows), also its set ({@code train} for the first {@code trainRows}, then
   * {@code test}) and whether it was augmented.
   */
  private static void writeRows(
      FeatureStore s, ImageDataset ds, List<ImageRequest> rows, Integer trainRows, Path file) {
    try {
      AtomicFiles.write(
          file,
          os -> {
            Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8);
            writeRows(
                w,
                ds,
                s.rows(),
                r -> rows.get(r).index(),
                r -> rows.get(r).view(),
                trainRows,
                r -> rows.get(r).augment(),
                s::valid);
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
    writeRows(w, ds, rows, r -> r / views, r -> r % views, null, r -> false, valid);
  }

  private static void writeRows(
      Writer w,
      ImageDataset ds,
      int rows,
      IntUnaryOperator image,
      IntUnaryOperator view,
      Integer trainRows,
      IntPredicate augmented,
      IntPredicate valid)
      throws IOException {
    List<String> header =
        new ArrayList<>(List.of("row", "image", "class", "label", "view", "valid"));
    if (trainRows != null) {
      header.add("set");
      header.add("augmented");
    }
    CSVFormat format =
        CSVFormat.DEFAULT
            .builder()
            .setRecordSeparator('\n')
            .setHeader(header.toArray(String[]::new))
            .build();
    CSVPrinter p = new CSVPrinter(w, format);
    for (int r = 0; r < rows; r++) {
      ImageEntry e = ds.images().get(image.applyAsInt(r));
      List<Object> rec =
          new ArrayList<>(
              List.of(
                  r,
                  e.relativeName(),
                  ds.classes().get(e.label()),
                  e.label(),
                  view.applyAsInt(r),
                  valid.test(r)));
      if (trainRows != null) {
        rec.add(r < trainRows ? "train" : "test");
        rec.add(augmented.test(r));
      }
      p.printRecord(rec);
    }
    p.flush();
  }
}
