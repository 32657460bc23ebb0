package org.samplesize.experiment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.samplesize.ImageCounts;
import org.samplesize.InvalidInputException;
import org.samplesize.ProgressListener;
import org.samplesize.fit.CurveFit;
import org.samplesize.fit.FitOptions;

/**
 * The adaptive phase of a run ({@code until-width}): after the planned models, it takes steps, each
 * choosing models by {@link AdaptiveChooser}, journaling the step, training its models and
 * refitting, until the answer's interval is narrow enough or a budget is spent, and says why it
 * stopped ({@link StopReason}).
 *
 * <p>Resuming: every step is journaled before its models are trained, so a run killed during a step
 * trains that step's remaining models when run again instead of choosing again; a run killed
 * between steps chooses the next step from the same journaled results, hence the same models. The
 * models of the journaled steps are drawn again and must match the journal's.
 */
final class AdaptiveRun {
  private AdaptiveRun() {}

  /** Why the adaptive phase stopped. */
  enum StopReason {
    /** The interval is as narrow as asked. */
    WIDTH_REACHED("width-reached"),
    /** {@code max-models} models trained, or no candidate fits in what is left. */
    MODEL_BUDGET("model-budget"),
    /** {@code max-minutes} passed. */
    TIME_BUDGET("time-budget"),
    /** No candidate is expected to narrow the interval. */
    NOTHING_TO_GAIN("nothing-to-gain");

    final String id;

    StopReason(String id) {
      this.id = id;
    }
  }

  /**
   * What the adaptive phase did.
   *
   * @param plan the plan with the models of every step
   * @param reason why it stopped
   * @param because the reason in words
   * @param width the answer's interval width when it stopped
   * @param untilWidth the width asked for
   * @param targetWidth whether the width is that of a target's size (relative)
   * @param models models of the curve when it stopped, planned ones included
   * @param maxModels the model budget
   * @param planned models of the initial plan's curve
   * @param steps every step, in order
   * @param trainedNow adaptive models trained in this invocation
   * @param resumed adaptive models found already trained
   */
  record Outcome(
      Plan plan,
      StopReason reason,
      String because,
      double width,
      double untilWidth,
      boolean targetWidth,
      int models,
      int maxModels,
      int planned,
      List<AdaptiveStep> steps,
      int trainedNow,
      int resumed) {

    /**
     * @return one sentence for stdout and the report
     */
    String sentence() {
      return String.format(
          Locale.ROOT,
          "Adaptive run: stopped, %s; %d models (%d planned, %d added in %d step%s).",
          because,
          models,
          planned,
          models - planned,
          steps.size(),
          steps.size() == 1 ? "" : "s");
    }

    /**
     * @return the {@code adaptive} section of {@code fit.json}
     */
    Map<String, Object> json() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("until_width", untilWidth);
      m.put(
          "width_of",
          targetWidth
              ? "size needed for the first target: (hi - lo) / n"
              : "accuracy predicted at the full training-set size: hi - lo");
      m.put("width", finite(width));
      m.put("stopped", reason.id);
      m.put("because", because);
      m.put("models", models);
      m.put("planned_models", planned);
      m.put("max_models", maxModels);
      List<Map<String, Object>> s = new ArrayList<>();
      for (AdaptiveStep st : steps) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("step", st.step());
        o.put("choice", st.choice());
        o.put("models", st.models().stream().map(PlannedModel::id).toList());
        o.put("cost_images", st.cost());
        o.put("width_before", uncapped(st.width()));
        o.put("expected_width", uncapped(st.expectedWidth()));
        o.put("score_per_image", finite(st.score()));
        s.add(o);
      }
      m.put("steps", s);
      return m;
    }
  }

  /** What {@link #show} says of a fit without an interval, with the answer's own reason. */
  static final String NO_INTERVAL = "no interval (" + CurveFit.NO_INTERVAL_WHY + ")";

  /**
   * A step's width as JSON writes it: null where there was none (no interval, or an unbounded one),
   * which the steps hold as {@link AdaptiveChooser#WIDTH_CAP} so that gains compare; it read {@code
   * 1000.0}, a width of 100,000 points, beside the top level's {@code null}.
   */
  static Double uncapped(double width) {
    return width >= AdaptiveChooser.WIDTH_CAP ? null : finite(width);
  }

  /** A number as JSON writes it: null when it does not exist (an unbounded width), as fit.json. */
  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  /** Training the models of one step: the orchestrator's pass over them, journaling each record. */
  interface Trainer {
    /**
     * @param plan the plan holding the models
     * @param models the models to train now
     * @return how many were journaled
     */
    int train(Plan plan, List<PlannedModel> models);
  }

  /**
   * Whether a new size's models can be drawn at a fraction: drawn as the step would draw them
   * ({@link ExperimentStages#extend}), which refuses a subsample missing a class (a small fraction
   * of an unbalanced training set). A step is drawn before it is journaled: a choice that cannot be
   * drawn would stop the run with that refusal, and running it again would choose it again.
   */
  private static java.util.function.DoublePredicate drawable(
      Plan plan, RunSettings settings, ExperimentStages stages, String curve) {
    return f -> {
      List<Planner.Draw> draws = new ArrayList<>();
      for (int r = 0; r < AdaptiveChooser.NEW_SIZE_MODELS; r++) {
        draws.add(new Planner.Draw(curve, f, r));
      }
      try {
        stages.extend(plan, settings, draws);
        return true;
      } catch (org.samplesize.InvalidInputException e) {
        return false;
      }
    };
  }

  /**
   * Runs (or resumes) the adaptive phase.
   *
   * @param plan the initial plan, its models trained
   * @param settings the settings in force ({@code until-width} given)
   * @param stages draws the models of a step ({@link ExperimentStages#extend})
   * @param journal the open journal
   * @param trainer trains and journals models
   * @param fitOptions the run's fit options (as the fit stage makes them)
   * @param fullSize the usable training images ({@link UsableTrainingSet}): the size the prediction
   *     is made at, and what the fractions are shares of
   * @param clock milliseconds since the invocation started
   * @param trainedBefore how many models this invocation trained before the adaptive phase (the
   *     plan's): until it has trained one, the time budget does not stop it, so that running the
   *     same command again always goes on
   * @param progress notes
   * @return what it did
   */
  static Outcome run(
      Plan plan,
      RunSettings settings,
      ExperimentStages stages,
      Journal journal,
      Trainer trainer,
      FitOptions fitOptions,
      int fullSize,
      Supplier<Long> clock,
      int trainedBefore,
      ProgressListener progress) {
    String curve = PlannedModel.HEAD;
    int planned =
        (int)
            plan.models().stream()
                .filter(m -> m.curve().equals(curve) && !m.isValidation())
                .count();
    AdaptiveChooser chooser =
        new AdaptiveChooser(fitOptions, fullSize, drawable(plan, settings, stages, curve), curve);
    double until = settings.untilWidth();
    int maxModels = settings.maxModels();
    int trainedNow = 0;
    int resumed = 0;

    // The journaled steps: drawn again (their positions are needed to train) and checked.
    List<AdaptiveStep> steps = new ArrayList<>(journal.steps());
    for (AdaptiveStep st : steps) {
      plan = extendChecked(plan, settings, stages, st, journal);
      List<PlannedModel> pending = new ArrayList<>();
      for (PlannedModel m : st.models()) {
        if (journal.isDone(m.id())) {
          resumed++;
        } else {
          pending.add(m);
        }
      }
      if (!pending.isEmpty()) {
        progress.note(
            "adaptive step "
                + st.step()
                + " was interrupted: training its "
                + pending.size()
                + " remaining model"
                + (pending.size() == 1 ? "" : "s")
                + " ("
                + st.choice()
                + ")");
        trainedNow += trainer.train(plan, pending);
      }
    }

    while (true) {
      List<AdaptiveChooser.Observation> obs = observations(plan, journal, curve);
      CurveFit fit = chooser.fit(obs);
      double width = chooser.width(fit);
      String shown = show(width, fit, chooser.targetWidth());
      String asked = asked(until, chooser.targetWidth());
      String against = shown + ", above " + asked;
      // No interval (two sizes, no repeats): said so with the reason, where "unbounded" read as
      // an interval without an upper end.
      boolean none = CurveFit.INTERVAL_NONE.equals(fit.interval());
      // Why the run stops now, if it does: the width, then the model and time budgets, then
      // whether any candidate is left; the first that holds is the reason.
      StopReason reason = null;
      String because = null;
      AdaptiveChooser.Choice choice = null;
      Double minutes = settings.maxMinutes();
      if (width <= until) {
        reason = StopReason.WIDTH_REACHED;
        because = "the interval width " + shown + " is within " + asked;
      } else if (obs.size() >= maxModels) {
        reason = StopReason.MODEL_BUDGET;
        because =
            "the model budget (--max-models "
                + maxModels
                + ") is spent with "
                + (none ? shown : "the interval width at " + against);
      } else if (minutes != null
          && trainedBefore + trainedNow > 0
          && clock.get() >= minutes * 60_000) {
        // Only once this invocation has trained a model: a rerun whose start alone outlasts the
        // budget (opening the data, the fit) would otherwise stop at once every time, and "run the
        // same command again to go on" would never go on.
        reason = StopReason.TIME_BUDGET;
        because =
            "the time budget (--max-minutes "
                + trim(minutes)
                + ") is spent with "
                + (none ? shown : "the interval width at " + against)
                + "; run the same command again to go on";
      } else {
        choice = chooser.choose(obs, maxModels - obs.size());
        if (choice.best() == null && !choice.scored().isEmpty() && choice.leftOut() > 0) {
          // The candidates that fit gain nothing, but others (a new size's 3 models) did not fit:
          // "no further model is expected to..." blamed the data where the budget stopped it.
          reason = StopReason.MODEL_BUDGET;
          because =
              "no model that fits in the model budget (--max-models "
                  + maxModels
                  + ", "
                  + (maxModels - obs.size())
                  + " more) is expected to "
                  + (none
                      ? "give the answer an interval (it has " + shown + ")"
                      : "narrow the interval (its width is " + against + ")")
                  + "; a new size takes "
                  + AdaptiveChooser.NEW_SIZE_MODELS
                  + " models: run into a new --out with a larger --max-models";
        } else if (choice.best() == null && !choice.scored().isEmpty()) {
          reason = StopReason.NOTHING_TO_GAIN;
          because =
              none
                  ? "no further model is expected to give the answer an interval: it has " + shown
                  : "no further model is expected to narrow the interval: its width is " + against;
        } else if (choice.best() == null) {
          reason = StopReason.MODEL_BUDGET;
          because =
              "no further model fits in the model budget (--max-models "
                  + maxModels
                  + ") "
                  + (none
                      ? "and the answer has " + shown
                      : "with the interval width at " + against);
        }
      }
      if (reason != null) {
        return done(
            reason,
            because,
            width,
            until,
            chooser,
            obs,
            maxModels,
            planned,
            steps,
            plan,
            trainedNow,
            resumed);
      }
      AdaptiveChooser.Candidate c = choice.best().candidate();
      List<Planner.Draw> draws = new ArrayList<>();
      for (int j = 0; j < c.models(); j++) {
        draws.add(new Planner.Draw(curve, c.fraction(), c.firstRepeat() + j));
      }
      int before = plan.models().size();
      plan = stages.extend(plan, settings, draws);
      List<PlannedModel> added = plan.models().subList(before, plan.models().size());
      AdaptiveStep step =
          new AdaptiveStep(
              steps.size() + 1,
              added,
              c.describe(),
              Math.min(width, AdaptiveChooser.WIDTH_CAP),
              choice.best().expectedWidth(),
              choice.best().score());
      journal.appendStep(step);
      steps.add(step);
      progress.note(
          String.format(
              Locale.ROOT,
              "adaptive step %d: %s: %s",
              step.step(),
              none ? shown + ", so no width to compare with " + asked : "interval width " + against,
              step.choice()));
      trainedNow += trainer.train(plan, List.copyOf(added));
    }
  }

  private static Outcome done(
      StopReason reason,
      String because,
      double width,
      double until,
      AdaptiveChooser chooser,
      List<AdaptiveChooser.Observation> obs,
      int maxModels,
      int planned,
      List<AdaptiveStep> steps,
      Plan plan,
      int trainedNow,
      int resumed) {
    return new Outcome(
        plan,
        reason,
        because,
        width,
        until,
        chooser.targetWidth(),
        obs.size(),
        maxModels,
        planned,
        List.copyOf(steps),
        trainedNow,
        resumed);
  }

  /** The plan with a journaled step's models, drawn again; refused when they differ. */
  private static Plan extendChecked(
      Plan plan, RunSettings settings, ExperimentStages stages, AdaptiveStep st, Journal journal) {
    List<Planner.Draw> draws = new ArrayList<>();
    for (PlannedModel m : st.models()) {
      draws.add(new Planner.Draw(m.curve(), m.fraction(), m.repeat()));
    }
    int before = plan.models().size();
    Plan extended = stages.extend(plan, settings, draws);
    List<PlannedModel> drawn = extended.models().subList(before, extended.models().size());
    if (!drawn.equals(st.models())) {
      throw new InvalidInputException(
          "journal "
              + journal.file()
              + ": the models of adaptive step "
              + st.step()
              + " differ from those this run draws for it ("
              + st.models().get(0)
              + " journaled, "
              + drawn.get(0)
              + " drawn now); choose another --out (its finished results stay where they are)");
    }
    return extended;
  }

  /**
   * The curve's models journaled so far that the plan holds, in plan order: not journal order,
   * which is the order models finished in, and that differs between runs when models train in
   * parallel (on Spark, in task completion order) while the choice must not.
   */
  static List<AdaptiveChooser.Observation> observations(Plan plan, Journal journal, String curve) {
    Map<String, ModelRecord> byId = new HashMap<>();
    for (ModelRecord r : journal.records()) {
      byId.putIfAbsent(r.id(), r);
    }
    List<AdaptiveChooser.Observation> obs = new ArrayList<>();
    for (PlannedModel m : plan.models()) {
      ModelRecord r = byId.get(m.id());
      if (r != null && m.curve().equals(curve) && !m.isValidation()) {
        obs.add(
            new AdaptiveChooser.Observation(
                r.fraction(), r.size(), r.repeat(), r.accuracy(), r.testSize()));
      }
    }
    return obs;
  }

  /**
   * A width in the answer's units, as its interval is printed: points of accuracy ({@code 2.62
   * points}), or with a target images and the share of the size needed ({@code 268 images (27.3% of
   * the 983 needed)}); the flag's own unit (0.0262, 0.273) made the reader convert. A fit without
   * an interval is {@link #NO_INTERVAL}; "unbounded" is an interval without an upper end.
   */
  static String show(double width, CurveFit fit, boolean relative) {
    // Checked before the width, which is infinite either way.
    if (CurveFit.INTERVAL_NONE.equals(fit.interval())) {
      return NO_INTERVAL;
    }
    if (!Double.isFinite(width)) {
      return "unbounded";
    }
    if (!relative) {
      return String.format(Locale.ROOT, "%.2f points", 100 * width);
    }
    double n = fit.targets().get(0).n();
    return String.format(
        Locale.ROOT,
        "%s images (%.1f%% of the %s needed)",
        ImageCounts.about(Math.round(width * n)),
        100 * width,
        ImageCounts.about((long) Math.ceil(n)));
  }

  /**
   * The flag as typed, with its value in the answer's units: {@code --until-width 0.02 (2 points)},
   * {@code --until-width 0.3 (30% of the size needed)}.
   */
  static String asked(double until, boolean relative) {
    java.math.BigDecimal percent =
        new java.math.BigDecimal(Double.toString(until)).movePointRight(2).stripTrailingZeros();
    double a = Math.abs(percent.doubleValue());
    // The exact decimal in exponent form: 100 * 1e-9 in doubles prints 1.0000000000000001E-7.
    String p =
        a != 0 && (a < 1e-6 || a >= 1e9)
            ? Double.toString(percent.doubleValue())
            : percent.toPlainString();
    return "--until-width "
        + trim(until)
        + " ("
        + p
        + (relative ? "% of the size needed)" : (p.equals("1") ? " point)" : " points)"));
  }

  /**
   * @param v a width as given
   * @return it as typed (0.02, not 0.0200); a very small or large one in exponent form (1.0E-300),
   *     which as a plain decimal would fill the stop line with hundreds of zeros
   */
  static String trim(double v) {
    double a = Math.abs(v);
    if (a != 0 && (a < 1e-6 || a >= 1e9)) {
      return Double.toString(v);
    }
    return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
  }
}
