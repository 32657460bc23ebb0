package org.samplesize.experiment;

import static org.samplesize.experiment.SettingsMappers.JSON;
import static org.samplesize.experiment.SettingsMappers.YAML;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.samplesize.data.DatasetResolver;
import org.samplesize.features.ModelCard;

/**
 * Writes the settings in force back as {@code settings.yaml}, a file {@code --config} reads again
 * from any working folder: paths made absolute, keys the long flag names. Apart from {@link
 * SettingsIO}'s reading because what makes a written file portable is a job of its own.
 */
final class SettingsYaml {
  private SettingsYaml() {}

  /** Writes {@link #text} to {@code file}, replacing it whole; see {@link SettingsIO#writeYaml}. */
  static void write(RunSettings s, Path file) {
    try {
      org.samplesize.io.AtomicFiles.writeString(file, text(s));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** The settings in force as {@code settings.yaml} holds them, with its heading comment. */
  static String text(RunSettings s) {
    try {
      return "# samplesize run: the settings in force (usable as --config)\n"
          + YAML.writeValueAsString(portableTree(s));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the settings as YAML", e);
    }
  }

  /**
   * The settings as {@code settings.yaml} holds them: usable as {@code --config} from any working
   * folder, so {@code data} (unless {@code tf_flowers}), {@code model} (when it is a file), {@code
   * out}, {@code cache} and {@code mirror} are absolute, normalised paths.
   *
   * @param s settings
   * @return the tree to write
   */
  static ObjectNode portableTree(RunSettings s) {
    ObjectNode tree = SettingsIO.toTree(s);
    if (s.data() != null && !DatasetResolver.isBuiltIn(s.data())) {
      tree.put("data", absolute(s.data()));
    }
    if (s.model() != null && isModelFile(s.model())) {
      tree.put("model", absolute(s.model().strip()));
    }
    for (String key : List.of("out", "cache", "mirror")) {
      JsonNode v = tree.get(key);
      if (v != null && v.isTextual() && !v.asText().isBlank()) {
        tree.put(key, absolute(v.asText()));
      }
    }
    // Keys are the long flag names: --target's values are written as 'target' (read back through
    // the alias; a file with the older 'targets' is still read), in place, the order kept.
    ObjectNode named = JSON.createObjectNode();
    tree.fields()
        .forEachRemaining(
            e ->
                named.set(
                    e.getKey().equals("targets") ? SettingsIO.TARGET_ALIAS : e.getKey(),
                    e.getValue()));
    return named;
  }

  /** Whether {@code model} names a file ({@link ModelCard#load}), not a built-in card. */
  private static boolean isModelFile(String model) {
    String key = model.strip();
    if (key.isEmpty() || ModelCard.builtInNames().contains(key)) {
      return false;
    }
    return ModelCard.namesFile(key);
  }

  private static String absolute(String path) {
    try {
      return Path.of(path).toAbsolutePath().normalize().toString();
    } catch (java.nio.file.InvalidPathException e) {
      return path;
    }
  }
}
