package org.samplesize.experiment;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.samplesize.InvalidInputException;
import org.samplesize.io.JsonKeys;

/**
 * The images that could not be read ({@code "path: reason"}) and the warnings they cause, the facts
 * for {@code provenance.json} ({@link FeatureSet#facts()}) and each class's usable training images
 * ({@link FeatureSet#usableTrainPerClass()}; empty in a file from a build before they were kept),
 * as the last feature pass found them. Kept in {@link Experiment#IMAGES_FILE} beside the journal,
 * because a resumed run with nothing left to train makes no feature pass and must still report
 * them.
 */
record ImageNotes(
    List<String> skipped,
    List<String> warnings,
    @JsonProperty("feature_pass") Map<String, JsonNode> featurePass,
    @JsonProperty("usable_train_per_class") List<Integer> usableTrainPerClass) {
  ImageNotes {
    usableTrainPerClass =
        usableTrainPerClass == null ? List.of() : List.copyOf(usableTrainPerClass);
    skipped = skipped == null ? List.of() : List.copyOf(skipped);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
    featurePass =
        featurePass == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(featurePass));
  }

  /**
   * The facts as JSON, to be written: keys at every depth in snake_case, as in every JSON file
   * samplesize writes ({@code provenance.json}'s {@code stages} holds the same).
   */
  static Map<String, JsonNode> tree(Map<String, Object> facts) {
    Map<String, JsonNode> m = new LinkedHashMap<>();
    facts.forEach(
        (k, v) -> m.put(JsonKeys.snake(k), JsonKeys.snakeDeep(JsonOutputs.JSON.valueToTree(v))));
    return m;
  }

  /**
   * The feature pass's facts as it gave them: text and numbers as such (the report prints them),
   * the rest as JSON.
   */
  Map<String, Object> featurePassFacts() {
    Map<String, Object> m = new LinkedHashMap<>();
    featurePass.forEach(
        (k, v) ->
            m.put(
                k,
                v.isTextual()
                    ? v.asText()
                    : v.isNumber() ? v.numberValue() : v.isBoolean() ? v.booleanValue() : v));
    return m;
  }

  /**
   * @param thisPass the notes of this invocation's feature pass, or null when it made none
   * @param out the output folder
   * @return {@code thisPass}, else the notes the last pass left in {@code out}
   */
  static ImageNotes latest(ImageNotes thisPass, Path out) {
    return thisPass != null ? thisPass : read(out.resolve(Experiment.IMAGES_FILE));
  }

  /**
   * The notes kept by an earlier run; none when the file is absent (a journal from a build before
   * this file existed).
   */
  static ImageNotes read(Path file) {
    if (!Files.exists(file)) {
      return new ImageNotes(List.of(), List.of(), Map.of(), List.of());
    }
    try {
      return JsonOutputs.JSON.readValue(file.toFile(), ImageNotes.class);
    } catch (IOException | RuntimeException e) {
      throw new InvalidInputException(
          file
              + ": not a list of unreadable images this build can read ("
              + e.getClass().getSimpleName()
              + "); delete it to go on (the report then lists no unreadable images)",
          e);
    }
  }
}
