package org.samplesize.experiment;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Set;
import org.samplesize.features.CardOverrides;
import org.samplesize.image.Layout;
import org.samplesize.image.ResizeMode;
import org.samplesize.train.Precision;

/**
 * What one experiment is: its data, model, split, subsamples, training and the questions asked of
 * the results (targets, validation, the curve fit). Validated and immutable; where and how it runs
 * is the {@link RunEnvironment}. Keys in a config file are the long flag names without the dashes.
 *
 * <p>Only the {@linkplain #IDENTITY_KEYS identity} settings decide which models an experiment
 * trains and what they compute; a resumed run must agree with the journal on exactly those ({@link
 * ResumeIdentity#changes} names each one that differs). The questions (targets, validation, the
 * fit) may change between runs of the same experiment.
 *
 * @param data {@code tf_flowers} (downloaded and verified, or taken from the mirror) or a folder
 *     with one sub-folder per class
 * @param model a model card name or an ONNX file; {@code null} means the default card
 * @param seed the root seed: split, subsamples, augmentation and initialisation are derived from it
 * @param trainFraction share of the images in the training set (the rest is the test set)
 * @param split {@code stratified} (every class split in the same proportion) or {@code recipe} (one
 *     shuffled cut, like the Keras recipe's {@code train[:90%]})
 * @param fractions shares of the training set to subsample, each in (0, 1]
 * @param repeats models per fraction
 * @param withReplacement draw subsamples with replacement (the recipe's choice)
 * @param stratified subsamples keep the class proportions of the training set
 * @param views augmented views per training image (test images always get one clean view)
 * @param augment augment the training views (flip, rotation, zoom, contrast as in the recipe)
 * @param jpegDctScaling decode large JPEGs at a reduced size inside the decoder ({@link
 *     org.samplesize.image.Preprocessing#jpegDctScaling()})
 * @param exifOrientation turn images as their EXIF orientation tag says ({@link
 *     org.samplesize.image.Preprocessing#exifOrientation()})
 * @param featureTensor the card's pooled feature tensor overridden; {@code null} = the card's
 * @param inputLayout the card's input layout overridden; {@code null} = the card's
 * @param resize the card's resize mode overridden; {@code null} = the card's
 * @param size the card's input width = height overridden; {@code null} = the card's
 * @param shortSide the card's short side before the centre crop overridden; {@code null} = the
 *     card's
 * @param scale the card's pixel scale overridden; {@code null} = the card's
 * @param mean the card's per-channel mean overridden; {@code null} = the card's
 * @param std the card's per-channel standard deviation overridden; {@code null} = the card's
 * @param epochs head training epochs; {@code null} = the recipe's value
 * @param patience early-stopping patience; {@code null} = the recipe's value
 * @param batchSize head training batch size; {@code null} = the recipe's value
 * @param learningRate Adam learning rate; {@code null} = the recipe's value
 * @param fineTune also fine-tune the top of the backbone after the head (second curve)
 * @param unfreezeFrom first block trained when fine-tuning, e.g. {@code block_10}
 * @param precision the arithmetic of fine-tuning's matrix products, {@code fp32} (default) or
 *     {@code bf16} ({@link org.samplesize.train.Precision}); part of the identity, since bf16
 *     changes the numbers
 * @param fineTuneEpochs the fine-tuning phase's epochs beyond those its head ran (it runs at most
 *     head epochs + this many); {@code null} = the recipe's 20
 * @param fineTunePatience the fine-tuning phase's early-stopping patience; {@code null} = the
 *     recipe's 5
 * @param fineTuneLearningRate the fine-tuning phase's Adam learning rate; {@code null} = the
 *     recipe's 0.0001
 * @param validate also train on the whole training set and compare with the prediction
 * @param targets accuracies to answer "how many images for this accuracy?", each in (0, 1)
 * @param family curve families to fit ({@code auto} or names; {@link FitChoice})
 * @param method curve-fit method, {@code lm} or {@code recipe}
 * @param weights curve-fit row weighting
 * @param bootstrap bootstrap replicates of the fit, 0 = off
 * @param level interval level of the fit
 * @param untilWidth adaptive run: after the planned models, add models until the answer's interval
 *     is this narrow ({@link AdaptiveChooser}: accuracy units at the full training-set size, or
 *     with {@code targets} the interval of the size needed for the first target relative to that
 *     size); {@code null} = no adaptive phase (the default)
 * @param maxModels adaptive run: the most models of the curve, planned ones included; {@code null}
 *     = three times the planned models
 * @param maxMinutes adaptive run: no new step starts once this invocation has run this many
 *     minutes; {@code null} = no time limit. Not part of the identity: running again continues a
 *     run that stopped at its time budget
 * @param targetRecall the recall each class is asked to reach in the per-class answers, in (0, 1);
 *     {@code null} = the first of {@code targets}, or none
 */
@JsonPropertyOrder(alphabetic = false)
public record ExperimentSpec(
    String data,
    String model,
    long seed,
    double trainFraction,
    String split,
    List<Double> fractions,
    int repeats,
    boolean withReplacement,
    boolean stratified,
    int views,
    boolean augment,
    boolean jpegDctScaling,
    boolean exifOrientation,
    String featureTensor,
    Layout inputLayout,
    ResizeMode resize,
    Integer size,
    Integer shortSide,
    Float scale,
    List<Float> mean,
    List<Float> std,
    Integer epochs,
    Integer patience,
    Integer batchSize,
    Double learningRate,
    boolean fineTune,
    String unfreezeFrom,
    String precision,
    Integer fineTuneEpochs,
    Integer fineTunePatience,
    Double fineTuneLearningRate,
    boolean validate,
    List<Double> targets,
    List<String> family,
    String method,
    String weights,
    int bootstrap,
    double level,
    Double untilWidth,
    Integer maxModels,
    Double maxMinutes,
    Double targetRecall) {

  /** The settings that decide which models are trained and what they compute. */
  public static final Set<String> IDENTITY_KEYS =
      Set.of(
          "data",
          "model",
          "seed",
          "train-fraction",
          "split",
          "fractions",
          "repeats",
          "with-replacement",
          "stratified",
          "views",
          "augment",
          "jpeg-dct-scaling",
          "exif-orientation",
          "feature-tensor",
          "input-layout",
          "resize",
          "size",
          "short-side",
          "scale",
          "mean",
          "std",
          "epochs",
          "patience",
          "batch-size",
          "learning-rate",
          "fine-tune",
          "unfreeze-from",
          "until-width",
          "max-models",
          "precision",
          "fine-tune-epochs",
          "fine-tune-patience",
          "fine-tune-learning-rate");

  /** Validates every setting; messages name the setting (= the flag) and the valid range. */
  public ExperimentSpec {
    data = SettingException.require(data, "data");
    if (data.isBlank()) {
      // An empty path (a shell variable unset) is the current folder, whose every subfolder
      // would be scanned as a class.
      throw SettingException.bad(
          "data",
          com.fasterxml.jackson.databind.node.TextNode.valueOf(data),
          "is empty: give a folder of class folders (ROOT/<class>/<image>), tf_flowers or"
              + " fashion_mnist");
    }
    if (model != null && model.isBlank()) {
      // An empty name (a shell variable unset) would run the default card without a word; null
      // (the key left out) is the default.
      throw SettingException.bad(
          "model",
          com.fasterxml.jackson.databind.node.TextNode.valueOf(model),
          "is empty: give a model card name ("
              + String.join(", ", org.samplesize.features.ModelCard.builtInNames())
              + "), a card file or an ONNX file, or leave it out for the default card");
    }
    fractions = List.copyOf(SettingException.require(fractions, "fractions"));
    targets = List.copyOf(SettingException.require(targets, "targets"));
    family = List.copyOf(SettingException.require(family, "family"));
    method = SettingException.require(method, "method").strip().toLowerCase(java.util.Locale.ROOT);
    weights =
        SettingException.require(weights, "weights").strip().toLowerCase(java.util.Locale.ROOT);
    mean = mean == null ? null : List.copyOf(mean);
    std = std == null ? null : List.copyOf(std);
    // Names are accepted in any case, as every enum value on the command line is.
    split = SettingException.require(split, "split").strip().toLowerCase(java.util.Locale.ROOT);
    unfreezeFrom = SettingException.require(unfreezeFrom, "unfreeze-from");
    if (fineTune && unfreezeFrom.strip().equalsIgnoreCase("none")) {
      // as --fine-tune --unfreeze-from none is refused: none means no fine-tuning, not a block
      throw SettingException.bad(
          "unfreeze-from",
          unfreezeFrom,
          "fine-tune trains the backbone from a block on, and none trains none: drop one of"
              + " them (as --fine-tune with --unfreeze-from none is refused)");
    }
    try {
      // absent (settings written before the setting existed) = the default, fp32
      precision = precision == null ? Precision.FP32.label() : Precision.parse(precision).label();
    } catch (IllegalArgumentException e) {
      throw SettingException.bad("precision", precision, "must be 'fp32' or 'bf16'");
    }
    if (!(trainFraction > 0 && trainFraction < 1)) {
      throw SettingException.bad("train-fraction", trainFraction, "must be in (0, 1), e.g. 0.9");
    }
    if (!split.equals("stratified") && !split.equals("recipe")) {
      throw SettingException.bad("split", split, "must be 'stratified' or 'recipe'");
    }
    if (fractions.isEmpty()) {
      throw SettingException.bad(
          "fractions", fractions, "needs at least one fraction, e.g. 0.05,0.1,0.25,0.5");
    }
    for (int i = 0; i < fractions.size(); i++) {
      Double f = fractions.get(i);
      if (f == null || !(f > 0 && f <= 1)) {
        throw new SettingException(
            "fractions", fractions, i, "each fraction must be in (0, 1], got " + plain(f), null);
      }
      if (fractions.subList(0, i).contains(f)) {
        throw new SettingException("fractions", fractions, i, plain(f) + " is listed twice", null);
      }
    }
    if (fractions.size() < 2) {
      throw SettingException.bad("fractions", fractions, PlanChecks.TWO_SIZES);
    }
    if (repeats < 1 || repeats > 10_000) {
      throw SettingException.bad("repeats", repeats, "must be in [1, 10000]");
    }
    if (views < 1 || views > 64) {
      throw SettingException.bad("views", views, "must be in [1, 64]");
    }
    if (epochs != null && epochs < 1) {
      throw SettingException.bad("epochs", epochs, "must be >= 1");
    }
    if (patience != null && patience < 1) {
      throw SettingException.bad("patience", patience, "must be >= 1");
    }
    if (batchSize != null && batchSize < 1) {
      throw SettingException.bad("batch-size", batchSize, "must be >= 1");
    }
    if (learningRate != null && !(learningRate > 0 && learningRate < 10)) {
      throw SettingException.bad("learning-rate", learningRate, "must be in (0, 10)");
    }
    if (fineTuneEpochs != null && (fineTuneEpochs < 1 || fineTuneEpochs > 10_000)) {
      throw SettingException.bad("fine-tune-epochs", fineTuneEpochs, "must be in [1, 10000]");
    }
    if (fineTunePatience != null && fineTunePatience < 1) {
      throw SettingException.bad("fine-tune-patience", fineTunePatience, "must be >= 1");
    }
    if (fineTuneLearningRate != null && !(fineTuneLearningRate > 0 && fineTuneLearningRate < 10)) {
      throw SettingException.bad(
          "fine-tune-learning-rate", fineTuneLearningRate, "must be in (0, 10)");
    }
    // The card overrides' numbers are checked against the card when the planner applies them; what
    // no card can take (NaN, an infinity, a scale or std of 0) is refused here, by the setting's
    // name, rather than there as "model card overrides are invalid".
    if (scale != null && !(scale > 0 && Float.isFinite(scale))) {
      throw SettingException.bad("scale", scale, "must be a positive finite number, e.g. 0.00392");
    }
    if (mean != null && !mean.stream().allMatch(m -> m != null && Float.isFinite(m))) {
      throw SettingException.bad("mean", mean, "each value must be a finite number");
    }
    if (std != null && !std.stream().allMatch(d -> d != null && d > 0 && Float.isFinite(d))) {
      throw SettingException.bad("std", std, "each value must be a positive finite number");
    }
    for (int i = 0; i < targets.size(); i++) {
      Double t = targets.get(i);
      if (t == null || !(t > 0 && t < 1)) {
        throw new SettingException(
            "targets", targets, i, "each target accuracy must be in (0, 1), e.g. 0.95", null);
      }
      // Each would be answered again: the same sentence and plan twice, as --fractions refuses.
      if (targets.subList(0, i).contains(t)) {
        throw new SettingException("targets", targets, i, plain(t) + " is listed twice", null);
      }
    }
    if (targetRecall != null && !(targetRecall > 0 && targetRecall < 1)) {
      throw SettingException.bad("target-recall", targetRecall, "must be in (0, 1), e.g. 0.9");
    }
    fitChoice(family, method, weights, bootstrap, level);
    checkAdaptive(
        untilWidth, maxModels, maxMinutes, fineTune, bootstrap, fractions, repeats, targets);
  }

  /** The adaptive settings: each budget needs {@code until-width}, and the width an interval. */
  private static void checkAdaptive(
      Double untilWidth,
      Integer maxModels,
      Double maxMinutes,
      boolean fineTune,
      int bootstrap,
      List<Double> fractions,
      int repeats,
      List<Double> targets) {
    if (untilWidth == null) {
      if (maxModels != null || maxMinutes != null) {
        throw SettingException.bad(
            maxModels != null ? "max-models" : "max-minutes",
            // As an Object: Integer : Double promotes the count to a double, "= 10.0".
            maxModels != null ? (Object) maxModels : maxMinutes,
            "is a budget of an adaptive run: give --until-width too, or drop it");
      }
      return;
    }
    if (!(untilWidth > 0) || Double.isInfinite(untilWidth)) {
      throw SettingException.bad(
          "until-width", untilWidth, "must be a finite number above 0, e.g. 0.02");
    }
    if (targets.isEmpty() && untilWidth >= 1) {
      // Without a target the width is that of an accuracy interval, inside [0, 1]: it is never
      // wider than 1, so the run would stop at once. With --target it is relative to the size
      // needed, and may well exceed 1.
      throw SettingException.bad(
          "until-width",
          untilWidth,
          "without --target the width is in accuracy, and an accuracy interval is never wider"
              + " than 1: give a width below 1 (e.g. 0.02 for two points), or add --target ACC"
              + " to make it relative to the size needed for that accuracy");
    }
    if (fineTune) {
      throw SettingException.bad(
          "until-width",
          untilWidth,
          "adaptive runs add head models only: drop --fine-tune, or drop --until-width");
    }
    if (bootstrap == 0) {
      throw SettingException.bad(
          "until-width", untilWidth, "needs the interval, and --bootstrap 0 turns it off");
    }
    int planned = fractions.size() * repeats;
    if (maxModels != null && maxModels < planned) {
      throw SettingException.bad(
          "max-models",
          maxModels,
          "counts the planned models too, and the plan already has "
              + planned
              + " ("
              + fractions.size()
              + " fractions x "
              + repeats
              + " repeats): give at least "
              + planned);
    }
    if (maxMinutes != null && !(maxMinutes > 0 && maxMinutes < 1e7)) {
      // The bound keeps the deadline within a long's nanoseconds; a large value refused as "must be
      // positive" read as a contradiction, so the message says both ends.
      throw SettingException.bad(
          "max-minutes",
          maxMinutes,
          "must be a positive number of minutes below 10,000,000 (about 19 years), e.g. 30;"
              + " for no time limit leave --max-minutes out");
    }
  }

  /**
   * @return the most models of an adaptive run's curve: {@link #maxModels()}, else three times the
   *     planned models
   */
  public int effectiveMaxModels() {
    return maxModels != null ? maxModels : 3 * fractions.size() * repeats;
  }

  /**
   * The defaults: tf_flowers, the default card, a stratified 90/10 split with seed 42, fractions
   * 0.05, 0.1, 0.25, 0.5 of the training set, 5 repeats each, without replacement, one augmented
   * view per training image, the recipe's head training, the default curve fit.
   *
   * @return the default specification
   */
  public static ExperimentSpec defaults() {
    return new ExperimentSpec(
        "tf_flowers",
        null,
        42L,
        0.9,
        "stratified",
        List.of(0.05, 0.1, 0.25, 0.5),
        5,
        false,
        true,
        1,
        true,
        false,
        false,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        false,
        "block_10",
        Precision.FP32.label(),
        null,
        null,
        null,
        false,
        List.of(),
        FitChoice.defaults().familyNames(),
        FitChoice.defaults().method().id(),
        FitChoice.defaults().weights().id(),
        FitChoice.defaults().bootstrap(),
        FitChoice.defaults().level(),
        null,
        null,
        null,
        null);
  }

  /**
   * @return how the curves are fitted
   */
  public FitChoice fitChoice() {
    return fitChoice(family, method, weights, bootstrap, level);
  }

  /**
   * @return the model-card overrides, the JPEG and EXIF switches included; their values are checked
   *     when applied to the card ({@link CardOverrides#applyTo}), by the planner
   */
  public CardOverrides cardOverrides() {
    return cardOverrides(
        featureTensor,
        inputLayout,
        resize,
        size,
        shortSide,
        scale,
        mean,
        std,
        jpegDctScaling,
        exifOrientation);
  }

  private static FitChoice fitChoice(
      List<String> family, String method, String weights, int bootstrap, double level) {
    return FitChoice.parse(family, method, weights, bootstrap, level);
  }

  private static CardOverrides cardOverrides(
      String featureTensor,
      Layout inputLayout,
      ResizeMode resize,
      Integer size,
      Integer shortSide,
      Float scale,
      List<Float> mean,
      List<Float> std,
      boolean jpegDctScaling,
      boolean exifOrientation) {
    return new CardOverrides(
        featureTensor,
        inputLayout,
        resize,
        size,
        shortSide,
        scale,
        mean,
        std,
        jpegDctScaling,
        exifOrientation);
  }

  /**
   * A list item in a message as it is written: {@code 2} for 2.0 (the user wrote 2), {@code 0.1}.
   *
   * @param x the item, or null
   * @return its text
   */
  static String plain(Double x) {
    return x == null ? "null" : org.samplesize.fit.Percent.fraction(x);
  }
}
