package org.samplesize.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.samplesize.InvalidInputException;
import org.samplesize.SharedData;

/** A wrong feature tensor's error lists the tensors that a user could name instead. */
class PooledCandidatesTest {

  @Test
  void aMissingFeatureTensorListsThePooledTensorsOfTheRealModel() {
    Path file = SharedData.model("mobilenetv2-12-fp32-dequant.onnx");
    ModelCard card = ModelCard.load(file.toString()).withFeatureTensor("pool");
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> card.verify(file));
    String m = e.getMessage();
    assertTrue(m.contains("no tensor named 'pool' (feature tensor)"), m);
    assertTrue(
        m.contains(
            "the tensors shaped like a pooled feature, one of which --feature-tensor can name, are"
                + " '464' [-1, 1280, 1, 1], '472' [-1, 1280], 'output' [-1, 1000]"),
        m);
    assertFalse(m.contains("\n"), m);
  }

  /**
   * A feature tensor that --feature-tensor (or a settings file's line) named is that flag's
   * mistake: the message said the model "does not match card ...: Pass the right --model".
   */
  @Test
  void aMissingFeatureTensorTheUserNamedIsNamedByTheFlagOrTheLine() {
    Path file = SharedData.model("mobilenetv2-12-fp32-dequant.onnx");
    ModelCard card = ModelCard.load(file.toString()).withFeatureTensor("pool");
    String m =
        assertThrows(
                InvalidInputException.class,
                () -> card.verify(file, org.samplesize.SettingSource.flag("--feature-tensor")))
            .getMessage();
    assertTrue(
        m.startsWith("--feature-tensor pool: model " + file + " has no tensor of that name."), m);
    assertTrue(m.contains("'464' [-1, 1280, 1, 1]"), m);
    assertTrue(m.endsWith("Give --feature-tensor a tensor the file has"), m);
    assertFalse(m.contains("does not match card"), m);
    assertFalse(m.contains("Pass the right --model"), m);
    String line =
        assertThrows(
                InvalidInputException.class,
                () ->
                    card.verify(
                        file,
                        org.samplesize.SettingSource.of(
                            "config file run.yaml line 3, column 17: setting 'feature-tensor'",
                            "--feature-tensor")))
            .getMessage();
    assertTrue(
        line.startsWith(
            "config file run.yaml line 3, column 17: setting 'feature-tensor' = pool: model "),
        line);
    assertTrue(line.endsWith("Set feature-tensor: to a tensor the file has"), line);
    // The card's own tensor, present: nothing to say, whoever named it.
    ModelCard.load(file.toString())
        .verify(file, org.samplesize.SettingSource.flag("--feature-tensor"));
  }

  @Test
  void everyBuiltInCardsFeatureTensorIsACandidateAndNoWeightIs() {
    for (String name : ModelCard.builtInNames()) {
      ModelCard card = ModelCard.load(name);
      List<OnnxGraph.ValueInfo> c =
          OnnxGraph.read(SharedData.model(card.file())).pooledFeatureCandidates();
      OnnxGraph.ValueInfo feature =
          c.stream().filter(v -> v.name().equals(card.featureTensor())).findFirst().orElseThrow();
      long[] s = feature.shape();
      assertEquals(1280, s[1], name + " " + Arrays.toString(s));
      for (OnnxGraph.ValueInfo v : c) {
        // The TF-Hub file declares its 1×1 weights [C_out, C_in, 1, 1]; they are no feature.
        assertEquals(-1, v.shape()[0], name + ": " + v);
      }
      assertTrue(c.size() <= 5, name + ": " + c);
    }
  }
}
