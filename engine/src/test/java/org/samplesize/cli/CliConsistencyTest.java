package org.samplesize.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.data.CacheDir;
import org.samplesize.experiment.RunSettings;
import org.samplesize.experiment.SettingsIO;
import org.samplesize.experiment.TinyData;
import org.samplesize.features.TinyModels;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Every command reads the same flag the same way. */
class CliConsistencyTest {
  @TempDir Path dir;

  private static final List<String> COMMANDS =
      List.of("run", "fit", "features", "bench", "inspect");

  /** Parses through the top command, as the launcher does, and returns the subcommand's object. */
  @SuppressWarnings("unchecked")
  private static <T> T parsed(String... args) {
    CommandLine.ParseResult pr = Main.commandLine().parseArgs(args);
    return (T) pr.subcommand().commandSpec().userObject();
  }

  private static CommandSpec spec(String command) {
    return Main.commandLine().getSubcommands().get(command).getCommandSpec();
  }

  /**
   * The default answer's interval is the calibrated one (docs/method.md, The answer), not a plain
   * bootstrap interval: no help text may say the answers come "with bootstrap intervals".
   */
  @Test
  void helpTextsDoNotCallTheDefaultIntervalABootstrapInterval() {
    for (String c : COMMANDS) {
      String help = Main.commandLine().getSubcommands().get(c).getUsageMessage();
      assertFalse(help.contains("with bootstrap intervals"), c + ": " + help);
    }
    assertTrue(
        Main.commandLine().getSubcommands().get("fit").getUsageMessage().contains("calibrated"));
  }

  /**
   * Picocli formats every description line with {@code String.format}: a bare {@code %} (as in "90%
   * interval") makes it print a "[picocli WARN] Could not format" line before the help and leave
   * {@code %n} unreplaced. Every help, the top one included (it lists each command's first line),
   * renders without one.
   */
  @Test
  void everyHelpRendersWithoutAFormatWarning() throws Exception {
    java.io.PrintStream saved = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    try {
      System.setErr(
          new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
      CommandLine top = Main.commandLine();
      List<String> helps = new ArrayList<>();
      helps.add(top.getUsageMessage());
      for (CommandLine sub : top.getSubcommands().values()) {
        helps.add(sub.getUsageMessage());
      }
      for (String help : helps) {
        assertFalse(help.contains("%n"), help);
      }
      // The words may wrap onto the next line of the command list.
      assertTrue(helps.get(0).replaceAll("\\s+", " ").contains("its 90% interval"), helps.get(0));
    } finally {
      System.setErr(saved);
    }
    String err = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertFalse(err.contains("picocli WARN"), err);
  }

  /**
   * Picocli wraps a help line wherever Java's line breaker allows, and that is also after a dot or
   * a slash inside a word: "~/.samplesize-completion.bash" was printed as "~/." and
   * "samplesize-completion.bash" on two lines, "docs/method.md" as "docs/method. md", "e.g." as "e.
   * g.", so that a path copied from the help was wrong. Every word of every description, header and
   * option text appears whole in the help that shows it.
   */
  @Test
  void noWordOfAHelpTextIsSplitAcrossLines() {
    CommandLine top = Main.commandLine();
    List<CommandLine> commands = new ArrayList<>();
    commands.add(top);
    commands.addAll(top.getSubcommands().values());
    List<String> split = new ArrayList<>();
    for (CommandLine cl : commands) {
      String help = " " + String.join(" ", cl.getUsageMessage().strip().split("\\s+")) + " ";
      CommandSpec spec = cl.getCommandSpec();
      List<String> texts = new ArrayList<>();
      texts.addAll(List.of(spec.usageMessage().header()));
      texts.addAll(List.of(spec.usageMessage().description()));
      texts.addAll(List.of(spec.usageMessage().footer()));
      for (OptionSpec o : spec.options()) {
        texts.addAll(List.of(o.description()));
      }
      if (cl == top) {
        // The top help lists each command with its header, or else its description's first line.
        for (CommandLine sub : top.getSubcommands().values()) {
          CommandLine.Model.UsageMessageSpec u = sub.getCommandSpec().usageMessage();
          String[] lines = u.header().length > 0 ? u.header() : u.description();
          texts.add(lines.length > 0 ? lines[0] : "");
        }
      }
      for (String text : texts) {
        for (String word : text.replace("%n", " ").replace("%%", "%").split("\\s+")) {
          if (!word.isEmpty() && !word.contains("${") && !help.contains(" " + word + " ")) {
            split.add(spec.qualifiedName() + ": " + word);
          }
        }
      }
    }
    assertEquals(List.of(), split, "words the help breaks across two lines");
  }

  /**
   * --quiet takes away the progress bar and keeps the stage lines in every command; inspect's help
   * said "No progress display" although its stage lines still print.
   */
  @Test
  void quietSaysTheSameInEveryCommand() {
    for (String c : COMMANDS) {
      OptionSpec quiet = spec(c).findOption("--quiet");
      assertNotNull(quiet, c);
      String d = String.join(" ", quiet.description()).toLowerCase(java.util.Locale.ROOT);
      assertTrue(d.contains("no progress bar"), c + ": " + d);
    }
  }

  /**
   * An option that takes a value names it with a label such as N, F or DIR: without one picocli
   * prints the Java field's name ({@code --batch-size=<batchSize>}).
   */
  @Test
  void everyValueHasALabelNotAFieldName() {
    for (CommandLine sub : Main.commandLine().getSubcommands().values()) {
      for (OptionSpec o : sub.getCommandSpec().options()) {
        if (o.arity().max() > 0) {
          assertFalse(
              o.paramLabel().startsWith("<"),
              sub.getCommandName() + " " + o.longestName() + " shows " + o.paramLabel());
        }
      }
    }
  }

  @Test
  void noCommandIsAUserErrorWithTheUsageOnStandardError() {
    CliErrorsTest.Result r = CliErrorsTest.run();
    assertEquals(Main.EXIT_USER_ERROR, r.code());
    assertEquals("", r.out());
    String err = String.join("\n", r.err());
    assertTrue(err.startsWith("samplesize: error: no command given"), err);
    assertTrue(err.contains("Usage: samplesize"), err);
    for (String c : COMMANDS) {
      assertTrue(err.contains("  " + c + " "), c + " listed: " + err);
    }
  }

  /**
   * The --config help's example key is read by a settings file as written: keys keep the dashes
   * between their words ("train-fraction"), as the unknown-key message says; only the leading
   * dashes go.
   */
  @Test
  void theConfigHelpsExampleIsASettingsFileThatReads(@TempDir Path dir) throws Exception {
    String help = String.join(" ", spec("run").findOption("--config").description());
    java.util.regex.Matcher example =
        java.util.regex.Pattern.compile("'([a-z-]+: [^']+)'").matcher(help);
    assertTrue(example.find(), help);
    assertFalse(help.contains("names without dashes"), help);
    Path file = dir.resolve("run.yaml");
    Files.writeString(file, example.group(1) + "\n");
    assertEquals(0.8, SettingsIO.resolve(file, Map.of()).trainFraction(), 1e-12, help);
  }

  @Test
  void theCacheIsOneFolderInEveryCommand() {
    Path home = Path.of(System.getProperty("user.home"), ".cache", "samplesize");
    assertEquals(home, CacheDir.resolve(null, Map.of()));
    assertEquals(home, CacheDir.resolve(null, Map.of(CacheDir.ENV, " ")));
    assertEquals(Path.of("/e"), CacheDir.resolve(null, Map.of(CacheDir.ENV, "/e")));
    assertEquals(Path.of("/g"), CacheDir.resolve(Path.of("/g"), Map.of(CacheDir.ENV, "/e")));
    for (String c : List.of("run", "features", "bench", "inspect")) {
      String help = String.join(" ", spec(c).findOption("--cache").description());
      assertTrue(
          help.contains("(default: $SAMPLESIZE_CACHE, else ~/.cache/samplesize"), c + ": " + help);
      assertTrue(help.contains("shared with the other commands"), c + ": " + help);
    }
  }

  /**
   * tf_flowers from a mirror with SHA256SUMS: the check's stamp goes to the cache; features and
   * inspect put it in the --cache given (features used the default cache whatever --cache said).
   */
  @Test
  void tfFlowersGoesToTheCacheGivenInFeaturesAsInInspect() throws Exception {
    Path photos = dir.resolve("mirror/flowers/flower_photos");
    StringBuilder sums = new StringBuilder();
    for (String cls : List.of("daisy", "roses")) {
      for (int i = 0; i < 2; i++) {
        Path f = Files.createDirectories(photos.resolve(cls)).resolve("p" + i + ".png");
        BufferedImage img = new BufferedImage(6, 6, BufferedImage.TYPE_INT_RGB);
        img.setRGB(i, i, cls.equals("daisy") ? 0xff0000 : 0x00ff00);
        ImageIO.write(img, "png", f.toFile());
        sums.append(sha256(f)).append("  ").append(cls).append("/p").append(i).append(".png\n");
      }
    }
    Files.writeString(dir.resolve("mirror/flowers/SHA256SUMS"), sums);
    Path model = TinyModels.write(dir);
    Path card = dir.resolve("tiny.json");
    Files.writeString(card, TinyModels.card(model).toJson());
    String mirror = dir.resolve("mirror").toString();

    Path cacheA = dir.resolve("cache-features");
    CliErrorsTest.Result f =
        CliErrorsTest.run(
            "features",
            "--data",
            "tf_flowers",
            "--mirror",
            mirror,
            "--model",
            card.toString(),
            "--ep",
            "cpu",
            "--out",
            dir.resolve("out-features").toString(),
            "--cache",
            cacheA.toString(),
            "--quiet");
    assertEquals(0, f.code(), String.join("\n", f.err()));
    assertTrue(Files.isDirectory(cacheA.resolve("verified")), "the mirror check's stamp");
    assertTrue(Files.isDirectory(cacheA.resolve("features")));

    Path cacheB = dir.resolve("cache-inspect");
    CliErrorsTest.Result i =
        CliErrorsTest.run(
            "inspect",
            "--data",
            "TF_FLOWERS",
            "--mirror",
            mirror,
            "--cache",
            cacheB.toString(),
            "--quiet");
    assertEquals(0, i.code(), String.join("\n", i.err()));
    assertTrue(Files.isDirectory(cacheB.resolve("verified")));
  }

  /** features --run after run: the same rows, from the run's cache, without inference. */
  @Test
  void featuresAfterRunReusesTheRunsFeatures() throws Exception {
    Path data = TinyData.images(dir.resolve("data"), 12, 3);
    Path model = TinyData.model(dir);
    Path cache = dir.resolve("cache");
    Path runOut = dir.resolve("run");
    CliErrorsTest.Result r =
        CliErrorsTest.run(
            "run",
            "--data",
            data.toString(),
            "--model",
            model.toString(),
            "--out",
            runOut.toString(),
            "--cache",
            cache.toString(),
            "--train-fraction",
            "0.7",
            "--fractions",
            "0.5,1",
            "--repeats",
            "2",
            "--views",
            "2",
            "--epochs",
            "2",
            "--threads",
            "1",
            "--quiet");
    assertEquals(0, r.code(), String.join("\n", r.err()));
    JsonNode provenance = new ObjectMapper().readTree(runOut.resolve("provenance.json").toFile());
    String runCache = provenance.at("/stages/feature_cache").asText();
    assertFalse(runCache.isEmpty(), provenance.toString());

    Path out = dir.resolve("exported");
    Cli.Shown<CliErrorsTest.Result> run =
        Cli.showingProgress(
            () ->
                CliErrorsTest.run(
                    "features",
                    "--run",
                    runOut.toString(),
                    "--out",
                    out.toString(),
                    "--threads",
                    "1"));
    CliErrorsTest.Result f = run.result();
    String err = String.join("\n", f.err()) + run.progress();
    assertEquals(0, f.code(), err);
    assertTrue(err.contains("features: reusing cache"), err);
    JsonNode j = new ObjectMapper().readTree(out.resolve("features.json").toFile());
    assertEquals(runCache, j.path("cache_file").asText(), "the run's cache file");
    assertEquals(1, j.path("cache").path("runs").size(), "computed again instead of reused");
    // 36 images, one unreadable: 25 training images x 2 views, then 11 test images.
    int train = provenance.at("/data/train_size").asInt();
    int test = provenance.at("/data/test_size").asInt();
    assertEquals(2 * train + test, j.path("rows").asInt());
    List<String> rows = Files.readAllLines(out.resolve("rows.csv"));
    assertEquals("row,image,class,label,view,valid,set,augmented", rows.get(0));
    assertTrue(rows.get(1).endsWith(",train,true"), rows.get(1));
    assertTrue(rows.get(rows.size() - 1).endsWith(",test,false"), rows.get(rows.size() - 1));
    // A run augments every training view, view 0 included (test images are never augmented):
    // against the plain features of the same images, training rows differ and test rows do not.
    Path plain = dir.resolve("plain");
    CliErrorsTest.Result p =
        CliErrorsTest.run(
            "features",
            "--data",
            data.toString(),
            "--model",
            model.toString(),
            "--out",
            plain.toString(),
            "--cache",
            cache.toString(),
            "--threads",
            "1",
            "--quiet");
    assertEquals(0, p.code(), String.join("\n", p.err()));
    Map<String, Integer> plainRow = new java.util.HashMap<>();
    List<String> plainRows = Files.readAllLines(plain.resolve("rows.csv"));
    for (int k = 1; k < plainRows.size(); k++) {
      plainRow.put(plainRows.get(k).split(",")[1], k - 1);
    }
    float[][] runX = npy(out.resolve("features.npy"));
    float[][] plainX = npy(plain.resolve("features.npy"));
    int view0 = 0;
    int view0Differing = 0;
    for (int k = 1; k < rows.size(); k++) {
      String[] c = rows.get(k).split(",");
      if (!c[5].equals("true")) {
        continue; // an image that did not decode
      }
      assertEquals(c[6].equals("train") ? "true" : "false", c[7], "augmented: " + rows.get(k));
      boolean same = java.util.Arrays.equals(runX[k - 1], plainX[plainRow.get(c[1])]);
      if (c[6].equals("test")) {
        assertTrue(same, "a test row is the plain image: " + rows.get(k));
      } else if (c[4].equals("0")) {
        view0++;
        view0Differing += same ? 0 : 1;
      }
    }
    assertTrue(
        view0 > 0 && view0Differing > view0 / 2,
        view0Differing + " of " + view0 + " training rows of view 0 differ from the plain image");

    // One key style in every JSON written.
    assertSnakeCase(j, "features.json");
    assertSnakeCase(provenance, "provenance.json");
    assertSnakeCase(new ObjectMapper().readTree(runOut.resolve("fit.json").toFile()), "fit.json");

    // What the run decides cannot be given again.
    CliErrorsTest.Result bad =
        CliErrorsTest.run(
            "features",
            "--run",
            runOut.toString(),
            "--views",
            "3",
            "--out",
            dir.resolve("x").toString());
    assertEquals(2, bad.code());
    assertTrue(
        bad.err().get(0).contains("--views cannot be combined with --run"), bad.err().get(0));
  }

  /** features --run after the run's images changed: refused, not computed afresh and exported. */
  @Test
  void featuresOfARunWhoseImagesChangedSinceAreRefused() throws Exception {
    Path data = TinyData.images(dir.resolve("data"), 8, 2);
    Path model = TinyData.model(dir);
    Path runOut = dir.resolve("run");
    CliErrorsTest.Result r =
        CliErrorsTest.run(
            "run",
            "--data",
            data.toString(),
            "--model",
            model.toString(),
            "--out",
            runOut.toString(),
            "--cache",
            dir.resolve("cache").toString(),
            "--fractions",
            "0.5,1",
            "--repeats",
            "1",
            "--epochs",
            "1",
            "--bootstrap",
            "0",
            "--threads",
            "1",
            "--quiet");
    assertEquals(0, r.code(), String.join("\n", r.err()));
    // One image replaced by another under the same name.
    List<Path> images;
    try (java.util.stream.Stream<Path> st = Files.walk(data)) {
      images = st.filter(Files::isRegularFile).sorted().toList();
    }
    Files.copy(images.get(1), images.get(0), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.setLastModifiedTime(
        images.get(0), java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
    Path out = dir.resolve("exported");
    CliErrorsTest.Result f =
        CliErrorsTest.run(
            "features", "--run", runOut.toString(), "--out", out.toString(), "--quiet");
    assertEquals(2, f.code(), String.join("\n", f.err()));
    assertTrue(
        f.err().get(0).contains("changed since the journal was written")
            && f.err().get(0).contains("these would not be the features that run used"),
        f.err().get(0));
    assertFalse(Files.exists(out.resolve("features.npy")));
  }

  /** A features.npy as rows of floats. */
  private static float[][] npy(Path file) throws Exception {
    byte[] b = Files.readAllBytes(file);
    int headerLength = (b[8] & 0xff) | (b[9] & 0xff) << 8;
    String header = new String(b, 10, headerLength, java.nio.charset.StandardCharsets.US_ASCII);
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("'shape': \\((\\d+), (\\d+)\\)").matcher(header);
    assertTrue(m.find(), header);
    int rows = Integer.parseInt(m.group(1));
    int cols = Integer.parseInt(m.group(2));
    java.nio.ByteBuffer buf =
        java.nio.ByteBuffer.wrap(b, 10 + headerLength, rows * cols * 4)
            .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    float[][] x = new float[rows][cols];
    for (float[] row : x) {
      for (int c = 0; c < cols; c++) {
        row[c] = buf.getFloat();
      }
    }
    return x;
  }

  @Test
  void benchAndInspectJsonKeysAreSnakeCase() throws Exception {
    Path file = dir.resolve("bench.json");
    BenchCommand.writeJson(
        List.of(
            new org.samplesize.bench.BenchRow(
                "features",
                "cpu",
                "int8",
                "m",
                4,
                1,
                "excluded",
                "images/s",
                new double[] {1, 2},
                "")),
        1,
        org.samplesize.features.ModelCard.load(org.samplesize.features.ModelCard.DEFAULT),
        file);
    JsonNode bench = new ObjectMapper().readTree(file.toFile());
    assertTrue(bench.at("/rows/0/spread_percent").isNumber(), bench.toString());
    assertSnakeCase(bench, "bench JSON");

    for (String cls : List.of("cats", "dogs")) {
      Path f = Files.createDirectories(dir.resolve("data").resolve(cls)).resolve("a.png");
      ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png", f.toFile());
    }
    Path out = dir.resolve("inspect-out");
    CliErrorsTest.Result r =
        CliErrorsTest.run(
            "inspect",
            "--data",
            dir.resolve("data").toString(),
            "--out",
            out.toString(),
            "--quiet");
    assertEquals(0, r.code(), String.join("\n", r.err()));
    JsonNode inspect = new ObjectMapper().readTree(out.resolve("inspect.json").toFile());
    assertTrue(inspect.has("cross_label_duplicates"), inspect.toString());
    assertSnakeCase(inspect, "inspect.json");
  }

  /** Maps whose keys are data (backend names, model ids, reasons), not field names. */
  private static final java.util.Set<String> DATA_KEYED =
      java.util.Set.of("training_backends_used", "execution_providers_used", "models", "ignored");

  /** No key in camelCase at any depth. */
  private static void assertSnakeCase(JsonNode n, String where) {
    List<String> bad = new ArrayList<>();
    collectCamel(n, "", bad);
    assertTrue(bad.isEmpty(), where + " has keys not in snake_case: " + bad);
  }

  private static void collectCamel(JsonNode n, String path, List<String> bad) {
    if (n.isObject()) {
      for (Map.Entry<String, JsonNode> e : n.properties()) {
        if (e.getKey().matches(".*[a-z0-9][A-Z].*")) {
          bad.add(path + "/" + e.getKey());
        }
        if (!DATA_KEYED.contains(e.getKey())) {
          collectCamel(e.getValue(), path + "/" + e.getKey(), bad);
        }
      }
    } else if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) {
        collectCamel(n.get(i), path + "/" + i, bad);
      }
    }
  }

  @Test
  void outIsAFolderInEveryCommandThatWritesFiles() {
    for (String c : COMMANDS) {
      OptionSpec out = spec(c).findOption("--out");
      assertNotNull(out, c + " has --out");
      assertEquals("DIR", out.paramLabel(), c);
    }
  }

  @Test
  void threadsAndBatchAreTheSameFlagEverywhere() {
    String threads = String.join(" ", spec("run").findOption("--threads").description());
    for (String c : COMMANDS) {
      OptionSpec t = spec(c).findOption("--threads");
      assertNotNull(t, c);
      assertEquals(threads, String.join(" ", t.description()), c);
    }
    for (String c : List.of("run", "features", "bench")) {
      assertNotNull(spec(c).findOption("--batch"), c + " has --batch");
    }
  }

  @Test
  void everySwitchIsNegatableTheSameWay() {
    for (String c : COMMANDS) {
      for (OptionSpec o : spec(c).options()) {
        boolean isSwitch = o.type() == boolean.class || o.type() == Boolean.class;
        if (!isSwitch || o.usageHelp() || o.versionHelp() || o.hidden()) {
          continue;
        }
        assertTrue(o.negatable(), c + " " + o.longestName() + " is not --[no-]");
      }
    }
    // The earlier spelling of fit's switch still parses, and now so does its positive form.
    FitCommand off = parsed("fit", "--results", "r.csv", "--out", "o", "--no-plot", "--no-quiet");
    assertEquals(Boolean.FALSE, off.plot);
    FitCommand on = parsed("fit", "--results", "r.csv", "--out", "o", "--plot");
    assertEquals(Boolean.TRUE, on.plot);
  }

  @Test
  void enumValuesAreAcceptedInAnyCase() {
    FeaturesCommand fc =
        parsed(
            "features",
            "--data",
            "d",
            "--out",
            "o",
            "--dtype",
            "float16",
            "--input-layout",
            "nhwc",
            "--resize",
            "Short_Side_Center_Crop");
    assertEquals(org.samplesize.features.Dtype.FLOAT16, fc.dtype);
    assertEquals(org.samplesize.image.Layout.NHWC, fc.modelOptions.overrides.layout);
    assertEquals(
        org.samplesize.image.ResizeMode.SHORT_SIDE_CENTER_CROP, fc.modelOptions.overrides.resize);

    RunCommand run = parsed("run", "--split", "RECIPE", "--device", "CPU", "--ep", "CPU");
    RunSettings s = SettingsIO.resolve(null, run.flags());
    assertEquals("recipe", s.split());
    assertEquals("cpu", s.device());
    // The execution provider names were read in any case before: a built-in profile by name.
    assertNotNull(org.samplesize.features.ExecutionProfile.load(s.ep()));

    FitCommand fit =
        parsed(
            "fit",
            "--results",
            "r.csv",
            "--out",
            "o",
            "--method",
            "LM",
            "--weights",
            "Binomial",
            "--family",
            "POW3");
    org.samplesize.fit.FitOptions o = fit.options();
    assertEquals(org.samplesize.fit.FitMethod.byId("lm"), o.method());
    assertEquals(org.samplesize.fit.Weighting.byId("binomial"), o.weights());
  }

  @Test
  void unfreezeFromNoneMeansNoFineTuningInRunAsInBench() {
    RunCommand run = parsed("run", "--unfreeze-from", "None");
    RunSettings s = SettingsIO.resolve(null, run.flags());
    assertFalse(s.fineTune());
    assertTrue(
        String.join(" ", spec("run").findOption("--unfreeze-from").description()).contains("none"));
    assertTrue(
        String.join(" ", spec("bench").findOption("--unfreeze-from").description())
            .contains("none"));

    CliErrorsTest.Result r =
        CliErrorsTest.run(
            "run",
            "--fine-tune",
            "--unfreeze-from",
            "none",
            "--out",
            dir.resolve("out").toString());
    assertEquals(2, r.code(), String.join("\n", r.err()));
    assertTrue(r.err().get(0).contains("drop one of them"), r.err().get(0));
    assertFalse(Files.exists(dir.resolve("out")));
  }

  private static String sha256(Path f) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
  }

  @Test
  void recipeSetsWhatItsFlagsSetAndRefusesAFlagThatSaysOtherwise() {
    RunCommand recipe = parsed("run", "--recipe");
    RunCommand spelled =
        parsed(
            "run",
            "--split",
            "recipe",
            "--with-replacement",
            "--no-stratified",
            "--method",
            "recipe");
    RunSettings viaRecipe = SettingsIO.resolve(null, recipe.flags());
    assertEquals(SettingsIO.resolve(null, spelled.flags()), viaRecipe);
    assertEquals("recipe", viaRecipe.split());
    assertTrue(viaRecipe.withReplacement());
    assertFalse(viaRecipe.stratified());
    assertEquals(org.samplesize.fit.FitMethod.RECIPE, viaRecipe.fitChoice().method());
    RunCommand plain = parsed("run");
    assertEquals("stratified", SettingsIO.resolve(null, plain.flags()).split());

    // Saying the same again is fine; saying otherwise names both.
    RunCommand same = parsed("run", "--recipe", "--split", "RECIPE", "--with-replacement");
    assertEquals(viaRecipe, SettingsIO.resolve(null, same.flags()));
    RunCommand clash = parsed("run", "--recipe", "--stratified");
    org.samplesize.InvalidInputException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            org.samplesize.InvalidInputException.class, clash::flags);
    assertEquals(
        "--recipe sets --no-stratified, and --stratified was given: drop one of them",
        e.getMessage());
  }
}
