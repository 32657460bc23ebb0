package org.samplesize.experiment;

import java.util.List;
import java.util.Locale;
import org.samplesize.train.Precision;

/**
 * Says when a run's fine-tuned models did not all run in the same arithmetic. {@code --precision
 * bf16} falls back to fp32 on a CPU without AVX512-BF16, so an experiment resumed on another
 * machine, or trained by cluster workers of two kinds, can hold models of both; both are real
 * trainings, but they differ by bf16 rounding, and a rerun on one machine would not give the same
 * numbers. Nothing is dropped: the warning says how many of each there are. Stateless.
 */
final class FineTunePrecision {
  private FineTunePrecision() {}

  /**
   * @param records every journaled model of the run (resumed and new)
   * @return one warning when the fine-tuned models ran in both bf16 and fp32, else none
   */
  static List<String> warnings(List<ModelRecord> records) {
    int bf16 = 0;
    int all = 0;
    for (ModelRecord r : records) {
      if (PlannedModel.FINE_TUNE.equals(r.curve())) {
        all++;
        if (Precision.ofBackend(r.backend()) == Precision.BF16) {
          bf16++;
        }
      }
    }
    if (bf16 == 0 || bf16 == all) {
      return List.of();
    }
    return List.of(
        String.format(
            Locale.ROOT,
            "fine-tuning: %d of the %d fine-tuned models ran with bf16 products and %d in fp32"
                + " (bf16 needs AVX512-BF16, which a machine that trained some of them lacks);"
                + " they differ by bf16 rounding, so the fine-tune curve mixes the two. For numbers"
                + " a rerun reproduces, run the experiment again with a new --out on one kind of"
                + " machine (the journal's \"backend\" says where each model ran)",
            bf16,
            all,
            all - bf16));
  }
}
