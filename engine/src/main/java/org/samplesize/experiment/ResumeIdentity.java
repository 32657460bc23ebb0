package org.samplesize.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.samplesize.data.DatasetResolver;
import org.samplesize.features.ModelCard;
import org.samplesize.train.HeadOptions;
import org.samplesize.train.Precision;
import org.samplesize.train.tail.TailOptions;

/**
 * The identity a resume must match: an experiment's identity settings in canonical form plus what
 * its plan found (data and model fingerprints), and the typed differences between a journal's
 * identity and a run's, each naming its setting.
 */
public final class ResumeIdentity {
  private ResumeIdentity() {}

  /**
   * Identity key of {@link org.samplesize.image.ImagePipeline#NUMBERS_VERSION}: not a setting, but
   * it decides the numbers as much as one does.
   */
  static final String IMAGE_NUMBERS = "image-numbers-version";

  /**
   * Identity key of {@link Precision#BF16_NUMBERS_VERSION}, recorded only for {@code --precision
   * bf16} with {@code --fine-tune} (fp32 numbers do not change, and the heads train in fp32).
   */
  static final String BF16_NUMBERS = "bf16-numbers-version";

  /**
   * Identity key of {@link org.samplesize.features.Int8Products#NUMBERS_VERSION}, recorded only for
   * a model that computes in int8: features computed before every CPU computed exact int8 products
   * (clamped on a CPU without VNNI) are not to be mixed with these.
   */
  static final String INT8_NUMBERS = "int8-numbers-version";

  /**
   * Settings that are identity settings only in an adaptive run ({@code until-width} given): the
   * questions and the fit, from which it chooses its models.
   */
  static final List<String> ADAPTIVE_KEYS =
      List.of("targets", "family", "method", "weights", "bootstrap", "level");

  /** The model-card overrides: identity settings recorded only when given. */
  private static final java.util.Set<String> CARD_OVERRIDE_KEYS =
      java.util.Set.of(
          "feature-tensor", "input-layout", "resize", "size", "short-side", "scale", "mean", "std");

  /**
   * @param s settings
   * @return the {@linkplain RunSettings#IDENTITY_KEYS identity} settings as a JSON object
   */
  public static ObjectNode identity(RunSettings s) {
    return identity(s.spec());
  }

  /**
   * @param spec an experiment's specification
   * @return its {@linkplain ExperimentSpec#IDENTITY_KEYS identity} settings as a JSON object (the
   *     environment has none)
   */
  public static ObjectNode identity(ExperimentSpec spec) {
    ObjectNode all = SettingsMappers.JSON.valueToTree(spec);
    ObjectNode id = SettingsMappers.JSON.createObjectNode();
    all.fields()
        .forEachRemaining(
            e -> {
              // Recorded only when on (or, for a card override, given), so journals written
              // before the setting existed still match.
              boolean offByDefault =
                  e.getKey().equals("jpeg-dct-scaling") || e.getKey().equals("exif-orientation");
              boolean unset =
                  CARD_OVERRIDE_KEYS.contains(e.getKey()) && e.getValue().isNull()
                      || e.getKey().equals("precision")
                          && e.getValue().asText().equals(Precision.FP32.label());
              if (RunSettings.IDENTITY_KEYS.contains(e.getKey())
                  && !unset
                  && !(offByDefault && !e.getValue().asBoolean())) {
                id.set(e.getKey(), e.getValue());
              }
            });
    if (spec.untilWidth() != null) {
      // An adaptive run chooses its models from the fit, so what the fit is asked and how it is
      // made decide which models are trained: a resume must match them too.
      for (String k : ADAPTIVE_KEYS) {
        id.set(k, all.get(k));
      }
    }
    id.put(IMAGE_NUMBERS, org.samplesize.image.ImagePipeline.NUMBERS_VERSION);
    // Only fine-tuning computes in bf16 (the heads train in fp32 whatever the precision), so a
    // heads-only run has no bf16 numbers for a later build to disagree with.
    if (spec.fineTune() && Precision.BF16.label().equals(spec.precision())) {
      id.put(BF16_NUMBERS, Precision.BF16_NUMBERS_VERSION);
    }
    return id;
  }

  /**
   * Identity key of the data's content fingerprint ({@link DatasetSummary#sha256()}): a resume must
   * find the same images, not only the same {@code --data} text.
   */
  static final String DATA_SHA = "data-sha256";

  /** Identity key of the number of image files found, to say how the data changed. */
  static final String DATA_IMAGES = "data-images";

  /**
   * Identity key of the number of image files left out before planning because they cannot be used;
   * absent when none is.
   */
  static final String DATA_UNUSABLE = "data-unusable-images";

  /** Identity key of the model file's SHA-256: what decides the features, whatever its path. */
  static final String MODEL_SHA = "model-sha256";

  /**
   * Identity key of {@code tf_flowers}' image listing fingerprint (names, sizes, modification
   * times; {@link Plan#dataListing()}): the photos actually used, wherever they come from.
   */
  static final String DATA_LISTING = "data-listing";

  /**
   * Identity key of the model card's fingerprint of what decides the numbers ({@link
   * ModelCard#numbersSha256()}): the same card name with other preprocessing is another model.
   */
  static final String CARD_SHA = "model-card-sha256";

  /**
   * The identity a resume must match: the {@linkplain #identity(RunSettings) identity settings} in
   * canonical form, plus what the plan found. {@code data} becomes {@code tf_flowers} or the
   * folder's absolute real path ({@link #canonicalData}), {@code model} the resolved card's name
   * ({@code null} = the default card), and the data's content fingerprint, its image count, the
   * model file's SHA-256, for {@code tf_flowers} its listing fingerprint and the card's fingerprint
   * of what decides the numbers join them; so the same files spelled another way resume, and other
   * files behind the same spelling do not.
   *
   * @param s settings
   * @param plan the plan {@link ExperimentStages#prepare} made for {@code s}
   * @return the identity to journal and compare
   */
  public static ObjectNode identity(RunSettings s, Plan plan) {
    ObjectNode id = identity(s);
    id.put("data", canonicalData(s.data()));
    id.put("model", plan.modelName());
    id.put(MODEL_SHA, plan.modelSha256());
    id.put(DATA_SHA, plan.dataset().sha256());
    id.put(DATA_IMAGES, plan.dataset().images() + plan.dataset().unusable());
    if (plan.dataset().unusable() > 0) {
      // Recorded only when some are left out, so journals of clean data sets still match; one
      // written before they were left out planned sizes that counted them, and is refused.
      id.put(DATA_UNUSABLE, plan.dataset().unusable());
    }
    if (plan.dataListing() != null) {
      id.put(DATA_LISTING, plan.dataListing());
    }
    if (plan.cardSha256() != null) {
      id.put(CARD_SHA, plan.cardSha256());
    }
    if (quantized(plan.modelFile())) {
      id.put(INT8_NUMBERS, org.samplesize.features.Int8Products.NUMBERS_VERSION);
    }
    return id;
  }

  /** Whether the plan's model computes in int8; false for a file that is not there to read. */
  private static boolean quantized(String modelFile) {
    if (modelFile == null || !java.nio.file.Files.isRegularFile(Path.of(modelFile))) {
      return false;
    }
    return org.samplesize.features.Int8Products.quantized(Path.of(modelFile));
  }

  /**
   * The file beside a local copy of data staged from other storage (e.g. {@code
   * hdfs://namenode/photos} copied under the cache folder) that names where the copy came from:
   * {@code .NAME.origin} in the copy's parent folder, holding one line, the origin. Whoever stages
   * the copy writes it; {@link #canonicalData} then names the data by its origin, so the journal's
   * identity does not depend on where the copy was put.
   *
   * @param copy the local copy (folder or file)
   * @return the origin file's path, or {@code null} for a root folder
   */
  public static Path originFile(Path copy) {
    Path abs = copy.toAbsolutePath().normalize();
    if (abs.getParent() == null || abs.getFileName() == null) {
      return null;
    }
    return abs.getParent().resolve("." + abs.getFileName() + ".origin");
  }

  /**
   * @param data a {@code --data} value
   * @return the name of a built-in data set ({@code tf_flowers}, {@code fashion_mnist}); for a
   *     local copy of other storage its origin ({@link #originFile}); else the folder's absolute,
   *     normalised real path (symbolic links resolved; the normalised absolute path when it does
   *     not exist)
   */
  public static String canonicalData(String data) {
    if (DatasetResolver.isBuiltIn(data)) {
      return DatasetResolver.builtInName(data);
    }
    Path p = Path.of(data).toAbsolutePath().normalize();
    Path origin = originFile(p);
    if (origin != null && java.nio.file.Files.isRegularFile(origin)) {
      try {
        String named = java.nio.file.Files.readString(origin).strip();
        if (!named.isEmpty()) {
          return named;
        }
      } catch (IOException e) {
        // Unreadable: the copy is named by its path, as any folder.
      }
    }
    try {
      return p.toRealPath().toString();
    } catch (IOException e) {
      return p.toString();
    }
  }

  /**
   * Says why an experiment journaled with {@code recorded} cannot be resumed by a run with {@code
   * now}, or {@code null} when it can. A journal whose identity lacks a fingerprint this build
   * records (written by a development build before it was recorded) is refused naming it: nothing
   * tells which files its models were trained on.
   *
   * @param recorded identity found in the journal
   * @param now identity of this run ({@link #identity(RunSettings, Plan)})
   * @param outDir the output folder, for the message
   * @return one line for the user, or {@code null}
   */
  static String resumeRefusal(JsonNode recorded, JsonNode now, Path outDir) {
    List<SettingChange> changes = changes(recorded, now);
    List<String> diff = changes.stream().map(SettingChange::message).toList();
    if (changes.stream().anyMatch(c -> c.key().equals(IMAGE_NUMBERS))) {
      return earlierNumbers(outDir, "image preprocessing gives", diff, "features");
    }
    if (changes.size() == 1 && changes.get(0).key().equals(BF16_NUMBERS)) {
      return earlierNumbers(outDir, "bf16 fine-tuning gives", diff, "fine-tuned models");
    }
    if (changes.size() == 1 && changes.get(0).key().equals(INT8_NUMBERS)) {
      return earlierNumbers(outDir, "int8 arithmetic may give", diff, "features");
    }
    for (String key : List.of(DATA_SHA, DATA_LISTING, CARD_SHA)) {
      if (!recorded.has(key) && now.has(key)) {
        return "the output folder "
            + outDir
            + " holds an experiment begun by an earlier samplesize that did not record "
            + key
            + ", so this run cannot check that its finished models were trained on the files"
            + " found now. Choose another --out (its finished results stay where they are)";
      }
    }
    if (diff.isEmpty()) {
      return null;
    }
    if (diff.size() == 1 && diff.get(0).startsWith("data: the images under")) {
      return diff.get(0) + ": use a new --out, or restore the files";
    }
    return "the output folder "
        + outDir
        + " holds an experiment with other settings ("
        + String.join("; ", diff)
        + "). Use the same settings to resume it, or choose another --out";
  }

  /**
   * The refusal for a journal from a build that computed something differently ({@link
   * #IMAGE_NUMBERS}, {@link #INT8_NUMBERS}, {@link #BF16_NUMBERS}).
   *
   * @param outDir the output folder
   * @param whose what gave other numbers, e.g. {@code "image preprocessing gives"}
   * @param diff every difference, in words
   * @param what what a resume would mix, e.g. {@code "features"}
   * @return one line for the user
   */
  private static String earlierNumbers(Path outDir, String whose, List<String> diff, String what) {
    return "the output folder "
        + outDir
        + " holds an experiment begun by an earlier samplesize whose "
        + whose
        + " other numbers ("
        + String.join("; ", diff)
        + "); resuming it would mix "
        + what
        + " of two kinds. Choose another --out (its finished results stay where they are)";
  }

  /**
   * One identity setting that differs between a journal and this run.
   *
   * @param key the setting's key (the flag's long name, or a fingerprint's key such as {@code
   *     data-sha256}); {@code data} for any change of the data's content
   * @param journaled the journal's value as JSON text, {@code (default)} when absent
   * @param now this run's value as JSON text, {@code (default)} when absent
   * @param message the change worded for the user, e.g. {@code "repeats: the journal has 5, this
   *     run 3"}
   */
  public record SettingChange(String key, String journaled, String now, String message) {}

  /**
   * Lists the identity settings that differ, one entry per key, worded for the user ({@link
   * #changes}).
   *
   * @param recorded identity settings found in a journal
   * @param now identity settings of this run
   * @return e.g. {@code ["repeats: the journal has 5, this run 3"]}; empty when they agree
   */
  public static List<String> differences(JsonNode recorded, JsonNode now) {
    return changes(recorded, now).stream().map(SettingChange::message).toList();
  }

  /**
   * The identity settings that differ, one entry per key. A change of the data's content under the
   * same folder is one entry, {@code "data: the images under DIR changed since the journal was
   * written (N image files then, M now)"}; the content fingerprint is not listed when the folder
   * itself differs.
   *
   * @param recorded identity settings found in a journal
   * @param now identity settings of this run
   * @return each change, naming its setting; empty when they agree
   */
  public static List<SettingChange> changes(JsonNode recorded, JsonNode now) {
    TreeSet<String> keys = new TreeSet<>();
    recorded.fieldNames().forEachRemaining(keys::add);
    now.fieldNames().forEachRemaining(keys::add);
    // Said with the content fingerprint, or on its own below when nothing else says it.
    keys.remove(DATA_IMAGES);
    // The bf16 numbers' version goes with the precision and fine-tuning: when either differs,
    // that alone is said.
    if (!sameValue(recorded.path("precision"), now.path("precision"))
        || !sameValue(recorded.path("fine-tune"), now.path("fine-tune"))) {
      keys.remove(BF16_NUMBERS);
    }
    // The int8 numbers' version goes with the model file: when it differs, that alone is said.
    if (!sameValue(recorded.path(MODEL_SHA), now.path(MODEL_SHA))) {
      keys.remove(INT8_NUMBERS);
    }
    // The card overrides decide the numbers only through the card they make, whose fingerprint both
    // sides hold: the same fingerprint is the same card, whether an override was left out, spelt
    // out as the card's own value, or given as another that makes the same card.
    if (recorded.has(CARD_SHA) && sameValue(recorded.path(CARD_SHA), now.path(CARD_SHA))) {
      keys.removeAll(CARD_OVERRIDE_KEYS);
    }
    // Only fine-tuning reads the block it starts from and computes in bf16 (the heads train in
    // fp32 whatever the precision): without it on either side, neither changes a model.
    if (!recorded.path("fine-tune").asBoolean() && !now.path("fine-tune").asBoolean()) {
      keys.remove("unfreeze-from");
      keys.remove("precision");
      keys.remove("fine-tune-epochs");
      keys.remove("fine-tune-patience");
      keys.remove("fine-tune-learning-rate");
    }
    boolean sameData = sameValue(recorded.path("data"), now.path("data"));
    boolean dataSaid = false;
    // tf_flowers named by its listing on both sides: the same files, whether or not each run could
    // check them against checksums.
    if (recorded.has(DATA_LISTING)
        && sameValue(recorded.path(DATA_LISTING), now.path(DATA_LISTING))) {
      keys.remove(DATA_SHA);
    }
    // Both runs used exactly a checksum-verified tf_flowers: the published photos, whatever their
    // file times (a copy made without keeping them, a cache extracted again).
    String flowers = org.samplesize.data.DatasetResolver.FLOWERS_SHA256;
    if (flowers.equals(recorded.path(DATA_SHA).asText())
        && flowers.equals(now.path(DATA_SHA).asText())) {
      keys.remove(DATA_LISTING);
    }
    List<SettingChange> out = new ArrayList<>();
    for (String k : keys) {
      JsonNode a = recorded.path(k);
      JsonNode b = now.path(k);
      if (k.equals("max-models")
          && (isAbsent(recorded.path("until-width")) || isAbsent(now.path("until-width")))) {
        // A budget for an adaptive phase means nothing to a run without one: a plain run into an
        // adaptive run's folder was told "until-width: ..." and "max-models: the journal has 60,
        // this run (default)", which is no second difference.
        continue;
      }
      if (k.equals("max-models") && (isAbsent(a) != isAbsent(b))) {
        // Given on one side only: the other's budget is its default (left out on both, the
        // budgets follow the fractions and repeats, which are said if they differ).
        a = maxModels(recorded);
        b = maxModels(now);
      }
      if (sameValue(withDefault(k, a), withDefault(k, b))
          || (k.equals("fractions") && sameValue(sorted(a), sorted(b)))) {
        // A model's draw and seed come from its fraction and repeat, not from the fraction's
        // place in the list: the same fractions in another order are the same models.
        continue;
      }
      if (k.equals(DATA_SHA) || k.equals(DATA_LISTING)) {
        if (sameData && !dataSaid) {
          out.add(change("data", recorded, now, dataChanged(recorded, now)));
        }
        dataSaid = true;
        continue;
      }
      if (k.equals(DATA_UNUSABLE)) {
        if (sameData && !dataSaid) {
          out.add(
              change(
                  k,
                  recorded,
                  now,
                  "data: "
                      + count(b, "no")
                      + " unusable image files are left out before the sizes are planned, the"
                      + " journal's experiment left out "
                      + count(a, "none")
                      + " (its sizes may count images that could not be read)"));
        }
        continue;
      }
      if (k.equals(CARD_SHA)) {
        out.add(
            change(
                k,
                recorded,
                now,
                "model: the input, preprocessing or feature tensor of model card "
                    + show(now.path("model"))
                    + " differ from the card the journal was written with"));
        continue;
      }
      out.add(
          change(
              k,
              recorded,
              now,
              k + ": the journal has " + show(k, a) + ", this run " + show(k, b)));
    }
    if (!dataSaid
        && sameData
        && !sameValue(recorded.path(DATA_IMAGES), now.path(DATA_IMAGES))
        && recorded.has(DATA_IMAGES)) {
      out.add(change("data", recorded, now, dataChanged(recorded, now)));
    }
    return out;
  }

  private static SettingChange change(String key, JsonNode recorded, JsonNode now, String message) {
    return new SettingChange(key, show(recorded.path(key)), show(now.path(key)), message);
  }

  /**
   * Why the features of a run's images as they are now would not be the ones the run used: its
   * images changed since its journal was written.
   *
   * @param recorded the settings in the run's journal header
   * @param s the run's settings, read back from its settings file
   * @param plan the plan made for them now
   * @return one line, or {@code null} when the images are those the journal records (or it records
   *     none to compare)
   */
  public static String dataChangedSince(JsonNode recorded, RunSettings s, Plan plan) {
    ObjectNode now = identity(s, plan);
    for (String key : List.of(DATA_SHA, DATA_LISTING)) {
      if (recorded.has(key) && !recorded.path(key).equals(now.path(key))) {
        return dataChanged(recorded, now);
      }
    }
    return null;
  }

  /** The one line that says the images under the same data folder changed. */
  private static String dataChanged(JsonNode recorded, JsonNode now) {
    return "data: the images under "
        + now.path("data").asText()
        + " changed since the journal was written ("
        + count(recorded.path(DATA_IMAGES))
        + " image files then, "
        + count(now.path(DATA_IMAGES))
        + " now"
        + (!sameValue(recorded.path(DATA_IMAGES), now.path(DATA_IMAGES))
            ? ""
            : now.has(DATA_LISTING)
                ? "; names, contents, sizes or modification times differ"
                // A folder is named by each image's name and bytes (a file that could not be
                // read by its reason), not by times: a touched file resumes.
                : "; names, contents or readability differ")
        + ")";
  }

  private static String count(JsonNode n) {
    return count(n, "?");
  }

  private static String count(JsonNode n, String absent) {
    return n.isNumber() ? Integer.toString(n.asInt()) : absent;
  }

  /**
   * The head's training settings that are recorded as {@code null} when not given: the value that
   * {@code null} trains with ({@link HeadOptions#recipe()}; the fine-tuning phase's batch is the
   * same 64, its other settings are its own whatever these say).
   */
  private static final Map<String, Number> TRAINING_DEFAULTS =
      Map.of(
          "epochs", HeadOptions.recipe().epochs(),
          "patience", HeadOptions.recipe().training().patience(),
          "batch-size", HeadOptions.recipe().training().batchSize(),
          "learning-rate", HeadOptions.recipe().learningRate(),
          "fine-tune-epochs", TailOptions.recipe().extraEpochs(),
          "fine-tune-patience", TailOptions.recipe().training().patience(),
          "fine-tune-learning-rate", TailOptions.recipe().learningRate());

  /**
   * The questions and the fit's settings as the default specification has them: recorded only in an
   * adaptive run ({@link #ADAPTIVE_KEYS}), so a journal of one side and a run of the other compare
   * them with these.
   */
  private static final ObjectNode ADAPTIVE_DEFAULTS = adaptiveDefaults();

  private static ObjectNode adaptiveDefaults() {
    ObjectNode all = SettingsMappers.JSON.valueToTree(ExperimentSpec.defaults());
    ObjectNode d = JsonNodeFactory.instance.objectNode();
    ADAPTIVE_KEYS.forEach(k -> d.set(k, all.get(k)));
    return d;
  }

  /**
   * A setting left at its default (absent) as the value it runs with: a training setting as it
   * trains, a question or fit setting of {@link #ADAPTIVE_KEYS} as the default specification has
   * it; anything else as is.
   */
  private static JsonNode withDefault(String key, JsonNode n) {
    if (!(n.isMissingNode() || n.isNull())) {
      return n;
    }
    if (ADAPTIVE_DEFAULTS.has(key)) {
      return ADAPTIVE_DEFAULTS.get(key);
    }
    Number d = TRAINING_DEFAULTS.get(key);
    if (d == null) {
      return n;
    }
    return JsonNodeFactory.instance.numberNode(new BigDecimal(d.toString()));
  }

  /**
   * An adaptive run's model budget as it runs: {@code max-models}, else three times the planned
   * models ({@link ExperimentSpec#effectiveMaxModels()}); as recorded when the run is not adaptive.
   */
  private static JsonNode maxModels(JsonNode id) {
    JsonNode given = id.path("max-models");
    if (!isAbsent(given)
        || isAbsent(id.path("until-width"))
        || !id.path("fractions").isArray()
        || !id.path("repeats").isNumber()) {
      return given;
    }
    return JsonNodeFactory.instance.numberNode(
        3 * id.path("fractions").size() * id.path("repeats").asInt());
  }

  /** The numbers of an array in ascending order; anything else as it is. */
  private static JsonNode sorted(JsonNode n) {
    if (!n.isArray()) {
      return n;
    }
    List<JsonNode> items = new ArrayList<>();
    n.forEach(items::add);
    if (!items.stream().allMatch(JsonNode::isNumber)) {
      return n;
    }
    items.sort(Comparator.comparing(JsonNode::decimalValue));
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    items.forEach(out::add);
    return out;
  }

  private static boolean isAbsent(JsonNode n) {
    return n.isMissingNode() || n.isNull();
  }

  private static boolean sameValue(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    if (a.isArray() && b.isArray()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        if (!sameValue(a.get(i), b.get(i))) {
          return false;
        }
      }
      return true;
    }
    boolean aNull = a.isMissingNode() || a.isNull();
    boolean bNull = b.isMissingNode() || b.isNull();
    if (aNull || bNull) {
      return aNull == bNull;
    }
    return a.equals(b);
  }

  /**
   * A setting's value in a change line: {@code (off)} for an absent {@code until-width}, whose
   * default is no adaptive phase ("the journal has (default)" read as some width), else as {@link
   * #show(JsonNode)}.
   */
  private static String show(String key, JsonNode n) {
    return key.equals("until-width") && (n.isMissingNode() || n.isNull()) ? "(off)" : show(n);
  }

  private static String show(JsonNode n) {
    return n.isMissingNode() || n.isNull() ? "(default)" : n.toString();
  }
}
