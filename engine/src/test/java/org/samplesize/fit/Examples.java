package org.samplesize.fit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Test fixtures: the recipe's table and synthetic curves. */
public final class Examples {
  /** The recipe's sizes. */
  public static final double[] RECIPE_SIZES = {165, 330, 825, 1651};

  /** The recipe's accuracies, five repeats per size. */
  public static final double[][] RECIPE_ACCURACY = {
    {0.8202, 0.7466, 0.8011, 0.8447, 0.8229},
    {0.861, 0.8774, 0.8501, 0.8937, 0.891},
    {0.891, 0.9237, 0.8856, 0.9101, 0.891},
    {0.8937, 0.9373, 0.9128, 0.8719, 0.9128}
  };

  /** A tf_flowers head curve (int8 MobileNetV2 features, seed 1), five repeats per size. */
  public static final double[] FLOWER_SIZES = {41, 82, 206, 412};

  /** Its accuracies, five repeats per size. */
  public static final double[][] FLOWER_ACCURACY = {
    {
      0.33242506811989103,
      0.3242506811989101,
      0.21798365122615804,
      0.5204359673024523,
      0.41689373297002724
    },
    {
      0.6539509536784741,
      0.6239782016348774,
      0.5177111716621253,
      0.5994550408719346,
      0.5613079019073569
    },
    {
      0.7193460490463215,
      0.7138964577656676,
      0.7356948228882834,
      0.779291553133515,
      0.7329700272479565
    },
    {
      0.782016348773842,
      0.7983651226158038,
      0.8174386920980926,
      0.8038147138964578,
      0.7983651226158038
    }
  };

  private Examples() {}

  /**
   * @return {@code examples/keras-recipe-results.csv} of the repository
   */
  public static Path recipeCsv() {
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      Path p = d.resolve("examples/keras-recipe-results.csv");
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    throw new IllegalStateException("examples/keras-recipe-results.csv not found above " + dir);
  }

  /**
   * @return the recipe's table built in code
   */
  public static ResultsTable recipeTable() {
    return table("recipe", RECIPE_SIZES, RECIPE_ACCURACY);
  }

  /**
   * @param source the table's source name (for messages)
   * @param sizes the sizes
   * @param values per size, its repeats
   * @return one curve of those rows
   */
  public static ResultsTable table(String source, double[] sizes, double[][] values) {
    ResultsTable.Builder b = ResultsTable.builder(source);
    for (int i = 0; i < sizes.length; i++) {
      for (double v : values[i]) {
        b.add(sizes[i], v);
      }
    }
    return b.build();
  }

  /**
   * @return the tf_flowers head curve ({@link #FLOWER_SIZES}) built in code: its smallest size
   *     varies about ten times more between repeats than its largest
   */
  public static ResultsTable flowerHeadTable() {
    return table("flowers", FLOWER_SIZES, FLOWER_ACCURACY);
  }

  /**
   * A curve that rises steeply and then stays flat (means 0.40, 0.80, 0.90, 0.905, 0.906 at
   * 25–400), three repeats a size at the mean and {@code sd} either side: pow2 and log2 miss it by
   * tens of standard errors ({@link MeanAnswer} leaves them out).
   *
   * @param sd how far the repeats lie either side of the mean
   * @return the table, curve "steep-flat"
   */
  public static ResultsTable steepThenFlat(double sd) {
    ResultsTable.Builder b = ResultsTable.builder("steep-flat");
    double[][] means = {{25, 0.40}, {50, 0.80}, {100, 0.90}, {200, 0.905}, {400, 0.906}};
    for (double[] m : means) {
      for (double e : new double[] {-sd, 0.0, sd}) {
        b.add(m[0], m[1] + e);
      }
    }
    return b.build();
  }

  /**
   * A synthetic curve: the family's values at {@code sizes} plus Gaussian noise.
   *
   * @param family the true family
   * @param natural true parameters of the formula in n
   * @param sizes sizes
   * @param repeats rows per size
   * @param sigma noise standard deviation (0 = noiseless)
   * @param rng noise source
   * @return the curve
   */
  public static CurveData synthetic(
      CurveFamily family,
      double[] natural,
      double[] sizes,
      int repeats,
      double sigma,
      SplittableRandom rng) {
    double[][] v = new double[sizes.length][repeats];
    int[][] t = new int[sizes.length][repeats];
    for (int i = 0; i < sizes.length; i++) {
      double mu = family.value(sizes[i], natural);
      for (int j = 0; j < repeats; j++) {
        v[i][j] = mu + sigma * gaussian(rng);
      }
    }
    return new CurveData("synthetic-" + family.id(), sizes, v, t);
  }

  static double gaussian(SplittableRandom rng) {
    // Box-Muller; SplittableRandom has no nextGaussian in Java 17
    double u1 = rng.nextDouble();
    double u2 = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  }

  /**
   * Many synthetic curves of one truth in one table, curve {@code c<i>} drawn from its own split of
   * {@code rng}.
   *
   * @param name table name
   * @param family the truth's family
   * @param natural its parameters in natural units
   * @param sizes sizes
   * @param repeats rows per size
   * @param sigma Gaussian noise
   * @param curves number of curves
   * @param rng noise source
   * @return the table
   */
  public static ResultsTable syntheticTable(
      String name,
      CurveFamily family,
      double[] natural,
      double[] sizes,
      int repeats,
      double sigma,
      int curves,
      SplittableRandom rng) {
    ResultsTable.Builder b = ResultsTable.builder(name);
    for (int c = 0; c < curves; c++) {
      CurveData d = synthetic(family, natural, sizes, repeats, sigma, rng.split());
      for (int i = 0; i < sizes.length; i++) {
        for (double v : d.values(i)) {
          b.add("c" + c, sizes[i], v, 0);
        }
      }
    }
    return b.build();
  }
}
