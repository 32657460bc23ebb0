package org.samplesize.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.samplesize.InvalidInputException;
import org.samplesize.bench.BenchRow;
import org.samplesize.bench.FeatureBench;
import org.samplesize.bench.HeadBenchmark;
import org.samplesize.bench.TailBenchmark;
import org.samplesize.data.DatasetResolver;
import org.samplesize.data.ImageDataset;
import org.samplesize.data.ImageEntry;
import org.samplesize.features.FeatureExtractor;
import org.samplesize.features.ModelCard;
import org.samplesize.features.ModelResolver;
import org.samplesize.features.TailGraphReader;
import org.samplesize.train.tail.TailSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code samplesize bench}: images/s of the feature backbone on every execution provider usable
 * here, at a few batch sizes, with decoding included and excluded, on the user's model and a sample
 * of their images; median and spread of several repetitions after warm-up; as a table and as JSON.
 * Head and fine-tuning backends add {@link BenchRow}s to the same table, measured on seeded random
 * inputs (features of the recipe's shape; trunk activations at the model's cut), not the data.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Times this machine's backends: feature extraction on your model and a sample of your"
          + " images; head and tail training on random inputs of a fixed shape.",
      "Feature extraction: images/s per execution provider and batch size, decode included and"
          + " excluded, on your model and a sample of your images (--sample).",
      "Head training: models/s of the recipe's 20-model plan per training backend (cpu, cuda), on"
          + " random features of tf_flowers' shape (3,303 training and 367 test rows of 1,280"
          + " values, 5 classes), whatever your model and data.",
      "Fine-tuning: training samples/s of your model's tail (from --unfreeze-from) per training"
          + " backend (cpu, cuda), on random trunk activations with 5 classes, not your images."
    })
public final class BenchCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--data",
      required = true,
      paramLabel = "DIR|tf_flowers",
      description = "Image folder ROOT/<class>/<image> to sample images from.")
  String data;

  @Mixin ModelOptions modelOptions;

  @Option(
      names = "--ep",
      split = ",",
      defaultValue = "auto",
      paramLabel = "EP",
      description =
          "Execution providers to try, comma separated; auto = tensorrt,cuda,cpu (default:"
              + " ${DEFAULT-VALUE}). One named that cannot run here gets a row saying why;"
              + " auto skips those not available here with one note.")
  List<String> eps;

  @Option(
      names = "--batch",
      split = ",",
      defaultValue = "1,16,64",
      paramLabel = "N",
      description = "Batch sizes (default: ${DEFAULT-VALUE}).")
  List<Integer> batches;

  /** Decode workers and ONNX Runtime threads. */
  @Mixin ThreadsOption threads;

  @Option(
      names = "--warmup",
      paramLabel = "N",
      defaultValue = "1",
      description = "Untimed repetitions first (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(
      names = "--repetitions",
      paramLabel = "N",
      defaultValue = "5",
      description = "Timed repetitions; the median is reported (default: ${DEFAULT-VALUE}).")
  int repetitions;

  @Option(
      names = "--images",
      paramLabel = "N",
      defaultValue = "256",
      description = "Images per repetition (default: ${DEFAULT-VALUE}).")
  int images;

  @Option(
      names = "--sample",
      paramLabel = "N",
      defaultValue = "128",
      description =
          "Distinct image files taken from the data set, evenly spaced (default: ${DEFAULT-VALUE}).")
  int sample;

  @Option(
      names = "--unfreeze-from",
      paramLabel = "BLOCK|none",
      description =
          "Fine-tuning rows: train the backbone from this block (block_0..block_16) on, as run"
              + " --fine-tune does, at the largest --batch; none leaves them out (default: block_10, skipped with a"
              + " row saying why when the model has no such tail).")
  String fineTuneCut;

  /** The file {@code --out} gets. */
  static final String JSON_FILE = "bench.json";

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Also write the rows as JSON into this folder, as " + JSON_FILE + ".")
  Path out;

  /** The earlier spelling: one JSON file at a path of its own. */
  @Option(names = "--json", paramLabel = "FILE", hidden = true)
  Path json;

  @Option(
      names = "--cache",
      paramLabel = "DIR",
      description =
          "Cache folder for data sets, the downloaded model, cut models and provider caches"
              + " (default: $SAMPLESIZE_CACHE, else ~/.cache/samplesize), shared with the other"
              + " commands.")
  Path cache;

  @Option(
      names = "--quiet",
      negatable = true,
      description = "Only stage lines and notes, no progress bar.")
  boolean quiet;

  @Override
  public Integer call() throws IOException {
    ModelOptions.checkMirror(
        "--mirror", modelOptions.mirror == null ? null : modelOptions.mirror.toString());
    ModelOptions.checkMirrorEnv(
        modelOptions.mirror == null ? null : modelOptions.mirror.toString(), System.getenv());
    if (out != null && json != null) {
      throw new InvalidInputException(
          "--json is the earlier spelling of --out DIR: give only --out (it writes "
              + JSON_FILE
              + ")");
    }
    if (out != null) {
      OutputPaths.jsonFolder(out, JSON_FILE);
    }
    if (json != null) {
      OutputPaths.file("--json", json);
    }
    if (sample < 1) {
      throw new InvalidInputException("--sample must be at least 1, got " + sample);
    }
    // Named by their flags, before the images and the model are read (FeatureBench checks them
    // again, by their settings' names).
    if (warmup < 0) {
      throw new InvalidInputException("--warmup must be 0 or more, got " + warmup);
    }
    if (repetitions < 1) {
      throw new InvalidInputException("--repetitions must be at least 1, got " + repetitions);
    }
    if (images < 1) {
      throw new InvalidInputException("--images must be at least 1, got " + images);
    }
    for (int b : batches) {
      // Checked before the data and the model are looked at (FeatureBench checks it again).
      if (b < 1) {
        throw new InvalidInputException(
            "--batch " + b + ": batch sizes must be at least 1, e.g. --batch 1,8,32");
      }
      // As features and run cap it: a batch's input buffer is indexed by int, and a larger
      // batch overflowed it into an internal error.
      if (b > 4096) {
        throw new InvalidInputException(
            "--batch " + b + ": batch sizes must be at most 4096, e.g. --batch 1,8,32");
      }
    }
    int t = threads.count();
    ModelCard card = modelOptions.card();
    Path cacheDir = org.samplesize.data.CacheDir.resolve(cache);
    OutputPaths.cache(cache, cacheDir, System.getenv());
    List<BenchRow> rows = new ArrayList<>();
    try (ConsoleProgress progress = ConsoleProgress.forConsole(quiet)) {
      ImageDataset ds =
          DatasetResolver.scan(
              data, DatasetResolver.Options.forFlags(cacheDir, modelOptions.mirror), progress);
      List<ImageEntry> all = ds.images();
      List<Path> files = new ArrayList<>();
      int n = Math.min(sample, all.size());
      for (int i = 0; i < n; i++) {
        files.add(all.get((int) ((long) i * all.size() / n)).path());
      }
      Path modelFile = ModelResolver.resolve(card, cacheDir, modelOptions.mirror, progress);
      // A --feature-tensor the file lacks is named as the flag's mistake, not the card's.
      card.verify(modelFile, modelOptions.featureTensorSource());
      // Read the tail first: a bad --unfreeze-from fails before anything is measured; a model
      // whose tail cannot be trained (not MobileNetV2-shaped) gets a row saying why.
      TailSpec tail = null;
      String noTail = null;
      if (fineTuneCut == null || !fineTuneCut.strip().equalsIgnoreCase("none")) {
        try {
          tail =
              TailGraphReader.read(
                  modelFile, fineTuneCut == null ? TailGraphReader.DEFAULT_CUT : fineTuneCut);
        } catch (InvalidInputException e) {
          if (fineTuneCut != null) {
            throw e;
          }
          noTail = e.getMessage();
        }
      }
      FeatureBench.Settings s =
          new FeatureBench.Settings(eps, batches, t, warmup, repetitions, images);
      rows.addAll(FeatureBench.run(card, modelFile, files, s, cacheDir, progress));
      rows.addAll(HeadBenchmark.benchRows(t, warmup, repetitions, progress));
      int fineTuneBatch = batches.stream().mapToInt(Integer::intValue).max().orElse(64);
      if (tail != null) {
        rows.addAll(
            TailBenchmark.benchRows(
                tail, card.name(), fineTuneBatch, t, warmup, repetitions, progress));
      } else if (noTail != null) {
        rows.add(
            new BenchRow(
                "finetune",
                "-",
                "fp32",
                card.name(),
                fineTuneBatch,
                t,
                "-",
                "samples/s",
                new double[0],
                "skipped: this model's tail cannot be fine-tuned (" + noTail + ")"));
      }
    }
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.println(settingsLine(card));
    stdout.print(table(rows));
    stdout.flush();
    Path file = out != null ? out.resolve(JSON_FILE) : json;
    if (file != null) {
      writeJson(rows, t, card, file);
      stdout.println("wrote " + file);
      stdout.flush();
    }
    return 0;
  }

  /**
   * The line above the table that says what the feature rows decoded with: the model, the resize
   * and whether JPEG DCT scaling was on (it changes images/s with decode included several times).
   */
  static String settingsLine(ModelCard card) {
    org.samplesize.image.Preprocessing p = card.preprocessing();
    return String.format(
        Locale.ROOT,
        "model %s; resize %s %dx%d%s; jpeg-dct-scaling %s",
        card.name(),
        p.resize(),
        p.width(),
        p.height(),
        p.resize() == org.samplesize.image.ResizeMode.SHORT_SIDE_CENTER_CROP
            ? " (short side " + p.shortSide() + ")"
            : "",
        p.jpegDctScaling() ? "on" : "off");
  }

  /** The rows as an aligned text table. */
  static String table(List<BenchRow> rows) {
    StringBuilder sb = new StringBuilder();
    String fmt = "%-9s %-9s %-5s %5s %-8s %10s %10s %10s %7s  %s%n";
    sb.append(
        String.format(
            Locale.ROOT,
            fmt,
            "stage",
            "backend",
            "prec",
            "batch",
            "decode",
            "median",
            "min",
            "max",
            "spread",
            "unit / note"));
    for (BenchRow r : rows) {
      boolean has = r.samples().length > 0;
      sb.append(
          String.format(
              Locale.ROOT,
              fmt,
              r.stage(),
              r.backend(),
              r.precision(),
              has ? Integer.toString(r.batch()) : "-",
              r.decode(),
              has ? String.format(Locale.ROOT, "%.1f", r.median()) : "-",
              has ? String.format(Locale.ROOT, "%.1f", r.min()) : "-",
              has ? String.format(Locale.ROOT, "%.1f", r.max()) : "-",
              has ? String.format(Locale.ROOT, "%.1f%%", r.spreadPercent()) : "-",
              has ? r.unit() + (r.note().isEmpty() ? "" : " " + r.note()) : r.note()));
    }
    return sb.toString();
  }

  static void writeJson(List<BenchRow> rows, int threads, ModelCard card, Path file)
      throws IOException {
    ObjectMapper m = new ObjectMapper();
    ObjectNode root = m.createObjectNode();
    root.put("threads", threads);
    root.put("model", card.name());
    org.samplesize.image.Preprocessing p = card.preprocessing();
    ObjectNode pre = root.putObject("preprocessing");
    pre.put("resize", p.resize().name());
    pre.put("width", p.width());
    pre.put("height", p.height());
    pre.put("short_side", p.shortSide());
    pre.put("jpeg_dct_scaling", p.jpegDctScaling());
    root.put("cores", Runtime.getRuntime().availableProcessors());
    root.put("onnxruntime", FeatureExtractor.ortVersion());
    root.put("java", System.getProperty("java.version"));
    root.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    ArrayNode arr = root.putArray("rows");
    for (BenchRow r : rows) {
      ObjectNode o = arr.addObject();
      o.put("stage", r.stage());
      o.put("backend", r.backend());
      o.put("precision", r.precision());
      o.put("model", r.model());
      if (r.batch() > 0) {
        o.put("batch", r.batch());
      } else {
        // A row that could not run before a batch size was chosen (a training backend without a
        // GPU) has none: null, as the table's "-", where 0 was written.
        o.putNull("batch");
      }
      o.put("threads", r.threads());
      o.put("decode", r.decode());
      o.put("unit", r.unit());
      if (r.samples().length > 0) {
        o.put("median", r.median());
        o.put("min", r.min());
        o.put("max", r.max());
        o.put("spread_percent", r.spreadPercent());
      } else {
        // A skipped row keeps every key, as every JSON file here writes a number that does not
        // exist: null.
        o.putNull("median");
        o.putNull("min");
        o.putNull("max");
        o.putNull("spread_percent");
      }
      ArrayNode sm = o.putArray("samples");
      for (double d : r.samples()) {
        sm.add(d);
      }
      o.put("note", r.note());
    }
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    org.samplesize.io.AtomicFiles.write(
        file, os -> m.writerWithDefaultPrettyPrinter().writeValue(os, root));
  }
}
