package org.samplesize.train.tail;

import java.util.List;
import org.samplesize.train.FeatureMatrix;
import org.samplesize.train.HeadResult;
import org.samplesize.train.TrainingJob;

/** Opens {@link TailTrainerTest}'s fixtures to {@code train.TrainingGoldenTest}. */
public final class TailTrainerGolden {
  private TailTrainerGolden() {}

  /** See {@link TailTrainerTest#data}. */
  public static FeatureMatrix data(TailSpec spec, int rows, int[] labels, long seed) {
    return TailTrainerTest.data(spec, rows, labels, seed);
  }

  /** See {@link TailTrainerTest#headPhase}. */
  public static List<HeadResult> headPhase(
      TailSpec spec, FeatureMatrix trunk, int[] labels, int[] test, List<TrainingJob> jobs) {
    return TailTrainerTest.headPhase(spec, trunk, labels, test, jobs);
  }
}
