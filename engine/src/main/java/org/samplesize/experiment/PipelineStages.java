package org.samplesize.experiment;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.samplesize.InvalidInputException;
import org.samplesize.ProgressListener;
import org.samplesize.SamplesizeException;
import org.samplesize.data.CacheDir;
import org.samplesize.data.DatasetResolver;
import org.samplesize.data.FashionMnist;
import org.samplesize.data.ImageDataset;
import org.samplesize.data.ImageEntry;
import org.samplesize.data.Mirror;
import org.samplesize.data.Seeds;
import org.samplesize.data.Split;
import org.samplesize.data.Subsample;
import org.samplesize.data.SubsamplePlan;
import org.samplesize.features.Dtype;
import org.samplesize.features.ExecutionProfile;
import org.samplesize.features.FeatureCache;
import org.samplesize.features.FeatureExtractor;
import org.samplesize.features.FeatureRequest;
import org.samplesize.features.FeatureStore;
import org.samplesize.features.InputBatch;
import org.samplesize.features.ModelCard;
import org.samplesize.features.ModelResolver;
import org.samplesize.features.TailGraphReader;
import org.samplesize.fit.CurveFit;
import org.samplesize.fit.FamilyFit;
import org.samplesize.fit.FitOptions;
import org.samplesize.fit.LearningCurveFitter;
import org.samplesize.fit.Prediction;
import org.samplesize.fit.ResultsTable;
import org.samplesize.fit.SampleSize;
import org.samplesize.fit.TargetEstimate;
import org.samplesize.image.Augmentation;
import org.samplesize.image.BadImageException;
import org.samplesize.image.ImageDecoder;
import org.samplesize.image.ImageFiles;
import org.samplesize.image.ImageRequest;
import org.samplesize.image.UsableImages;
import org.samplesize.io.AtomicFiles;
import org.samplesize.io.Sha256;
import org.samplesize.report.FitJsonWriter;
import org.samplesize.report.HtmlReport;
import org.samplesize.report.LearningCurvePlot;
import org.samplesize.train.Backend;
import org.samplesize.train.HeadOptions;
import org.samplesize.train.HeadResult;
import org.samplesize.train.HeadTrainer;
import org.samplesize.train.Metrics;
import org.samplesize.train.TrainingDevices;
import org.samplesize.train.TrainingJob;
import org.samplesize.train.tail.TailOptions;
import org.samplesize.train.tail.TailResult;
import org.samplesize.train.tail.TailSpec;
import org.samplesize.train.tail.TailTrainer;

/**
 * The real pipeline behind {@link Experiment}: the data set ({@code data}), decode and augmentation
 * ({@code image}), frozen features through ONNX Runtime with the on-disk cache ({@code features}),
 * many heads per pass ({@code train}), and the curve fit with its plots ({@code fit}, {@code
 * report}).
 *
 * <p>Feature rows: training image at split position {@code i}, view {@code v} is row {@code i·K +
 * v} ({@code K = views}, augmented when {@code augment} is on); test image {@code j} is row {@code
 * trainSize·K + j} (one clean view). A model trained on subsample positions {@code p₁, p₂, …} uses
 * the valid rows of every view of those positions, in draw order.
 *
 * <p>Holds the feature store and the training backend until {@link #close()}.
 */
public final class PipelineStages implements ExperimentStages {

  private ImageDataset dataset;
  private Split split;
  private int[] labels;
  private final Map<String, int[]> positionsById = new LinkedHashMap<>();
  private ModelCard card;
  private Path modelFile;
  private FeatureStore store;
  private int[] rowLabels;
  private int[] testRows;
  private Backend backend;
  private List<ImageRequest> requests;
  private final Map<String, PlannedModel> headPlan = new LinkedHashMap<>();
  private final Map<String, HeadResult> trainedHeads = new LinkedHashMap<>();
  private final Map<String, Integer> usedSizes = new LinkedHashMap<>();
  private TailSpec tailSpec;
  private FeatureStore trunk;
  private final List<String> screened = new ArrayList<>();
  private final List<String> skipped = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();
  private final Map<String, Object> facts = new LinkedHashMap<>();
  private boolean closed;
  private final FashionMnist.Source fashion;
  private org.samplesize.data.InMemoryImages memory;

  /** Creates the stages; nothing is opened until {@link #prepare}. */
  public PipelineStages() {
    this(FashionMnist.Source.upstream());
  }

  /**
   * Stages whose {@code fashion_mnist} must match other checksums (tests with small IDX files).
   *
   * @param fashion the checksums {@code fashion_mnist}'s files must have
   */
  PipelineStages(FashionMnist.Source fashion) {
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

  /**
   * @param s settings
   * @return the offline mirror: {@code mirror}, else {@code $SAMPLESIZE_MIRROR}, else {@code
   *     shared/data} beside the samplesize checkout when it has the mirror layout ({@link
   *     Mirror#find}); null when none
   */
  static Mirror.Choice mirror(RunSettings s) {
    return Mirror.find(s.mirror() == null ? null : Path.of(s.mirror()));
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
   * The card as the run uses it: the run's own {@code jpeg-dct-scaling} and {@code
   * exif-orientation} settings decide, in both directions, so that the journal identity (which
   * holds them) always says what was done, whatever a card file says.
   */
  static ModelCard withRunSettings(ModelCard card, RunSettings s) {
    if (card.preprocessing().jpegDctScaling() == s.jpegDctScaling()
        && card.preprocessing().exifOrientation() == s.exifOrientation()) {
      return card;
    }
    return card.withPreprocessing(
        card.preprocessing()
            .withJpegDctScaling(s.jpegDctScaling())
            .withExifOrientation(s.exifOrientation()));
  }

  @Override
  public Plan prepare(RunSettings s, ProgressListener progress) {
    checkOpen();
    if (!s.device().equals("auto")) {
      // --device cuda without a usable GPU fails here, before the data set is resolved and any
      // feature is extracted, not when the first model is trained.
      TrainingDevices.select(s.device(), "training", progress);
    }
    // Likewise --ep cuda / tensorrt that cannot run here, before the data set is scanned.
    FeatureExtractor.requireUsable(ExecutionProfile.load(s.ep()));
    Mirror.Choice mirror = mirror(s);
    Path mirrorDir = mirror == null ? null : mirror.dir();
    DatasetResolver.Resolved resolved =
        DatasetResolver.resolveChecked(
            s.data(), DatasetResolver.Options.of(cacheDir(s), mirrorDir), progress);
    Path root = resolved.root();
    DataSource.Loaded images = DataSource.load(s, root, fashion);
    memory = images.memory();
    ImageDataset scanned = images.dataset();
    ModelCard loaded = ModelCard.load(s.model());
    card = withRunSettings(loaded, s);
    modelFile = ModelResolver.resolve(card, cacheDir(s), mirrorDir, progress);
    // tf_flowers always comes from the mirror when there is one; the model only when neither a
    // local file nor the cache had it.
    if (mirror != null
        && (DatasetResolver.isBuiltIn(s.data())
            || modelFile
                .toAbsolutePath()
                .normalize()
                .startsWith(mirror.dir().toAbsolutePath().normalize()))) {
      progress.note("offline mirror " + mirror.describe());
      facts.put("mirror", mirror.describe());
    }
    // A wrong --unfreeze-from is the user's to fix before any journal, image check or
    // feature pass exists.
    tailSpec = s.fineTune() ? TailGraphReader.read(modelFile, s.unfreezeFrom()) : null;
    String modelSha = Sha256.fileUnchecked(modelFile);
    facts.put("model card", card.name());
    screened.clear();
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
                + " image files cannot be used and are left out (listed in report.html), e.g. "
                + screened.get(0));
        facts.put("images left out before planning", checked.unusable().size());
      }
    }
    labels = dataset.labels();
    split =
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
        if (curve.equals(PlannedModel.HEAD)) {
          headPlan.put(id, pm);
        }
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
        if (curve.equals(PlannedModel.HEAD)) {
          headPlan.put(id, pm);
        }
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
            ? listingHash(scanned)
            : null;
    if (images.contentSha256() != null) {
      facts.put("data verified", "SHA-256 of each IDX file's uncompressed content checked");
    }
    DatasetSummary summary =
        new DatasetSummary(
            DatasetResolver.isBuiltIn(s.data())
                ? DatasetResolver.builtInName(s.data())
                : root.getFileName().toString(),
            root.toAbsolutePath().toString(),
            images.contentSha256() != null
                ? images.contentSha256()
                : dataHash(s, resolved, listing, scanned),
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
        cardFingerprint(loaded));
  }

  @Override
  public void features(Plan plan, RunSettings s, ProgressListener progress) {
    checkOpen();
    if (store != null) {
      return;
    }
    int k = s.views();
    int[] train = split.train();
    int[] test = split.test();
    List<ImageEntry> images = dataset.images();
    List<ImageRequest> reqs = new ArrayList<>(train.length * k + test.length);
    rowLabels = new int[train.length * k + test.length];
    for (int i = 0; i < train.length; i++) {
      ImageEntry e = images.get(train[i]);
      for (int v = 0; v < k; v++) {
        rowLabels[reqs.size()] = e.label();
        reqs.add(new ImageRequest(e.path(), train[i], v, s.augment(), memory));
      }
    }
    for (int j = 0; j < test.length; j++) {
      ImageEntry e = images.get(test[j]);
      rowLabels[reqs.size()] = e.label();
      reqs.add(new ImageRequest(e.path(), test[j], 0, false, memory));
    }
    requests = reqs;
    FeatureRequest req =
        new FeatureRequest(
            reqs,
            card,
            card.featureTensor(),
            s.augment() ? Augmentation.recipe() : Augmentation.none(),
            s.seed(),
            Dtype.FLOAT32);
    store =
        FeatureCache.getOrCompute(
            req,
            modelFile,
            ExecutionProfile.load(s.ep()),
            s.effectiveThreads(),
            s.batch(),
            cacheDir(s),
            progress);
    facts.put("execution provider", store.providerUsed());
    facts.put("feature cache", store.file().toString());
    skipped.clear();
    skipped.addAll(screened);
    warnings.clear();
    for (InputBatch.SkippedRow r : store.skipped()) {
      skipped.add(r.path() + ": " + r.reason());
    }
    List<Integer> valid = new ArrayList<>();
    for (int j = 0; j < test.length; j++) {
      int row = train.length * k + j;
      if (store.valid(row)) {
        valid.add(row);
      }
    }
    testRows = valid.stream().mapToInt(Integer::intValue).toArray();
    Readable readable = readablePerClass(train, test, k);
    int unreadableTrain = train.length - java.util.Arrays.stream(readable.trainOk()).sum();
    if (unreadableTrain > 0) {
      // Files that cannot be read are left out before planning; these passed the header check but
      // their data do not decode. A model that drew one trains without it, and its size in
      // results.csv counts only the images it used (usedSize).
      String warning =
          String.format(
              Locale.ROOT,
              "%d of %d training images passed the header check but could not be decoded (listed"
                  + " in report.html); the models that drew them trained without them, and"
                  + " results.csv counts only the images each model used. Fix or remove those"
                  + " files for the planned sizes.",
              unreadableTrain,
              train.length);
      progress.note(warning);
      warnings.add(warning);
      facts.put("undecodable training images", unreadableTrain);
    }
    checkEveryClassReadable(readable);
    if (s.fineTune()) {
      // The second phase trains on activations at the cut: a second cached pass, same rows.
      if (tailSpec == null) {
        tailSpec = TailGraphReader.read(modelFile, s.unfreezeFrom());
      }
      trunk = computeTrunk(s, progress);
      facts.put("fine-tune cut", tailSpec.cutTensor());
    }
    if (testRows.length == 0) {
      throw new InvalidInputException(
          "no test image could be read (" + skipped.size() + " skipped); check the data set");
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

  /** Per class: readable and all images in the training set, then in the test set. */
  private record Readable(int[] trainOk, int[] trainAll, int[] testOk, int[] testAll) {}

  /** Counts, in one pass over the store's validity, what {@link Readable} holds. */
  private Readable readablePerClass(int[] train, int[] test, int k) {
    int n = dataset.classes().size();
    Readable r = new Readable(new int[n], new int[n], new int[n], new int[n]);
    List<ImageEntry> images = dataset.images();
    for (int i = 0; i < train.length; i++) {
      int c = images.get(train[i]).label();
      r.trainAll()[c]++;
      if (store.valid(i * k)) {
        r.trainOk()[c]++;
      }
    }
    for (int j = 0; j < test.length; j++) {
      int c = images.get(test[j]).label();
      r.testAll()[c]++;
      if (store.valid(train.length * k + j)) {
        r.testOk()[c]++;
      }
    }
    return r;
  }

  /**
   * Refuses a class without a readable training image (its models never see it) or without a
   * readable test image (its recall would read 0 though nothing was measured).
   */
  private void checkEveryClassReadable(Readable r) {
    List<String> classes = dataset.classes();
    int[] trainOk = r.trainOk();
    int[] trainAll = r.trainAll();
    int[] testOk = r.testOk();
    int[] testAll = r.testAll();
    for (int c = 0; c < classes.size(); c++) {
      // A class absent from a set (too few images) is the split's to report, not this check's.
      String which =
          trainAll[c] > 0 && trainOk[c] == 0
              ? "training"
              : testAll[c] > 0 && testOk[c] == 0 ? "test" : null;
      if (which != null) {
        int all = which.equals("training") ? trainAll[c] : testAll[c];
        throw new InvalidInputException(
            "class '"
                + classes.get(c)
                + "': none of its "
                + all
                + " "
                + which
                + " images could be read, so "
                + (which.equals("training")
                    ? "no model would learn it"
                    : "its accuracy could not be measured")
                + "; fix or replace the image files in its folder, or remove the class folder");
      }
    }
  }

  @Override
  public List<ModelRecord> train(
      Plan plan, List<PlannedModel> models, RunSettings s, ProgressListener progress) {
    checkOpen();
    if (store == null) {
      throw new IllegalStateException("PipelineStages.features must run before train");
    }
    if (backend == null) {
      backend =
          TrainingDevices.select(s.device(), "training heads", progress)
              .openHeads(s.effectiveThreads());
      facts.put("training backend", backend.name());
    }
    Map<String, ModelRecord> byId = new LinkedHashMap<>();
    List<PlannedModel> heads = new ArrayList<>();
    List<PlannedModel> tails = new ArrayList<>();
    for (PlannedModel m : models) {
      (m.curve().equals(PlannedModel.FINE_TUNE) ? tails : heads).add(m);
    }
    if (!heads.isEmpty()) {
      List<HeadResult> results = trainHeads(heads, s, progress);
      String now = Instant.now().toString();
      for (int i = 0; i < heads.size(); i++) {
        PlannedModel m = heads.get(i);
        HeadResult r = results.get(i);
        if (s.fineTune()) {
          trainedHeads.put(m.id(), r); // the fine-tuning phase starts from this head
        }
        byId.put(
            m.id(),
            record(
                m,
                r.test(),
                r.epochsRun(),
                r.bestEpoch(),
                r.trainNanos() / Math.max(1, heads.size()),
                r.backend(),
                now));
      }
    }
    if (!tails.isEmpty()) {
      fineTune(tails, s, progress, byId);
    }
    List<ModelRecord> out = new ArrayList<>(models.size());
    for (PlannedModel m : models) {
      out.add(byId.get(m.id()));
    }
    return out;
  }

  private List<HeadResult> trainHeads(
      List<PlannedModel> heads, RunSettings s, ProgressListener progress) {
    int k = s.views();
    List<TrainingJob> jobs = new ArrayList<>(heads.size());
    for (PlannedModel m : heads) {
      int[] positions = positionsById.get(m.id());
      if (positions == null) {
        throw new IllegalArgumentException("model " + m.id() + " is not in the plan");
      }
      int[] rows = new int[positions.length * k];
      int n = 0;
      for (int p : positions) {
        for (int v = 0; v < k; v++) {
          int row = p * k + v;
          if (store.valid(row)) {
            rows[n++] = row;
          }
        }
      }
      if (n == 0) {
        throw new InvalidInputException(
            "model " + m.id() + ": none of its training images could be read");
      }
      usedSizes.put(m.id(), usedSize(positions, k));
      jobs.add(new TrainingJob(m.id(), java.util.Arrays.copyOf(rows, n), m.seed()));
    }
    return HeadTrainer.train(
        store,
        rowLabels,
        dataset.classes().size(),
        jobs,
        testRows,
        headOptions(s),
        backend,
        progress);
  }

  /**
   * The recipe's second phase for each fine-tune model: start from the head trained on the same
   * subsample (trained in this process, or trained again from its seed after a resume: the head
   * phase is deterministic) and train tail and head together on the trunk activations.
   */
  private void fineTune(
      List<PlannedModel> tails,
      RunSettings s,
      ProgressListener progress,
      Map<String, ModelRecord> byId) {
    List<PlannedModel> missing = new ArrayList<>();
    for (PlannedModel t : tails) {
      String headId = headIdOf(t);
      if (!trainedHeads.containsKey(headId)) {
        PlannedModel head = headPlan.get(headId);
        if (head == null) {
          throw new IllegalArgumentException("fine-tune model " + t.id() + " has no head model");
        }
        missing.add(head);
      }
    }
    if (!missing.isEmpty()) {
      List<HeadResult> again = trainHeads(missing, s, progress);
      for (int i = 0; i < missing.size(); i++) {
        trainedHeads.put(missing.get(i).id(), again.get(i));
      }
    }
    if (trunk == null) {
      throw new IllegalStateException("fine-tuning needs the trunk activations from features()");
    }
    List<HeadResult> phase1 = new ArrayList<>();
    for (PlannedModel t : tails) {
      phase1.add(trainedHeads.get(headIdOf(t)));
    }
    TailOptions options =
        TailOptions.recipe().withThreads(s.effectiveThreads()).withDevice(s.device());
    if (s.batchSize() != null) {
      options = options.withBatchSize(s.batchSize());
    }
    List<TailResult> results =
        TailTrainer.train(
            tailSpec,
            trunk,
            rowLabels,
            dataset.classes().size(),
            phase1,
            testRows,
            options,
            progress);
    String now = Instant.now().toString();
    for (int i = 0; i < tails.size(); i++) {
      TailResult r = results.get(i);
      byId.put(
          tails.get(i).id(),
          record(
              tails.get(i),
              r.test(),
              r.epochsRun(),
              r.bestEpoch(),
              r.trainNanos(),
              r.backend(),
              now));
    }
  }

  /**
   * How many of a subsample's draws have features (with replacement, a drawn image counts each time
   * it is drawn): its planned size unless an image failed to decode in the feature pass.
   */
  private int usedSize(int[] positions, int k) {
    int used = 0;
    for (int p : positions) {
      for (int v = 0; v < k; v++) {
        if (store.valid(p * k + v)) {
          used++;
          break;
        }
      }
    }
    return used;
  }

  private static String headIdOf(PlannedModel fineTune) {
    return PlannedModel.HEAD + fineTune.id().substring(PlannedModel.FINE_TUNE.length());
  }

  /** Trunk activations at the cut tensor, for the same rows as the pooled features. */
  private FeatureStore computeTrunk(RunSettings s, ProgressListener progress) {
    FeatureRequest req =
        new FeatureRequest(
            requests,
            card,
            // The tail's input: the tensor that feeds the first unfrozen block (for block_10 the
            // output of block_9, dequantized when the graph stores it as uint8).
            tailSpec.cutTensor(),
            s.augment() ? Augmentation.recipe() : Augmentation.none(),
            s.seed(),
            Dtype.FLOAT32);
    return FeatureCache.getOrCompute(
        req,
        modelFile,
        ExecutionProfile.load(s.ep()),
        s.effectiveThreads(),
        s.batch(),
        cacheDir(s),
        progress);
  }

  private ModelRecord record(
      PlannedModel m,
      Metrics test,
      int epochsRun,
      int bestEpoch,
      long trainNanos,
      String backendName,
      String now) {
    List<Double> recall = new ArrayList<>();
    for (double x : test.perClassRecall()) {
      recall.add(x);
    }
    return new ModelRecord(
        m.id(),
        m.curve(),
        m.fraction(),
        m.repeat(),
        // The images the model really used: its planned size unless one failed to decode.
        usedSizes.getOrDefault(
            m.curve().equals(PlannedModel.FINE_TUNE) ? headIdOf(m) : m.id(), m.size()),
        m.seed(),
        m.indicesHash(),
        test.accuracy(),
        test.kerasAuc(),
        test.rocAuc(),
        test.macroF1(),
        test.loss(),
        recall,
        testRows.length,
        epochsRun,
        bestEpoch,
        trainNanos / 1_000_000L,
        backendName,
        store.providerUsed(),
        now);
  }

  private static HeadOptions headOptions(RunSettings s) {
    HeadOptions o = HeadOptions.recipe().withThreads(s.effectiveThreads());
    if (s.epochs() != null) {
      o = o.withEpochs(s.epochs());
    }
    if (s.patience() != null) {
      o = o.withPatience(s.patience());
    }
    if (s.batchSize() != null) {
      o = o.withBatchSize(s.batchSize());
    }
    if (s.learningRate() != null) {
      o = o.withLearningRate(s.learningRate());
    }
    return o;
  }

  @Override
  public FitSummary fit(
      Path resultsCsv,
      Path outDir,
      AtomicFiles.Batch outputs,
      int fullSize,
      RunSettings s,
      ProgressListener progress) {
    checkOpen();
    ResultsTable table = org.samplesize.report.ResultsCsv.read(resultsCsv);
    FitOptions options =
        FitOptions.defaults()
            .withSeed(s.seed())
            .withPredict(List.of(new SampleSize(fullSize, false)))
            .withTargets(s.targets());
    List<CurveFit> fits = new LearningCurveFitter(options).fit(table, progress);
    LearningCurvePlot.Rendered plot = LearningCurvePlot.render(fits, "accuracy");
    List<String> plotFiles = new ArrayList<>();
    try {
      FitJsonWriter.stage(
          outDir.resolve(FitJsonWriter.FILE_NAME),
          fits,
          options,
          ResultsCsv.FILE_NAME,
          "accuracy",
          outputs);
      for (Path p : LearningCurvePlot.stage(plot, outDir, outputs)) {
        plotFiles.add(p.getFileName().toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<HtmlReport.Curve> curves = new ArrayList<>();
    List<HtmlReport.Target> targets = new ArrayList<>();
    Map<String, List<String>> fitWarnings = new LinkedHashMap<>();
    for (CurveFit cf : fits) {
      fitWarnings.put(cf.curve(), cf.warnings());
      List<HtmlReport.Family> families = new ArrayList<>();
      for (FamilyFit ff : cf.families()) {
        boolean chosen = ff.family().id().equals(cf.chosen());
        if (!ff.fitted()) {
          families.add(
              new HtmlReport.Family(
                  ff.family().id(),
                  ff.family().formula(),
                  "not fitted: " + ff.skipped(),
                  Double.NaN,
                  Double.NaN,
                  null,
                  false));
          continue;
        }
        StringBuilder params = new StringBuilder();
        ff.params()
            .forEach(
                (k, v) ->
                    params
                        .append(params.length() == 0 ? "" : " ")
                        .append(k)
                        .append('=')
                        .append(String.format(java.util.Locale.ROOT, "%.4g", v)));
        families.add(
            new HtmlReport.Family(
                ff.family().id(),
                ff.family().formula(),
                params.toString(),
                ff.aicc(),
                Math.sqrt(ff.mse()),
                at(ff, fullSize),
                chosen));
      }
      // The answer: the chosen family's values with the selection-aware intervals.
      FamilyFit best = cf.chosenFit();
      curves.add(
          new HtmlReport.Curve(
              cf.curve(), cf.chosen(), families, at(cf.predictions(), best, fullSize)));
      for (TargetEstimate t : cf.targets()) {
        long n = t.reachable() && Double.isFinite(t.n()) ? (long) Math.ceil(t.n()) : -1;
        long lo = Double.isFinite(t.lo()) ? (long) Math.ceil(t.lo()) : -1;
        long hi = Double.isFinite(t.hi()) ? (long) Math.ceil(t.hi()) : -1;
        long smallest = (long) cf.sizes().stream().mapToDouble(z -> z.size()).min().orElse(-1);
        targets.add(new HtmlReport.Target(cf.curve(), t.accuracy(), n, lo, hi, smallest));
      }
    }
    return new FitSummary(
        curves, targets, options.level(), plot.svg(), plot.png(), plotFiles, fitWarnings);
  }

  private static HtmlReport.Prediction at(FamilyFit ff, int n) {
    return at(ff.predictions(), ff, n);
  }

  private static HtmlReport.Prediction at(List<Prediction> predictions, FamilyFit ff, int n) {
    for (Prediction p : predictions) {
      if (Math.abs(p.n() - n) < 0.5) {
        return new HtmlReport.Prediction(
            n,
            p.accuracy(),
            p.hasInterval() ? p.lo() : p.accuracy(),
            p.hasInterval() ? p.hi() : p.accuracy());
      }
    }
    double y = ff.predict(n);
    return new HtmlReport.Prediction(n, y, y, y);
  }

  /**
   * @return the scanned data set; known after {@link #prepare}
   */
  public ImageDataset dataset() {
    checkOpen();
    return requireState(dataset, "prepare");
  }

  /**
   * @return one request per feature row, in the order of {@link #featureStore()}'s rows (training
   *     images × views, then test images); known after {@link #features}
   */
  public List<ImageRequest> featureRequests() {
    checkOpen();
    return List.copyOf(requireState(requests, "features"));
  }

  /**
   * @return the pooled features of every row; known after {@link #features}, closed with these
   *     stages
   */
  public FeatureStore featureStore() {
    checkOpen();
    return requireState(store, "features");
  }

  private static <T> T requireState(T value, String stage) {
    if (value == null) {
      throw new IllegalStateException("PipelineStages: call " + stage + " first");
    }
    return value;
  }

  @Override
  public List<String> warnings() {
    return List.copyOf(warnings);
  }

  @Override
  public List<String> skippedImages() {
    return List.copyOf(skipped);
  }

  @Override
  public Map<String, Object> provenance() {
    Map<String, Object> m = new LinkedHashMap<>(facts);
    if (store != null) {
      m.put("feature_cache_provenance", store.provenance());
    }
    return m;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (store != null) {
        store.close();
      }
      if (trunk != null) {
        trunk.close();
      }
    } finally {
      if (backend != null) {
        backend.close();
      }
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("PipelineStages is closed");
    }
  }

  /**
   * The data set's SHA-256. For {@code tf_flowers} whose images are exactly a checksum-verified set
   * (a mirror's files against a {@code SHA256SUMS} that lists all of them, or the archive checked
   * against TensorFlow's published SHA-256 and extracted unchanged), the archive's SHA-256 names
   * the data; hashing 100 MB again would cost seconds. An unverified {@code tf_flowers} copy is
   * named by its {@code listing} fingerprint ({@link #listingHash}). Any other folder is hashed
   * here ({@link #contentHash}).
   */
  private String dataHash(
      RunSettings s, DatasetResolver.Resolved resolved, String listing, ImageDataset scanned) {
    if (DatasetResolver.isBuiltIn(s.data())) {
      if (resolved.verifiedSet()) {
        facts.put("data verified", "tf_flowers archive SHA-256 (or mirror SHA256SUMS) checked");
        return DatasetResolver.FLOWERS_SHA256;
      }
      facts.put("data verified", "no: tf_flowers copy without checksums, named by its listing");
      return listing;
    }
    return contentHash(scanned, s.effectiveThreads());
  }

  /**
   * SHA-256 over every image in data set order: its relative name, size and modification time
   * (milliseconds). Stat only, no reading: a few tens of milliseconds for tf_flowers' 3670 files.
   */
  static String listingHash(ImageDataset d) {
    MessageDigest md = Sha256.digest();
    for (ImageEntry e : d.images()) {
      md.update((e.relativeName() + "\0" + stat(e.path()) + "\n").getBytes(UTF_8));
    }
    return Sha256.hex(md);
  }

  /**
   * A file's size and modification time (milliseconds), or, for one that cannot be used (a dangling
   * link, a FIFO, no permission), a mark with the reason: such a file is skipped like a corrupt
   * image, so it must not stop the fingerprint, and its reason is part of it.
   */
  static String stat(Path file) {
    try {
      java.nio.file.attribute.BasicFileAttributes a = ImageFiles.check(file);
      return a.size() + " " + a.lastModifiedTime().toMillis();
    } catch (BadImageException e) {
      return "unusable " + e.reason();
    }
  }

  /**
   * A file's SHA-256, or a mark with the reason for one that cannot be read ({@link #stat}). Only
   * regular files of bounded size are read, so a FIFO or a link to {@code /dev/zero} cannot hang
   * the hash.
   */
  static String imageSha256(Path file) {
    try {
      return ImageFiles.sha256(file);
    } catch (BadImageException e) {
      return "unusable " + e.reason();
    }
  }

  /**
   * SHA-256 over every image in data set order: its relative name, then the SHA-256 of its bytes.
   * Hashed on {@code threads} threads; about 0.3 s for tf_flowers (100 MB) on 2 cores.
   */
  static String contentHash(ImageDataset d, int threads) {
    List<ImageEntry> images = d.images();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
    try {
      List<Future<String>> parts = new ArrayList<>(images.size());
      for (ImageEntry e : images) {
        parts.add(pool.submit(() -> imageSha256(e.path())));
      }
      MessageDigest md = Sha256.digest();
      for (int i = 0; i < images.size(); i++) {
        md.update(images.get(i).relativeName().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        md.update((byte) 0);
        md.update(parts.get(i).get().getBytes(UTF_8));
        md.update((byte) '\n');
      }
      return Sha256.hex(md);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SamplesizeException("interrupted while hashing the data set", e);
    } catch (ExecutionException e) {
      throw new SamplesizeException("hashing the data set failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
