package org.samplesize.experiment;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.samplesize.ThreadCount;

/**
 * Where and how an experiment runs: the output, cache and mirror folders, the devices, threads and
 * batch sizes. None of it changes which models are trained, so a resume may change any of it.
 * Validated and immutable; keys in a config file are the long flag names without the dashes.
 *
 * @param device head training device: {@code auto} (CUDA when usable, else CPU), {@code cpu} or
 *     {@code cuda}
 * @param ep feature-extraction execution profile, e.g. {@code auto} or {@code cpu}
 * @param threads worker threads; 0 = all available cores, at most {@link ThreadCount#MAX}
 * @param batch images per ONNX Runtime call during feature extraction (a model whose graph fixes
 *     the batch size runs that many at a time instead, with a note)
 * @param modelsPerPass models trained per trainer call (and journaled together); 0 = all pending
 * @param out output folder
 * @param cache cache folder; {@code null} = {@code SAMPLESIZE_CACHE} or {@code ~/.cache/samplesize}
 * @param mirror offline mirror laid out like {@code shared/data}; {@code null} = {@code
 *     SAMPLESIZE_MIRROR} or none
 */
@JsonPropertyOrder(alphabetic = false)
public record RunEnvironment(
    String device,
    String ep,
    int threads,
    int batch,
    int modelsPerPass,
    String out,
    String cache,
    String mirror) {

  /** Validates every setting; messages name the setting (= the flag) and the valid range. */
  public RunEnvironment {
    device = SettingException.require(device, "device").strip().toLowerCase(java.util.Locale.ROOT);
    ep = SettingException.require(ep, "ep");
    out = SettingException.require(out, "out");
    if (!device.equals("auto") && !device.equals("cpu") && !device.equals("cuda")) {
      throw SettingException.bad("device", device, "must be auto, cpu or cuda");
    }
    if (threads < 0 || threads > ThreadCount.MAX) {
      throw SettingException.bad("threads", threads, "must be " + ThreadCount.RANGE);
    }
    if (batch < 1 || batch > 4096) {
      throw SettingException.bad(
          "batch", batch, "must be in [1, 4096] images per inference call (default 64)");
    }
    if (modelsPerPass < 0) {
      throw SettingException.bad(
          "models-per-pass", modelsPerPass, "must be >= 0 (0 = all pending models)");
    }
  }

  /**
   * @return the defaults: {@code auto} devices, all cores, 64 images per inference call, all
   *     pending models per pass, output folder {@code samplesize-run}, the default cache, no mirror
   */
  public static RunEnvironment defaults() {
    return new RunEnvironment("auto", "auto", 0, 64, 0, "samplesize-run", null, null);
  }

  /**
   * @param out the output folder
   * @return a copy with another output folder
   */
  public RunEnvironment withOut(String out) {
    return new RunEnvironment(device, ep, threads, batch, modelsPerPass, out, cache, mirror);
  }

  /**
   * @return the number of threads to use: {@link #threads()}, or all available cores when 0
   */
  public int effectiveThreads() {
    return ThreadCount.resolve(threads);
  }
}
