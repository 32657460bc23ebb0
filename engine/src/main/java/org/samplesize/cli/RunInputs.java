package org.samplesize.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.samplesize.InvalidInputException;
import org.samplesize.data.DatasetResolver;
import org.samplesize.experiment.ExecutorProvider;
import org.samplesize.experiment.PipelineStages;
import org.samplesize.experiment.RunSettings;
import org.samplesize.experiment.SettingsIO;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What {@code run} works with, checked before any work: the settings from its flags, then {@code
 * --config FILE}, then the defaults, and the {@code --spark} provider if one was asked for. Every
 * check that needs no work is made here (empty or folder paths, the mirror, flags that change
 * nothing, the output and cache folders), so that a mistake is reported at once and not when the
 * first file is written. Kept apart from {@link RunCommand}, which declares the flags and runs the
 * experiment.
 *
 * @param settings the settings in force (with {@code --spark}, its local paths)
 * @param provider the {@code --spark} provider, or null to run here
 */
record RunInputs(RunSettings settings, ExecutorProvider provider) {

  /**
   * @param cmd the parsed {@code run} command
   * @return its settings and provider
   * @throws InvalidInputException naming the flag or setting to fix
   */
  static RunInputs check(RunCommand cmd) {
    if (cmd.data != null && cmd.data.isBlank()) {
      // Named as typed, not as the setting's "--data : is empty".
      throw new InvalidInputException(
          "--data is empty: give a folder of class folders (ROOT/<class>/<image>), tf_flowers or"
              + " fashion_mnist");
    }
    if (cmd.config != null && cmd.config.toString().isBlank()) {
      // An empty path ("$CONFIG" unset) is the current folder, refused as "--config  is a folder".
      throw new InvalidInputException(
          "--config is empty: give the settings file, e.g. the settings.yaml a run wrote, or drop"
              + " --config");
    }
    if (cmd.config != null && Files.isDirectory(cmd.config)) {
      // Reading it would fail with the system's "Is a directory".
      throw new InvalidInputException(
          "--config "
              + cmd.config
              + " is a folder, not a file: give the settings file itself, e.g. the settings.yaml"
              + " a run wrote");
    }
    ModelOptions.checkMirror("--mirror", cmd.mirror);
    ExecutorProvider provider = SparkPipeline.provider(cmd.spark);
    Map<String, Object> flags = cmd.flags();
    RunSettings settings = SettingsIO.resolve(cmd.config, flags, typed(cmd.spec, flags.keySet()));
    if (provider == null) {
      // Path.of would take s3a://x/y for the local folder s3a:/x/y and write there.
      localOnly(settings, "--out", settings.out(), "give a local folder");
      localOnly(
          settings, "--model", settings.model(), "copy the model to local disk and give its path");
      localOnly(
          settings,
          "--mirror",
          settings.mirror(),
          "copy the mirror to local disk and give its path");
      if (DatasetResolver.isUri(settings.cache())) {
        throw new InvalidInputException(
            settings.sourceOf("--cache").given(settings.cache())
                + ": the cache folder must be on local disk; give a local path");
      }
      if (cmd.data == null && DatasetResolver.isUri(settings.data())) {
        // as the data set resolver refuses --data, named by the settings file's line
        throw new InvalidInputException(
            settings.sourceOf("--data").given(settings.data())
                + ": a URI is read only by a run on Apache Spark: add --spark MASTER to 'run'"
                + " (see docs/scale-out.md), or copy the images to a local folder and give its"
                + " path");
      }
    }
    if (cmd.mirror == null) {
      ModelOptions.checkMirror(inFile(cmd.config, settings, "mirror"), settings.mirror());
    }
    ModelOptions.checkMirrorEnv(settings.mirror(), System.getenv());
    if (cmd.data == null && cmd.config != null && provider == null) {
      ModelOptions.checkConfigData(inFile(cmd.config, settings, "data"), settings.data());
    }
    if (cmd.model == null && settings.source("model") != null && provider == null) {
      ModelOptions.checkConfigModel(inFile(cmd.config, settings, "model"), settings.model());
    }
    if (provider != null) {
      settings = provider.localPaths(settings);
    }
    cmd.fineTune.checkUsed(settings);
    // Checked before any work: a bad path otherwise fails only when the first file is written.
    OutputPaths.folder("--out", Path.of(settings.out()));
    // The effective cache folder, SAMPLESIZE_CACHE or the default included: it holds the features.
    OutputPaths.cache(
        settings.cache() == null ? null : Path.of(settings.cache()),
        PipelineStages.cacheDir(settings),
        System.getenv());
    return new RunInputs(settings, provider);
  }

  /**
   * Where a settings file gave a value, for a message that refuses it: the file, line and column
   * where the parser kept them, as the file's other errors say.
   *
   * @param config the settings file
   * @param settings the settings read from it
   * @param key the setting
   * @return e.g. {@code config file run.yaml line 2, column 9: setting 'mirror' =}
   */
  private static String inFile(Path config, RunSettings settings, String key) {
    return settings.source(key) == null
        ? "config file " + config + ": " + key
        : settings.sourceOf("--" + key).named();
  }

  /**
   * Refuses a URI where a run without {@code --spark} reads or writes local paths only, as {@code
   * --data} is refused for the data.
   *
   * @param settings the settings, for where a settings file gave the value
   * @param flag the flag that sets it
   * @param value its value, or null
   * @param instead what to give instead
   * @throws InvalidInputException when {@code value} is a URI
   */
  private static void localOnly(RunSettings settings, String flag, String value, String instead) {
    if (DatasetResolver.isUri(value)) {
      throw new InvalidInputException(
          settings.sourceOf(flag).given(value)
              + ": a URI is used only by a run on Apache Spark: add --spark MASTER"
              + " (see docs/scale-out.md), or "
              + instead);
    }
  }

  /**
   * How the user typed each flag that sets one of these settings, e.g. {@code --target 92} (not
   * {@code [92.0]}), for the messages that refuse a value.
   *
   * @param spec the command as parsed; null (not parsed) gives an empty map
   * @param keys setting keys
   * @return the typed flag by setting key; a key whose flag was not typed (set by {@code --recipe})
   *     or takes no value is left out
   */
  static Map<String, String> typed(CommandSpec spec, Set<String> keys) {
    Map<String, String> typed = new LinkedHashMap<>();
    picocli.CommandLine.ParseResult parsed =
        spec == null ? null : spec.commandLine().getParseResult();
    if (parsed == null) {
      return typed;
    }
    for (String key : keys) {
      picocli.CommandLine.Model.OptionSpec o = parsed.matchedOption(SettingsIO.flagName(key));
      if (o != null && !o.originalStringValues().isEmpty() && o.arity().max() > 0) {
        typed.put(key, o.longestName() + " " + String.join(",", o.originalStringValues()));
      }
    }
    return typed;
  }
}
