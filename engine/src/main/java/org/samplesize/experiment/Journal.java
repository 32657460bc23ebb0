package org.samplesize.experiment;

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
 * survives a crash or {@code kill -9}. A write that fails part way (a full disk) is cut back off,
 * so the file keeps only whole lines. A process killed in the middle of a write leaves at most one
 * unterminated last line; {@link #open} drops it (that model was in flight, it is trained again).
 *
 * <p>This class owns the open file and what is appended to it; reading and checking the lines of an
 * existing journal is {@link JournalReader}'s, the adaptive step line's fields {@link
 * AdaptiveStepLine}'s and every line's checksum {@link JournalLines}'s.
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
        JournalReader.Contents held = JournalReader.read(file, identity, plan, progress);
        done.putAll(held.records());
        steps.addAll(held.steps());
        long keep = held.keep();
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
    appendWhole(channel, (json + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Appends one line and forces it to the disk, or leaves the file as it was: a write that fails
   * part way (the disk filled up) is cut back off, so the journal keeps only whole lines and the
   * caller, which is told it failed, does not count that model as journaled. Cutting back needs no
   * space; should it fail too, the unfinished last line is dropped by the next {@link #open}.
   */
  static void appendWhole(FileChannel channel, byte[] line) throws IOException {
    long before = channel.size();
    try {
      ByteBuffer buf = ByteBuffer.wrap(line);
      while (buf.hasRemaining()) {
        channel.write(buf);
      }
      // Data and size: an appended line is only durable once the file length is too.
      channel.force(true);
    } catch (IOException e) {
      try {
        channel.truncate(before);
        channel.force(true);
      } catch (IOException | RuntimeException cut) {
        e.addSuppressed(cut);
      }
      throw e;
    }
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
