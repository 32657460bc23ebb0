package org.samplesize.features;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.TreeMap;
import org.samplesize.io.Sha256;

/**
 * The provenance key of a feature request: every field that decides its numbers, in a canonical
 * form whose SHA-256 names the cache file ({@link FeatureCache}).
 */
final class FeatureKey {
  private FeatureKey() {}

  /**
   * The fields that decide a request's numbers: model SHA-256, tensor, preprocessing and the pixel
   * type its resize works on, the image list (real path, size, modification time, index, view,
   * augment flag, hashed; for an image held in memory its content key instead of path, size and
   * time), views, and the augmentation and seed when any request is augmented; with a cut SHA-256,
   * also that of the cut model the features come from; with the request's content hash ({@link
   * FeatureRequest#contentSha256()}), that too, so an image rewritten in place with its old size
   * and time is not served the features of its former self.
   */
  static ObjectNode of(FeatureRequest req, String modelSha256) {
    return of(req, modelSha256, null);
  }

  static ObjectNode of(FeatureRequest req, String modelSha256, String cutSha256) {
    return of(req, modelSha256, cutSha256, false);
  }

  /**
   * As {@link #of(FeatureRequest, String)}, for a model that computes in int8 ({@code quantized})
   * also the version of its numbers ({@link Int8Products#NUMBERS_VERSION}): features computed
   * before every CPU computed exact int8 products are not reused. A float model's key is as it was.
   */
  static ObjectNode of(
      FeatureRequest req, String modelSha256, String cutSha256, boolean quantized) {
    ObjectNode k = JsonNodeFactory.instance.objectNode();
    k.put("format", 1);
    k.put("modelSha256", modelSha256);
    if (cutSha256 != null) {
      k.put("cutSha256", cutSha256);
    }
    if (quantized) {
      k.put("int8NumbersVersion", Int8Products.NUMBERS_VERSION);
    }
    k.put("card", req.card().name());
    k.put("tensor", req.tensor());
    k.set("preprocessing", ModelCard.JSON.valueToTree(req.card().preprocessing()));
    String resampling = req.card().preprocessing().resize().resampling();
    if (!resampling.equals("float32")) {
      // Added when the centre crop moved to 8-bit resampling; float keys stay as they were.
      k.put("resampling", resampling);
    }
    java.security.MessageDigest md = Sha256.digest();
    boolean augmented = false;
    int views = 0;
    for (org.samplesize.image.ImageRequest r : req.images()) {
      if (r.memory() != null) {
        // Pixels held in memory: named by their content, wherever the files holding them are.
        md.update(
            (r.memory().contentKey(r.path())
                    + "\t"
                    + r.index()
                    + "\t"
                    + r.view()
                    + "\t"
                    + r.augment()
                    + "\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        augmented |= r.augment();
        views = Math.max(views, r.view() + 1);
        continue;
      }
      long size = -1;
      long mtime = -1;
      // The file's real path: the same images reached through a symbolic link or a path spelt
      // otherwise (relative, with ..) are the same entry. A data root without links is spelt
      // absolute and normalised already, so its keys are what they were.
      String where = r.path().toAbsolutePath().toString();
      try {
        size = Files.size(r.path());
        mtime = Files.getLastModifiedTime(r.path()).toMillis();
        where = r.path().toRealPath().toString();
      } catch (IOException e) {
        // a missing file is skipped by the pipeline; its absence is part of the key
      }
      String line =
          where
              + "\t"
              + size
              + "\t"
              + mtime
              + "\t"
              + r.index()
              + "\t"
              + r.view()
              + "\t"
              + r.augment()
              + "\n";
      md.update(line.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      augmented |= r.augment();
      views = Math.max(views, r.view() + 1);
    }
    k.put("files", Sha256.hex(md));
    if (req.contentSha256() != null) {
      // Only when the caller read the bytes: keys of requests without it stay what they were.
      k.put("content", req.contentSha256());
    }
    k.put("images", req.images().size());
    k.put("views", views);
    if (augmented && req.aug().isActive()) {
      k.set("augmentation", ModelCard.JSON.valueToTree(req.aug()));
      k.put("seed", req.seed());
    } else {
      k.put("augmentation", "none");
    }
    return k;
  }

  /** Recursively sorts object fields so the key hash does not depend on insertion order. */
  static ObjectNode canonical(ObjectNode in) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    TreeMap<String, JsonNode> sorted = new TreeMap<>();
    in.properties().forEach(e -> sorted.put(e.getKey(), e.getValue()));
    for (Map.Entry<String, JsonNode> e : sorted.entrySet()) {
      out.set(e.getKey(), canonicalValue(e.getValue()));
    }
    return out;
  }

  private static JsonNode canonicalValue(JsonNode v) {
    if (v instanceof ObjectNode o) {
      return canonical(o);
    }
    if (v instanceof ArrayNode a) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      a.forEach(x -> out.add(canonicalValue(x)));
      return out;
    }
    return v;
  }
}
