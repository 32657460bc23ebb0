package org.samplesize.spark;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.samplesize.InvalidInputException;
import org.samplesize.experiment.PipelineStages;
import org.samplesize.experiment.RunSettings;
import org.samplesize.experiment.SettingsIO;
import org.samplesize.io.StorageUris;

/**
 * Paths of a run on Spark given as Hadoop FileSystem URIs. The engine reads the images, the model
 * and the cache, and writes {@code --out}, through the local file system of each machine, so a
 * {@code file:} URI becomes its local path; the images, the model and the mirror on another
 * FileSystem ({@code hdfs://}, {@code s3a://}) are copied to local disk under the cache folder, on
 * the driver and on each executor ({@link HadoopStorage#stage}), and {@code --out} there is a local
 * folder under the cache folder mirrored to it ({@link HadoopStorage.Output}). The cache folder
 * itself stays local.
 */
final class StoragePaths {
  private StoragePaths() {}

  /** Settings that hold a path, by flag name. */
  private static final List<String> PATHS = List.of("data", "model", "out", "cache", "mirror");

  /** Inputs that may be copied from a Hadoop FileSystem. */
  static final List<String> INPUTS = List.of("data", "model", "mirror");

  /**
   * Settings with local paths, and where they came from.
   *
   * @param settings the settings the engine runs with: local paths only
   * @param uris the inputs given as URIs of another FileSystem, by setting name ({@code data},
   *     {@code model}, {@code mirror}): the executors copy them from there
   * @param out {@code --out} on another FileSystem, or {@code null}
   */
  record Staged(RunSettings settings, Map<String, String> uris, HadoopStorage.Output out) {
    Staged {
      uris = Map.copyOf(uris);
    }
  }

  /**
   * Turns {@code file:} URIs into paths, copies the inputs on other FileSystems to local disk and
   * fetches {@code --out} from its FileSystem.
   *
   * @param s settings as given
   * @return the settings with local paths, and what they came from
   * @throws InvalidInputException for a malformed URI, a {@code --cache} that is not local, a
   *     scheme without its FileSystem, a missing input or one that may not be read
   * @throws org.samplesize.UnavailableException when a FileSystem cannot be reached
   */
  static Staged stage(RunSettings s) {
    ObjectNode t = SettingsIO.toTree(s);
    Map<String, String> remote = new LinkedHashMap<>();
    boolean changed = false;
    for (String key : PATHS) {
      if (!t.hasNonNull(key)) {
        continue;
      }
      String v = t.get(key).asText().strip();
      if (!StorageUris.hasScheme(v)) {
        continue;
      }
      String scheme = v.substring(0, v.indexOf(':')).toLowerCase(Locale.ROOT);
      if (scheme.equals("file")) {
        t.put(key, local(named(s, key), v).toString());
        changed = true;
      } else if (key.equals("cache")) {
        throw notLocal(named(s, key), v);
      } else {
        remote.put(key, v);
      }
    }
    RunSettings local = changed ? withPaths(s, t) : s;
    if (remote.isEmpty()) {
      return new Staged(local, Map.of(), null);
    }
    // Every scheme's FileSystem first: a missing connector is said before anything is copied.
    remote.forEach(
        (k, v) -> HadoopStorage.fileSystem(named(s, k), HadoopStorage.parse(named(s, k), v)));
    Path cache = PipelineStages.cacheDir(local).toAbsolutePath().normalize();
    Map<String, String> inputs = new LinkedHashMap<>();
    HadoopStorage.Output out = null;
    for (Map.Entry<String, String> e : remote.entrySet()) {
      String flag = named(s, e.getKey());
      if (e.getKey().equals("out")) {
        out =
            HadoopStorage.Output.fetch(
                flag,
                e.getValue(),
                HadoopStorage.localCopy(
                    cache.resolve("hadoop-out"), HadoopStorage.parse(flag, e.getValue())));
        t.put("out", out.local().toString());
      } else {
        t.put(e.getKey(), HadoopStorage.stage(flag, e.getValue(), inputRoot(cache)).toString());
        inputs.put(e.getKey(), e.getValue());
      }
    }
    return new Staged(withPaths(s, t), inputs, out);
  }

  /**
   * How a refusal names a path setting: its flag, or the settings file's line that gave it (as the
   * run's other checks name it), followed in each message by the value.
   *
   * @param s the settings
   * @param key the setting, e.g. {@code data}
   * @return e.g. {@code --data}, or {@code config file run.yaml line 2, column 7: setting 'data' =}
   */
  private static String named(RunSettings s, String key) {
    return s.sourceOf("--" + key).named();
  }

  /**
   * @param s the settings as given
   * @param t their tree with local paths
   * @return the settings of {@code t}, keeping where a settings file gave each value, so that a
   *     refusal on the driver names the file's line rather than a flag
   */
  private static RunSettings withPaths(RunSettings s, ObjectNode t) {
    RunSettings local = SettingsIO.fromTree(t);
    return new RunSettings(local.spec(), local.environment(), s.sources());
  }

  /**
   * The inputs of pinned settings (the driver's, with URIs for what it copied) copied to this
   * machine: run on an executor, once per JVM.
   *
   * @param s settings as the driver sent them
   * @return the settings with local paths
   */
  static RunSettings onExecutor(RunSettings s) {
    ObjectNode t = SettingsIO.toTree(s);
    boolean changed = false;
    Path cache = PipelineStages.cacheDir(s).toAbsolutePath().normalize();
    for (String key : INPUTS) {
      if (!t.hasNonNull(key)) {
        continue;
      }
      String v = t.get(key).asText().strip();
      if (StorageUris.isRemote(v)) {
        t.put(key, HadoopStorage.stage(named(s, key), v, inputRoot(cache)).toString());
        changed = true;
      }
    }
    return changed ? withPaths(s, t) : s;
  }

  /** Where copies of inputs lie: under the cache folder, kept for later runs. */
  static Path inputRoot(Path cache) {
    return cache.resolve("hadoop");
  }

  private static InvalidInputException notLocal(String flag, String uri) {
    return new InvalidInputException(
        flag
            + " "
            + uri
            + ": the cache folder must be on local disk (the driver writes the feature cache as"
            + " rows arrive and the executors map it into memory); give a local path, one every"
            + " executor reads at the same path when the cluster has several machines");
  }

  /**
   * @param flag how messages name the setting: its flag, or the settings file's line that gave it
   * @param uri a URI with a scheme
   * @return its local path
   */
  static Path local(String flag, String uri) {
    String scheme = uri.substring(0, uri.indexOf(':')).toLowerCase(Locale.ROOT);
    if (!scheme.equals("file")) {
      throw notLocal(flag, uri);
    }
    try {
      URI u = new URI(uri);
      if (u.getAuthority() != null && !u.getAuthority().equalsIgnoreCase("localhost")) {
        throw new IllegalArgumentException("it names the host " + u.getAuthority());
      }
      return Path.of(new URI("file", null, u.getPath(), null, null)).normalize();
    } catch (java.net.URISyntaxException | IllegalArgumentException e) {
      throw new InvalidInputException(
          flag
              + " "
              + uri
              + ": not a file URI of this machine ("
              + e.getMessage()
              + "); write file:///absolute/path, with %20 for a space, or give the path itself");
    }
  }
}
