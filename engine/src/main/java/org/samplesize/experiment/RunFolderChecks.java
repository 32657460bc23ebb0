package org.samplesize.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.samplesize.InvalidInputException;
import org.samplesize.io.OutputFolder;
import org.samplesize.report.FitJsonWriter;
import org.samplesize.report.ResultsCsv;

/**
 * The refusals of an output folder that samplesize marked as its own but a run must not write into:
 * another command's output, or a run's whose journal is gone. Checked before the folder is claimed,
 * so nothing in it is touched.
 */
final class RunFolderChecks {
  private RunFolderChecks() {}

  /**
   * Refuses a {@code fit} command's output folder: one samplesize marked as its own, holding a
   * {@code fit.json} with neither a run's journal nor its {@code settings.yaml} beside it (a folder
   * without the mark is refused by {@link OutputFolder#claim} as the user's own). The run would
   * replace that fit.json and its plots, and the results table a fit may have read from the same
   * folder, as {@code fit} refuses a run's folder for the same reason ({@code
   * FitCommand.refuseExperimentFolder}).
   */
  static void refuseFitFolder(Path out) {
    if (Files.exists(out.resolve(OutputFolder.MARKER_FILE))
        && Files.exists(out.resolve(FitJsonWriter.FILE_NAME))
        && !Files.exists(out.resolve(Journal.FILE_NAME))
        && !Files.exists(out.resolve(Experiment.SETTINGS_FILE))) {
      throw new InvalidInputException(
          "--out "
              + out
              + " holds the output of samplesize fit ("
              + FitJsonWriter.FILE_NAME
              + ", no run journal), which a run would replace: give run another --out, e.g. "
              + (out.getFileName() == null
                  ? out.resolve("run")
                  : out.resolveSibling(out.getFileName() + "-run")));
    }
  }

  /**
   * Refuses a run's folder whose journal is gone (deleted, or emptied) while its {@code
   * results.csv} still lists finished models. The journal is what a run resumes from and checks its
   * settings against: without it every model would be trained again and results.csv replaced at the
   * end, under whatever settings this command has, and the earlier experiment's last record would
   * be lost without a word.
   */
  static void refuseLostJournal(Path out) {
    Path journal = out.resolve(Journal.FILE_NAME);
    Path results = out.resolve(ResultsCsv.FILE_NAME);
    try {
      if (!Files.exists(out.resolve(OutputFolder.MARKER_FILE))
          || (Files.exists(journal) && Files.size(journal) > 0)
          || !Files.isRegularFile(results)) {
        return;
      }
      long models;
      try (var lines = Files.lines(results)) {
        models = lines.skip(1).filter(l -> !l.isBlank()).count();
      }
      if (models == 0) {
        return;
      }
      throw new InvalidInputException(
          String.format(
              Locale.ROOT,
              "--out %s: %s lists %d finished model%s but the journal %s, which a run resumes from"
                  + " and checks its settings against, is %s; this run would train every model"
                  + " again and replace %s. Restore the journal if you have a copy, choose another"
                  + " --out, or delete %s to start this folder over",
              out,
              ResultsCsv.FILE_NAME,
              models,
              models == 1 ? "" : "s",
              Journal.FILE_NAME,
              Files.exists(journal) ? "empty" : "missing",
              ResultsCsv.FILE_NAME,
              results));
    } catch (IOException | UncheckedIOException e) {
      // Unreadable here is reported where the run reads or writes the same files.
    }
  }
}
