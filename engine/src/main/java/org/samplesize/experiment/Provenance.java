package org.samplesize.experiment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.samplesize.BuildInfo;
import org.samplesize.io.JsonKeys;

/**
 * Builds {@code provenance.json}: the settings in force, the seeds, the versions (samplesize and
 * its native libraries, the git commit the build was made from), model and data SHA-256, the
 * backends and execution provider really used, Java, OS and hardware, timestamps and timings.
 */
final class Provenance {
  private Provenance() {}

  static Map<String, Object> build(
      RunSettings settings,
      ObjectNode identity,
      Plan plan,
      List<ModelRecord> records,
      UsableTrainingSet whole,
      List<String> skipped,
      Map<String, Object> stageFacts,
      Map<String, Double> timings,
      Instant started) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("tool", "samplesize run");
    p.put("started", started.toString());
    p.put("finished", Instant.now().toString());
    // One key style in every JSON output (JsonKeys): the settings' flag names in snake_case too.
    p.put("settings", JsonKeys.snakeDeep(SettingsIO.toTree(settings)));
    p.put("identity", JsonKeys.snakeDeep(identity));

    Map<String, Object> seeds = new LinkedHashMap<>();
    seeds.put("root", settings.seed());
    Map<String, Long> perModel = new LinkedHashMap<>();
    for (PlannedModel m : plan.models()) {
      perModel.put(m.id(), m.seed());
    }
    // An adaptive run's added models are not in the plan but in the journal: every model by id.
    for (ModelRecord r : records) {
      perModel.putIfAbsent(r.id(), r.seed());
    }
    seeds.put("models", perModel);
    p.put("seeds", seeds);

    Map<String, Object> data = new LinkedHashMap<>();
    data.put("name", plan.dataset().name());
    data.put("root", plan.dataset().root());
    data.put("sha256", plan.dataset().sha256());
    data.put("images", plan.dataset().images());
    data.put("classes", plan.dataset().classes());
    data.put("images_per_class", plan.dataset().imagesPerClass());
    data.put("unusable_images_left_out", plan.dataset().unusable());
    data.put("train_size", plan.dataset().trainSize());
    // The planned training images that decoded: the size the answer and the validation are at.
    data.put("usable_train_size", whole.usable());
    data.put("test_size", plan.dataset().testSize());
    data.put("ignored", new TreeMap<>(plan.dataset().ignored()));
    data.put("skipped", skipped);
    p.put("data", data);

    Map<String, Object> model = new LinkedHashMap<>();
    model.put("name", plan.modelName());
    model.put("file", plan.modelFile());
    model.put("sha256", plan.modelSha256());
    p.put("model", model);

    Map<String, Integer> backends = new TreeMap<>();
    Map<String, Integer> eps = new TreeMap<>();
    for (ModelRecord r : records) {
      if (r.backend() != null) {
        backends.merge(r.backend(), 1, Integer::sum);
      }
      if (r.executionProvider() != null) {
        eps.merge(r.executionProvider(), 1, Integer::sum);
      }
    }
    Map<String, Object> used = new LinkedHashMap<>();
    used.put("device_requested", settings.device());
    used.put("training_backends_used", backends);
    if (settings.fineTune()) {
      // What ran is in the backends' names: a CPU without bf16 runs fp32 and says so.
      used.put("precision_requested", settings.precision());
    }
    used.put("execution_profile_requested", settings.ep());
    used.put("execution_providers_used", eps);
    stageFacts.forEach(
        (k, v) ->
            used.put(
                JsonKeys.snake(k),
                v instanceof com.fasterxml.jackson.databind.JsonNode j
                    ? JsonKeys.snakeDeep(j)
                    : v));
    p.put("stages", used);

    p.put("versions", versions());
    p.put("platform", platform());
    Map<String, Double> timingsByKey = new LinkedHashMap<>();
    timings.forEach((k, v) -> timingsByKey.put(JsonKeys.snake(k), v));
    p.put("timings_s", timingsByKey);
    p.put("models_journaled", records.size());
    return p;
  }

  /** An instant as provenance.json writes it, to the second: 2026-12-06T16:09:16Z. */
  private static String seconds(String instant) {
    return Instant.parse(instant).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
  }

  /** The short list of facts shown in the report. */
  static Map<String, String> facts(Plan plan, Map<String, Object> stageFacts) {
    return facts(plan, stageFacts, null);
  }

  /**
   * The short list of facts shown in the report, first when the run ran.
   *
   * @param provenance {@link #build}'s map, whose {@code started} and {@code finished} the page
   *     gives (to the second, UTC); {@code null} for none
   */
  static Map<String, String> facts(
      Plan plan, Map<String, Object> stageFacts, Map<String, Object> provenance) {
    Map<String, String> f = new LinkedHashMap<>();
    // A page sent on to someone else said nowhere when its numbers were measured.
    if (provenance != null
        && provenance.get("started") instanceof String from
        && provenance.get("finished") instanceof String to) {
      f.put("run", seconds(from) + " to " + seconds(to) + " (UTC)");
    }
    f.put("model", plan.modelName() + " (" + plan.modelFile() + ")");
    f.put("model SHA-256", plan.modelSha256());
    f.put("data SHA-256", plan.dataset().sha256());
    // The facts come from this run's stages or, when no feature pass ran, from the snake_case keys
    // of unreadable-images.json: one label for both.
    stageFacts.forEach(
        (k, v) ->
            f.put(
                JsonKeys.snake(k).replace('_', ' '),
                String.valueOf(
                    v instanceof com.fasterxml.jackson.databind.JsonNode j
                        ? JsonKeys.snakeDeep(j)
                        : v)));
    Map<String, String> v = versions();
    f.put("samplesize", v.getOrDefault("samplesize", "?") + gitSuffix(v));
    f.put(
        "libraries",
        "ONNX Runtime "
            + v.getOrDefault("onnxruntime", "?")
            + ", JavaCPP "
            + v.getOrDefault("javacpp", "?")
            + ", OpenCV "
            + v.getOrDefault("opencv", "?"));
    Map<String, Object> pl = platform();
    f.put(
        "platform",
        "Java "
            + pl.get("java_version")
            + " ("
            + pl.get("java_vendor")
            + "), "
            + pl.get("os")
            + " "
            + pl.get("arch")
            + ", "
            + pl.get("cores")
            + " cores");
    return f;
  }

  private static String gitSuffix(Map<String, String> v) {
    String sha = v.get("git_commit");
    return sha == null ? "" : " (git " + sha + ")";
  }

  static Map<String, String> versions() {
    BuildInfo b = BuildInfo.current();
    Map<String, String> v = new LinkedHashMap<>();
    v.put("samplesize", b.version());
    v.put("onnxruntime", b.onnxruntime());
    v.put("javacpp", b.javacpp());
    v.put("opencv", b.opencv());
    if (b.hasCommit()) {
      v.put("git_commit", b.commit());
    }
    return v;
  }

  private static Map<String, Object> platform() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("java_version", System.getProperty("java.version"));
    p.put("java_vendor", System.getProperty("java.vendor"));
    p.put("java_vm", System.getProperty("java.vm.name"));
    p.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    p.put("arch", System.getProperty("os.arch"));
    p.put("cores", Runtime.getRuntime().availableProcessors());
    p.put("max_heap_mb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
    return p;
  }
}
