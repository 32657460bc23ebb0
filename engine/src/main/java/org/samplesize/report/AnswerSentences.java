package org.samplesize.report;

import java.util.Locale;
import org.samplesize.ImageCounts;
import org.samplesize.fit.CurveFit;
import org.samplesize.fit.FitOptions;
import org.samplesize.fit.Percent;
import org.samplesize.report.FitSummary.Prediction;
import org.samplesize.report.FitSummary.Target;

/**
 * The answer in sentences, as the console and {@code report.html} print it: "To reach 95% accuracy
 * you need about 4,210 images (90% interval 3,100–6,020)." and "With all 3,303 training images,
 * expect about 91.8% accuracy (90% interval 88.6–93.0%).". {@code run} and {@code fit} share the
 * words through a {@link Wording}. Counts are rounded to three significant digits and every printed
 * interval rounds outwards, so it always holds the computed one.
 */
public final class AnswerSentences {
  private AnswerSentences() {}

  /**
   * How the answer sentences name sizes, the metric and curves. {@code run} counts training images
   * and predicts at the whole training set; {@code fit} reads tables of any kind of example and
   * predicts at the sizes asked for.
   *
   * @param unit what a size counts, e.g. {@code images}
   * @param metric the metric's name, e.g. {@code accuracy}
   * @param wholeTrainingSet whether a prediction is at the whole training set ("With all 3,303
   *     training images") rather than at a size asked for ("With 824 examples")
   * @param plainCurve the curve whose sentences name no curve ({@code run}'s head curve; a table's
   *     only curve), or null to name every curve
   * @param have the training images there are, which a target's size is set beside ("about 217 more
   *     than the 3,303 training images here"), or 0 when not known
   * @param usable whether {@code have} counts only the training images that decode (some do not)
   */
  public record Wording(
      String unit,
      String metric,
      boolean wholeTrainingSet,
      String plainCurve,
      long have,
      boolean usable) {

    /** {@code run}'s sentences: training images, accuracy, the head curve unnamed. */
    public static final Wording RUN = new Wording("images", "accuracy", true, "head", 0, false);

    /**
     * {@code run}'s sentences with the training images there are: a target's size says how many
     * more that is, or that those there are suffice. A total alone ("you need about 3,520 images")
     * left a reader with 3,303 to work out that it meant about 217 more.
     *
     * @param usable the training images that decode
     * @param planned the training images planned; above {@code usable} when some do not decode
     * @return the wording
     */
    public static Wording run(long usable, long planned) {
      return new Wording("images", "accuracy", true, "head", usable, planned > usable);
    }

    /**
     * {@code fit}'s sentences: a results table need not hold images, so sizes count examples.
     *
     * @param metric the metric fitted, e.g. {@code accuracy}
     * @param plainCurve the curve to leave unnamed (the table's only curve), or null to name each
     * @return the wording
     */
    public static Wording fit(String metric, String plainCurve) {
      return new Wording("examples", metric, false, plainCurve, 0, false);
    }

    private String curve(String name) {
      return name.equals(plainCurve) ? "" : " (" + name + ")";
    }
  }

  /**
   * Words a target answer as {@code run} does, e.g. "To reach 95% accuracy you need about 4,210
   * images (90% interval 3,100–6,020)."
   *
   * @param t the target answer
   * @param level the interval level, e.g. 0.9
   * @return one sentence
   */
  public static String sentence(Target t, double level) {
    return sentence(t, level, Wording.RUN);
  }

  /**
   * Words a target answer, e.g. "To reach 95% accuracy you need about 4,210 images (90% interval
   * 3,100–6,020)."
   *
   * @param t the target answer
   * @param level the interval level, e.g. 0.9
   * @param w how sizes, the metric and the curve are named
   * @return one sentence
   */
  public static String sentence(Target t, double level, Wording w) {
    String acc = Percent.target(t.accuracy());
    String curve = w.curve(t.curve());
    String unit = w.unit();
    String metric = w.metric();
    // The ends of a target's interval are searched from the smallest measured size; a lower end
    // "at most" that size: the interval already reaches the target there, so it may be met there
    // or with fewer images (nothing smaller was measured).
    boolean atMost = t.lo() >= 0 && t.loAtMost();
    if (t.n() < 0) {
      if (t.lo() >= 0) {
        // The point estimate never gets there, but the interval's upper end does.
        String reaches =
            atMost
                ? " at the smallest size measured, "
                    + String.format(Locale.ROOT, "%,d", t.lo())
                    + " "
                    + unit
                    + " (or fewer)"
                : " at about " + ImageCounts.down(t.lo()) + " " + unit;
        // Where it levels off, as its sibling below says (a bare "below 95%" left it unsaid).
        return "The fitted curve"
            + curve
            + (Double.isFinite(t.levelsOffAt())
                ? " " + Percent.levelsOffBelow(t.levelsOffAt(), t.accuracy(), t.falls())
                : " levels off below " + acc)
            + " "
            + metric
            + ", but the upper end of its "
            + FitOptions.levelPercent(level)
            + " interval reaches "
            + acc
            + reaches
            + ": from there on "
            + acc
            + " cannot be ruled out"
            + (t.hi() < 0 ? " (no upper end)." : " (upper end " + ImageCounts.up(t.hi()) + ").");
      }
      // Where it levels off, as fit.json's text and the report's tables say (docs/answer.md).
      return "The fitted curve"
          + curve
          + (Double.isFinite(t.levelsOffAt())
              ? " " + Percent.levelsOffBelow(t.levelsOffAt(), t.accuracy(), t.falls())
              : " does not reach " + acc)
          + " "
          + metric
          + ": more "
          + unit
          + " alone will not get there.";
    }
    String from = atMost ? "at most " + String.format(Locale.ROOT, "%,d", t.lo()) : null;
    String interval;
    if (t.lo() < 0) {
      // As the prediction's sentence says it: a bare size read as if it were certain.
      interval = " (no interval: " + CurveFit.NO_INTERVAL_WHY + ")";
    } else if (t.hi() < 0) {
      interval =
          " ("
              + FitOptions.levelPercent(level)
              + " interval "
              + (atMost ? from : ImageCounts.down(t.lo()))
              + " to unbounded"
              // docs/answer.md: the interval's lower curve never reaches the target. Said in
              // words by run (console and report) as by fit: a bare "unbounded" sent a reader
              // to the docs.
              + ": the data cannot rule out that "
              + metric
              + " levels off below "
              + acc
              + ")";
    } else if (atMost && t.hi() == t.lo()) {
      interval = " (" + FitOptions.levelPercent(level) + " interval " + from + ")";
    } else {
      interval =
          " ("
              + FitOptions.levelPercent(level)
              + " interval "
              + (atMost ? from + " to " : ImageCounts.down(t.lo()) + "–")
              + ImageCounts.up(t.hi())
              + ")";
    }
    if (t.smallestSize() > 0 && t.n() < t.smallestSize()) {
      // Below the data: the models trained on the fewest images already reach the target.
      return "To reach "
          + acc
          + " "
          + metric
          + curve
          + " you need fewer "
          + unit
          + " than the smallest size measured ("
          + String.format(Locale.ROOT, "%,d", t.smallestSize())
          + "); the curve, extrapolated downwards, puts it at about "
          + ImageCounts.about(t.n())
          + interval
          + ".";
    }
    if (t.risingOnly()) {
      // Two sizes: pow2 and log2 keep rising, so reach the target sooner than a curve that levels
      // off. "You need about 852 images" for 90% on tf_flowers' heads, where four sizes put it
      // above 1,600.
      return "To reach "
          + acc
          + " "
          + metric
          + curve
          + " you need more than about "
          + ImageCounts.about(t.n())
          + " "
          + unit
          + ": "
          + SOONER
          + interval
          + ".";
    }
    return "To reach "
        + acc
        + " "
        + metric
        + curve
        + " you need about "
        + ImageCounts.about(t.n())
        + " "
        + unit
        + beside(t.n(), w)
        + interval
        + ".";
  }

  /**
   * A target's size beside the training images there are: ", about 217 more than the 3,303 training
   * images here" or ", within the 3,303 training images here"; empty when they are not known
   * ({@code fit}). The difference is worked from the printed, rounded size.
   */
  private static String beside(long n, Wording w) {
    if (w.have() <= 0) {
      return "";
    }
    String here =
        String.format(Locale.ROOT, "%,d", w.have())
            + (w.usable() ? " usable" : "")
            + " training "
            + w.unit()
            + " here";
    long more = ImageCounts.rounded(n) - w.have();
    return more > 0
        ? ", about " + ImageCounts.about(more) + " more than the " + here
        : ", within the " + here;
  }

  /** Why a two-size answer beyond the largest size is an upper (or, for a size, lower) figure. */
  static final String RISING_ONLY = "the only curves two sizes allow keep rising";

  /** Why a two-size size beyond the largest is a lower figure, as the sentence and fit.json say. */
  static final String SOONER =
      RISING_ONLY + ", so they reach it sooner than a curve that levels off";

  /**
   * Words the prediction at the full training-set size as {@code run} does, e.g. "With all 3,303
   * training images, expect about 89.1% accuracy (90% interval 87.9–90.3%)."
   *
   * @param curve the curve name
   * @param p the prediction
   * @param level the interval level
   * @return one sentence
   */
  public static String sentence(String curve, Prediction p, double level) {
    return sentence(curve, p, level, Wording.RUN);
  }

  /**
   * Words a prediction, e.g. "With all 3,303 training images, expect about 89.1% accuracy (90%
   * interval 87.9–90.3%)." or "With 824 examples, expect about 88.6% accuracy (90% interval
   * 84.0–91.6%)." The interval's ends round outwards.
   *
   * @param curve the curve name
   * @param p the prediction
   * @param level the interval level
   * @param w how sizes, the metric and the curve are named
   * @return one sentence
   */
  public static String sentence(String curve, Prediction p, double level, Wording w) {
    return sentence(curve, p, level, w, p.n());
  }

  /**
   * Words the prediction at the whole training set as {@code run} does, saying so when some of the
   * planned training images did not decode and the prediction is at the usable ones: "With all 59
   * usable training images (9 of 68 do not decode), expect about 70.2% accuracy (90% interval
   * 55.8–84.5%)."
   *
   * @param curve the curve name
   * @param p the prediction, at the usable training images
   * @param level the interval level
   * @param planned the training images planned; above {@code p.n()} when some did not decode
   * @return one sentence
   */
  public static String sentence(String curve, Prediction p, double level, long planned) {
    return sentence(curve, p, level, Wording.RUN, planned);
  }

  private static String sentence(
      String curve, Prediction p, double level, Wording w, long planned) {
    String with =
        w.wholeTrainingSet() && planned > p.n()
            ? String.format(
                Locale.ROOT,
                "With all %,d usable training %s (%,d of %,d do not decode)%s",
                p.n(),
                w.unit(),
                planned - p.n(),
                planned,
                w.curve(curve))
            : String.format(
                Locale.ROOT,
                w.wholeTrainingSet() ? "With all %,d training %s%s" : "With %,d %s%s",
                p.n(),
                w.unit(),
                w.curve(curve));
    if (p.risingFrom() != null) {
      // Two sizes: the curves' value is an upper figure (100.0% with all 3,303 images, from 74.4%
      // and 80.8% at 165 and 330, where four sizes read 91.8%); the measured mean a lower one.
      return String.format(
          Locale.ROOT,
          "%s, expect more than the %s %s measured with %,d %s and less than about %s: %s%s.",
          with,
          Percent.one(p.risingFrom().mean()),
          w.metric(),
          p.risingFrom().size(),
          // "measured with 330" named no unit, beside "3,303 training images" in the same line.
          w.unit(),
          Percent.one(p.accuracy()),
          RISING_ONLY,
          p.hasInterval() ? "" : " (no interval: " + CurveFit.NO_INTERVAL_WHY + ")");
    }
    if (!p.hasInterval()) {
      return String.format(
          Locale.ROOT,
          "%s, expect about %s %s (no interval: %s).",
          with,
          Percent.one(p.accuracy()),
          w.metric(),
          CurveFit.NO_INTERVAL_WHY);
    }
    return String.format(
        Locale.ROOT,
        "%s, expect about %s %s (%s interval %s%s).",
        with,
        Percent.one(p.accuracy()),
        w.metric(),
        FitOptions.levelPercent(level),
        Percent.range(p.lo(), p.hi()),
        p.hi() >= 1 ? CUT_AT_ONE : "");
  }

  /**
   * Said of an interval whose upper end is 1: the band's curves pass 1 there and are cut off at it,
   * so "–100.0%" is no measured bound (on tf_flowers' heads at three sizes it read 84.4–100.0% with
   * all 3,303 images, where four sizes read 91.8%).
   */
  static final String CUT_AT_ONE =
      ": its upper end is cut off at 100%, which the curves pass, so the data give no upper bound";
}
