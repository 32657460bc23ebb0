package org.samplesize.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.samplesize.InvalidInputException;
import org.samplesize.ProgressListener;
import org.samplesize.report.ResultsCsv;

/**
 * The durable record of an experiment: {@code journal.jsonl}, one JSON object per line. The first
 * line names the experiment ({@code "kind": "experiment"} with its identity settings); every
 * further line is one finished model ({@code "kind": "model"}, a {@link ModelRecord}). Every line
 * ends with the CRC32C of the rest of it ({@code "crc32c": "8 hex digits"}, the last field), so an
 * edited or damaged line is refused with its number instead of being believed; every model line is
 * also checked against the experiment's plan (id, curve, fraction, repeat, size, seed and the hash
 * of its subsample's indices).
 *
 * <p>An adaptive run ({@code until-width}) also journals each step it takes ({@code "kind":
 * "adaptive"}, an {@link AdaptiveStep}: its number, the models it planned, why) before it trains
 * them; a model line may then name a model of an earlier step instead of one of the plan, and is
 * checked against the step's model the same way.
 *
 * <p>{@link #append(ModelRecord)} writes the line and forces it to the disk ({@link
 * FileChannel#force(boolean)}) before it returns, so a model the caller has been told is journaled
 * survives a crash or {@code kill -9}. A process killed in the middle of a write leaves at most one
 * unterminated last line; {@link #open} drops it (that model was in flight, it is trained again).
 *
 * <p>Not thread-safe: one writer, the orchestrator. Close it when done; {@code close()} is
 * idempotent, appending after it throws {@link IllegalStateException}.
 */
public final class Journal implements AutoCloseable {

  /** The journal's file name inside the output folder. */
  public static final String FILE_NAME = "journal.jsonl";

  /**
   * The journal format: 2 added the per-line checksum. A journal of format 1 (no checksums) is
   * refused, since its lines cannot be checked.
   */
  static final int FORMAT = 2;

  static final ObjectMapper MAPPER =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Path file;
  private final FileChannel channel;
  private final Map<String, ModelRecord> records;
  private final List<AdaptiveStep> steps;
  private boolean closed;

  private Journal(
      Path file, FileChannel channel, Map<String, ModelRecord> records, List<AdaptiveStep> steps) {
    this.file = file;
    this.channel = channel;
    this.records = records;
    this.steps = steps;
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

  /**
   * Opens the journal of an experiment, creating it when absent.
   *
   * @param file the journal file
   * @param identity the experiment's identity ({@link ResumeIdentity#identity(RunSettings, Plan)})
   * @param plan the experiment's plan; every journaled model must be one of its models (or the
   *     validation model of a run with {@code validate}, which a later run may leave out), with the
   *     same curve, fraction, repeat, size, seed and indices hash
   * @param progress where to note a dropped unfinished line
   * @return the open journal, holding every model already finished
   * @throws InvalidInputException when the journal belongs to an experiment with other identity
   *     settings (the message lists each difference; see {@link ResumeIdentity#resumeRefusal}) and
   *     holds at least one line after its first; when it was written by an earlier samplesize
   *     (format 1, no checksums) and holds a finished model; when a complete line is damaged, fails
   *     its checksum, or names a model that is not in the plan or differs from it. The message
   *     names the line and what to do. A journal holding only its first line (no model finished)
   *     with other settings or an earlier format is replaced, with a note.
   */
  public static Journal open(Path file, JsonNode identity, Plan plan, ProgressListener progress) {
    if (Files.isDirectory(file)) {
      throw new InvalidInputException(
          "the journal "
              + file
              + " is a folder, not a file: move or rename it, or choose another --out");
    }
    try {
      Map<String, ModelRecord> done = new LinkedHashMap<>();
      List<AdaptiveStep> steps = new ArrayList<>();
      boolean exists = Files.exists(file) && Files.size(file) > 0;
      if (exists) {
        long keep = readExisting(file, identity, plan, done, steps, progress);
        if (keep < Files.size(file)) {
          try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(keep);
            ch.force(true);
          }
        }
        if (keep > 0 && !endsWithNewline(file)) {
          // The last line was kept whole without its line end: the next line must not join it.
          try (FileChannel ch = FileChannel.open(file, StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.wrap(new byte[] {'\n'}));
            ch.force(true);
          }
        }
      }
      Files.createDirectories(file.toAbsolutePath().getParent());
      FileChannel ch =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
      Journal j = new Journal(file, ch, done, steps);
      if (!exists || ch.size() == 0) {
        ObjectNode head = MAPPER.createObjectNode();
        head.put("kind", "experiment");
        head.put("format", FORMAT);
        head.put("created", Instant.now().toString());
        head.set("settings", identity);
        j.writeLine(JournalLines.seal(MAPPER.writeValueAsString(head)));
        forceDirectory(file.toAbsolutePath().getParent());
      }
      return j;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the journal " + file, e);
    }
  }

  /** Reads every complete line; returns the byte length of the part to keep. */
  private static long readExisting(
      Path file,
      JsonNode identity,
      Plan plan,
      Map<String, ModelRecord> done,
      List<AdaptiveStep> steps,
      ProgressListener progress)
      throws IOException {
    List<PlannedModel> added = new ArrayList<>();
    byte[] bytes = Files.readAllBytes(file);
    int start = 0;
    int lineNo = 0;
    boolean headerSeen = false;
    boolean blankNoted = false;
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
          return start;
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
              "journal "
                  + file
                  + " line "
                  + lineNo
                  + " is blank: samplesize writes none, so the file was edited; a model whose line"
                  + " was emptied is trained again");
          blankNoted = true;
        }
        continue;
      }
      JsonNode n;
      try {
        n = MAPPER.readTree(line);
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
              "journal "
                  + file
                  + " line "
                  + lineNo
                  + ": the first line must describe the experiment. The file was edited or"
                  + " damaged: restore its first line, or choose another --out");
        }
        String refusal =
            n.path("format").asInt(1) < FORMAT
                ? "the output folder "
                    + file.toAbsolutePath().getParent()
                    + " holds an experiment begun by an earlier samplesize whose journal lines"
                    + " carry no checksum (journal format "
                    + n.path("format").asInt(1)
                    + ", now "
                    + FORMAT
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
          return 0;
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
        r = MAPPER.treeToValue(n, ModelRecord.class);
      } catch (JsonProcessingException | IllegalArgumentException | NullPointerException e) {
        throw damaged(file, lineNo, "not a model record (" + e.getMessage() + ")");
      }
      String mismatch = JournalPlanCheck.mismatch(r, plan, added);
      if (mismatch != null) {
        throw refused(file, lineNo, mismatch, deleteLine);
      }
      if (done.putIfAbsent(r.id(), r) != null) {
        throw damaged(file, lineNo, "model '" + r.id() + "' is journaled twice");
      }
    }
    if (!headerSeen) {
      // Nothing but blank lines (emptied with "echo > journal.jsonl"): an empty journal, which
      // gets its first line.
      return 0;
    }
    return bytes.length;
  }

  private static boolean endsWithNewline(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      if (ch.size() == 0) {
        return true;
      }
      ByteBuffer last = ByteBuffer.allocate(1);
      ch.read(last, ch.size() - 1);
      return last.get(0) == '\n';
    }
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
    // A last line without its line end counts when its checksum holds (readExisting keeps it).
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

  private static InvalidInputException damaged(Path file, int line, String what) {
    return new InvalidInputException(
        "journal "
            + file
            + " line "
            + line
            + ": "
            + what
            + ". The file was edited or damaged: repair or delete that line, or choose another"
            + " --out");
  }

  private static InvalidInputException refused(Path file, int line, String what, String todo) {
    return new InvalidInputException(
        "journal "
            + file
            + " line "
            + line
            + ": "
            + what
            + "; "
            + todo
            + ", or choose another --out");
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

  /**
   * @param id a job id
   * @return true when that model is already journaled
   */
  public boolean isDone(String id) {
    return records.containsKey(id);
  }

  /**
   * @return every journaled model, in the order they finished
   */
  public List<ModelRecord> records() {
    return Collections.unmodifiableList(new ArrayList<>(records.values()));
  }

  /**
   * @return the adaptive steps journaled, in order (empty for a run without {@code until-width})
   */
  public List<AdaptiveStep> steps() {
    return List.copyOf(steps);
  }

  /**
   * Journals an adaptive step before its models are trained, and forces it to the disk.
   *
   * @param step the step; its number must follow the last journaled one
   * @throws IllegalArgumentException when the number is out of order or a model is journaled
   * @throws IllegalStateException when the journal is closed
   */
  public void appendStep(AdaptiveStep step) {
    if (closed) {
      throw new IllegalStateException("Journal is closed: " + file);
    }
    if (step.step() != steps.size() + 1) {
      throw new IllegalArgumentException(
          "adaptive step " + step.step() + " does not follow step " + steps.size());
    }
    try {
      writeLine(JournalLines.seal(MAPPER.writeValueAsString(AdaptiveStepLine.toJson(step))));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to the journal " + file, e);
    }
    steps.add(step);
  }

  /**
   * @return the journal file
   */
  public Path file() {
    return file;
  }

  /**
   * Appends one finished model and forces it to the disk before returning.
   *
   * @param r the model
   * @throws IllegalArgumentException when a model with that id is already journaled
   * @throws IllegalStateException when the journal is closed
   */
  public void append(ModelRecord r) {
    if (closed) {
      throw new IllegalStateException("Journal is closed: " + file);
    }
    if (records.containsKey(r.id())) {
      throw new IllegalArgumentException("model '" + r.id() + "' is already journaled");
    }
    try {
      ObjectNode n = MAPPER.createObjectNode();
      n.put("kind", "model");
      n.setAll((ObjectNode) MAPPER.valueToTree(r));
      writeLine(JournalLines.seal(MAPPER.writeValueAsString(n)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to the journal " + file, e);
    }
    records.put(r.id(), r);
  }

  private void writeLine(String json) throws IOException {
    if (json.indexOf('\n') >= 0) {
      throw new IllegalStateException("journal line contains a newline");
    }
    ByteBuffer buf = ByteBuffer.wrap((json + "\n").getBytes(StandardCharsets.UTF_8));
    while (buf.hasRemaining()) {
      channel.write(buf);
    }
    // Data and size: an appended line is only durable once the file length is too.
    channel.force(true);
  }

  /** Makes a new directory entry durable (Linux allows fsync on a directory; others may not). */
  private static void forceDirectory(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Not supported on this platform or file system; the file's own force still holds its data.
    }
  }

  /** Closes the file. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the journal " + file, e);
    }
  }
}
