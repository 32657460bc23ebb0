package org.samplesize.experiment;

import java.util.Map;
import org.samplesize.ProgressListener;

/**
 * Child-process entry point for {@link CrashResumeTest}: runs an experiment on {@link FakeStages}
 * into the folder given as first argument, slowly (the hidden per-model delay), so the test can
 * kill it mid-run.
 */
public final class FakeRunMain {
  private FakeRunMain() {}

  public static void main(String[] args) {
    RunSettings s =
        SettingsIO.resolve(
            null,
            Map.of(
                "out",
                args[0],
                "test-delay-millis",
                Long.parseLong(args[1]),
                "models-per-pass",
                1,
                "repeats",
                5));
    try (FakeStages stages = new FakeStages(270)) {
      Experiment.run(s, stages, ProgressListener.NONE);
    }
  }
}
