package org.samplesize.experiment;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.samplesize.features.ModelCard;

class PipelineStagesTest {
  @Test
  void theRunsJpegDctScalingSettingDecidesWhateverTheCardSays() {
    ModelCard off = ModelCard.load(ModelCard.DEFAULT);
    ModelCard on = off.withPreprocessing(off.preprocessing().withJpegDctScaling(true));
    RunSettings flagOn = SettingsIO.resolve(null, Map.of("jpeg-dct-scaling", true));
    RunSettings flagOff = SettingsIO.resolve(null, Map.of());
    assertTrue(PipelineStages.withRunSettings(off, flagOn).preprocessing().jpegDctScaling());
    assertFalse(PipelineStages.withRunSettings(on, flagOff).preprocessing().jpegDctScaling());
    assertSame(off, PipelineStages.withRunSettings(off, flagOff));
  }
}
