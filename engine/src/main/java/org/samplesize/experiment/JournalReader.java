package org.samplesize.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.samplesize.InvalidInputException;
import org.samplesize.ProgressListener;
import org.samplesize.report.ResultsCsv;

/**
 * Reads an existing {@code journal.jsonl} and decides what of it a resumed run may believe: every
 * complete line must carry its checksum ({@link JournalLines}), the first must describe an
 * experiment of this run's identity and format, every model line must be the plan's model ({@link
 * JournalPlanCheck}) and every adaptive step must follow the last. What cannot be believed is
 * refused with the line's number and what to do; what a crash leaves (an unfinished last line) is
 * dropped with a note. Apart from {@link Journal}, which owns the open file and its appends, since
 * reading decides only what to keep and writes nothing.
 */
final class JournalReader {
  private JournalReader() {}

  /**
   * What the complete lines of an existing journal hold, and how much of the file to keep.
   *
   * @param keep the byte length of the part to keep: the whole file, or up to an unfinished last
   *     line (dropped), or 0 when the journal is to be started afresh (only blank lines, or only a
   *     first line of other settings or an earlier format with no model after it)
   * @param records the finished models, in the order of their lines
   * @param steps the adaptive steps, in order
   */
  record Contents(long keep, Map<String, ModelRecord> records, List<AdaptiveStep> steps) {}

  /**
   * Reads every complete line of an existing journal and checks it (see {@link Journal#open}).
   *
   * @param file the journal, not empty
   * @param identity this run's identity settings
   * @param plan this run's plan
   * @param progress where to note a dropped unfinished line, a blank line or a replaced journal
   * @return what it holds and how much of it to keep
   * @throws IOException when the file cannot be read
   * @throws InvalidInputException as {@link Journal#open} says
   */
  static Contents read(Path file, JsonNode identity, Plan plan, ProgressListener progress)
      throws IOException {
    Map<String, ModelRecord> done = new LinkedHashMap<>();
    List<AdaptiveStep> steps = new ArrayList<>();
    List<PlannedModel> added = new ArrayList<>();
    byte[] bytes = Files.readAllBytes(file);
    int start = 0;
    int lineNo = 0;
    boolean headerSeen = false;
    boolean blankNoted = false;
    int firstBlank = 0;
    while (start < bytes.length) {
      int nl = indexOf(bytes, (byte) '\n', start);
      if (nl < 0) {
        String rest = new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8);
        if (rest.isBlank() || !sealed(rest)) {
          // A write cut short by a crash: the model it described was in flight, not finished.
          progress.note(
              "journal "
                  + file
                  + ": dropped an unfinished last line (the previous run stopped while writing"
                  + " it)");
          return new Contents(start, done, steps);
        }
        // A whole line whose checksum holds, only its line end lost (an editor that drops the
        // last newline): a finished model, kept; open() writes the line end back.
        nl = bytes.length;
      }
      lineNo++;
      String line = new String(bytes, start, nl - start, StandardCharsets.UTF_8).strip();
      start = nl + 1;
      if (line.isEmpty()) {
        if (headerSeen && !blankNoted) {
          // samplesize writes no blank line: one after the first line is an edit, perhaps a
          // finished model's line emptied. It is passed over, and such a model trained again.
          progress.note(
              where(file, lineNo)
                  + " is blank: samplesize writes none, so the file was edited; a model whose line"
                  + " was emptied is trained again");
          blankNoted = true;
          firstBlank = lineNo;
        }
        continue;
      }
      JsonNode n;
      try {
        n = Journal.MAPPER.readTree(line);
      } catch (JsonProcessingException e) {
        throw damaged(file, lineNo, "not valid JSON (" + jsonProblem(e) + ")");
      }
      String kind = n.path("kind").asText("");
      if (!headerSeen) {
        // The first line that is not blank describes the experiment: a blank line before it
        // (an edit) neither hides it nor lets a model line take its place.
        headerSeen = true;
        if (!kind.equals("experiment")) {
          // Deleting it would make the next line the first: only the line itself helps.
          throw new InvalidInputException(
              where(file, lineNo)
                  + ": the first line must describe the experiment. The file was edited or"
                  + " damaged: restore its first line, or choose another --out");
        }
        String refusal =
            n.path("format").asInt(1) < Journal.FORMAT
                ? "the output folder "
                    + file.toAbsolutePath().getParent()
                    + " holds an experiment begun by an earlier samplesize whose journal lines"
                    + " carry no checksum (journal format "
                    + n.path("format").asInt(1)
                    + ", now "
                    + Journal.FORMAT
                    + "), so this run cannot check its finished models. Choose another --out"
                    + " (its finished results stay where they are)"
                : null;
        if (refusal == null) {
          checkSum(file, lineNo, line, startOver(file));
          refusal =
              ResumeIdentity.resumeRefusal(
                  n.path("settings"), identity, file.toAbsolutePath().getParent());
        }
        if (refusal != null) {
          if (hasCompleteLine(bytes, start)) {
            throw new InvalidInputException(refusal);
          }
          // Nothing finished under those settings (a run that stopped before its first model):
          // nothing is lost by starting this experiment in its place.
          progress.note(
              "journal "
                  + file
                  + ": held no finished model, only the settings of an earlier run that stopped"
                  + " before training; replaced by this run's");
          return new Contents(0, done, steps);
        }
        continue;
      }
      String deleteLine = "delete that line (that model is trained again)";
      checkSum(file, lineNo, line, deleteLine);
      if (kind.equals("adaptive")) {
        AdaptiveStep step;
        try {
          step = AdaptiveStepLine.parse(n);
        } catch (IllegalArgumentException | NullPointerException e) {
          throw damaged(file, lineNo, "not an adaptive step (" + e.getMessage() + ")");
        }
        if (step.step() != steps.size() + 1) {
          throw damaged(
              file,
              lineNo,
              "adaptive step " + step.step() + " follows step " + steps.size() + " (out of order)");
        }
        for (PlannedModel m : step.models()) {
          boolean known =
              added.stream().anyMatch(a -> a.id().equals(m.id()))
                  || plan.models().stream().anyMatch(a -> a.id().equals(m.id()));
          if (known) {
            throw damaged(
                file,
                lineNo,
                "adaptive step " + step.step() + " plans model '" + m.id() + "' again");
          }
        }
        steps.add(step);
        added.addAll(step.models());
        continue;
      }
      if (!kind.equals("model")) {
        throw damaged(file, lineNo, "unknown kind '" + kind + "'");
      }
      ModelRecord r;
      try {
        r = Journal.MAPPER.treeToValue(n, ModelRecord.class);
      } catch (JsonProcessingException | IllegalArgumentException | NullPointerException e) {
        throw damaged(file, lineNo, "not a model record (" + e.getMessage() + ")");
      }
      String mismatch = JournalPlanCheck.mismatch(r, plan, added);
      if (mismatch != null) {
        if (firstBlank > 0 && JournalPlanCheck.unplanned(r, plan, added)) {
          // An adaptive step's line emptied by hand leaves the models it added unplanned: said
          // as such, not only as a model of another experiment.
          throw refused(
              file,
              lineNo,
              mismatch
                  + "; line "
                  + firstBlank
                  + " above is blank, and an adaptive step's line emptied there leaves the models"
                  + " it added unplanned",
              // Deleting only that step's models left a later step's line out of order ("step
              // 2 follows step 0"), refused in turn.
              "restore that line, or delete this line and every line after it (the run then"
                  + " chooses its adaptive steps again)");
        }
        throw refused(file, lineNo, mismatch, deleteLine);
      }
      if (done.putIfAbsent(r.id(), r) != null) {
        throw damaged(file, lineNo, "model '" + r.id() + "' is journaled twice");
      }
    }
    if (!headerSeen) {
      // Nothing but blank lines (emptied with "echo > journal.jsonl"): an empty journal, which
      // gets its first line.
      return new Contents(0, done, steps);
    }
    return new Contents(bytes.length, done, steps);
  }

  /**
   * The advice for a journal that cannot be kept at all: delete it, and the run's {@code
   * results.csv} beside it when there is one, since a folder whose journal is gone while its
   * results.csv lists finished models is refused ({@link RunFolderChecks#refuseLostJournal}).
   */
  private static String startOver(Path file) {
    Path parent = file.toAbsolutePath().getParent();
    Path results = parent == null ? null : parent.resolve(ResultsCsv.FILE_NAME);
    return "delete "
        + file
        + (results != null && Files.exists(results) ? " and " + results : "")
        + " (every model is trained again)";
  }

  /** True when a complete, non-blank line starts at or after {@code from}. */
  private static boolean hasCompleteLine(byte[] a, int from) {
    boolean content = false;
    int lineStart = from;
    for (int i = from; i < a.length; i++) {
      if (a[i] == '\n') {
        if (content) {
          return true;
        }
        lineStart = i + 1;
      } else if (!Character.isWhitespace(a[i])) {
        content = true;
      }
    }
    // A last line without its line end counts when its checksum holds (read keeps it).
    return content
        && sealed(new String(a, lineStart, a.length - lineStart, StandardCharsets.UTF_8));
  }

  /**
   * Whether a last line without its line end is whole: its checksum holds, so only the line end was
   * lost (an editor dropping the file's last newline), not part of a write cut short by a crash.
   */
  private static boolean sealed(String line) {
    return JournalLines.checksumProblem(line.strip()) == null;
  }

  /**
   * The parser's problem in words, with the column: without its own internals (where it reads from,
   * the start of the object left open).
   */
  private static String jsonProblem(JsonProcessingException e) {
    String m = String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("");
    m = m.replaceAll("\\s*\\(start marker at \\[Source:.*$", "");
    if (e.getLocation() != null && e.getLocation().getColumnNr() > 0) {
      m += " at column " + e.getLocation().getColumnNr();
    }
    return m;
  }

  /** The start of a message about one line: the journal and the line's number. */
  private static String where(Path file, int line) {
    return "journal " + file + " line " + line;
  }

  private static InvalidInputException damaged(Path file, int line, String what) {
    return new InvalidInputException(
        where(file, line)
            + ": "
            + what
            + ". The file was edited or damaged: repair or delete that line, or choose another"
            + " --out");
  }

  private static InvalidInputException refused(Path file, int line, String what, String todo) {
    return new InvalidInputException(
        where(file, line) + ": " + what + "; " + todo + ", or choose another --out");
  }

  /** Throws unless {@code line} ends with the checksum of the rest of it. */
  private static void checkSum(Path file, int lineNo, String line, String todo) {
    String problem = JournalLines.checksumProblem(line);
    if (problem != null) {
      throw refused(file, lineNo, problem, todo);
    }
  }

  private static int indexOf(byte[] a, byte b, int from) {
    for (int i = from; i < a.length; i++) {
      if (a[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
