package org.samplesize.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.samplesize.image.Preprocessing;

/** Each {@code with*} copy of a model card replaces its own fields and keeps every other one. */
class ModelCardCopiesTest {
  private static final ModelCard CARD = ModelCard.load(ModelCard.DEFAULT);

  @Test
  void eachCopyChangesOnlyItsOwnFields() throws Exception {
    Path file = Path.of("elsewhere", "model.onnx");
    ModelCard.InputSpec input =
        new ModelCard.InputSpec("renamed", CARD.input().shape(), CARD.input().layout());
    Preprocessing pre =
        CARD.preprocessing().withExifOrientation(!CARD.preprocessing().exifOrientation());
    assertNotEquals(CARD.preprocessing(), pre, "the fixture must change the preprocessing");

    assertChanged(CARD, CARD.withLocalFile(file), Map.of("localFile", file));
    assertChanged(CARD, CARD.withInput(input), Map.of("input", input));
    assertChanged(CARD, CARD.withPreprocessing(pre), Map.of("preprocessing", pre));
    assertChanged(
        CARD,
        CARD.withPreprocessingAndInput(pre, input),
        Map.of("preprocessing", pre, "input", input));
    // Another feature tensor's size is unknown until run; the same tensor keeps its size.
    assertChanged(
        CARD, CARD.withFeatureTensor("other"), Map.of("featureTensor", "other", "featureDim", 0));
    assertChanged(CARD, CARD.withFeatureTensor(CARD.featureTensor()), Map.of());
  }

  @Test
  void aCopyOfACardWithALocalFileKeepsIt() throws Exception {
    ModelCard local = CARD.withLocalFile(Path.of("here.onnx"));
    assertChanged(
        local, local.withFeatureTensor("other"), Map.of("featureTensor", "other", "featureDim", 0));
    assertChanged(local, local.withInput(CARD.input()), Map.of());
  }

  /** Compares every component of {@code copy} with {@code base}'s, or with its new value. */
  private static void assertChanged(ModelCard base, ModelCard copy, Map<String, Object> changed)
      throws Exception {
    for (RecordComponent c : ModelCard.class.getRecordComponents()) {
      Object expected =
          changed.containsKey(c.getName())
              ? changed.get(c.getName())
              : c.getAccessor().invoke(base);
      assertEquals(expected, c.getAccessor().invoke(copy), c.getName());
    }
  }
}
