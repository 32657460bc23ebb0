package org.samplesize.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.samplesize.data.Mirror;
import org.samplesize.experiment.PipelineStages;
import org.samplesize.experiment.Plan;
import org.samplesize.experiment.RunSettings;
import org.samplesize.experiment.SettingsIO;
import org.samplesize.io.Sha256;

/**
 * The driver's settings as executors need them: every path absolute (the cache, the mirror, the
 * data and model when they are files), so that an executor whose working folder and environment
 * differ plans the same run; and the digest of the plan's identity, which an executor's own plan
 * must match.
 */
final class ClusterSettings {
  private ClusterSettings() {}

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * @param s the driver's settings
   * @return the settings as JSON with absolute paths
   */
  static String pin(RunSettings s) {
    return pin(s, java.util.Map.of());
  }

  /**
   * @param s the driver's settings
   * @param uris inputs the driver copied from a Hadoop FileSystem, by setting name: sent as their
   *     URIs, which each executor copies itself ({@link StoragePaths#onExecutor})
   * @return the settings as JSON with absolute paths
   */
  static String pin(RunSettings s, java.util.Map<String, String> uris) {
    ObjectNode t = SettingsIO.toTree(s);
    t.put("cache", PipelineStages.cacheDir(s).toAbsolutePath().normalize().toString());
    Mirror.Choice m = Mirror.find(s.mirror() == null ? null : Path.of(s.mirror()));
    if (m != null) {
      t.put("mirror", m.dir().toAbsolutePath().normalize().toString());
    }
    if (s.data() != null && Files.exists(Path.of(s.data()))) {
      t.put("data", Path.of(s.data()).toAbsolutePath().normalize().toString());
    }
    if (s.model() != null && Files.isRegularFile(Path.of(s.model()))) {
      t.put("model", Path.of(s.model()).toAbsolutePath().normalize().toString());
    }
    uris.forEach(t::put);
    return t.toString();
  }

  /**
   * @param json pinned settings
   * @param threads threads an executor task may use
   * @return the settings
   */
  static RunSettings read(String json, int threads) {
    try {
      ObjectNode t = (ObjectNode) JSON.readTree(json);
      t.put("threads", threads);
      return SettingsIO.fromTree(t);
    } catch (IOException e) {
      throw new UncheckedIOException("settings from the driver", e);
    }
  }

  /**
   * @param s settings with local paths (on an executor: the pinned ones with its own copies)
   * @param plan a plan made from them
   * @return the SHA-256 of the plan's identity (settings, data fingerprint, model SHA-256); a copy
   *     of data from a Hadoop FileSystem counts by its URI, wherever it lies
   */
  static String identity(RunSettings s, Plan plan) {
    JsonNode id = org.samplesize.experiment.ResumeIdentity.identity(s, plan);
    return Sha256.of(id.toString());
  }
}
