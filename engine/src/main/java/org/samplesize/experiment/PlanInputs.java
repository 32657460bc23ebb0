package org.samplesize.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.samplesize.data.ImageDataset;
import org.samplesize.data.ImageEntry;
import org.samplesize.data.InMemoryImages;
import org.samplesize.data.Split;
import org.samplesize.features.ModelCard;
import org.samplesize.image.ImageRequest;
import org.samplesize.train.tail.TailSpec;

/**
 * What the planner decided beyond the {@link Plan}'s summary, for the feature and training stages:
 * the images, their split, each model's subsample positions, the row layout of the features, and
 * the model. Immutable: the arrays are copied in and out.
 *
 * @param dataset the images planned with (unusable files already left out)
 * @param memory the decoded images of a data set held in memory ({@code fashion_mnist}), else
 *     {@code null}
 * @param split the train/test split, as indices into {@code dataset}
 * @param positions each planned model's training-set positions, in draw order, by model id
 * @param layout the feature rows
 * @param augment whether the training views are augmented
 * @param seed the root seed (augmentation)
 * @param card the model card as the run uses it
 * @param modelFile the resolved ONNX file
 * @param tailSpec the fine-tuned part of the model, or {@code null} without fine-tuning
 * @param leftOut files left out before planning ({@code "path: reason"})
 * @param facts what the planner found, for {@code provenance.json}
 */
public record PlanInputs(
    ImageDataset dataset,
    InMemoryImages memory,
    Split split,
    Map<String, int[]> positions,
    RowLayout layout,
    boolean augment,
    long seed,
    ModelCard card,
    Path modelFile,
    TailSpec tailSpec,
    List<String> leftOut,
    Map<String, Object> facts) {

  /** Copies the collections and arrays. */
  public PlanInputs {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(split, "split");
    Map<String, int[]> copy = new LinkedHashMap<>();
    positions.forEach((k, v) -> copy.put(k, v.clone()));
    positions = java.util.Collections.unmodifiableMap(copy);
    leftOut = List.copyOf(leftOut);
    facts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(facts));
  }

  /**
   * @param id a planned model's id
   * @return its training-set positions, in draw order
   * @throws IllegalArgumentException when the model is not planned
   */
  public int[] positionsOf(String id) {
    int[] p = positions.get(id);
    if (p == null) {
      throw new IllegalArgumentException("model " + id + " is not in the plan");
    }
    return p.clone();
  }

  /**
   * @return the labels of the images, by index into {@link #dataset()}
   */
  public int[] labels() {
    return dataset.labels();
  }

  /**
   * The image behind each feature row of {@link #layout()}: every training image × {@code views}
   * views (augmented when {@link #augment()}), then every test image once, unaugmented. The feature
   * cache is keyed by these requests, so anything that lists the same requests finds the run's
   * features.
   *
   * @return one request per row, in row order
   */
  public List<ImageRequest> imageRequests() {
    int k = layout.views();
    int[] train = split.train();
    int[] test = split.test();
    List<ImageEntry> images = dataset.images();
    List<ImageRequest> reqs = new ArrayList<>(layout.rows());
    for (int i : train) {
      Path file = images.get(i).path();
      for (int v = 0; v < k; v++) {
        reqs.add(new ImageRequest(file, i, v, augment, memory));
      }
    }
    for (int j : test) {
      reqs.add(new ImageRequest(images.get(j).path(), j, 0, false, memory));
    }
    return reqs;
  }

  @Override
  public Map<String, int[]> positions() {
    Map<String, int[]> copy = new LinkedHashMap<>();
    positions.forEach((k, v) -> copy.put(k, v.clone()));
    return copy;
  }

  @Override
  public String toString() {
    return "PlanInputs["
        + dataset.images().size()
        + " images, "
        + layout
        + ", models "
        + Arrays.toString(positions.keySet().toArray())
        + "]";
  }
}
