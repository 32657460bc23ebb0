package org.samplesize.cli;

import java.io.PrintWriter;
import java.util.List;
import org.samplesize.experiment.Experiment;
import org.samplesize.experiment.RunSettings;
import org.samplesize.report.FitSummary;

/**
 * What {@code run} says on the console besides its progress: notes before the work starts, and the
 * answers when it ends. Kept apart from {@link RunCommand} so that the wording changes without
 * touching the flags or how the settings are resolved.
 */
final class RunConsole {
  private RunConsole() {}

  /**
   * Notes for a card file that turns on a decoding setting run leaves off: run follows its own
   * {@code --exif-orientation} and {@code --jpeg-dct-scaling} (they are part of what a resume must
   * match), so a card's {@code true} alone changes nothing and would otherwise pass unseen.
   *
   * @param s the run's settings
   * @return one note per such setting; none for a built-in card or a card that cannot be read (the
   *     run reports that itself)
   */
  static List<String> cardNotes(RunSettings s) {
    String model = s.model() == null ? "" : s.model().strip();
    String lower = model.toLowerCase(java.util.Locale.ROOT);
    if (!(lower.endsWith(".json") || lower.endsWith(".yaml") || lower.endsWith(".yml"))) {
      return List.of();
    }
    org.samplesize.image.Preprocessing p;
    try {
      p = org.samplesize.features.ModelCard.load(model).preprocessing();
    } catch (RuntimeException e) {
      return List.of();
    }
    List<String> notes = new java.util.ArrayList<>();
    if (p.exifOrientation() && !s.exifOrientation()) {
      notes.add(
          "the model card "
              + model
              + " says exifOrientation: true, but run follows its own flag, which is off: add"
              + " --exif-orientation to turn images as their EXIF tag says");
    }
    if (p.jpegDctScaling() && !s.jpegDctScaling()) {
      notes.add(
          "the model card "
              + model
              + " says jpegDctScaling: true, but run follows its own flag, which is off: add"
              + " --jpeg-dct-scaling to decode large JPEGs at reduced size");
    }
    return notes;
  }

  /**
   * Prints the run's answers to standard output: the answer, the further answers, each validation
   * and a last line with the models trained now and resumed and where the report is.
   *
   * @param stdout standard output
   * @param o what the run found
   */
  static void printAnswers(PrintWriter stdout, Experiment.Outcome o) {
    stdout.println(o.answer());
    o.moreAnswers().forEach(stdout::println);
    for (FitSummary.Validation v : o.validations()) {
      stdout.println(
          v.sentence(o.validations().size() > 1, o.whole() != null && o.whole().undecodable() > 0));
    }
    stdout.println(
        "Models: "
            + o.trainedNow()
            + " trained now, "
            + o.resumed()
            + " resumed; report: "
            + o.outDir().resolve("report.html"));
    stdout.flush();
  }
}
