package org.samplesize.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.train.TrainingDevices;

/**
 * Mistakes on the command line and in output paths: one line in plain words and where the help is,
 * exit 2, nothing on standard output, and no work done first.
 */
class CliErrorsTest {
  @TempDir Path dir;

  record Result(int code, String out, List<String> err) {}

  static Result run(String... args) {
    Cli.Result r = Cli.run(args);
    return new Result(r.code(), r.out(), r.err().lines().toList());
  }

  /** Asserts exit 2, nothing on stdout and exactly one line: the error and the help pointer. */
  private static void assertParseError(String command, String message, String... args) {
    Result r = run(args);
    assertEquals(Main.EXIT_USER_ERROR, r.code(), String.join("\n", r.err()));
    assertEquals("", r.out(), "no usage dump");
    String name = command.isEmpty() ? "samplesize" : "samplesize " + command;
    assertEquals(
        List.of(name + ": error: " + message + " (see '" + name + " --help')"),
        r.err(),
        String.join("\n", r.err()));
  }

  @Test
  void anUnknownOptionIsOneLineWithoutTheUsage() {
    // A name close to no option (run's --bootstrap makes picocli suggest it for --bogus).
    assertParseError("run", "unknown option '--xyzzy'", "run", "--xyzzy");
    assertParseError("", "unknown option '--bogus'", "--bogus");
    assertParseError("bench", "unknown options '--x', '--y'", "bench", "--data", "d", "--x", "--y");
  }

  /**
   * A word far from every command got picocli's nearest one ('nosuch': "Did you mean: bench?"), and
   * {@code help} with a misspelt command no suggestion at all ("unknown subcommand 'fitt'").
   */
  @Test
  void anUnknownCommandNamesTheCommandsAndOnlyCloseOnesAsSuggestions() {
    String all = "the commands are run, fit, features, bench, inspect, completion, help";
    assertParseError("", "unknown command 'nosuch': " + all, "nosuch");
    assertParseError("", "unknown command 'fitt' (did you mean fit?): " + all, "help", "fitt");
    assertParseError("", "unknown command 'nosuch': " + all, "help", "nosuch");
    assertParseError("", "unknown command 'feat' (did you mean fit or features?): " + all, "feat");
    assertParseError("", "unknown command 'f' (did you mean fit or features?): " + all, "f");
  }

  @Test
  void anOptionOfAnotherCommandNamesThatCommand() {
    assertParseError(
        "fit", "unknown option '--spark': an option of 'run' only", "fit", "--spark", "local[2]");
    assertParseError(
        "inspect", "unknown option '--spark=x': an option of 'run' only", "inspect", "--spark=x");
  }

  @Test
  void aMisspeltOptionOrCommandGetsPicoclisSuggestion() {
    assertParseError("run", "unknown option '--sed'. Did you mean: --seed?", "run", "--sed", "3");
    assertParseError(
        "run",
        "unknown option '--taget'. Did you mean: --target or --target-recall?",
        "run",
        "--taget",
        "0.9");
    assertParseError(
        "",
        "unknown command 'runn' (did you mean run?): the commands are run, fit, features, bench,"
            + " inspect, completion, help",
        "runn");
    assertParseError(
        "run",
        "unexpected argument 'foo': this command takes only options, each value after its option"
            + " (--name value)",
        "run",
        "foo");
    // A list split by a space: the second value is the stray argument.
    assertParseError(
        "run",
        "unexpected argument '0.1': this command takes only options, each value after its option"
            + " (--name value); --fractions takes its values separated by commas, without spaces:"
            + " --fractions 0.05,0.1",
        "run",
        "--fractions",
        "0.05",
        "0.1");
    assertParseError(
        "run",
        "unexpected argument '0.9': this command takes only options, each value after its option"
            + " (--name value); --target takes its values separated by commas, without spaces:"
            + " --target 0.85,0.9",
        "run",
        "--target",
        "0.85,",
        "0.9");
    // A value after a switch: it said only "unexpected argument 'yes'".
    assertParseError(
        "run",
        "unexpected argument 'yes': this command takes only options, each value after its option"
            + " (--name value); --validate is a switch and takes no value: write --validate or"
            + " --no-validate, without yes",
        "run",
        "--validate",
        "yes");
    assertParseError(
        "run",
        "unexpected argument 'no': this command takes only options, each value after its option"
            + " (--name value); --no-validate is a switch and takes no value: write --validate or"
            + " --no-validate, without no",
        "run",
        "--no-validate",
        "no");
    // The stray value also an earlier option's: the switch is still found.
    assertParseError(
        "run",
        "unexpected argument '1': this command takes only options, each value after its option"
            + " (--name value); --validate is a switch and takes no value: write --validate or"
            + " --no-validate, without 1",
        "run",
        "--seed",
        "1",
        "--validate",
        "1");
    // Every value of the list is in the hint, not the first two: the default has four fractions.
    assertParseError(
        "run",
        "unexpected arguments '0.1', '0.25', '0.5': this command takes only options, each value"
            + " after its option (--name value); --fractions takes its values separated by commas,"
            + " without spaces: --fractions 0.05,0.1,0.25,0.5",
        "run",
        "--fractions",
        "0.05",
        "0.1",
        "0.25",
        "0.5");
    assertParseError(
        "run",
        "unexpected arguments '0.9,', '0.95': this command takes only options, each value after"
            + " its option (--name value); --target takes its values separated by commas, without"
            + " spaces: --target 0.85,0.9,0.95",
        "run",
        "--target",
        "0.85,",
        "0.9,",
        "0.95");
    // The option given as --name=value, and a stray value that an earlier option also has.
    assertParseError(
        "run",
        "unexpected argument '0.1': this command takes only options, each value after its option"
            + " (--name value); --fractions takes its values separated by commas, without spaces:"
            + " --fractions 0.05,0.1",
        "run",
        "--fractions=0.05",
        "0.1");
    assertParseError(
        "run",
        "unexpected argument '0.9': this command takes only options, each value after its option"
            + " (--name value); --fractions takes its values separated by commas, without spaces:"
            + " --fractions 0.05,0.9",
        "run",
        "--target",
        "0.9",
        "--fractions",
        "0.05",
        "0.9");
    // Picocli checks required options first; the misspelling is the more useful message.
    assertParseError(
        "fit",
        "unknown option '--outt'. Did you mean: --out?",
        "fit",
        "--results",
        "r.csv",
        "--outt",
        "o");
  }

  @Test
  void typeJargonIsPutInPlainWords() {
    assertParseError("run", "--seed: 'abc' must be a whole number", "run", "--seed", "abc");
    assertParseError("run", "--repeats: 'x' must be a whole number", "run", "--repeats", "x");
    assertParseError(
        "fit",
        "--bootstrap: 'many' must be a whole number from 0 (off) to 100000",
        "fit",
        "--results",
        "r.csv",
        "--out",
        "o",
        "--bootstrap",
        "many");
    assertParseError(
        "fit",
        "--bootstrap: '99999999999' is outside the valid range: a whole number from 0 (off) to"
            + " 100000",
        "fit",
        "--results",
        "r.csv",
        "--out",
        "o",
        "--bootstrap",
        "99999999999");
    assertParseError(
        "run", "--fractions: '0.1x' must be a number", "run", "--fractions", "0.05,0.1x");
    assertParseError(
        "run", "--fine-tune: 'maybe' must be true or false", "run", "--fine-tune=maybe");
    assertParseError(
        "features",
        "--dtype: 'f32' must be one of FLOAT32, FLOAT16 (in any case)",
        "features",
        "--data",
        "d",
        "--out",
        "o",
        "--dtype",
        "f32");
  }

  @Test
  void repeatedAndMissingOptionsAreNamed() {
    assertParseError(
        "run",
        "--fine-tune and --no-fine-tune set the same switch: give one of them, once",
        "run",
        "--fine-tune",
        "--no-fine-tune");
    assertParseError(
        "run", "--seed is given more than once: give it once", "run", "--seed", "1", "--seed", "2");
    // A list option given twice is refused too, not joined into one list.
    assertParseError(
        "run",
        "--fractions is given more than once: give it once, with its values separated by commas",
        "run",
        "--fractions",
        "0.1,0.2",
        "--fractions",
        "0.5");
    assertParseError(
        "fit",
        "--predict is given more than once: give it once, with its values separated by commas",
        "fit",
        "--results",
        "r.csv",
        "--out",
        "o",
        "--predict",
        "100",
        "--predict",
        "200");
    assertParseError("run", "--seed needs a value", "run", "--seed");
    assertParseError(
        "run",
        "--seed needs a value, but is followed by the option '--quiet'",
        "run",
        "--seed",
        "--quiet");
    // A value that starts like an option (-h): the message does not call it an option's name.
    assertParseError(
        "fit",
        "--out needs a value, but is followed by '-h-fit', read as an option: if it is the value,"
            + " write it as ./-h-fit",
        "fit",
        "--results",
        "r.csv",
        "--out=-h-fit");
    // Only a path can be written as ./-h…: a seed that starts like an option gets no such advice.
    assertParseError(
        "run",
        "--seed needs a value, but is followed by '-h5', read as an option",
        "run",
        "--data",
        "d",
        "--out",
        "o",
        "--seed",
        "-h5");
    assertParseError("fit", "missing required options --results FILE.csv, --out DIR", "fit");
    assertParseError("fit", "missing required option --out DIR", "fit", "--results", "r.csv");
  }

  @Test
  void aListWithAnEmptyValueIsRefusedNotShortened() {
    // Picocli drops empty items at the end of a list: '0.9,' silently lost a value and ','
    // asked no question at all.
    String hint = "; separate the values by single commas, with none at either end";
    assertParseError(
        "fit",
        "--target: ',' has an empty value" + hint,
        "fit",
        "--results",
        "r.csv",
        "--out",
        "o",
        "--target",
        ",");
    assertParseError(
        "fit",
        "--predict: '2x,' has an empty value" + hint,
        "fit",
        "--results",
        "r.csv",
        "--out",
        "o",
        "--predict",
        "2x,");
    assertParseError(
        "run",
        "--fractions: '0.1,0.5,' has an empty value" + hint,
        "run",
        "--fractions",
        "0.1,0.5,");
    assertParseError(
        "run", "--family: 'pow2, ' has an empty value" + hint, "run", "--family", "pow2, ");
  }

  @Test
  void aDecimalCommaIsNamedNotSplitIntoTwoValues() {
    assertParseError(
        "fit",
        "--target: '0,95' reads as the values 0 and 95, separated by a comma; write a decimal with"
            + " a point (0.95)",
        "fit",
        "--results",
        "r.csv",
        "--out",
        "o",
        "--target",
        "0,95");
    assertParseError(
        "fit",
        "--predict: '2x,1,5x' reads as the values 1 and 5x, separated by a comma; write a decimal"
            + " with a point (1.5x)",
        "fit",
        "--results",
        "r.csv",
        "--out",
        "o",
        "--predict",
        "2x,1,5x");
    assertParseError(
        "run",
        "--fractions: '0,1,0,5' reads as the values 0 and 1, separated by a comma; write a decimal"
            + " with a point (0.1)",
        "run",
        "--fractions",
        "0,1,0,5");
  }

  @Test
  void aConfigThatIsAFolderIsNamedAsSuch() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("settings"));
    Result r = run("run", "--config", folder.toString(), "--out", dir.resolve("o").toString());
    assertUserError(
        "samplesize run: error: --config "
            + folder
            + " is a folder, not a file: give the settings file itself, e.g. the settings.yaml a"
            + " run wrote",
        r);
  }

  /** An empty path ("$CONFIG" unset) was refused as "--config is a folder", naming nothing. */
  @Test
  void anEmptyConfigOrResultsPathIsSaidToBeEmpty() {
    assertUserError(
        "samplesize run: error: --config is empty: give the settings file, e.g. the settings.yaml"
            + " a run wrote, or drop --config",
        run("run", "--config", "", "--out", dir.resolve("o").toString()));
    assertUserError(
        "samplesize fit: error: --results is empty: give the results table, e.g. the results.csv"
            + " in a run's --out folder",
        run("fit", "--results", "", "--out", dir.resolve("f").toString()));
  }

  /**
   * An empty --data, or data: "" in a settings file, read the current folder as the data set, every
   * subfolder a class: refused as empty, by every command that reads data.
   */
  @Test
  void anEmptyDataPathIsRefusedNotReadAsTheCurrentFolder() throws Exception {
    String why =
        " is empty: give a folder of class folders (ROOT/<class>/<image>), tf_flowers or"
            + " fashion_mnist";
    assertUserError(
        "samplesize run: error: --data" + why,
        run("run", "--data", "", "--out", dir.resolve("o").toString()));
    Path config = dir.resolve("empty-data.yaml");
    Files.writeString(config, "data: \"\"\n");
    assertUserError(
        "samplesize run: error: config file "
            + config
            + " line 1, column 7: setting 'data' = \"\":"
            + why,
        run("run", "--config", config.toString(), "--out", dir.resolve("o2").toString()));
    assertUserError("samplesize inspect: error: --data" + why, run("inspect", "--data", " "));
  }

  private Path aFile() throws Exception {
    Path f = dir.resolve("fit.json");
    Files.writeString(f, "{}");
    return f;
  }

  /** Runs {@code command} on a data folder that does not exist, with {@code flags} after it. */
  private Result runWithoutData(String command, String... flags) {
    List<String> args = new ArrayList<>(List.of(command, "--data", dir.resolve("none").toString()));
    args.addAll(List.of(flags));
    return run(args.toArray(String[]::new));
  }

  /**
   * Asserts that {@code command} with {@code flags} is refused with {@code message} alone before
   * the data folder (one that does not exist) is looked at.
   */
  private void assertRefusedWithoutData(String command, String message, String... flags) {
    assertUserError(
        "samplesize " + command + ": error: " + message, runWithoutData(command, flags));
  }

  /** Asserts exit {@code code} and returns the first line on standard error. */
  private static String errorLine(int code, Result r) {
    assertEquals(code, r.code(), String.join("\n", r.err()));
    return r.err().get(0);
  }

  /** Asserts exit {@code code} and exactly one line on standard error, and returns it. */
  private static String onlyErrorLine(int code, Result r) {
    assertEquals(code, r.code(), String.join("\n", r.err()));
    assertEquals(1, r.err().size(), String.join("\n", r.err()));
    return r.err().get(0);
  }

  /** Asserts exit 2 with one error line (no stack trace, no "internal error"). */
  private static void assertUserError(String expected, Result r) {
    assertEquals(Main.EXIT_USER_ERROR, r.code(), String.join("\n", r.err()));
    assertEquals(List.of(expected), r.err());
  }

  /** Asserts exit 2 with one error line that begins with {@code prefix}. */
  private static void assertUserErrorStartsWith(String prefix, Result r) {
    assertEquals(Main.EXIT_USER_ERROR, r.code(), String.join("\n", r.err()));
    assertEquals(1, r.err().size(), String.join("\n", r.err()));
    assertTrue(r.err().get(0).startsWith(prefix), r.err().get(0));
  }

  /**
   * Number flags read through picocli's converters took Java's forms: {@code --target 0.9f} and
   * {@code --fractions 0x1p-3} (a hexadecimal 0.125) ran, and {@code --repeats} read digits of
   * other scripts.
   */
  @Test
  void javaNumberFormsAreRefusedInEveryNumberFlag() {
    assertParseError(
        "run",
        "--target: '0.9f' must be a number: a type suffix (f, d) is not read; write 0.9",
        "run",
        "--target",
        "0.9f");
    assertParseError(
        "run",
        "--fractions: '0x1p-3' must be a number: hexadecimal is not read; write it in decimal,"
            + " 0.125",
        "run",
        "--fractions",
        "0.05,0x1p-3");
    assertParseError(
        "run",
        "--learning-rate: '1e-3d' must be a number: a type suffix (f, d) is not read; write 1e-3",
        "run",
        "--learning-rate",
        "1e-3d");
    assertParseError(
        "run",
        "--mean: '0.5F' must be a number: a type suffix (f, d) is not read; write 0.5",
        "run",
        "--mean",
        "0.5F,0.5,0.5");
    assertParseError(
        "run",
        "--repeats: '\u0663' must be a whole number: write it with the digits 0 to 9",
        "run",
        "--repeats",
        "\u0663");
    assertParseError(
        "run",
        "--seed: '99999999999999999999' is out of range: give a whole number from"
            + " -9223372036854775808 to 9223372036854775807",
        "run",
        "--seed",
        "99999999999999999999");
    assertParseError(
        "bench",
        "--batch: '1_0' must be a whole number: write it without '_', 10",
        "bench",
        "--data",
        "d",
        "--batch",
        "1_0");
  }

  /** A float flag read 1e39 as Infinity without a word; a double one read 1e400 so. */
  @Test
  void aNumberTooLargeForItsFlagIsRefusedAsTyped() {
    assertRefusedWithoutData(
        "run",
        "--scale: '1e39' is out of range: give a number from -3.4e38 to 3.4e38 (see 'samplesize run --help')",
        "--scale",
        "1e39");
    assertRefusedWithoutData(
        "run",
        "--mean: '1e-50' is out of range: give 0 or a number of at least 1.4e-45 in size (see 'samplesize run --help')",
        "--mean",
        "0.5,1e-50,0.5");
    assertRefusedWithoutData(
        "run",
        "--max-minutes: '1e400' is out of range: give a number from -1.8e308 to 1.8e308 (see 'samplesize run --help')",
        "--max-minutes",
        "1e400");
  }

  /** A family given twice was fitted once without a word, where a target given twice is refused. */
  @Test
  void aFamilyGivenTwiceIsRefusedAsATargetGivenTwiceIs() {
    assertRefusedWithoutData("run", "--family: pow3 is listed twice", "--family", "pow3,POW3");
  }

  @Test
  void anEmptyOutputPathIsRefusedNotTakenAsTheCurrentFolder() {
    // fit said "--out  holds files samplesize did not write (...)", naming nothing.
    assertUserError(
        "samplesize fit: error: --out is empty: give a folder path, e.g. --out out",
        run("fit", "--results", "examples/keras-recipe-results.csv", "--out", ""));
    assertUserError(
        "samplesize run: error: --out is empty: give a folder path, e.g. --out out",
        run("run", "--out", " "));
  }

  @Test
  void anOutputFolderThatIsAFileIsRefusedFirst() throws Exception {
    Path file = aFile();
    String msg = "--out " + file + " is a file, not a folder: give a folder path";
    // The results file does not exist: the --out check comes before any work.
    assertUserError(
        "samplesize fit: error: " + msg,
        run("fit", "--results", dir.resolve("none.csv").toString(), "--out", file.toString()));
    assertRefusedWithoutData("features", msg, "--out", file.toString());
    assertRefusedWithoutData("run", msg, "--out", file.toString());
    assertFalse(Files.exists(dir.resolve("none")));
  }

  @Test
  void sparkWithoutTheSparkBuildIsOneLineBeforeAnyWork() {
    // The engine's own class path has no Spark provider: --spark says where to get one, exit 2.
    Path out = dir.resolve("out");
    Result r = runWithoutData("run", "--spark", "local[2]", "--out", out.toString());
    assertUserError(
        "samplesize run: error: --spark: Spark support is not on the class path; run through"
            + " ./samplesize (it adds spark/target when --spark is given) or submit"
            + " spark/target/samplesize-spark.jar with spark-submit (see docs/scale-out.md)",
        r);
    assertFalse(Files.exists(out.resolve("journal.jsonl")));
    assertUserError(
        "samplesize run: error: --spark: give a master URL, e.g. --spark local[2] or --spark"
            + " spark://HOST:7077",
        runWithoutData("run", "--spark", " ", "--out", out.toString()));
  }

  @Test
  void anOutputFolderThatCannotBeCreatedIsAUserErrorFirst() {
    // /proc accepts no new folders, not even from root.
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isDirectory(Path.of("/proc/self")), "needs Linux /proc");
    Path out = Path.of("/proc/samplesize-test-out");
    String line =
        onlyErrorLine(Main.EXIT_USER_ERROR, runWithoutData("run", "--out", out.toString()));
    assertTrue(line.startsWith("samplesize run: error: --out " + out + ": cannot create"), line);
    assertTrue(line.endsWith("give a folder you can write to"), line);
  }

  @Test
  void aRunThatFailsLeavesNoEmptyOutputFolder() {
    Path out = dir.resolve("new/out");
    Result r = runWithoutData("run", "--out", out.toString());
    assertEquals(Main.EXIT_USER_ERROR, r.code(), String.join("\n", r.err()));
    assertFalse(Files.exists(dir.resolve("new")), "the --out check created and kept folders");
  }

  @Test
  void anOutputFolderInsideTheImagesIsRefusedBeforeAnyWork() throws Exception {
    Path images = Files.createDirectories(dir.resolve("photos").resolve("daisy")).getParent();
    Path out = images.resolve("out");
    String line =
        errorLine(
            Main.EXIT_USER_ERROR, run("run", "--data", images.toString(), "--out", out.toString()));
    assertEquals(
        "samplesize run: error: --out "
            + out
            + " is inside the image folder --data "
            + images
            + ": what is written there would become part of the data set; give --out a folder"
            + " outside it",
        line);
    assertFalse(Files.exists(out), "nothing written into the data set");
  }

  @Test
  void anOutputFolderOfTheUsersOwnFilesIsRefusedBeforeAnyWork() throws Exception {
    Path out = Files.createDirectories(dir.resolve("analysis"));
    Files.writeString(out.resolve("results.csv"), "size,accuracy\n");
    Files.writeString(out.resolve("report.html"), "<p>mine</p>");
    String line = errorLine(Main.EXIT_USER_ERROR, runWithoutData("run", "--out", out.toString()));
    assertTrue(
        line.contains(" holds files samplesize did not write (report.html, results.csv)"), line);
    assertEquals("<p>mine</p>", Files.readString(out.resolve("report.html")));
  }

  /**
   * A fit's folder given to run: the run replaced the fit's fit.json, and the results table the fit
   * read from the same folder, though fit refuses a run's folder the other way round.
   */
  @Test
  void aFitsOutputFolderIsRefusedByRunAndKeptAsItWas() throws Exception {
    Path out = Files.createDirectories(dir.resolve("refit"));
    Path table = out.resolve("results.csv");
    Files.writeString(
        table, "size,accuracy\n100,0.70\n100,0.72\n200,0.80\n200,0.81\n400,0.85\n400,0.86\n");
    Result fit =
        run("fit", "--results", table.toString(), "--out", out.toString(), "--bootstrap", "0");
    assertEquals(0, fit.code(), String.join("\n", fit.err()));
    String fitJson = Files.readString(out.resolve("fit.json"));
    String tableBefore = Files.readString(table);

    String line = errorLine(Main.EXIT_USER_ERROR, runWithoutData("run", "--out", out.toString()));
    assertTrue(
        line.contains(
            "--out "
                + out
                + " holds the output of samplesize fit (fit.json, no run journal), which a run"
                + " would replace: give run another --out, e.g. "
                + dir.resolve("refit-run")),
        line);
    assertEquals(fitJson, Files.readString(out.resolve("fit.json")));
    assertEquals(tableBefore, Files.readString(table));
  }

  /**
   * A run's folder whose journal was deleted or emptied, its results.csv still there: the run
   * started over without a word and replaced results.csv at the end, under whatever settings it was
   * given.
   */
  @Test
  void aRunsFolderThatLostItsJournalIsRefusedAndItsResultsKept() throws Exception {
    Path out = Files.createDirectories(dir.resolve("lost"));
    try (org.samplesize.io.OutputFolder claimed =
        org.samplesize.io.OutputFolder.claim("--out", out, d -> true)) {
      Files.writeString(
          out.resolve("results.csv"),
          "curve,fraction,size,repeat,accuracy\nhead,0.1,100,0,0.7\nhead,0.1,100,1,0.72\n");
    }
    String table = Files.readString(out.resolve("results.csv"));
    for (String state : List.of("missing", "empty")) {
      if (state.equals("empty")) {
        Files.writeString(out.resolve("journal.jsonl"), "");
      }
      String line = errorLine(Main.EXIT_USER_ERROR, runWithoutData("run", "--out", out.toString()));
      assertTrue(
          line.contains(
              "--out "
                  + out
                  + ": results.csv lists 2 finished models but the journal journal.jsonl, which a"
                  + " run resumes from and checks its settings against, is "
                  + state
                  + "; this run would train every model again and replace results.csv."),
          line);
      assertEquals(table, Files.readString(out.resolve("results.csv")));
    }
  }

  @Test
  void theOutputCheckNeverRemovesWhatItDidNotMake() throws Exception {
    Path link = dir.resolve("out-link");
    Files.createSymbolicLink(link, dir.resolve("target-not-yet"));
    String line = errorLine(Main.EXIT_USER_ERROR, runWithoutData("run", "--out", link.toString()));
    assertTrue(line.contains("cannot create this folder"), line);
    assertTrue(Files.isSymbolicLink(link), "the user's link was removed");
  }

  @Test
  void anUnusableExecutionProviderIsRefusedBeforeTheData() {
    org.junit.jupiter.api.Assumptions.assumeFalse(
        ai.onnxruntime.OrtEnvironment.getAvailableProviders()
            .contains(ai.onnxruntime.OrtProvider.CUDA),
        "this ONNX Runtime build has a CUDA provider (the -Pgpu build)");
    // The data folder does not exist either: the provider is checked first. An unusable provider
    // asked for by name is something outside that is unavailable, exit 3, as --device cuda is.
    String line =
        onlyErrorLine(
            Main.EXIT_UNAVAILABLE,
            runWithoutData("run", "--ep", "cuda", "--out", dir.resolve("o").toString()));
    assertTrue(line.contains("execution provider cuda was requested but is not usable here"), line);
  }

  @Test
  void anOutputBelowAFileIsRefusedFirst() throws Exception {
    Path file = aFile();
    Path below = file.resolve("sub");
    assertUserError(
        "samplesize run: error: --out "
            + below
            + ": "
            + file
            + " is a file, not a folder, so nothing can be written below it: give another path",
        runWithoutData("run", "--out", below.toString()));
  }

  @Test
  void aReportFolderThatIsAFileIsRefusedBeforeTheImagesAreRead() throws Exception {
    Path file = aFile();
    String msg = "--out " + file + " is a file, not a folder: give a folder path";
    assertRefusedWithoutData("inspect", msg, "--out", file.toString());
    assertRefusedWithoutData("bench", msg, "--out", file.toString());
    // The earlier spelling, a file: --out is a folder now, and says so.
    Path json = dir.resolve("report.json");
    assertUserError(
        "samplesize inspect: error: --out "
            + json
            + ": --out is a folder (this command writes inspect.json into it): give a folder path",
        runWithoutData("inspect", "--out", json.toString()));
    assertFalse(Files.exists(json));
    assertUserError(
        "samplesize bench: error: --json " + dir + " is a folder, not a file: give a file path",
        runWithoutData("bench", "--json", dir.toString()));
  }

  @Test
  void oneFractionFailsBeforeTheDataSetIsLookedAt() {
    Path out = dir.resolve("out");
    Result r =
        runWithoutData(
            "run", "--fractions", "0.5", "--repeats", "1", "--validate", "--out", out.toString());
    String line = onlyErrorLine(Main.EXIT_USER_ERROR, r);
    assertTrue(
        line.startsWith(
            "samplesize run: error: --fractions 0.5: a learning curve needs at least 2"
                + " distinct subsample sizes: give --fractions two or more"),
        line);
    assertFalse(Files.exists(out), "nothing written");
  }

  @Test
  void aDataUriWithoutSparkSaysThatItNeedsSpark() {
    String line =
        onlyErrorLine(
            Main.EXIT_USER_ERROR,
            run(
                "inspect",
                "--data",
                "hdfs://nn:8020/photos",
                "--out",
                dir.resolve("o").toString()));
    assertTrue(
        line.startsWith(
            "samplesize inspect: error: --data hdfs://nn:8020/photos: a URI is read only by a run on"
                + " Apache Spark: add --spark MASTER"),
        line);
  }

  @Test
  void runRefusesAUriInOutModelMirrorOrCacheWithoutSpark() {
    // Path.of would take s3a://x/y for the local folder s3a:/x/y: the run wrote there, exit 0.
    Path here = Path.of("").toAbsolutePath();
    String[][] cases = {
      {"--out", "s3a://x/y", "a URI is used only by a run on Apache Spark: add --spark"},
      {"--out", "file:///tmp/x", "a URI is used only by a run on Apache Spark"},
      {"--model", "hdfs://nn:8020/m.onnx", "a URI is used only by a run on Apache Spark"},
      {"--mirror", "hdfs://nn:8020/data", "a URI is used only by a run on Apache Spark"},
      {"--cache", "s3a://x/c", "the cache folder must be on local disk; give a local path"},
    };
    for (String[] c : cases) {
      java.util.List<String> args =
          new java.util.ArrayList<>(java.util.List.of("run", "--data", dir.toString()));
      if (!c[0].equals("--out")) {
        args.addAll(java.util.List.of("--out", dir.resolve("o").toString()));
      }
      args.addAll(java.util.List.of(c[0], c[1]));
      String line = onlyErrorLine(Main.EXIT_USER_ERROR, run(args.toArray(String[]::new)));
      assertTrue(
          line.startsWith("samplesize run: error: " + c[0] + " " + c[1] + ": " + c[2]), line);
    }
    assertFalse(Files.exists(here.resolve("s3a:")), "no local folder named s3a:");
    assertFalse(Files.exists(here.resolve("file:")), "no local folder named file:");
  }

  /**
   * A file: URI with one slash is a URI too (as a run with --spark reads it): Path.of took --out
   * file:/tmp/x for the local folder file:/tmp/x, below the current folder, and the run wrote
   * there.
   */
  @Test
  void runRefusesAFileUriWithOneSlashWithoutSpark() {
    Path here = Path.of("").toAbsolutePath();
    String line =
        onlyErrorLine(
            Main.EXIT_USER_ERROR,
            run("run", "--data", dir.toString(), "--out", "file:" + dir.resolve("o")));
    assertTrue(
        line.startsWith(
            "samplesize run: error: --out file:"
                + dir.resolve("o")
                + ": a URI is used only by a run on Apache Spark"),
        line);
    assertFalse(Files.exists(here.resolve("file:")), "no local folder named file:");
  }

  /**
   * A settings file's cache or data URI, refused without --spark, is named by the file's line as
   * its out, model and mirror are, not by the --cache or --data flag the user did not type.
   */
  @Test
  void aUriFromASettingsFileIsNamedByItsLine() throws Exception {
    Path config = dir.resolve("uris.yaml");
    String out = dir.resolve("o").toString();
    Files.writeString(config, "repeats: 2\ncache: s3a://x/c\n");
    String line =
        onlyErrorLine(
            Main.EXIT_USER_ERROR,
            run("run", "--config", config.toString(), "--data", dir.toString(), "--out", out));
    assertTrue(
        line.startsWith(
            "samplesize run: error: config file "
                + config
                + " line 2, column 8: setting 'cache' = s3a://x/c: the cache folder must be on"
                + " local disk; give a local path"),
        line);
    Files.writeString(config, "repeats: 2\ndata: hdfs://nn:8020/photos\n");
    line =
        onlyErrorLine(
            Main.EXIT_USER_ERROR, run("run", "--config", config.toString(), "--out", out));
    assertTrue(
        line.startsWith(
            "samplesize run: error: config file "
                + config
                + " line 2, column 7: setting 'data' = hdfs://nn:8020/photos: a URI is read only by"
                + " a run on Apache Spark: add --spark MASTER"),
        line);
    assertFalse(Files.exists(Path.of(out)), "nothing written");
  }

  @Test
  void aRunFolderThatDoesNotExistIsSaidSo() {
    Path none = dir.resolve("nonexistent");
    assertUserError(
        "samplesize features: error: --run "
            + none
            + " does not exist: give the --out folder of a 'samplesize run' (check the path)",
        run("features", "--run", none.toString(), "--out", dir.resolve("o").toString()));
  }

  @Test
  void aBatchSizeOfZeroNamesTheFlag() {
    String line = onlyErrorLine(Main.EXIT_USER_ERROR, runWithoutData("bench", "--batch", "0"));
    assertTrue(
        line.startsWith("samplesize bench: error: --batch 0: batch sizes must be at least 1"),
        line);
  }

  @Test
  void aBatchSizeAboveTheCapNamesTheFlag() {
    String line =
        onlyErrorLine(Main.EXIT_USER_ERROR, runWithoutData("bench", "--batch", "1,100000"));
    assertTrue(
        line.startsWith(
            "samplesize bench: error: --batch 100000: batch sizes must be at most 4096"),
        line);
  }

  @Test
  void anAccuracyWidthOfOneOrMoreIsRefusedWithoutATarget() {
    String line =
        onlyErrorLine(
            Main.EXIT_USER_ERROR,
            runWithoutData("run", "--until-width", "2", "--out", dir.resolve("o").toString()));
    assertTrue(line.startsWith("samplesize run: error: --until-width 2: without --target"), line);
    assertTrue(line.contains("never wider than 1"), line);
    assertFalse(Files.exists(dir.resolve("o")), "nothing written");
  }

  @Test
  void cudaWithoutAGpuFailsBeforeTheDataSetIsLookedAt() {
    assumeFalse(TrainingDevices.isAvailable("cuda"), "this machine has a usable CUDA GPU");
    String line =
        onlyErrorLine(
            Main.EXIT_UNAVAILABLE,
            runWithoutData("run", "--device", "cuda", "--out", dir.resolve("out").toString()));
    assertTrue(line.startsWith("samplesize run: error: --device cuda: no usable CUDA GPU ("), line);
  }

  @Test
  void aCacheThatIsAFileIsRefusedFirst() throws Exception {
    Path file = aFile();
    String msg = "--cache " + file + " is a file, not a folder: give a folder path";
    assertUserError(
        "samplesize inspect: error: " + msg,
        run("inspect", "--data", "tf_flowers", "--cache", file.toString(), "--quiet"));
    // The data folder does not exist either: the cache is checked first.
    assertRefusedWithoutData("bench", msg, "--cache", file.toString());
    assertRefusedWithoutData(
        "run", msg, "--out", dir.resolve("out").toString(), "--cache", file.toString());
  }

  @Test
  void aCacheFromTheEnvironmentIsNamedAsSuch() throws Exception {
    Path file = aFile();
    org.samplesize.InvalidInputException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            org.samplesize.InvalidInputException.class,
            () ->
                OutputPaths.cache(
                    null, file, java.util.Map.of("SAMPLESIZE_CACHE", file.toString())));
    assertEquals(
        "SAMPLESIZE_CACHE " + file + " is a file, not a folder: give a folder path",
        e.getMessage());
    e =
        org.junit.jupiter.api.Assertions.assertThrows(
            org.samplesize.InvalidInputException.class,
            () -> OutputPaths.cache(null, file, java.util.Map.of()));
    assertTrue(e.getMessage().startsWith("the default cache folder " + file), e.getMessage());
    // A usable folder passes and is left as it was.
    OutputPaths.cache(null, dir.resolve("c"), java.util.Map.of());
    assertFalse(Files.exists(dir.resolve("c")));
  }

  @Test
  void aCacheFolderThatCannotBeWrittenPassesForReadingAnOutDoesNot() throws Exception {
    Path ro = Files.createDirectory(dir.resolve("ro"));
    boolean mounted = false;
    try {
      Files.setPosixFilePermissions(
          ro, java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));
      if (Files.isWritable(ro)) {
        // root ignores permissions; a file system mounted read-only holds for root too.
        mounted =
            org.samplesize.io.Commands.run(
                    "mount", "-t", "tmpfs", "-o", "size=64k,ro", "tmpfs", ro.toString())
                == 0;
      }
      assumeFalse(
          Files.isWritable(ro),
          "neither permissions nor a read-only mount (which needs root) make a folder this user"
              + " cannot write: not tested");
      // A finished cache there is read (FeatureCacheTest); what it lacks is refused when needed.
      OutputPaths.cache(ro, ro, java.util.Map.of());
      assertEquals(
          "--out "
              + ro
              + ": this folder is not writable"
              + (mounted ? " (its file system is mounted read-only)" : "")
              + ": give a folder you can write to",
          outRefusal(ro));
      Path below = ro.resolve("new");
      assertEquals(
          "--out "
              + below
              + ": cannot create this folder ("
              + (mounted ? "Read-only file system" : "permission denied")
              + "): give a folder you can write to",
          outRefusal(below));
    } finally {
      if (mounted) {
        org.samplesize.io.Commands.run("umount", "-l", ro.toString());
      }
      Files.setPosixFilePermissions(
          ro, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  /** The message with which {@code --out dir} is refused. */
  private static String outRefusal(Path dir) {
    return org.junit.jupiter.api.Assertions.assertThrows(
            org.samplesize.InvalidInputException.class, () -> OutputPaths.folder("--out", dir))
        .getMessage();
  }

  /**
   * A read-only bind mount of a writable disk (a container's {@code -v dir:dir:ro}): Java's file
   * store is the disk's and says "writable", so the refusal lacked its reason; and a write refused
   * there is told as a read-only mount whatever language the system words EROFS in.
   */
  @Test
  void aReadOnlyBindMountIsToldAsOneInAnyLanguage() throws Exception {
    Path src = Files.createDirectory(dir.resolve("src"));
    Path ro = Files.createDirectory(dir.resolve("ro"));
    boolean bound =
        org.samplesize.io.Commands.run("mount", "--bind", src.toString(), ro.toString()) == 0;
    try {
      assumeTrue(bound, "a bind mount needs root and mount: not tested");
      assumeTrue(
          org.samplesize.io.Commands.run("mount", "-o", "remount,bind,ro", ro.toString()) == 0,
          "this system refused to remount the bind mount read-only: not tested");
      assertEquals(
          "--out "
              + ro
              + ": this folder is not writable (its file system is mounted read-only): give a"
              + " folder you can write to",
          outRefusal(ro));
      // The write refused as the system words it (in its language: the same words the mount's
      // own refusal gives, ReadOnlyMounts.refusal, compared and not read).
      java.nio.file.FileSystemException write =
          org.junit.jupiter.api.Assertions.assertThrows(
              java.nio.file.FileSystemException.class,
              () -> Files.writeString(ro.resolve("results.csv"), "x"));
      String words = org.samplesize.io.ReadOnlyMounts.refusal(ro);
      assertEquals(write.getReason(), words);
      Throwable refused =
          new java.io.UncheckedIOException(
              "cannot write results.csv",
              new java.nio.file.FileSystemException(
                  ro.resolve("results.csv").toString(), null, words));
      String where = CommandFailures.deniedPath(refused);
      assertEquals(ro.resolve("results.csv").toString(), where);
      String said = CommandFailures.permissionDenied(refused, where);
      assertTrue(said.contains(" is mounted read-only: use a folder on a writable one"), said);
      assertFalse(said.contains("for this user"), said);
      // The same reason from a folder this user may write is not taken for a read-only mount.
      Throwable elsewhere =
          new java.nio.file.FileSystemException(
              src.resolve("results.csv").toString(), null, "Dateisystem ist nur lesbar");
      assertEquals(null, CommandFailures.deniedPath(elsewhere));
      // Nor is another failure on the read-only mount (an image gone, or one that cannot be
      // read, from a --data mounted read-only): it was told as a write refused there.
      assertEquals(
          null,
          CommandFailures.deniedPath(
              new java.nio.file.NoSuchFileException(ro.resolve("roses/1.jpg").toString())));
      assertEquals(
          null,
          CommandFailures.deniedPath(
              new java.nio.file.FileSystemException(
                  ro.resolve("roses/1.jpg").toString(), null, "Input/output error")));
    } finally {
      if (bound) {
        org.samplesize.io.Commands.run("umount", "-l", ro.toString());
      }
    }
  }

  /**
   * A mistyped --mirror with the user's own --data was passed over until the model was not found in
   * it, and then reported as a download that could not reach the server (exit 3).
   */
  @Test
  void aMirrorThatIsNotAFolderIsRefusedFirstNamingWhereItCameFrom() throws Exception {
    Path data = Files.createDirectories(dir.resolve("photos").resolve("daisy")).getParent();
    String missing = dir.resolve("no-such-mirror").toString();
    String hint =
        "; give the offline mirror folder (laid out like shared/data: flowers/, fashion-mnist/,"
            + " models/), or leave the mirror out";
    Result r =
        run(
            "run",
            "--data",
            data.toString(),
            "--mirror",
            missing,
            "--out",
            dir.resolve("o").toString(),
            "--quiet");
    assertEquals(Main.EXIT_USER_ERROR, r.code(), String.join("\n", r.err()));
    assertEquals(
        List.of("samplesize run: error: --mirror " + missing + ": no such folder" + hint), r.err());
    Path file = aFile();
    r =
        run(
            "features",
            "--data",
            data.toString(),
            "--mirror",
            file.toString(),
            "--out",
            dir.resolve("f").toString());
    assertEquals(Main.EXIT_USER_ERROR, r.code(), String.join("\n", r.err()));
    assertEquals(
        List.of("samplesize features: error: --mirror " + file + " is a file, not a folder" + hint),
        r.err());
    Path config = dir.resolve("settings.yaml");
    // From a settings file: the file, line and column, as its other errors say.
    Files.writeString(config, "repeats: 2\nmirror: " + missing + "\n");
    r =
        run(
            "run",
            "--config",
            config.toString(),
            "--data",
            data.toString(),
            "--out",
            dir.resolve("c").toString());
    assertEquals(Main.EXIT_USER_ERROR, r.code(), String.join("\n", r.err()));
    assertEquals(
        List.of(
            "samplesize run: error: config file "
                + config
                + " line 2, column 9: setting 'mirror' = "
                + missing
                + ": no such folder"
                + hint),
        r.err());
    assertFalse(Files.exists(dir.resolve("o")), "work started before the mirror was checked");
    Files.writeString(config, "repeats: 2\ndata: " + missing + "\n");
    r = run("run", "--config", config.toString(), "--out", dir.resolve("c").toString());
    assertUserErrorStartsWith(
        "samplesize run: error: config file "
            + config
            + " line 2, column 7: setting 'data' = "
            + missing
            + ": no such folder",
        r);
  }

  /**
   * A value refused after the flags were read named the setting's key and its value as the settings
   * hold it ("setting 'targets' = [92.0]"): the flag as it was typed is named instead.
   */
  @Test
  void aRefusedFlagValueIsNamedAsItWasTyped() throws Exception {
    String out = dir.resolve("o").toString();
    Result r = run("run", "--target", "92", "--out", out);
    assertUserError(
        "samplesize run: error: --target 92: each target accuracy must be in (0, 1), e.g. 0.95", r);
    // A target given twice was answered twice, like a fraction given twice it is refused.
    r = run("run", "--target", "0.9,0.95,0.9", "--out", out);
    assertUserError("samplesize run: error: --target 0.9,0.95,0.9: 0.9 is listed twice", r);
    r = run("run", "--until-width", "0.02", "--max-models", "3", "--out", out);
    assertUserError(
        "samplesize run: error: --max-models 3: counts the planned models too, and the plan"
            + " already has 20 (4 fractions x 5 repeats): give at least 20",
        r);
    r = run("run", "--learning-rate", "20.0", "--out", out);
    assertUserError("samplesize run: error: --learning-rate 20.0: must be in (0, 10)", r);
    // From a config file: the file and its key, as before.
    Path config = dir.resolve("settings.yaml");
    Files.writeString(config, "target: 92\n");
    r = run("run", "--config", config.toString(), "--out", out);
    assertUserError(
        "samplesize run: error: config file "
            + config
            + " line 1, column 9: setting 'target' = 92: each target accuracy must be in (0, 1), e.g. 0.95",
        r);
    assertFalse(Files.exists(dir.resolve("o")), "nothing written");
  }

  /**
   * A model or execution provider a settings file gave, refused when the run starts, is named by
   * the file's line: the refusals named neither the file nor the key, or named the --ep flag the
   * user did not type.
   */
  @Test
  void aModelOrProviderFromASettingsFileIsNamedByItsLine() throws Exception {
    String out = dir.resolve("o").toString();
    Path config = dir.resolve("settings.yaml");
    // a data set of its own, so that the model is the first thing refused offline
    Path photos = dir.resolve("photos");
    for (String c : List.of("cats", "dogs")) {
      Files.createDirectories(photos.resolve(c));
      for (int i = 0; i < 2; i++) {
        javax.imageio.ImageIO.write(
            new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB),
            "png",
            photos.resolve(c).resolve(i + ".png").toFile());
      }
    }
    Files.writeString(config, "seed: 1\nmodel: nosuch\ndata: " + photos + "\n");
    Result r = run("run", "--config", config.toString(), "--out", out);
    assertUserErrorStartsWith(
        "samplesize run: error: config file "
            + config
            + " line 2, column 8: setting 'model' = nosuch: unknown model; model takes a built-in"
            + " card name (",
        r);
    Files.writeString(config, "seed: 1\nep: gpu\n");
    r = run("run", "--config", config.toString(), "--out", out);
    assertUserError(
        "samplesize run: error: config file "
            + config
            + " line 2, column 5: setting 'ep': unknown execution provider 'gpu': use cpu, cuda,"
            + " tensorrt or auto, or give a profile file (.json)",
        r);
    org.junit.jupiter.api.Assumptions.assumeTrue(
        org.samplesize.features.FeatureExtractor.unavailableReason(
                org.samplesize.features.ExecutionProfile.load("cuda"))
            != null,
        "the CUDA execution provider runs here: its refusal cannot be seen");
    Files.writeString(config, "seed: 1\nep: cuda\n");
    r = run("run", "--config", config.toString(), "--out", out);
    assertEquals(Main.EXIT_UNAVAILABLE, r.code(), String.join("\n", r.err()));
    String line = r.err().get(0);
    assertTrue(
        line.startsWith(
                "samplesize run: error: config file "
                    + config
                    + " line 2, column 5: setting 'ep': execution provider cuda was requested")
            && line.endsWith(". Set ep: auto or ep: cpu"),
        line);
    assertFalse(Files.exists(dir.resolve("o")), "work started before the settings were checked");
  }
}
