package org.samplesize.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;

/** Median, extremes and count of the repetitions of one measurement. */
record Stats(double median, double min, double max, int n) {
  static Stats of(double... v) {
    if (v.length == 0) {
      throw new IllegalArgumentException("no repetitions");
    }
    double[] s = v.clone();
    Arrays.sort(s);
    int k = s.length;
    double med = k % 2 == 1 ? s[k / 2] : (s[k / 2 - 1] + s[k / 2]) / 2;
    return new Stats(med, s[0], s[k - 1], k);
  }

  /** max − min: how far the repetitions themselves disagree, in the figure's unit. */
  double spread() {
    return max - min;
  }

  ObjectNode json() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("median", median);
    o.put("min", min);
    o.put("max", max);
    o.put("n", n);
    return o;
  }

  static Stats fromJson(JsonNode o) {
    return new Stats(
        o.path("median").asDouble(),
        o.path("min").asDouble(),
        o.path("max").asDouble(),
        o.path("n").asInt());
  }
}
