package org.samplesize.experiment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.samplesize.InvalidInputException;
import org.samplesize.ProgressListener;
import org.samplesize.SettingSource;
import org.samplesize.data.CacheDir;
import org.samplesize.data.DatasetResolver;
import org.samplesize.data.FashionMnist;
import org.samplesize.data.ImageDataset;
import org.samplesize.data.InMemoryImages;
import org.samplesize.data.Mirror;
import org.samplesize.data.Seeds;
import org.samplesize.data.Split;
import org.samplesize.data.Subsample;
import org.samplesize.data.SubsamplePlan;
import org.samplesize.features.ExecutionProfile;
import org.samplesize.features.FeatureExtractor;
import org.samplesize.features.ModelCard;
import org.samplesize.features.ModelResolver;
import org.samplesize.features.TailGraphReader;
import org.samplesize.image.ImageDecoder;
import org.samplesize.image.UsableImages;
import org.samplesize.io.Sha256;
import org.samplesize.train.TrainingDevices;
import org.samplesize.train.tail.TailSpec;

/**
 * The first stage: resolves the data set and the model, leaves out the images that cannot be used,
 * splits the rest and plans every model with its subsample. Returns an immutable {@link Plan};
 * holds nothing between calls.
 */
public final class Planner {

  private final FashionMnist.Source fashion;

  /** A planner for the published data sets. */
  public Planner() {
    this(FashionMnist.Source.upstream());
  }

  /**
   * A planner whose {@code fashion_mnist} must match other checksums (tests with small IDX files).
   *
   * @param fashion the checksums {@code fashion_mnist}'s files must have
   */
  Planner(FashionMnist.Source fashion) {
    this.fashion = java.util.Objects.requireNonNull(fashion, "fashion");
  }

  /**
   * @param s settings
   * @return the cache folder as {@link CacheDir} finds it: {@code cache}, else {@code
   *     $SAMPLESIZE_CACHE}, else {@code ~/.cache/samplesize}
   */
  public static Path cacheDir(RunSettings s) {
    return CacheDir.resolve(s.cache() == null ? null : Path.of(s.cache()));
  }

  /** Where a run's mirror setting comes from, as its line names it. */
  static final String MIRROR_SETTING = "--mirror or the settings file";

  /**
   * @param s settings
   * @return the offline mirror: {@code mirror}, else {@code $SAMPLESIZE_MIRROR}, else {@code
   *     shared/data} beside the samplesize checkout when it has the mirror layout ({@link
   *     Mirror#find}); null when none
   */
  static Mirror.Choice mirror(RunSettings s) {
    // The setting comes from --mirror or from a settings file (--config, a run's settings.yaml).
    return Mirror.find(s.mirror() == null ? null : Path.of(s.mirror()), MIRROR_SETTING);
  }

  /**
   * @param mirror the run's mirror ({@link #mirror}), or null
   * @param data the {@code data} setting
   * @return the mirror the data set is taken from: none for {@code fashion_mnist} when the mirror
   *     is only the default one beside the checkout ({@link Mirror.Choice#isDefault}) and holds no
   *     {@code fashion-mnist/} (nobody asked for it: the files are downloaded, as with no mirror);
   *     a mirror that was named is taken as given, and one lacking the files is refused
   */
  public static Path dataMirror(Mirror.Choice mirror, String data) {
    if (mirror == null) {
      return null;
    }
    if (mirror.isDefault()
        && FashionMnist.NAME.equals(DatasetResolver.builtInName(data))
        && !Files.isDirectory(mirror.dir().resolve(FashionMnist.MIRROR_FOLDER))) {
      return null;
    }
    return mirror.dir();
  }

  /**
   * The card's fingerprint for a resume: {@link ModelCard#numbersSha256()} of the card with {@code
   * jpegDctScaling} and {@code exifOrientation} off, since run always applies its own {@code
   * --jpeg-dct-scaling} and {@code --exif-orientation} (identity keys of their own) and the card's
   * values change nothing. Off is the default, so built-in cards and journals written before keep
   * their fingerprints.
   *
   * @param card the card as loaded
   * @return its fingerprint
   */
  static String cardFingerprint(ModelCard card) {
    return card.withPreprocessing(
            card.preprocessing().withJpegDctScaling(false).withExifOrientation(false))
        .numbersSha256();
  }

  /**
   * Reads a setting's value into what it names (a model card, an execution profile), a refusal
   * begun with the settings file's line when the file gave the value: such refusals say what is
   * wrong with the value but not where it was written.
   *
   * @param source where the value came from
   * @param read what reads it
   * @return what it read
   */
  private static <T> T fromSetting(SettingSource source, java.util.function.Supplier<T> read) {
    try {
      return read.get();
    } catch (InvalidInputException e) {
      if (source.at() == null) {
        throw e;
      }
      throw new InvalidInputException(source.prefix() + e.getMessage(), e);
    }
  }

  /**
   * Resolves the data set and the model, scans the images, splits them and plans every model.
   *
   * @param s the settings in force
   * @param progress progress and notes
   * @return the plan, with the inputs of the feature and training stages
   */
  public Plan plan(RunSettings s, ProgressListener progress) {
    Map<String, Object> facts = new LinkedHashMap<>();
    List<String> screened = new ArrayList<>();
    Map<String, int[]> positionsById = new LinkedHashMap<>();
    if (!s.device().equals("auto")) {
      // --device cuda without a usable GPU fails here, before the data set is resolved and any
      // feature is extracted, not when the first model is trained.
      TrainingDevices.select(s.device(), "training", progress, s.sourceOf("--device"));
    }
    // Likewise --ep cuda / tensorrt that cannot run here, before the data set is scanned.
    SettingSource ep = s.sourceOf("--ep");
    FeatureExtractor.requireUsable(fromSetting(ep, () -> ExecutionProfile.load(s.ep())), ep);
    Mirror.Choice mirror = mirror(s);
    Path mirrorDir = mirror == null ? null : mirror.dir();
    Path dataMirror = dataMirror(mirror, s.data());
    DatasetResolver.Resolved resolved =
        DatasetResolver.resolveChecked(
            s.data(), DatasetResolver.Options.of(cacheDir(s), dataMirror), progress);
    Path root = resolved.root();
    DataSource.Loaded images = DataSource.load(s, root, fashion, progress);
    InMemoryImages memory = images.memory();
    ImageDataset scanned = images.dataset();
    String unread = unreadInClassFolders(scanned);
    if (unread != null) {
      progress.note(unread);
    }
    ModelCard loaded = fromSetting(s.sourceOf("--model"), () -> ModelCard.load(s.model()));
    // The run's overrides decide, the JPEG and EXIF switches in both directions, so that the
    // journal identity (which holds them) always says what was done, whatever a card file says.
    ModelCard card = s.cardOverrides().applyTo(loaded);
    Path modelFile = ModelResolver.resolve(card, cacheDir(s), mirrorDir, progress);
    if (s.cardOverrides().featureTensor() != null) {
      // A feature tensor the file lacks is the --feature-tensor flag's (or the settings file
      // line's) mistake: named so, not as the card's.
      card.verify(modelFile, s.sourceOf("--feature-tensor"));
    }
    // tf_flowers always comes from the mirror when there is one; the model only when neither a
    // local file nor the cache had it.
    if (mirror != null
        && ((dataMirror != null && DatasetResolver.isBuiltIn(s.data()))
            || modelFile
                .toAbsolutePath()
                .normalize()
                .startsWith(mirror.dir().toAbsolutePath().normalize()))) {
      progress.note("offline mirror " + mirror.describe());
      facts.put("mirror", mirror.describe());
    }
    // A wrong --unfreeze-from is the user's to fix before any journal, image check or
    // feature pass exists.
    TailSpec tailSpec = s.fineTune() ? TailGraphReader.read(modelFile, s.unfreezeFrom()) : null;
    String modelSha = Sha256.fileUnchecked(modelFile);
    facts.put("model card", card.name());
    ImageDataset dataset;
    if (memory != null) {
      // Images held in memory (fashion_mnist) come from files whose whole content was checked.
      dataset = scanned;
    } else {
      // Images that cannot be used are left out before anything is planned, so that every size
      // counts images a model really sees (only an image whose header passes but whose data do
      // not decode is found later, by the feature pass; see features()).
      UsableImages checked =
          UsableImages.check(
              scanned,
              ImageDecoder.DEFAULT_MAX_PIXELS,
              s.effectiveThreads(),
              cacheDir(s),
              progress);
      dataset = checked.usable();
      for (UsableImages.Unusable u : checked.unusable()) {
        screened.add(u.entry().path() + ": " + u.reason());
      }
      checkEveryClassUsable(scanned, checked);
      if (!checked.unusable().isEmpty()) {
        progress.note(
            checked.unusable().size()
                + " of "
                + scanned.images().size()
                + " image files cannot be used and are left out (listed in"
                + " unreadable-images.json and report.html), e.g. "
                + screened.get(0));
        facts.put("images left out before planning", checked.unusable().size());
      }
    }
    int[] labels = dataset.labels();
    Split split =
        images.officialSplit() != null
            ? images.officialSplit()
            : s.split().equals("recipe")
                ? Split.recipe(labels.length, s.seed(), s.trainFraction())
                : Split.stratified(labels, s.seed(), s.trainFraction());
    int[] trainLabels = new int[split.train().length];
    for (int i = 0; i < trainLabels.length; i++) {
      trainLabels[i] = labels[split.train()[i]];
    }
    double[] fractions = s.fractions().stream().mapToDouble(Double::doubleValue).toArray();
    List<Subsample> subs =
        SubsamplePlan.of(
            trainLabels.length,
            trainLabels,
            fractions,
            s.repeats(),
            s.withReplacement(),
            s.stratified(),
            s.seed(),
            dataset.classes());

    List<PlannedModel> models = new ArrayList<>();
    List<String> curves = new ArrayList<>(List.of(PlannedModel.HEAD));
    if (s.fineTune()) {
      curves.add(PlannedModel.FINE_TUNE);
    }
    for (int c = 0; c < curves.size(); c++) {
      String curve = curves.get(c);
      for (Subsample sub : subs) {
        String id = PlannedModel.idOf(curve, sub.fraction(), sub.repeat());
        // The fine-tuned model starts from the head's weights, so both share the seed.
        long seed = Seeds.derive(sub.seed(), 1);
        positionsById.put(id, sub.indices());
        PlannedModel pm =
            new PlannedModel(
                id, curve, sub.fraction(), sub.repeat(), sub.size(), seed, sub.indicesHash());
        models.add(pm);
      }
      if (s.validate()) {
        int[] all = new int[trainLabels.length];
        for (int i = 0; i < all.length; i++) {
          all[i] = i;
        }
        Subsample full = new Subsample(1.0, 0, all, false, Seeds.derive(s.seed(), 0x76616cL));
        String id = PlannedModel.idOf(curve, 1.0, -1);
        positionsById.put(id, all);
        PlannedModel pm =
            new PlannedModel(
                id,
                curve,
                1.0,
                -1,
                all.length,
                // The fine-tuned model starts from the head's weights, so both share the seed.
                Seeds.derive(full.seed(), 1),
                full.indicesHash());
        models.add(pm);
      }
    }

    int[] perClass = dataset.classCounts();
    List<Integer> counts = new ArrayList<>();
    for (int c : perClass) {
      counts.add(c);
    }
    // tf_flowers: a stat-only fingerprint of the images used (names, sizes, times), so that a
    // mirror or cache changed since the journal was written is not resumed; a folder is hashed.
    // A data set read and checked whole (fashion_mnist) is named by its checked content.
    String listing =
        DatasetResolver.isBuiltIn(s.data()) && images.contentSha256() == null
            ? DataFingerprint.listingHash(scanned)
            : null;
    if (images.contentSha256() != null) {
      facts.put("data verified", "SHA-256 of each IDX file's uncompressed content checked");
    }
    String dataSha = images.contentSha256();
    List<String> dataWarnings = List.of();
    if (dataSha == null) {
      DataFingerprint.Named named =
          DataFingerprint.dataHash(s.data(), resolved, listing, scanned, s.effectiveThreads());
      dataSha = named.sha256();
      if (named.verified() != null) {
        facts.put("data verified", named.verified());
      }
      if (named.perImage() != null) {
        dataWarnings =
            DuplicateImages.warnings(
                dataset.images(),
                dataset.classes(),
                DuplicateImages.byName(scanned.images(), named.perImage()),
                split,
                s.data());
        dataWarnings.forEach(progress::note);
      }
    }
    DatasetSummary summary =
        new DatasetSummary(
            DatasetResolver.isBuiltIn(s.data())
                ? DatasetResolver.builtInName(s.data())
                : root.getFileName().toString(),
            root.toAbsolutePath().toString(),
            dataSha,
            dataset.classes(),
            counts,
            dataset.ignored(),
            split.train().length,
            split.test().length,
            screened.size());
    return new Plan(
        summary,
        card.name(),
        modelFile.toAbsolutePath().normalize().toString(),
        modelSha,
        models,
        listing,
        cardFingerprint(card),
        new PlanInputs(
            dataset,
            memory,
            split,
            positionsById,
            new RowLayout(split.train().length, split.test().length, s.views()),
            s.augment(),
            s.seed(),
            card,
            modelFile,
            tailSpec,
            screened,
            facts),
        dataWarnings);
  }

  /**
   * One more model of a curve, as an adaptive run asks for it: repeat {@code repeat} of {@code
   * fraction}. Drawn exactly as the plan draws its subsamples (the same stream per fraction and
   * repeat), so a repeat of a planned fraction is the subsample {@code --repeats} one larger would
   * have drawn.
   *
   * @param curve the curve
   * @param fraction share of the training set, in (0, 1]
   * @param repeat repeat number within the fraction
   */
  public record Draw(String curve, double fraction, int repeat) {}

  /**
   * The plan with more models, drawn as {@link #plan} draws its own ({@link Draw}).
   *
   * @param plan a plan with its inputs
   * @param s the settings it was made with
   * @param draws the models to add; none may be planned already
   * @return the plan with the new models after its own, and their positions
   * @throws IllegalArgumentException when a draw is planned already
   */
  public static Plan extend(Plan plan, RunSettings s, List<Draw> draws) {
    PlanInputs in = plan.requireInputs();
    int[] train = in.split().train();
    int[] labels = in.labels();
    int[] trainLabels = new int[train.length];
    for (int i = 0; i < train.length; i++) {
      trainLabels[i] = labels[train[i]];
    }
    List<PlannedModel> models = new ArrayList<>(plan.models());
    Map<String, int[]> positions = in.positions();
    for (Draw d : draws) {
      List<Subsample> subs =
          SubsamplePlan.of(
              train.length,
              trainLabels,
              new double[] {d.fraction()},
              d.repeat() + 1,
              s.withReplacement(),
              s.stratified(),
              s.seed(),
              in.dataset().classes());
      Subsample sub = subs.get(d.repeat());
      String id = PlannedModel.idOf(d.curve(), d.fraction(), d.repeat());
      if (positions.containsKey(id)) {
        throw new IllegalArgumentException("model " + id + " is planned already");
      }
      positions.put(id, sub.indices());
      models.add(
          new PlannedModel(
              id,
              d.curve(),
              d.fraction(),
              d.repeat(),
              sub.size(),
              Seeds.derive(sub.seed(), 1),
              sub.indicesHash()));
    }
    return new Plan(
        plan.dataset(),
        plan.modelName(),
        plan.modelFile(),
        plan.modelSha256(),
        models,
        plan.dataListing(),
        plan.cardSha256(),
        new PlanInputs(
            in.dataset(),
            in.memory(),
            in.split(),
            positions,
            in.layout(),
            in.augment(),
            in.seed(),
            in.card(),
            in.modelFile(),
            in.tailSpec(),
            in.leftOut(),
            in.facts()),
        plan.dataWarnings());
  }

  /**
   * What a scan left unread inside the class folders, where a user put images to be used: a
   * sub-folder (only the images directly in a class folder are read) or a file whose extension is
   * not an image's. Hidden files and files beside the class folders (a licence, a README) are left
   * out without a word, as intended.
   *
   * @param scanned the scanned data set
   * @return one line naming how many and the first of them, or null when there are none
   */
  static String unreadInClassFolders(ImageDataset scanned) {
    List<String> parts = new ArrayList<>();
    unread(
        scanned,
        "folder inside a class folder",
        "folder",
        " inside class folders (e.g. ",
        "/): only the images directly in a class folder are read; move the images up to use them",
        parts);
    unread(
        scanned,
        "not an image (file extension)",
        "file",
        " in class folders without an image extension (e.g. ",
        "; read are "
            + String.join(", ", new java.util.TreeSet<>(ImageDataset.IMAGE_EXTENSIONS))
            + "): convert them to use them",
        parts);
    return parts.isEmpty() ? null : "not read: " + String.join("; ", parts);
  }

  /**
   * Adds, when the scan left out any file for {@code reason}, "N {@code what}s{@code where}first
   * one{@code why}" to {@code parts}.
   */
  private static void unread(
      ImageDataset scanned,
      String reason,
      String what,
      String where,
      String why,
      List<String> parts) {
    int n = scanned.ignored().getOrDefault(reason, 0);
    if (n > 0) {
      parts.add(
          (n == 1 ? "1 " + what : n + " " + what + "s")
              + where
              + scanned.ignoredFiles().getOrDefault(reason, List.of("?")).get(0)
              + why);
    }
  }

  /**
   * Refuses a class none of whose images can be used: it would have no training and no test image
   * at all, and its folder is the user's to fix.
   */
  private static void checkEveryClassUsable(ImageDataset scanned, UsableImages checked) {
    int[] all = scanned.classCounts();
    int[] usable = checked.usable().classCounts();
    for (int c = 0; c < all.length; c++) {
      if (usable[c] == 0) {
        final int label = c;
        String example =
            checked.unusable().stream()
                .filter(u -> u.entry().label() == label)
                .map(u -> u.entry().relativeName() + ": " + u.reason())
                .findFirst()
                .orElse("");
        throw new InvalidInputException(
            "class '"
                + scanned.classes().get(c)
                + "': none of its "
                + all[c]
                + " images could be read (e.g. "
                + example
                + "); fix or replace the image files in its folder, or remove the class folder");
      }
    }
  }
}
