package org.samplesize.features;

import java.util.List;
import java.util.Objects;
import org.samplesize.image.Augmentation;
import org.samplesize.image.ImageRequest;

/**
 * What features to compute: row {@code i} of the result is {@code images.get(i)} run through the
 * card's preprocessing (plus augmentation when the request asks for it) and the model up to {@code
 * tensor}.
 *
 * @param images one request per row (an image and a view)
 * @param card the backbone
 * @param tensor the tensor to store ({@link ModelCard#featureTensor()} or a cut tensor)
 * @param aug augmentation for requests with {@link ImageRequest#augment()} set
 * @param seed root seed of the augmentation streams
 * @param dtype storage type
 * @param contentSha256 a SHA-256 of the image files' bytes, taken by the caller when it read them
 *     (a folder's content hash), or {@code null}: the cache key names each file by its path, size
 *     and modification time, which an image rewritten with the same size and its old time (a copy
 *     that keeps times, a restore, an editor that keeps them) does not change
 */
public record FeatureRequest(
    List<ImageRequest> images,
    ModelCard card,
    String tensor,
    Augmentation aug,
    long seed,
    Dtype dtype,
    String contentSha256) {

  /** Validates and copies. */
  public FeatureRequest {
    images = List.copyOf(images);
    Objects.requireNonNull(card, "card");
    Objects.requireNonNull(tensor, "tensor");
    Objects.requireNonNull(aug, "aug");
    Objects.requireNonNull(dtype, "dtype");
  }

  /**
   * A request whose files are named in the cache key by path, size and modification time only.
   *
   * @param images one request per row
   * @param card the backbone
   * @param tensor the tensor to store
   * @param aug augmentation for requests with {@link ImageRequest#augment()} set
   * @param seed root seed of the augmentation streams
   * @param dtype storage type
   */
  public FeatureRequest(
      List<ImageRequest> images,
      ModelCard card,
      String tensor,
      Augmentation aug,
      long seed,
      Dtype dtype) {
    this(images, card, tensor, aug, seed, dtype, null);
  }

  /**
   * @return what the progress display calls this pass: {@code features} for the card's feature
   *     tensor, {@code trunk activations} for a fine-tuning cut (a second pass over the same
   *     images, which read as the first pass again)
   */
  public String stageName() {
    return tensor.equals(card.featureTensor()) ? "features" : "trunk activations";
  }

  /**
   * One row per image, view 0, no augmentation.
   *
   * @param paths the images
   * @param card the backbone
   * @return the request for the pooled features, float32, seed 0
   */
  public static FeatureRequest pooled(List<java.nio.file.Path> paths, ModelCard card) {
    List<ImageRequest> reqs = new java.util.ArrayList<>(paths.size());
    for (int i = 0; i < paths.size(); i++) {
      reqs.add(new ImageRequest(paths.get(i), i, 0, false));
    }
    return new FeatureRequest(
        reqs, card, card.featureTensor(), Augmentation.none(), 0L, Dtype.FLOAT32);
  }
}
