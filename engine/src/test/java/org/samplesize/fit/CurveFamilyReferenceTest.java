package org.samplesize.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every curve family's formula against values computed independently with NumPy from LCDB's
 * definitions ({@code families_reference.py} beside {@code families_reference.csv} in the test
 * resources), so the fitted curves' values do not rest only on numbers the code gave before.
 */
class CurveFamilyReferenceTest {

  @Test
  void everyFamilyMatchesTheNumpyReference() throws Exception {
    Set<String> seen = new HashSet<>();
    int rows = 0;
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                Objects.requireNonNull(
                    CurveFamilyReferenceTest.class.getResourceAsStream("families_reference.csv")),
                StandardCharsets.UTF_8))) {
      String header = r.readLine();
      assertEquals("family,x,p0,p1,p2,p3,value", header);
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String[] f = line.split(",", -1);
        CurveFamily family = CurveFamily.byId(f[0]);
        double x = Double.parseDouble(f[1]);
        List<Double> p = new ArrayList<>();
        for (int i = 2; i < 6; i++) {
          if (!f[i].isEmpty()) {
            p.add(Double.parseDouble(f[i]));
          }
        }
        assertEquals(family.parameterCount(), p.size(), line);
        double expected = Double.parseDouble(f[6]);
        double got = family.value(x, p.stream().mapToDouble(Double::doubleValue).toArray());
        assertEquals(expected, got, 1e-12 * Math.max(1, Math.abs(expected)), line);
        seen.add(f[0]);
        rows++;
      }
    }
    assertTrue(rows > 100, "rows: " + rows);
    for (CurveFamily fam : CurveFamily.values()) {
      assertTrue(seen.contains(fam.id()), "no reference values for " + fam.id());
    }
  }
}
