package org.samplesize.features;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.samplesize.InvalidInputException;
import org.samplesize.io.TextFiles;

/**
 * How ONNX Runtime runs a model: which execution provider, threads, graph optimisation level,
 * arena, and provider options passed through to ONNX Runtime as given. Built-in profiles live in
 * the {@code native-config} module ({@code org/samplesize/native/<name>.json}): {@code cpu}, {@code
 * cuda}, {@code tensorrt} and {@code auto} (which tries its {@code fallback} list in order).
 *
 * <p>Option values may use {@code ${cache}} (the cache folder), {@code ${input}} (the model's input
 * name) and {@code ${sample}} (the per-image input shape, e.g. {@code 3x224x224}).
 *
 * @param name profile name
 * @param provider {@code CPU}, {@code CUDA}, {@code TENSORRT} or {@code AUTO}
 * @param description one sentence for humans
 * @param intraOpThreads threads inside an operator; 0 = the caller's thread count
 * @param interOpThreads threads across operators (1 = sequential execution)
 * @param optimizationLevel {@code NO_OPT}, {@code BASIC_OPT}, {@code EXTENDED_OPT} or {@code
 *     ALL_OPT}
 * @param cpuArena whether the CPU memory arena is on
 * @param memoryPattern whether ONNX Runtime's memory-pattern planning is on
 * @param precisions precisions this profile can run (e.g. {@code fp16}, {@code fp32}); for
 *     benchmarks
 * @param options provider options (keys as ONNX Runtime spells them)
 * @param sessionConfig session configuration entries passed to ONNX Runtime as given, e.g. {@code
 *     session.intra_op.allow_spinning}
 * @param int8WhenQuantized TensorRT: turn on int8 when the model has Q/DQ nodes
 * @param fallback {@code AUTO} only: the profiles tried in order
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record ExecutionProfile(
    String name,
    String provider,
    String description,
    int intraOpThreads,
    int interOpThreads,
    String optimizationLevel,
    boolean cpuArena,
    boolean memoryPattern,
    List<String> precisions,
    Map<String, String> options,
    Map<String, String> sessionConfig,
    boolean int8WhenQuantized,
    List<String> fallback) {

  private static final String RESOURCE_DIR = "/org/samplesize/native/";
  private static final Set<String> PROVIDERS = Set.of("CPU", "CUDA", "TENSORRT", "AUTO");
  private static final Set<String> LEVELS =
      Set.of("NO_OPT", "BASIC_OPT", "EXTENDED_OPT", "ALL_OPT");

  /** Validates the profile and copies its collections. */
  public ExecutionProfile {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("execution profile needs a name");
    }
    provider = provider == null ? "" : provider.toUpperCase(Locale.ROOT);
    if (!PROVIDERS.contains(provider)) {
      throw new IllegalArgumentException(
          "execution profile " + name + ": provider is '" + provider + "', expected " + PROVIDERS);
    }
    optimizationLevel = optimizationLevel == null ? "ALL_OPT" : optimizationLevel;
    if (!LEVELS.contains(optimizationLevel)) {
      throw new IllegalArgumentException(
          "execution profile "
              + name
              + ": optimizationLevel is '"
              + optimizationLevel
              + "', expected "
              + LEVELS);
    }
    if (intraOpThreads < 0 || interOpThreads < 0) {
      throw new IllegalArgumentException(
          "execution profile " + name + ": thread counts must be >= 0");
    }
    precisions = precisions == null ? List.of("fp32") : List.copyOf(precisions);
    options =
        options == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(options));
    sessionConfig =
        sessionConfig == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(sessionConfig));
    fallback = fallback == null ? List.of() : List.copyOf(fallback);
    if (provider.equals("AUTO") && fallback.isEmpty()) {
      throw new IllegalArgumentException(
          "execution profile " + name + ": provider AUTO needs a fallback list");
    }
  }

  /**
   * Loads a profile.
   *
   * @param name {@code cpu}, {@code cuda}, {@code tensorrt}, {@code auto}, or a profile file
   *     ({@code .json})
   * @return the profile
   * @throws InvalidInputException when the name is unknown or the file unreadable
   */
  public static ExecutionProfile load(String name) {
    String key = name == null || name.isBlank() ? "auto" : name.strip();
    String res = RESOURCE_DIR + key.toLowerCase(Locale.ROOT) + ".json";
    try (InputStream in = ExecutionProfile.class.getResourceAsStream(res)) {
      if (in != null) {
        return ModelCard.JSON.readValue(in, ExecutionProfile.class);
      }
    } catch (IOException e) {
      throw new IllegalStateException("built-in execution profile " + key + " is unreadable", e);
    }
    Path p = Path.of(key);
    if (key.endsWith(".json") && Files.isRegularFile(p)) {
      try {
        return ModelCard.JSON.readValue(
            TextFiles.read(p, "execution profile " + p, TextFiles.MAX_SETTINGS_BYTES),
            ExecutionProfile.class);
      } catch (InvalidInputException e) {
        throw e;
      } catch (IOException | IllegalArgumentException e) {
        throw new InvalidInputException(
            "execution profile " + p + " cannot be read: " + e.getMessage(), e);
      }
    }
    if (key.toLowerCase(Locale.ROOT).endsWith(".json")) {
      // A profile file was meant: say what is wrong with the path, not that the name is unknown.
      throw new InvalidInputException(
          "execution profile "
              + p
              + (Files.isDirectory(p) ? " is a folder, not a file" : " does not exist")
              + ": give the path of a profile file (.json), or cpu, cuda, tensorrt or auto");
    }
    throw new InvalidInputException(
        "unknown execution provider '"
            + key
            + "': use cpu, cuda, tensorrt or auto, or give a profile file (.json)");
  }

  /**
   * @return whether this is the {@code auto} profile
   */
  public boolean isAuto() {
    return provider.equals("AUTO");
  }

  /**
   * @param threads intra-op threads to use instead of the profile's
   * @return a copy with that thread count
   */
  public ExecutionProfile withIntraOpThreads(int threads) {
    return copy(threads, options, sessionConfig);
  }

  /**
   * @param key a session configuration key
   * @param value its value
   * @return a copy with that entry set
   */
  public ExecutionProfile withSessionConfig(String key, String value) {
    Map<String, String> c = new LinkedHashMap<>(sessionConfig);
    c.put(key, value);
    return copy(intraOpThreads, options, c);
  }

  private ExecutionProfile copy(int threads, Map<String, String> opts, Map<String, String> config) {
    return new ExecutionProfile(
        name,
        provider,
        description,
        threads,
        interOpThreads,
        optimizationLevel,
        cpuArena,
        memoryPattern,
        precisions,
        opts,
        config,
        int8WhenQuantized,
        fallback);
  }

  /**
   * @param key a provider option
   * @param value its value
   * @return a copy with that option set
   */
  public ExecutionProfile withOption(String key, String value) {
    Map<String, String> o = new LinkedHashMap<>(options);
    o.put(key, value);
    return copy(intraOpThreads, o, sessionConfig);
  }
}
