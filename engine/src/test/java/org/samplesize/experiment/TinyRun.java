package org.samplesize.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.samplesize.cli.Cli;

/**
 * The flags of a {@code samplesize run} on small fixtures ({@link TinyData}), and a way to run
 * them. A test starts from {@link #of} and one of the presets its kind of run shares with others
 * ({@link #head}, {@link #pinnedHead}, {@link #fineTune}, {@link #pinnedFineTune}, {@link
 * #twoModels}), and states only what it changes: {@link #with(String, String)} sets a flag (in
 * place when it is there already), {@link #and(String...)} appends flags as given. Each instance is
 * immutable.
 */
public final class TinyRun {
  private final List<String> args;

  private TinyRun(List<String> args) {
    this.args = List.copyOf(args);
  }

  /**
   * The flags every run here gives: the images, the model, the output and cache folders, and {@code
   * --quiet}; everything else keeps its default.
   *
   * @param data the image folder
   * @param model the model, as {@code --model} takes it
   * @param out the output folder
   * @param cache the cache folder
   * @return the flags
   */
  public static TinyRun of(Path data, String model, Path out, Path cache) {
    return new TinyRun(
        List.of(
            "--data",
            data.toString(),
            "--model",
            model,
            "--out",
            out.toString(),
            "--cache",
            cache.toString(),
            "--quiet"));
  }

  /**
   * The flags every run here gives, with the model as a file.
   *
   * @param data the image folder
   * @param model the model file
   * @param out the output folder
   * @param cache the cache folder
   * @return the flags
   */
  public static TinyRun of(Path data, Path model, Path out, Path cache) {
    return of(data, model.toString(), out, cache);
  }

  /**
   * A head curve on {@link TinyData} that trains in a second or two: 70% of the images for
   * training, 2 threads, learning rate 0.05, 30 epochs.
   *
   * @return these flags with those
   */
  public TinyRun head() {
    return with("--train-fraction", "0.7")
        .with("--threads", "2")
        .with("--learning-rate", "0.05")
        .with("--epochs", "30");
  }

  /**
   * The head run whose numbers are recorded in {@code pinned-head.csv} (on {@code
   * TinyData.images(dir, 40, 7)}): {@link #head} at fractions 0.1, 0.25, 0.5 and 1 with 3 repeats.
   *
   * @return these flags with those
   */
  public TinyRun pinnedHead() {
    return head().with("--fractions", "0.1,0.25,0.5,1.0").with("--repeats", "3");
  }

  /**
   * A fine-tuning run on tiny images (of a real MobileNetV2: the tiny model has no block to
   * fine-tune): half of them for training, 2 threads; the plan is the caller's.
   *
   * @return these flags with those
   */
  public TinyRun fineTune() {
    return with("--train-fraction", "0.5").with("--threads", "2").with("--fine-tune");
  }

  /**
   * The fine-tuning run whose numbers are recorded in {@code pinned-fine-tune.csv} (int8
   * MobileNetV2 on {@code TinyData.images(dir, 8, 3)}): {@link #fineTune} at fractions 0.5 and 1,
   * one repeat, 3 epochs.
   *
   * @return these flags with those
   */
  public TinyRun pinnedFineTune() {
    return fineTune().with("--fractions", "0.5,1.0").with("--repeats", "1").with("--epochs", "3");
  }

  /**
   * Two models, one at half and one at all of the training images (70% of the images), 5 epochs:
   * the least run that trains, fits and reports.
   *
   * @return these flags with those
   */
  public TinyRun twoModels() {
    return with("--fractions", "0.5,1")
        .with("--repeats", "1")
        .with("--train-fraction", "0.7")
        .with("--epochs", "5");
  }

  /**
   * These flags with {@code flag} set to {@code value}: replaced where it is given already, else
   * added at the end.
   *
   * @param flag a flag that takes a value, e.g. {@code --epochs}
   * @param value its value
   * @return the changed flags
   */
  public TinyRun with(String flag, String value) {
    List<String> a = new ArrayList<>(args);
    int at = a.indexOf(flag);
    if (at < 0) {
      a.add(flag);
      a.add(value);
    } else {
      a.set(at + 1, value);
    }
    return new TinyRun(a);
  }

  /**
   * These flags with the switch {@code flag} on.
   *
   * @param flag a flag without a value, e.g. {@code --fine-tune}
   * @return the changed flags
   */
  public TinyRun with(String flag) {
    return args.contains(flag) ? this : and(flag);
  }

  /**
   * These flags with {@code more} appended as given.
   *
   * @param more flags and values
   * @return the longer flags
   */
  public TinyRun and(String... more) {
    List<String> a = new ArrayList<>(args);
    a.addAll(List.of(more));
    return new TinyRun(a);
  }

  /**
   * The flags, without the command name.
   *
   * @return a new, modifiable list
   */
  public List<String> list() {
    return new ArrayList<>(args);
  }

  /**
   * Runs {@code samplesize run} with these flags.
   *
   * @return its exit code and output
   */
  public Cli.Result run() {
    return run(args);
  }

  /**
   * Runs {@code samplesize run} with {@code args}.
   *
   * @param args the flags, without the command name
   * @return its exit code and output
   */
  public static Cli.Result run(List<String> args) {
    List<String> all = new ArrayList<>(List.of("run"));
    all.addAll(args);
    return Cli.run(all.toArray(String[]::new));
  }

  /**
   * Runs {@code samplesize run} with {@code args}.
   *
   * @param args the flags, without the command name
   * @return its exit code and output
   */
  public static Cli.Result run(String... args) {
    return run(List.of(args));
  }
}
