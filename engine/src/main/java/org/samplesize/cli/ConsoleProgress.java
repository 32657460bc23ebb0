package org.samplesize.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.samplesize.ProgressListener;

/**
 * The command line's progress display, shared by every command: one live bar per stage (stage name,
 * done / total, rate, ETA) on a terminal, and plain log lines otherwise.
 *
 * <p>Three modes:
 *
 * <ul>
 *   <li>{@link Mode#BAR}: a live progress bar (me.tongfei progressbar) on standard error; notes are
 *       printed above it.
 *   <li>{@link Mode#LINES}: plain log lines, for logs and pipes: a line when a stage starts, at
 *       most one progress line every {@code lineIntervalMillis} (done / total, rate, ETA), and a
 *       line when it ends.
 *   <li>{@link Mode#QUIET}: only stage starts, stage ends and notes.
 * </ul>
 *
 * <p>Thread-safe: workers may call {@link #advance(long)} concurrently. Close it when the command
 * ends (closing twice is harmless); using it after {@link #close()} throws {@link
 * IllegalStateException}.
 */
public final class ConsoleProgress implements ProgressListener, AutoCloseable {

  /** How progress is shown. */
  public enum Mode {
    /** A live progress bar (interactive terminal). */
    BAR,
    /** Plain log lines with periodic progress. */
    LINES,
    /** Stage starts, ends and notes only. */
    QUIET
  }

  private static final long DEFAULT_LINE_INTERVAL_MILLIS = 5_000;

  private final PrintStream out;
  private final Mode mode;
  private final LongSupplier nanoClock;
  private final long lineIntervalNanos;

  private ProgressBar bar;
  private String stage;
  private final java.util.Set<String> notesShown = new java.util.HashSet<>();
  private String unit = "";
  private long total = -1;
  private long done;
  private long stageStartNanos;
  private long lastLineNanos;
  private boolean closed;

  /**
   * The display a command should use: a live bar when standard error is a terminal and {@code
   * quiet} is off, plain log lines when it is not a terminal, and only stage lines with {@code
   * quiet}.
   *
   * @param quiet the user asked for {@code --quiet}
   * @return a display writing to {@code System.err}
   */
  public static ConsoleProgress forConsole(boolean quiet) {
    Mode mode = quiet ? Mode.QUIET : System.console() != null ? Mode.BAR : Mode.LINES;
    return new ConsoleProgress(System.err, mode, System::nanoTime, DEFAULT_LINE_INTERVAL_MILLIS);
  }

  /**
   * A display with explicit mode and clock (tests use a fake clock).
   *
   * @param out where to write
   * @param mode how to show progress
   * @param nanoClock a monotonic clock in nanoseconds
   * @param lineIntervalMillis at least this long between two progress lines in {@link Mode#LINES}
   */
  public ConsoleProgress(
      PrintStream out, Mode mode, LongSupplier nanoClock, long lineIntervalMillis) {
    if (lineIntervalMillis < 0) {
      throw new IllegalArgumentException(
          "lineIntervalMillis must be >= 0, got " + lineIntervalMillis);
    }
    this.out = java.util.Objects.requireNonNull(out, "out");
    this.mode = java.util.Objects.requireNonNull(mode, "mode");
    this.nanoClock = java.util.Objects.requireNonNull(nanoClock, "nanoClock");
    this.lineIntervalNanos = lineIntervalMillis * 1_000_000L;
  }

  /**
   * @return how this display shows progress
   */
  public Mode mode() {
    return mode;
  }

  @Override
  public synchronized void stage(String name, long total, String unit) {
    checkOpen();
    finishStage();
    this.stage = name;
    this.total = total;
    this.unit = unit == null ? "" : unit;
    this.done = 0;
    this.stageStartNanos = nanoClock.getAsLong();
    this.lastLineNanos = stageStartNanos;
    if (mode == Mode.BAR) {
      ProgressBarBuilder b =
          new ProgressBarBuilder()
              .setTaskName(name)
              .setInitialMax(total)
              .setStyle(ProgressBarStyle.ASCII)
              .setConsumer(new ConsoleProgressBarConsumer(out))
              .setUpdateIntervalMillis(200)
              .setUnit(" " + this.unit, 1)
              .showSpeed(speedFormat());
      bar = b.build();
    } else {
      out.println(
          "samplesize: "
              + name
              + (total >= 0 ? ": " + count(total, this.unit) : "")
              + (total >= 0 ? "" : " ..."));
      out.flush();
    }
  }

  @Override
  public synchronized void advance(long n) {
    checkOpen();
    if (n < 0) {
      throw new IllegalArgumentException("advance must be >= 0, got " + n);
    }
    if (stage == null) {
      return; // progress before any stage: nothing to attach it to
    }
    done += n;
    if (bar != null) {
      bar.stepBy(n);
      return;
    }
    if (mode == Mode.LINES) {
      long now = nanoClock.getAsLong();
      if (now - lastLineNanos >= lineIntervalNanos && (total < 0 || done < total)) {
        lastLineNanos = now;
        out.println("samplesize: " + stage + ": " + describe(now));
        out.flush();
      }
    }
  }

  /**
   * Prints a note; a note printed before by this display is not printed again. Two passes of one
   * run (the pooled features, then the fine-tuning cut's activations) each open a session and read
   * the same images, and said the same execution-provider fallback and the same skipped files
   * twice.
   */
  @Override
  public synchronized void note(String message) {
    checkOpen();
    if (!notesShown.add(message)) {
      return;
    }
    if (bar != null) {
      // Clear the bar's line, print the note, and let the bar redraw below it.
      out.print("\r\033[K");
      out.println(message);
      out.flush();
      bar.refresh();
    } else {
      out.println("samplesize: " + message);
      out.flush();
    }
  }

  @Override
  public synchronized void endStage() {
    checkOpen();
    finishStage();
  }

  /**
   * Closes the display after the command failed or was stopped: the stage still open ends with
   * "stopped after" its count, not "done" (a --spark run stopped by Ctrl-C, or refused partway
   * through training, printed "training: done, 3 models in 0.6 s" before its error line).
   * Idempotent with {@link #close()}.
   */
  public synchronized void stop() {
    if (closed) {
      return;
    }
    if (stage != null) {
      if (bar != null) {
        bar.close();
        bar = null;
      }
      double secs = (nanoClock.getAsLong() - stageStartNanos) / 1e9;
      out.println(
          "samplesize: "
              + stage
              + ": stopped after "
              + (total >= 0
                  ? String.format(Locale.ROOT, "%,d", done) + " of " + count(total, unit)
                  : count(done, unit))
              + String.format(Locale.ROOT, " in %.1f s", secs));
      out.flush();
      stage = null;
    }
    closed = true;
  }

  /** Ends the current stage, if any. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    finishStage();
    closed = true;
  }

  private void finishStage() {
    if (stage == null) {
      return;
    }
    long now = nanoClock.getAsLong();
    if (bar != null) {
      if (total >= 0 && done < total) {
        bar.maxHint(done); // a stage may end early (skipped work); show it as complete
      }
      bar.close();
      bar = null;
    } else {
      double secs = (now - stageStartNanos) / 1e9;
      StringBuilder sb = new StringBuilder("samplesize: ").append(stage).append(": done");
      if (done > 0) {
        sb.append(", ").append(count(done, unit));
      }
      sb.append(String.format(Locale.ROOT, " in %.1f s", secs));
      if (done > 0 && secs > 0) {
        sb.append(String.format(Locale.ROOT, " (%s %s/s)", rate(done / secs), unit));
      }
      out.println(sb);
      out.flush();
    }
    stage = null;
  }

  /**
   * A count and its unit, the unit in the singular for one, thousands separated: "1 model", "20
   * models", "14,855 img". Units are given in the plural (models, files, steps) or as symbols (img,
   * B), which stay.
   */
  static String count(long n, String unit) {
    boolean plural = unit.length() > 2 && unit.endsWith("s") && !unit.endsWith("ss");
    return String.format(Locale.ROOT, "%,d", n)
        + " "
        + (n == 1 && plural ? unit.substring(0, unit.length() - 1) : unit);
  }

  private String describe(long now) {
    double secs = (now - stageStartNanos) / 1e9;
    double perSec = secs > 0 ? done / secs : 0;
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%,d", done));
    if (total >= 0) {
      sb.append('/').append(String.format(Locale.ROOT, "%,d", total));
    }
    sb.append(' ').append(unit);
    if (total > 0) {
      sb.append(String.format(Locale.ROOT, " (%d%%)", Math.round(100.0 * done / total)));
    }
    sb.append(", ").append(rate(perSec)).append(' ').append(unit).append("/s");
    if (total >= 0 && perSec > 0) {
      long etaSecs = Math.round((total - done) / perSec);
      sb.append(", ETA ").append(formatDuration(Duration.ofSeconds(etaSecs)));
    }
    return sb.toString();
  }

  private static String rate(double perSec) {
    return perSec >= 100
        ? String.format(Locale.ROOT, "%,.0f", perSec)
        : String.format(Locale.ROOT, "%.1f", perSec);
  }

  static String formatDuration(Duration d) {
    long s = d.getSeconds();
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("ConsoleProgress is closed");
    }
  }

  /**
   * The bar's speed, e.g. {@code 12.5}: with a decimal point whatever the locale, as every other
   * number printed (a German locale showed {@code 12,5}).
   */
  static java.text.DecimalFormat speedFormat() {
    return new java.text.DecimalFormat(
        "#.#", java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT));
  }
}
