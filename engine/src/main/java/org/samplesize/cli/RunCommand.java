package org.samplesize.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.samplesize.experiment.ExecutorProvider;
import org.samplesize.experiment.Experiment;
import org.samplesize.experiment.PipelineStages;
import org.samplesize.experiment.RunSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code samplesize run}: the whole experiment end to end (data set, features, every subsample
 * model, the curve fit, the report), journaled and resumable. Settings come from the flags, then
 * {@code --config FILE}, then the defaults (the recipe); the settings in force are written to the
 * output folder.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
      "Runs the whole experiment: trains models on subsamples of growing size, fits learning"
          + " curves and answers how many images you need.",
      "Run it again with the same --out to resume; finished models are never trained twice.",
      "Defaults: tf_flowers, MobileNetV2 (int8), a stratified 90/10 split with seed 42,"
          + " fractions 0.05,0.1,0.25,0.5 drawn without replacement, 5 repeats, the Keras"
          + " recipe's head training. The recipe itself splits with one shuffled cut, draws"
          + " with replacement from the whole training set and fits pow2 by its own gradient"
          + " descent: --recipe sets all of that."
    })
public final class RunCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--data",
      paramLabel = "DIR|tf_flowers|fashion_mnist",
      description =
          "Images: a folder with one sub-folder per class, tf_flowers (default), or"
              + " fashion_mnist (its official train/test split).")
  String data;

  @Option(
      names = "--model",
      paramLabel = "NAME|FILE",
      description =
          "Backbone: a model card name, a card file (JSON or YAML) or an ONNX file (default: the int8"
              + " MobileNetV2 card).")
  String model;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Output folder (default: samplesize-run). Resumes the experiment found there; not a"
              + " fit command's output folder, whose fit.json a run would replace.")
  String out;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Settings file, YAML or JSON; keys are the long flag names without the leading"
              + " dashes, e.g. 'train-fraction: 0.8' (a run's settings.yaml is one). Flags win"
              + " over the file.")
  Path config;

  @Option(
      names = "--recipe",
      negatable = true,
      description =
          "Do what the Keras recipe does: --split recipe --with-replacement --no-stratified"
              + " --method recipe (one shuffled 90/10 cut, subsamples drawn with replacement from"
              + " the whole training set, its pow2 gradient-descent fit). Its second training"
              + " phase is --fine-tune. --no-recipe (default) sets nothing.")
  boolean recipe;

  @Option(names = "--seed", paramLabel = "S", description = "Root seed (default 42).")
  Long seed;

  @Option(
      names = "--train-fraction",
      paramLabel = "F",
      description = "Share of the images in the training set (default 0.9).")
  Double trainFraction;

  @Option(
      names = "--split",
      paramLabel = "stratified|recipe",
      description = "How to split train/test (default stratified).")
  String split;

  @Option(
      names = "--fractions",
      split = ",",
      paramLabel = "F",
      description = "Shares of the training set to subsample (default 0.05,0.1,0.25,0.5).")
  List<Double> fractions;

  @Option(names = "--repeats", paramLabel = "N", description = "Models per fraction (default 5).")
  Integer repeats;

  @Option(
      names = "--with-replacement",
      negatable = true,
      description = "Draw subsamples with replacement, as the recipe does (default: without).")
  Boolean withReplacement;

  @Option(
      names = "--stratified",
      negatable = true,
      description = "Subsamples keep the class proportions (default: on).")
  Boolean stratified;

  @Option(
      names = "--views",
      paramLabel = "N",
      description =
          "Augmented views per training image (default 1); test images get one clean" + " view.")
  Integer views;

  @Option(
      names = "--augment",
      negatable = true,
      description = "Augment the training views as the recipe does (default: on).")
  Boolean augment;

  @Option(
      names = "--jpeg-dct-scaling",
      negatable = true,
      description =
          "Decode JPEGs several times larger than the model input at 1/2, 1/4 or 1/8 size inside"
              + " the decoder (like PIL's draft mode): much faster for large photos, close to but"
              + " not bit-identical with a full decode (default: off).")
  Boolean jpegDctScaling;

  @Option(
      names = "--exif-orientation",
      negatable = true,
      description =
          "Turn and mirror each image as its EXIF orientation tag says (as PIL's"
              + " ImageOps.exif_transpose does) before the resize (default: off, as TensorFlow's"
              + " decode_jpeg in the recipe ignores the tag).")
  Boolean exifOrientation;

  @Mixin CardOverrideOptions cardOverrides;

  // The defaults in these descriptions are HeadOptions.recipe()'s and TailOptions.recipe()'s;
  // RunCommandTest checks that they agree.
  @Option(
      names = "--epochs",
      paramLabel = "N",
      description =
          "Head training epochs at most (default 10, the recipe's). With --fine-tune each model's"
              + " second phase then runs at most the epochs its head ran plus 20 (--epochs 1: at"
              + " most 21; --fine-tune-epochs sets the 20) and stops early on its own (patience 5,"
              + " --fine-tune-patience); the epochs_run of a fine-tune row counts that phase's"
              + " epochs only.")
  Integer epochs;

  @Option(
      names = "--patience",
      paramLabel = "N",
      description =
          "Head early stopping: epochs without a better validation AUC (default 3, the recipe's;"
              + " --fine-tune uses 5, see --fine-tune-patience).")
  Integer patience;

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      description =
          "Training batch size of the head and of --fine-tune (default 64, the recipe's).")
  Integer batchSize;

  @Option(
      names = "--learning-rate",
      paramLabel = "X",
      description =
          "Adam learning rate of the head (default 0.001, the recipe's; --fine-tune uses 0.0001,"
              + " see --fine-tune-learning-rate).")
  Double learningRate;

  @Mixin FineTuneOptions fineTune;

  @Option(
      names = "--validate",
      negatable = true,
      description =
          "Also train on the whole training set and compare with the prediction"
              + " (validation.json); with --fine-tune, a fine-tuned model too, compared with"
              + " the fine-tuned curve.")
  Boolean validate;

  @Option(
      names = "--target",
      split = ",",
      paramLabel = "ACC",
      description = "Target accuracies to answer 'how many images?', for example 0.95 or 0.9,0.95.")
  List<Double> targets;

  @Option(
      names = "--target-recall",
      paramLabel = "R",
      description =
          "Recall each class should reach: the per-class answers say how many images of each"
              + " class that needs (default: the first --target).")
  Double targetRecall;

  @Mixin CurveFitFlags fitFlags;

  @Option(
      names = "--until-width",
      paramLabel = "W",
      description =
          "Adaptive run: after the planned models, add models (more repeats, or new sizes) chosen"
              + " by the expected narrowing of the answer's interval per training image, until"
              + " that interval is at most W wide: in accuracy at the full training-set size"
              + " (e.g. 0.02), or with --target the interval of the size needed for the first"
              + " target relative to that size (e.g. 0.5). Default: off.")
  Double untilWidth;

  @Option(
      names = "--max-models",
      paramLabel = "N",
      description =
          "Adaptive run: at most N models in all, the planned ones included (default three times"
              + " the planned models).")
  Integer maxModels;

  @Option(
      names = "--max-minutes",
      paramLabel = "M",
      description =
          "Adaptive run: start no new step after M minutes of this command (default no limit);"
              + " running the same command again goes on: one that has trained no model yet"
              + " takes a step first.")
  Double maxMinutes;

  @Option(
      names = "--device",
      paramLabel = "auto|cpu|cuda",
      description = "Head training device (default auto: CUDA when usable, else CPU).")
  String device;

  @Option(
      names = "--ep",
      paramLabel = "auto|cpu|cuda|tensorrt|FILE",
      description =
          "Feature extraction execution provider: auto, cpu, cuda, tensorrt or a profile"
              + " file (default auto).")
  String ep;

  @Mixin ThreadsOption threads;

  @Option(
      names = "--batch",
      paramLabel = "N",
      description =
          "Images per inference call of the feature extraction, as in 'features' (default 64; a"
              + " model whose graph fixes the batch size runs that many at a time).")
  Integer batch;

  @Option(
      names = "--models-per-pass",
      paramLabel = "N",
      description =
          "Models trained together per pass and journaled together (default 0 = all" + " pending).")
  Integer modelsPerPass;

  @Option(
      names = "--cache",
      paramLabel = "DIR",
      description =
          "Cache folder for data sets, models and features, shared with the other commands"
              + " (default: $SAMPLESIZE_CACHE, else ~/.cache/samplesize).")
  String cache;

  @Option(
      names = "--mirror",
      paramLabel = "DIR",
      description =
          "Offline mirror laid out like shared/data (flowers/flower_photos, fashion-mnist/,"
              + " models/); default $SAMPLESIZE_MIRROR, else shared/data beside the samplesize"
              + " folder.")
  String mirror;

  @Option(
      names = "--spark",
      paramLabel = "MASTER",
      description =
          "Extracts the features and trains the models on Apache Spark: local[N] (N worker"
              + " threads here), spark://HOST:7077 or any master URL spark-submit takes. Same"
              + " outputs and numbers; images and model on storage every executor sees at the"
              + " same path, or given as Hadoop FileSystem URIs such as hdfs://HOST/PATH (or s3a://"
              + " with its connector; --out too); --cache local, at the same path on every executor."
              + " Needs the spark build, which the launcher (samplesize in the checkout) adds when"
              + " --spark is given (see docs/scale-out.md).")
  String spark;

  @Option(
      names = "--quiet",
      negatable = true,
      description =
          "No progress bar: one line per stage (plain lines are also used when the"
              + " output is not a terminal).")
  boolean quiet;

  /**
   * @return the flags the user gave, by setting key
   */
  Map<String, Object> flags() {
    Map<String, Object> f = new LinkedHashMap<>();
    put(f, "data", data);
    put(f, "model", model);
    put(f, "out", out);
    put(f, "seed", seed);
    put(f, "train-fraction", trainFraction);
    put(f, "split", split);
    put(f, "fractions", fractions);
    put(f, "repeats", repeats);
    put(f, "with-replacement", withReplacement);
    put(f, "stratified", stratified);
    put(f, "views", views);
    put(f, "augment", augment);
    put(f, "jpeg-dct-scaling", jpegDctScaling);
    put(f, "exif-orientation", exifOrientation);
    cardOverrides.putFlags(f);
    put(f, "epochs", epochs);
    put(f, "patience", patience);
    put(f, "batch-size", batchSize);
    put(f, "learning-rate", learningRate);
    fineTune.putFlags(f);
    put(f, "validate", validate);
    put(f, "targets", targets);
    put(f, "target-recall", targetRecall);
    fitFlags.putFlags(f);
    put(f, "until-width", untilWidth);
    put(f, "max-models", maxModels);
    put(f, "max-minutes", maxMinutes);
    put(f, "device", device);
    put(f, "ep", ep);
    put(f, "threads", threads.given());
    put(f, "batch", batch);
    put(f, "models-per-pass", modelsPerPass);
    put(f, "cache", cache);
    put(f, "mirror", mirror);
    if (recipe) {
      RecipeFlag.put(f);
    }
    return f;
  }

  /** Puts a flag that was given; one not given (null) is left out, so the file or default wins. */
  static void put(Map<String, Object> m, String key, Object value) {
    if (value != null) {
      m.put(key, value);
    }
  }

  @Override
  public Integer call() {
    RunInputs in = RunInputs.check(this);
    RunSettings settings = in.settings();
    ExecutorProvider provider = in.provider();
    PrintWriter stdout = spec.commandLine().getOut();
    try (StopNotice stop =
            StopNotice.register(Path.of(settings.out()).toAbsolutePath().normalize(), System.err);
        ConsoleProgress progress = ConsoleProgress.forConsole(quiet);
        PipelineStages stages = SparkPipeline.stages(provider, spark, progress)) {
      for (String note : RunConsole.cardNotes(settings)) {
        progress.note(note);
      }
      Experiment.Outcome o;
      try {
        o = Experiment.run(settings, stages, progress);
      } catch (RuntimeException | Error e) {
        progress.stop();
        throw e;
      }
      progress.close();
      RunConsole.printAnswers(stdout, o);
    }
    return 0;
  }
}
