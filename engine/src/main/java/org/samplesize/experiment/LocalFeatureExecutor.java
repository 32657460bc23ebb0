package org.samplesize.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.samplesize.InvalidInputException;
import org.samplesize.ProgressListener;
import org.samplesize.data.ImageEntry;
import org.samplesize.features.Dtype;
import org.samplesize.features.ExecutionProfile;
import org.samplesize.features.FeatureCache;
import org.samplesize.features.FeatureRequest;
import org.samplesize.features.FeatureStore;
import org.samplesize.features.InputBatch;
import org.samplesize.image.Augmentation;
import org.samplesize.image.ImageRequest;

/**
 * The feature stage in this process: decode and augment ({@code image}), frozen features through
 * ONNX Runtime with the on-disk cache ({@code features}), and for fine-tuning a second cached pass
 * at the cut tensor for the same rows. Holds nothing between calls.
 */
public final class LocalFeatureExecutor implements FeatureExecutor {

  @Override
  public FeatureSet extract(Plan plan, RunSettings s, ProgressListener progress) {
    PlanInputs in = plan.requireInputs();
    RowLayout layout = in.layout();
    int[] train = in.split().train();
    int[] test = in.split().test();
    List<ImageEntry> images = in.dataset().images();
    List<ImageRequest> reqs = in.imageRequests();
    int[] rowLabels = new int[reqs.size()];
    for (int r = 0; r < rowLabels.length; r++) {
      rowLabels[r] = images.get(reqs.get(r).index()).label();
    }
    Map<String, Object> facts = new LinkedHashMap<>();
    FeatureStore store = compute(reqs, in.card().featureTensor(), plan, s, progress);
    FeatureStore trunk = null;
    try {
      facts.put("execution provider", store.providerUsed());
      facts.put("feature cache", store.file().toString());
      List<String> skipped = new ArrayList<>(in.leftOut());
      List<String> warnings = new ArrayList<>();
      for (InputBatch.SkippedRow r : store.skipped()) {
        skipped.add(r.path() + ": " + r.reason());
      }
      List<Integer> valid = new ArrayList<>();
      for (int j = 0; j < test.length; j++) {
        int row = layout.testRow(j);
        if (store.valid(row)) {
          valid.add(row);
        }
      }
      int[] testRows = valid.stream().mapToInt(Integer::intValue).toArray();
      Readable readable = readablePerClass(in, store);
      int unreadableTrain = train.length - java.util.Arrays.stream(readable.trainOk()).sum();
      if (unreadableTrain > 0) {
        // Files that cannot be read are left out before planning; these passed the header check
        // but their data do not decode. No model learns from them: the sizes, the answer and the
        // validation count the usable training images only.
        String warning =
            unusableWarning(
                unreadableTrain,
                train.length,
                "training",
                "the answer and results.csv count only the "
                    + (train.length - unreadableTrain)
                    + " usable ones");
        progress.note(warning);
        warnings.add(warning);
        facts.put("undecodable training images", unreadableTrain);
      }
      int unreadableTest = test.length - testRows.length;
      if (unreadableTest > 0) {
        // The same for the test set: the models are scored on the test images that decode, so
        // test_size (and every accuracy) counts fewer images than the split put there.
        String warning =
            unusableWarning(
                unreadableTest,
                test.length,
                "test",
                "the models are scored on the "
                    + testRows.length
                    + " usable ones (test_size in results.csv)");
        progress.note(warning);
        warnings.add(warning);
      }
      checkEveryClassReadable(in.dataset().classes(), readable);
      if (in.tailSpec() != null) {
        // The second phase trains on activations at the cut: a second cached pass, same rows. The
        // tail's input is the tensor that feeds the first unfrozen block (for block_10 the output
        // of block_9, dequantized when the graph stores it as uint8).
        trunk = compute(reqs, in.tailSpec().cutTensor(), plan, s, progress);
        facts.put("fine-tune cut", in.tailSpec().cutTensor());
      }
      if (testRows.length == 0) {
        throw new InvalidInputException(
            "no test image could be read (" + skipped.size() + " skipped); check the data set");
      }
      facts.put("feature_cache_provenance", store.provenance());
      List<Integer> usablePerClass = java.util.Arrays.stream(readable.trainOk()).boxed().toList();
      return new FeatureSet(
          store, trunk, rowLabels, testRows, skipped, warnings, facts, usablePerClass);
    } catch (RuntimeException e) {
      new FeatureSet(store, trunk, null, null, List.of(), List.of(), Map.of(), List.of()).close();
      throw e;
    }
  }

  /**
   * The warning for images of one set whose header passed but which the feature pass could not use:
   * their data did not decode, or their shape is refused by the resize.
   *
   * @param unusable how many
   * @param of the set's images
   * @param set "training" or "test"
   * @param counted what the run counts instead
   */
  private static String unusableWarning(int unusable, int of, String set, String counted) {
    return String.format(
        Locale.ROOT,
        "%d of %d %s images passed the header check but could not be used: their data did not"
            + " decode, or their shape is too elongated to resize (each with its reason in"
            + " unreadable-images.json and report.html); %s. Fix or remove those files to use them.",
        unusable,
        of,
        set,
        counted);
  }

  private static FeatureStore compute(
      List<ImageRequest> reqs, String tensor, Plan plan, RunSettings s, ProgressListener progress) {
    PlanInputs in = plan.requireInputs();
    return FeatureCache.getOrCompute(
        request(reqs, tensor, plan),
        in.modelFile(),
        ExecutionProfile.load(s.ep()),
        s.effectiveThreads(),
        s.batch(),
        Planner.cacheDir(s),
        progress);
  }

  /**
   * What the feature pass computes for one tensor of a plan, for an executor that computes the same
   * rows elsewhere and stores them in the same cache ({@link FeatureCache#key}).
   *
   * @param plan the plan, with its inputs
   * @param tensor the card's feature tensor, or the fine-tuning cut
   * @return the request the local pass makes for it
   */
  public static FeatureRequest request(Plan plan, String tensor) {
    return request(plan.requireInputs().imageRequests(), tensor, plan);
  }

  private static FeatureRequest request(List<ImageRequest> reqs, String tensor, Plan plan) {
    PlanInputs in = plan.requireInputs();
    return new FeatureRequest(
        reqs,
        in.card(),
        tensor,
        in.augment() ? Augmentation.recipe() : Augmentation.none(),
        in.seed(),
        Dtype.FLOAT32,
        contentKey(plan));
  }

  /**
   * The hash of a folder's image bytes, which the planner took ({@link DataFingerprint}), for the
   * cache key: without it the key names each file by path, size and modification time, and an image
   * rewritten in place with its old size and time (a copy or restore that keeps times) was served
   * its former features while the journal's data fingerprint saw the change. {@code null} for
   * {@code tf_flowers} (named by its listing: its keys stay as they were) and for images held in
   * memory ({@code fashion_mnist}, keyed by their content already).
   */
  private static String contentKey(Plan plan) {
    return plan.dataListing() == null && plan.requireInputs().memory() == null
        ? plan.dataset().sha256()
        : null;
  }

  /** Per class: readable and all images in the training set, then in the test set. */
  private record Readable(int[] trainOk, int[] trainAll, int[] testOk, int[] testAll) {}

  /** Counts, in one pass over the store's validity, what {@link Readable} holds. */
  private static Readable readablePerClass(PlanInputs in, FeatureStore store) {
    int[] train = in.split().train();
    int[] test = in.split().test();
    RowLayout layout = in.layout();
    int n = in.dataset().classes().size();
    Readable r = new Readable(new int[n], new int[n], new int[n], new int[n]);
    List<ImageEntry> images = in.dataset().images();
    for (int i = 0; i < train.length; i++) {
      int c = images.get(train[i]).label();
      r.trainAll()[c]++;
      if (store.valid(layout.trainRow(i, 0))) {
        r.trainOk()[c]++;
      }
    }
    for (int j = 0; j < test.length; j++) {
      int c = images.get(test[j]).label();
      r.testAll()[c]++;
      if (store.valid(layout.testRow(j))) {
        r.testOk()[c]++;
      }
    }
    return r;
  }

  /**
   * Refuses a class without a readable training image (its models never see it) or without a
   * readable test image (its recall would read 0 though nothing was measured).
   */
  private static void checkEveryClassReadable(List<String> classes, Readable r) {
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
}
