package org.samplesize.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.samplesize.InvalidInputException;
import org.samplesize.features.ModelCard;
import org.samplesize.io.StorageUris;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Flags shared by {@code features} and {@code bench}: the model, its card overrides ({@link
 * CardOverrideOptions}, which {@code run} shares too), the mirror. Each command declares its own
 * {@code --cache}: their defaults differ.
 */
final class ModelOptions {
  @Option(
      names = "--model",
      paramLabel = "NAME|FILE",
      description =
          "Built-in card name, a card file (JSON or YAML) or an ONNX file (default: ${DEFAULT-VALUE}).",
      defaultValue = ModelCard.DEFAULT)
  String model;

  @Mixin CardOverrideOptions overrides;

  @Option(
      names = "--jpeg-dct-scaling",
      negatable = true,
      description =
          "Decode a JPEG several times larger than the input at 1/2, 1/4 or 1/8 size inside the"
              + " JPEG decoder (like PIL's draft mode): much faster for large photos, not"
              + " bit-identical with a full decode; recorded in the cache provenance (default:"
              + " the card's setting, off in the built-in cards).")
  Boolean jpegDctScaling;

  @Option(
      names = "--exif-orientation",
      negatable = true,
      description =
          "Turn and mirror each image as its EXIF orientation tag says (as PIL's"
              + " ImageOps.exif_transpose does) before the resize; recorded in the cache provenance"
              + " (default: the card's setting, off in the built-in cards, as TensorFlow's"
              + " decode_jpeg ignores the tag).")
  Boolean exifOrientation;

  @Option(
      names = "--mirror",
      paramLabel = "DIR",
      description =
          "Offline mirror with models/<file> (default: $SAMPLESIZE_MIRROR, else shared/data"
              + " beside the samplesize folder).")
  Path mirror;

  /**
   * Refuses a mirror that is not a folder before any work: otherwise a mistyped one is passed over
   * without a word until something is missing from it, and that is reported as a failed download.
   *
   * @param where what names the mirror in the message, e.g. {@code --mirror}
   * @param dir the mirror given, or null (none given: nothing to check)
   * @throws InvalidInputException when {@code dir} is not a folder, or is empty where a flag or a
   *     settings file gave it
   */
  static void checkMirror(String where, String dir) {
    if (dir != null && dir.isBlank() && !where.startsWith("$")) {
      // An empty path ("$MIRROR" unset) is the current folder, which was then searched for the
      // data set and refused as "mirror  holds neither ...". An empty variable is no mirror.
      throw new InvalidInputException(
          where
              + " is empty: give the offline mirror folder (laid out like shared/data: flowers/,"
              + " fashion-mnist/, models/), or leave the mirror out");
    }
    if (dir == null || dir.isBlank() || StorageUris.hasScheme(dir)) {
      return; // a Hadoop FileSystem URI (run --spark) is checked where it is copied
    }
    Path p;
    try {
      p = Path.of(dir);
    } catch (java.nio.file.InvalidPathException e) {
      throw new InvalidInputException(where + " " + dir + " is not a valid path: " + e.getReason());
    }
    if (!Files.isDirectory(p)) {
      // A settings file's relative path is read from the current folder, not the file's: say
      // where it was looked for, as a settings file's data and model are.
      boolean relativeInFile = where.startsWith("config file ") && !p.isAbsolute();
      throw new InvalidInputException(
          where
              + " "
              + dir
              + (relativeInFile ? lookedFor(p) : "")
              + (Files.exists(p) ? " is a file, not a folder" : ": no such folder")
              + (relativeInFile ? RELATIVE_IN_FILE : "")
              + "; give the offline mirror folder (laid out like shared/data: flowers/,"
              + " fashion-mnist/, models/), or "
              + (where.startsWith("$") ? "unset it" : "leave the mirror out"));
    }
  }

  /**
   * Refuses {@code $SAMPLESIZE_MIRROR} naming no folder, when no mirror was given otherwise (it is
   * used only then): as {@link #checkMirror}, so that a mistyped variable is not passed over and
   * met later as a failed download.
   *
   * @param given the mirror given by flag or settings file, or null
   * @param env the environment variables
   * @throws InvalidInputException when the variable is set and names no folder
   */
  static void checkMirrorEnv(String given, java.util.Map<String, String> env) {
    if (given == null || given.isBlank()) {
      checkMirror("$" + org.samplesize.data.Mirror.ENV, env.get(org.samplesize.data.Mirror.ENV));
    }
  }

  /**
   * Refuses a settings file's {@code data} that names no folder and no built-in data set, saying
   * where a relative path was looked for: a settings file's paths are read from the current folder,
   * not the file's, and a leading {@code ~} is not expanded there (no shell reads it).
   *
   * @param where where the file gave it, e.g. {@code config file run.yaml line 2, column 7: setting
   *     'data' =}
   * @param data its {@code data} value, or null
   * @throws InvalidInputException when {@code data} names nothing usable
   */
  static void checkConfigData(String where, String data) {
    if (data == null
        || data.isBlank()
        || org.samplesize.data.DatasetResolver.isBuiltIn(data)
        || StorageUris.hasScheme(data)) {
      return;
    }
    Path p;
    try {
      p = Path.of(data);
    } catch (java.nio.file.InvalidPathException e) {
      return; // the data set resolver names it
    }
    if (Files.isDirectory(p)) {
      return;
    }
    throw new InvalidInputException(
        where
            + " "
            + data
            + lookedFor(p)
            + (Files.exists(p) ? " is a file, not a folder" : ": no such folder")
            + inFileAdvice(p, data)
            + "; data takes ROOT/<class>/<image>, tf_flowers or fashion_mnist");
  }

  /**
   * Refuses a settings file's {@code model} that is no built-in card name and names no file (or
   * names a folder for a file, or a file of no model kind), naming the file, line and column as the
   * file's other refused values are (the card loader, later, knows only the value), and saying
   * where a relative path was looked for.
   *
   * @param where where the file gave it, e.g. {@code config file run.yaml line 2, column 8: setting
   *     'model' =}
   * @param model its {@code model} value, or null
   * @throws InvalidInputException when {@code model} names nothing usable
   */
  static void checkConfigModel(String where, String model) {
    if (model == null
        || model.isBlank()
        || ModelCard.builtInNames().contains(model.strip())
        || StorageUris.hasScheme(model)) {
      return;
    }
    Path p;
    try {
      p = Path.of(model.strip());
    } catch (java.nio.file.InvalidPathException e) {
      return; // the card loader names it
    }
    boolean file = ModelCard.namesFile(model);
    // What is there but is no model: the card loader's refusals name the --model flag.
    String there =
        !Files.exists(p)
            ? null
            : file && Files.isDirectory(p)
                ? " is a folder, not a file"
                : !file && Files.isRegularFile(p) ? " is a file but not a model" : "";
    if ("".equals(there)) {
      return;
    }
    throw new InvalidInputException(
        where
            + " "
            + model
            + (there != null
                ? there
                : file
                    ? lookedFor(p) + ": no such file" + inFileAdvice(p, model)
                    : ": unknown model")
            + "; model takes a built-in card name ("
            + String.join(", ", ModelCard.builtInNames())
            + "), a card file (.json/.yaml) or an .onnx file");
  }

  /** Said of a relative path in a settings file that names nothing. */
  private static final String RELATIVE_IN_FILE =
      "; a relative path in a settings file is read from the current folder: write the full path,"
          + " or run from the folder it is relative to";

  /**
   * @param p a path a settings file gave
   * @return where a relative one was looked for, e.g. {@code " (/home/me/photos)"}; nothing for an
   *     absolute one
   */
  private static String lookedFor(Path p) {
    return p.isAbsolute() ? "" : " (" + p.toAbsolutePath().normalize() + ")";
  }

  /**
   * @param p a path a settings file gave, which names nothing
   * @param value the path as written
   * @return what to do about it: a leading {@code ~} is not expanded (no shell reads the file), a
   *     relative path is read from the current folder; nothing for an absolute path
   */
  private static String inFileAdvice(Path p, String value) {
    return value.startsWith("~")
        ? "; a leading ~ is not expanded in a settings file: write the full path"
        : p.isAbsolute() ? "" : RELATIVE_IN_FILE;
  }

  /**
   * @return {@code --feature-tensor} when it was given (its tensor is the flag's, not the card's),
   *     else null
   */
  org.samplesize.SettingSource featureTensorSource() {
    return overrides.featureTensor == null
        ? null
        : org.samplesize.SettingSource.flag("--feature-tensor");
  }

  /** The card with every override applied. */
  ModelCard card() {
    return overrides
        .overrides()
        .withSwitches(jpegDctScaling, exifOrientation)
        .applyTo(ModelCard.load(model));
  }
}
