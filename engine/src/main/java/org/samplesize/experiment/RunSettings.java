package org.samplesize.experiment;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.samplesize.SettingSource;
import org.samplesize.features.CardOverrides;
import org.samplesize.image.Layout;
import org.samplesize.image.ResizeMode;

/**
 * The settings of one {@code samplesize run}: the experiment's {@linkplain ExperimentSpec
 * specification} and the {@linkplain RunEnvironment environment} it runs in. A config file (YAML or
 * JSON) holds both under the long flag names without the dashes ({@code with-replacement: true}); a
 * flag wins over the file, the file over the defaults ({@link #defaults()}); {@link SettingsIO}
 * reads and writes them as one flat table. The accessors of both parts are repeated here, under the
 * same names as the keys.
 *
 * @param spec what the experiment is; its {@linkplain ExperimentSpec#IDENTITY_KEYS identity} is
 *     what a resume must match
 * @param environment where and how it runs
 * @param sources where each setting a config file gave (and no flag overrode) is in the file, by
 *     key, e.g. {@code device} to {@code config file run.yaml line 4, column 9: setting 'device'},
 *     so that a value refused only when the run starts is named where it was given; not part of the
 *     settings' equality
 */
public record RunSettings(
    ExperimentSpec spec, RunEnvironment environment, Map<String, String> sources) {

  /** The settings that decide which models are trained and what they compute. */
  public static final Set<String> IDENTITY_KEYS = ExperimentSpec.IDENTITY_KEYS;

  /** Checks both parts are there. */
  public RunSettings {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(environment, "environment");
    sources = sources == null ? Map.of() : Map.copyOf(sources);
  }

  /**
   * Settings given by flags and defaults alone.
   *
   * @param spec what the experiment is
   * @param environment where and how it runs
   */
  public RunSettings(ExperimentSpec spec, RunEnvironment environment) {
    this(spec, environment, Map.of());
  }

  /**
   * @param sources where each setting a config file gave is, by key
   * @return a copy with those sources
   */
  RunSettings withSources(Map<String, String> sources) {
    return new RunSettings(spec, environment, sources);
  }

  /**
   * @param key a setting's key, e.g. {@code device}
   * @return where a config file gave it, e.g. {@code config file run.yaml line 4, column 9: setting
   *     'device'}, or null when a flag or the default did
   */
  public String source(String key) {
    return sources.get(key);
  }

  /**
   * @param flag a setting's flag, e.g. {@code --device}
   * @return where its value came from, for a refusal of it: the settings file's line when a
   *     settings file gave it, else the flag (which the user typed, or whose default stands)
   */
  public SettingSource sourceOf(String flag) {
    return SettingSource.of(source(flag.substring(2)), flag);
  }

  /** Equal when the settings are, wherever they came from. */
  @Override
  public boolean equals(Object o) {
    return o instanceof RunSettings r && spec.equals(r.spec) && environment.equals(r.environment);
  }

  @Override
  public int hashCode() {
    return Objects.hash(spec, environment);
  }

  /**
   * @return the defaults ({@link ExperimentSpec#defaults()}, {@link RunEnvironment#defaults()})
   */
  public static RunSettings defaults() {
    return new RunSettings(ExperimentSpec.defaults(), RunEnvironment.defaults());
  }

  /**
   * @param out the output folder
   * @return a copy with another output folder
   */
  public RunSettings withOut(String out) {
    return new RunSettings(spec, environment.withOut(out), sources);
  }

  /**
   * @return {@link RunEnvironment#effectiveThreads()}
   */
  public int effectiveThreads() {
    return environment.effectiveThreads();
  }

  /**
   * @return {@link ExperimentSpec#fitChoice()}
   */
  public FitChoice fitChoice() {
    return spec.fitChoice();
  }

  /**
   * @return {@link ExperimentSpec#cardOverrides()}
   */
  public CardOverrides cardOverrides() {
    return spec.cardOverrides();
  }

  /**
   * @return {@link ExperimentSpec#data()}
   */
  public String data() {
    return spec.data();
  }

  /**
   * @return {@link ExperimentSpec#model()}
   */
  public String model() {
    return spec.model();
  }

  /**
   * @return {@link ExperimentSpec#seed()}
   */
  public long seed() {
    return spec.seed();
  }

  /**
   * @return {@link ExperimentSpec#trainFraction()}
   */
  public double trainFraction() {
    return spec.trainFraction();
  }

  /**
   * @return {@link ExperimentSpec#split()}
   */
  public String split() {
    return spec.split();
  }

  /**
   * @return {@link ExperimentSpec#fractions()}
   */
  public List<Double> fractions() {
    return spec.fractions();
  }

  /**
   * @return {@link ExperimentSpec#repeats()}
   */
  public int repeats() {
    return spec.repeats();
  }

  /**
   * @return {@link ExperimentSpec#withReplacement()}
   */
  public boolean withReplacement() {
    return spec.withReplacement();
  }

  /**
   * @return {@link ExperimentSpec#stratified()}
   */
  public boolean stratified() {
    return spec.stratified();
  }

  /**
   * @return {@link ExperimentSpec#views()}
   */
  public int views() {
    return spec.views();
  }

  /**
   * @return {@link ExperimentSpec#augment()}
   */
  public boolean augment() {
    return spec.augment();
  }

  /**
   * @return {@link ExperimentSpec#jpegDctScaling()}
   */
  public boolean jpegDctScaling() {
    return spec.jpegDctScaling();
  }

  /**
   * @return {@link ExperimentSpec#exifOrientation()}
   */
  public boolean exifOrientation() {
    return spec.exifOrientation();
  }

  /**
   * @return {@link ExperimentSpec#featureTensor()}
   */
  public String featureTensor() {
    return spec.featureTensor();
  }

  /**
   * @return {@link ExperimentSpec#inputLayout()}
   */
  public Layout inputLayout() {
    return spec.inputLayout();
  }

  /**
   * @return {@link ExperimentSpec#resize()}
   */
  public ResizeMode resize() {
    return spec.resize();
  }

  /**
   * @return {@link ExperimentSpec#size()}
   */
  public Integer size() {
    return spec.size();
  }

  /**
   * @return {@link ExperimentSpec#shortSide()}
   */
  public Integer shortSide() {
    return spec.shortSide();
  }

  /**
   * @return {@link ExperimentSpec#scale()}
   */
  public Float scale() {
    return spec.scale();
  }

  /**
   * @return {@link ExperimentSpec#mean()}
   */
  public List<Float> mean() {
    return spec.mean();
  }

  /**
   * @return {@link ExperimentSpec#std()}
   */
  public List<Float> std() {
    return spec.std();
  }

  /**
   * @return {@link ExperimentSpec#epochs()}
   */
  public Integer epochs() {
    return spec.epochs();
  }

  /**
   * @return {@link ExperimentSpec#patience()}
   */
  public Integer patience() {
    return spec.patience();
  }

  /**
   * @return {@link ExperimentSpec#batchSize()}
   */
  public Integer batchSize() {
    return spec.batchSize();
  }

  /**
   * @return {@link ExperimentSpec#learningRate()}
   */
  public Double learningRate() {
    return spec.learningRate();
  }

  /**
   * @return {@link ExperimentSpec#fineTune()}
   */
  public boolean fineTune() {
    return spec.fineTune();
  }

  /**
   * @return {@link ExperimentSpec#unfreezeFrom()}
   */
  public String unfreezeFrom() {
    return spec.unfreezeFrom();
  }

  /**
   * @return {@link ExperimentSpec#fineTuneEpochs()}
   */
  public Integer fineTuneEpochs() {
    return spec.fineTuneEpochs();
  }

  /**
   * @return {@link ExperimentSpec#fineTunePatience()}
   */
  public Integer fineTunePatience() {
    return spec.fineTunePatience();
  }

  /**
   * @return {@link ExperimentSpec#fineTuneLearningRate()}
   */
  public Double fineTuneLearningRate() {
    return spec.fineTuneLearningRate();
  }

  /**
   * @return {@link ExperimentSpec#precision()}
   */
  public String precision() {
    return spec.precision();
  }

  /**
   * @return {@link ExperimentSpec#validate()}
   */
  public boolean validate() {
    return spec.validate();
  }

  /**
   * @return {@link ExperimentSpec#untilWidth()}
   */
  public Double untilWidth() {
    return spec.untilWidth();
  }

  /**
   * @return {@link ExperimentSpec#effectiveMaxModels()}
   */
  public int maxModels() {
    return spec.effectiveMaxModels();
  }

  /**
   * @return {@link ExperimentSpec#maxMinutes()}
   */
  public Double maxMinutes() {
    return spec.maxMinutes();
  }

  /**
   * @return {@link ExperimentSpec#targets()}
   */
  public List<Double> targets() {
    return spec.targets();
  }

  /**
   * @return {@link ExperimentSpec#family()}
   */
  public List<String> family() {
    return spec.family();
  }

  /**
   * @return {@link ExperimentSpec#method()}
   */
  public String method() {
    return spec.method();
  }

  /**
   * @return {@link ExperimentSpec#weights()}
   */
  public String weights() {
    return spec.weights();
  }

  /**
   * @return {@link ExperimentSpec#bootstrap()}
   */
  public int bootstrap() {
    return spec.bootstrap();
  }

  /**
   * @return {@link ExperimentSpec#level()}
   */
  public double level() {
    return spec.level();
  }

  /**
   * @return {@link RunEnvironment#device()}
   */
  public String device() {
    return environment.device();
  }

  /**
   * @return {@link RunEnvironment#ep()}
   */
  public String ep() {
    return environment.ep();
  }

  /**
   * @return {@link RunEnvironment#threads()}
   */
  public int threads() {
    return environment.threads();
  }

  /**
   * @return {@link RunEnvironment#batch()}
   */
  public int batch() {
    return environment.batch();
  }

  /**
   * @return {@link RunEnvironment#modelsPerPass()}
   */
  public int modelsPerPass() {
    return environment.modelsPerPass();
  }

  /**
   * @return {@link RunEnvironment#out()}
   */
  public String out() {
    return environment.out();
  }

  /**
   * @return {@link RunEnvironment#cache()}
   */
  public String cache() {
    return environment.cache();
  }

  /**
   * @return {@link RunEnvironment#mirror()}
   */
  public String mirror() {
    return environment.mirror();
  }
}
