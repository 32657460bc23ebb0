package org.samplesize.experiment;

import java.util.LinkedHashMap;
import java.util.Map;
import org.samplesize.ProgressListener;

/**
 * A child process for {@link CrashResumeTest}: {@code samplesize run} through the real stages,
 * slowed down by a pause after each journaled model, so that the test can kill it mid-run. The
 * pause lives in this test's progress listener, not in any setting of the run.
 *
 * <p>Arguments: the pause in milliseconds, then {@code key value} pairs of settings.
 */
final class SlowRun {
  private SlowRun() {}

  public static void main(String[] args) throws Exception {
    long pause = Long.parseLong(args[0]);
    Map<String, Object> flags = new LinkedHashMap<>();
    for (int i = 1; i + 1 < args.length; i += 2) {
      flags.put(args[i], args[i + 1]);
    }
    RunSettings settings = SettingsIO.resolve(null, flags);
    ProgressListener slow =
        new ProgressListener() {
          @Override
          public void stage(String name, long total, String unit) {}

          @Override
          public void advance(long done) {
            // Called by the orchestrator once a model is journaled.
            try {
              Thread.sleep(pause);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        };
    try (PipelineStages stages = new PipelineStages()) {
      Experiment.Outcome o = Experiment.run(settings, stages, slow);
      System.out.println(o.trainedNow() + " trained now, " + o.resumed() + " resumed");
    }
  }
}
