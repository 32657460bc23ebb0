package org.samplesize.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AdamTest {

  @Test
  void followsKerasFormulaOverManySteps() {
    Adam adam = new Adam(1e-3, 0.9, 0.999, 1e-7);
    Adam.State state = adam.newState(3);
    float[] p = {0.5f, -1f, 2f};
    double[] ref = {0.5, -1, 2};
    double[] m = new double[3];
    double[] v = new double[3];
    for (int t = 1; t <= 50; t++) {
      float[] g = {(float) Math.sin(t), -0.01f * t, 1e-4f};
      adam.step(state, p, 0, g, 0);
      double alpha = 1e-3 * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t));
      for (int i = 0; i < 3; i++) {
        m[i] += (g[i] - m[i]) * 0.1;
        v[i] += ((double) g[i] * g[i] - v[i]) * 0.001;
        ref[i] -= m[i] * alpha / (Math.sqrt(v[i]) + 1e-7);
      }
    }
    assertEquals(50, state.iterations());
    for (int i = 0; i < 3; i++) {
      assertEquals(ref[i], p[i], 1e-5, "parameter " + i);
    }
  }

  @Test
  void firstStepMovesByLearningRate() {
    Adam adam = new Adam(0.01, 0.9, 0.999, 1e-7);
    Adam.State s = adam.newState(2);
    float[] p = {0f, 0f};
    adam.step(s, p, 0, new float[] {3f, -0.2f}, 0);
    assertEquals(-0.01, p[0], 1e-6);
    assertEquals(0.01, p[1], 1e-6);
  }

  @Test
  void minimisesAQuadratic() {
    Adam adam = new Adam(0.05, 0.9, 0.999, 1e-7);
    Adam.State s = adam.newState(2);
    float[] p = {3f, -4f};
    for (int t = 0; t < 2000; t++) {
      float[] g = {2 * (p[0] - 1), 2 * (p[1] + 2)};
      adam.step(s, p, 0, g, 0);
    }
    assertEquals(1, p[0], 1e-3);
    assertEquals(-2, p[1], 1e-3);
  }

  @Test
  void rejectsBadSettings() {
    assertThrows(IllegalArgumentException.class, () -> new Adam(Double.NaN, 0.9, 0.999, 1e-7));
    assertThrows(IllegalArgumentException.class, () -> new Adam(1e-3, 1.0, 0.999, 1e-7));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Adam(1e-3, 0.9, 0.999, 0));
    assertTrue(e.getMessage().contains("epsilon"));
  }

  @Test
  void wholeArrayUpdateGivesTheSameFloatsAsTheUpdateWithOffsets() {
    Adam adam = new Adam(1e-3, 0.9, 0.999, 1e-7);
    java.util.SplittableRandom r = new java.util.SplittableRandom(3);
    for (int len : new int[] {1, 7, 16, 33, 6400}) {
      float[] w = new float[len];
      float[] m = new float[len];
      float[] v = new float[len];
      for (int i = 0; i < len; i++) {
        w[i] = (float) r.nextGaussian();
      }
      int off = 5;
      float[] w2 = new float[off + len];
      float[] m2 = new float[off + len];
      float[] v2 = new float[off + len];
      System.arraycopy(w, 0, w2, off, len);
      for (long t = 1; t <= 30; t++) {
        float[] g = new float[len];
        for (int i = 0; i < len; i++) {
          g[i] =
              r.nextInt(5) == 0 ? 0f : (float) (r.nextGaussian() * Math.pow(10, r.nextInt(9) - 6));
        }
        float alpha = adam.alpha(t);
        adam.update(w, g, m, v, alpha);
        adam.update(w2, off, g, 0, m2, v2, off, len, alpha);
        for (int i = 0; i < len; i++) {
          assertEquals(
              Float.floatToRawIntBits(w2[off + i]), Float.floatToRawIntBits(w[i]), "w " + i);
          assertEquals(
              Float.floatToRawIntBits(m2[off + i]), Float.floatToRawIntBits(m[i]), "m " + i);
          assertEquals(
              Float.floatToRawIntBits(v2[off + i]), Float.floatToRawIntBits(v[i]), "v " + i);
        }
      }
    }
  }
}
