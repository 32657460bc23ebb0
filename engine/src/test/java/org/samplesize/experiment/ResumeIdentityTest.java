package org.samplesize.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.SharedData;
import org.samplesize.cli.Cli;
import org.samplesize.cli.Main;

/**
 * What {@code samplesize run} resumes, through the CLI and the real stages: the same images and
 * model file however they are spelled, never other images behind the same folder name, and never a
 * journal left by a run that failed before it could train.
 */
class ResumeIdentityTest {
  @TempDir Path dir;

  private List<String> args(String data, String model, Path out, String... extra) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "--data",
                data,
                "--out",
                out.toString(),
                "--cache",
                dir.resolve("cache").toString(),
                "--fractions",
                "0.3,0.6,1",
                "--repeats",
                "1",
                "--train-fraction",
                "0.7",
                "--threads",
                "2",
                "--learning-rate",
                "0.05",
                "--epochs",
                "20",
                "--quiet"));
    if (model != null) {
      a.addAll(List.of("--model", model));
    }
    a.addAll(List.of(extra));
    return a;
  }

  private static Cli.Result run(List<String> args) {
    return TinyRun.run(args);
  }

  /** {@code p} relative to the working directory: the same folder, spelled another way. */
  private static String relative(Path p) {
    return Path.of("").toAbsolutePath().relativize(p.toAbsolutePath()).toString();
  }

  @Test
  void imagesAddedUnderTheSameFolderAreRefusedAndNothingIsLost() throws Exception {
    Path data = TinyData.images(dir.resolve("data"), 15, 3);
    String model = TinyData.model(dir).toString();
    Path out = dir.resolve("out");
    Cli.Result first = run(args(data.toString(), model, out));
    assertEquals(0, first.code(), first.err());
    byte[] journal = Files.readAllBytes(out.resolve(Journal.FILE_NAME));
    byte[] settings = Files.readAllBytes(out.resolve(Experiment.SETTINGS_FILE));

    Files.copy(data.resolve("red/img000.png"), data.resolve("red/img999.png"));
    Cli.Result changed = run(args(data.toString(), model, out));
    assertEquals(Main.EXIT_USER_ERROR, changed.code(), changed.out());
    assertTrue(
        changed
            .err()
            .contains(
                "data: the images under "
                    + data.toRealPath()
                    + " changed since the journal was written (46 image files then, 47 now): use"
                    + " a new --out, or restore the files"),
        changed.err());
    assertEquals(1, changed.err().strip().lines().count(), changed.err());
    assertArrayEquals(journal, Files.readAllBytes(out.resolve(Journal.FILE_NAME)));
    assertArrayEquals(settings, Files.readAllBytes(out.resolve(Experiment.SETTINGS_FILE)));

    // Same count, other content: still other images.
    Files.delete(data.resolve("red/img999.png"));
    Files.copy(
        data.resolve("green/img001.png"),
        data.resolve("red/img000.png"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Cli.Result edited = run(args(data.toString(), model, out));
    assertEquals(Main.EXIT_USER_ERROR, edited.code(), edited.out());
    // A folder is named by its images' names and bytes, not their times: no word of times.
    assertTrue(
        edited
            .err()
            .contains("(46 image files then, 46 now; names, contents or readability differ)"),
        edited.err());
    assertArrayEquals(journal, Files.readAllBytes(out.resolve(Journal.FILE_NAME)));
  }

  /** A 24×24 BMP of one colour: every such file has the same size, 1,782 bytes. */
  private static void bmp(Path file, int rgb) throws Exception {
    java.awt.image.BufferedImage img =
        new java.awt.image.BufferedImage(24, 24, java.awt.image.BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 24; y++) {
      for (int x = 0; x < 24; x++) {
        img.setRGB(x, y, rgb);
      }
    }
    assertTrue(javax.imageio.ImageIO.write(img, "bmp", file.toFile()));
  }

  @Test
  void anImageRewrittenWithItsOldSizeAndTimeGetsItsFeaturesComputedAgain() throws Exception {
    // The feature cache named a file by path, size and modification time: an image rewritten
    // with other pixels, the same size and its old time (a copy or restore that keeps times) was
    // served its former features in a new --out, while the journal's data fingerprint, a hash of
    // the bytes, saw the change.
    Path data = TinyData.images(dir.resolve("data"), 15, 3);
    Path image = data.resolve("red/same.bmp");
    bmp(image, 0xC86450);
    String model = TinyData.model(dir).toString();
    Cli.Result first = run(args(data.toString(), model, dir.resolve("out1")));
    assertEquals(0, first.code(), first.err());

    java.nio.file.attribute.FileTime time = Files.getLastModifiedTime(image);
    long size = Files.size(image);
    bmp(image, 0x3232C8);
    Files.setLastModifiedTime(image, time);
    assertEquals(size, Files.size(image));

    assertEquals(1, featureFiles(), "the first run's cache");
    Cli.Result second = run(args(data.toString(), model, dir.resolve("out2")));
    assertEquals(0, second.code(), second.err());
    assertEquals(2, featureFiles(), "features computed for the rewritten image");
    // The same numbers as a run that never saw the old image.
    List<String> fresh = args(data.toString(), model, dir.resolve("out3"));
    fresh.set(fresh.indexOf("--cache") + 1, dir.resolve("cache-fresh").toString());
    Cli.Result third = run(fresh);
    assertEquals(0, third.code(), third.err());
    assertEquals(
        TinyData.resultNumbers(dir.resolve("out3/results.csv")),
        TinyData.resultNumbers(dir.resolve("out2/results.csv")));

    // Unchanged images still reuse the cache.
    Cli.Result again = run(args(data.toString(), model, dir.resolve("out4")));
    assertEquals(0, again.code(), again.err());
    assertEquals(2, featureFiles(), "reused");
  }

  /** How many feature caches {@code dir/cache} holds. */
  private long featureFiles() throws Exception {
    try (java.util.stream.Stream<Path> s = Files.list(dir.resolve("cache/features"))) {
      return s.filter(f -> f.toString().endsWith(".bin")).count();
    }
  }

  /** A tf_flowers mirror ({@code M/flowers/flower_photos/<class>/}) of tiny images. */
  private Path tinyMirror(boolean withSums) throws Exception {
    Path mirror = dir.resolve("mirror");
    Path photos = TinyData.images(mirror.resolve("flowers/flower_photos"), 15, 3);
    if (withSums) {
      StringBuilder sums = new StringBuilder();
      for (String rel :
          org.samplesize.data.ImageDataset.scan(photos).images().stream()
              .map(e -> e.relativeName())
              .sorted()
              .toList()) {
        sums.append(org.samplesize.io.Sha256.file(photos.resolve(rel)))
            .append("  ")
            .append(rel)
            .append('\n');
      }
      // The unreadable image is an image file too: listed, so the scan's set is the sums' set.
      Files.writeString(mirror.resolve("flowers/SHA256SUMS"), sums);
    }
    return mirror;
  }

  /** Rewrites the journal's head line as an earlier samplesize wrote it: without {@code keys}. */
  private static void dropFromHead(Path journal, String... keys) throws Exception {
    List<String> lines = Files.readAllLines(journal);
    com.fasterxml.jackson.databind.ObjectMapper m =
        new com.fasterxml.jackson.databind.ObjectMapper();
    com.fasterxml.jackson.databind.node.ObjectNode head =
        (com.fasterxml.jackson.databind.node.ObjectNode) m.readTree(lines.get(0));
    com.fasterxml.jackson.databind.node.ObjectNode settings =
        (com.fasterxml.jackson.databind.node.ObjectNode) head.get("settings");
    for (String k : keys) {
      assertTrue(settings.has(k), k + " in " + settings);
      settings.remove(k);
    }
    head.remove(JournalLines.CHECK_FIELD);
    lines.set(0, JournalLines.seal(m.writeValueAsString(head)));
    Files.write(journal, lines);
  }

  @Test
  void tfFlowersFromAMirrorResumesOnlyWithTheSamePhotos() throws Exception {
    Path mirror = tinyMirror(true);
    Path photos = mirror.resolve("flowers/flower_photos");
    String model = TinyData.model(dir).toString();
    Path out = dir.resolve("out");
    List<String> a = args("tf_flowers", model, out, "--mirror", mirror.toString());
    Cli.Result first = run(a);
    assertEquals(0, first.code(), first.err());
    assertTrue(first.out().contains("3 trained now, 0 resumed"), first.out());
    Cli.Result again = run(a);
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().contains("0 trained now, 3 resumed"), again.out());

    // A photo's modification time changed but SHA256SUMS still verifies it: the same photos.
    Path touchedFile = photos.resolve("red/img001.png");
    Files.setLastModifiedTime(
        touchedFile,
        java.nio.file.attribute.FileTime.fromMillis(
            Files.getLastModifiedTime(touchedFile).toMillis() + 60_000));
    Cli.Result touched = run(a);
    assertEquals(0, touched.code(), touched.err());
    assertTrue(touched.out().contains("0 trained now, 3 resumed"), touched.out());

    Path journalFile = out.resolve(Journal.FILE_NAME);
    byte[] journal = Files.readAllBytes(journalFile);

    // Photos added under the mirror that SHA256SUMS does not list: refused before anything runs.
    for (int i = 0; i < 4; i++) {
      Files.copy(photos.resolve("red/img000.png"), photos.resolve("red/added" + i + ".png"));
    }
    Cli.Result added = run(a);
    assertEquals(Main.EXIT_USER_ERROR, added.code(), added.out());
    assertTrue(
        added.err().contains("holds 4 image files that")
            && added.err().contains("does not list (e.g. red/added0.png)"),
        added.err());
    assertArrayEquals(journal, Files.readAllBytes(journalFile));

    // A journal written before the listing was recorded is not migrated: refused, naming it.
    for (int i = 0; i < 4; i++) {
      Files.delete(photos.resolve("red/added" + i + ".png"));
    }
    dropFromHead(journalFile, ResumeIdentity.DATA_LISTING);
    journal = Files.readAllBytes(journalFile);
    Cli.Result legacy = run(a);
    assertEquals(Main.EXIT_USER_ERROR, legacy.code(), legacy.out());
    assertTrue(legacy.err().contains("did not record data-listing"), legacy.err());
    assertArrayEquals(journal, Files.readAllBytes(journalFile));
  }

  @Test
  void tfFlowersFromAMirrorWithoutSumsIsNamedByItsPhotos() throws Exception {
    Path mirror = tinyMirror(false);
    Path photos = mirror.resolve("flowers/flower_photos");
    String model = TinyData.model(dir).toString();
    Path out = dir.resolve("out");
    List<String> a = args("tf_flowers", model, out, "--mirror", mirror.toString());
    Cli.Result first = run(a);
    assertEquals(0, first.code(), first.err());
    byte[] journal = Files.readAllBytes(out.resolve(Journal.FILE_NAME));

    Files.copy(photos.resolve("red/img000.png"), photos.resolve("red/img999.png"));
    Cli.Result changed = run(a);
    assertEquals(Main.EXIT_USER_ERROR, changed.code(), changed.out());
    assertTrue(
        changed
            .err()
            .contains(
                "data: the images under tf_flowers changed since the journal was written (46"
                    + " image files then, 47 now): use a new --out, or restore the files"),
        changed.err());
    assertArrayEquals(journal, Files.readAllBytes(out.resolve(Journal.FILE_NAME)));

    // Same names and sizes, rewritten in place: the modification time tells.
    Files.delete(photos.resolve("red/img999.png"));
    Path f = photos.resolve("red/img001.png");
    Files.setLastModifiedTime(
        f,
        java.nio.file.attribute.FileTime.fromMillis(
            Files.getLastModifiedTime(f).toMillis() + 60_000));
    Cli.Result touched = run(a);
    assertEquals(Main.EXIT_USER_ERROR, touched.code(), touched.out());
    assertTrue(
        touched
            .err()
            .contains(
                "(46 image files then, 46 now; names, contents, sizes or modification times differ)"),
        touched.err());
    assertArrayEquals(journal, Files.readAllBytes(out.resolve(Journal.FILE_NAME)));
  }

  @Test
  void aCardFileWithOtherPreprocessingIsRefusedByName() throws Exception {
    Path data = TinyData.images(dir.resolve("data"), 10, 5);
    Path onnx = TinyData.model(dir);
    com.fasterxml.jackson.databind.ObjectMapper m =
        new com.fasterxml.jackson.databind.ObjectMapper();
    com.fasterxml.jackson.databind.node.ObjectNode card =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            m.readTree(org.samplesize.features.ModelCard.load(onnx.toString()).toJson());
    card.put("name", "tiny-card");
    Path cardFile = dir.resolve("tiny-card.json");
    Files.writeString(cardFile, m.writeValueAsString(card));
    Path out = dir.resolve("out");
    List<String> a = args(data.toString(), cardFile.toString(), out);
    Cli.Result first = run(a);
    assertEquals(0, first.code(), first.err());
    assertTrue(first.out().contains("3 trained now, 0 resumed"), first.out());

    // Words only: the same numbers, resumed.
    card.put("description", "the same card, described otherwise");
    card.put("license", "CC0");
    Files.writeString(cardFile, m.writeValueAsString(card));
    Cli.Result reworded = run(a);
    assertEquals(0, reworded.code(), reworded.err());
    assertTrue(reworded.out().contains("0 trained now, 3 resumed"), reworded.out());

    // The card's jpegDctScaling: run applies its own --jpeg-dct-scaling, so the card's changes
    // nothing and is resumed.
    card.with("preprocessing").put("jpegDctScaling", true);
    Files.writeString(cardFile, m.writeValueAsString(card));
    Cli.Result dct = run(a);
    assertEquals(0, dct.code(), dct.err());
    assertTrue(dct.out().contains("0 trained now, 3 resumed"), dct.out());
    // Off is the default, so a card without it keeps the fingerprint journals already hold.
    org.samplesize.features.ModelCard plain =
        org.samplesize.features.ModelCard.load(onnx.toString());
    assertEquals(plain.numbersSha256(), Planner.cardFingerprint(plain));
    byte[] journal = Files.readAllBytes(out.resolve(Journal.FILE_NAME));

    // Other normalisation, same name and model file: refused, naming the card.
    ((com.fasterxml.jackson.databind.node.ArrayNode) card.with("preprocessing").get("mean"))
        .set(0, 0.3);
    Files.writeString(cardFile, m.writeValueAsString(card));
    Cli.Result changed = run(a);
    assertEquals(Main.EXIT_USER_ERROR, changed.code(), changed.out());
    assertTrue(
        changed
            .err()
            .contains(
                "model: the input, preprocessing or feature tensor of model card \"tiny-card\""
                    + " differ from the card the journal was written with"),
        changed.err());
    assertArrayEquals(journal, Files.readAllBytes(out.resolve(Journal.FILE_NAME)));

    // A journal from before the card's fingerprint: not migrated, refused naming it.
    dropFromHead(out.resolve(Journal.FILE_NAME), ResumeIdentity.CARD_SHA);
    Cli.Result legacy = run(a);
    assertEquals(Main.EXIT_USER_ERROR, legacy.code(), legacy.out());
    assertTrue(legacy.err().contains("did not record model-card-sha256"), legacy.err());
  }

  @Test
  void theSameFilesSpelledAnotherWayResume() throws Exception {
    Path data = TinyData.images(dir.resolve("halfbad"), 10, 5);
    Path model = TinyData.model(dir);
    Path out = dir.resolve("out");
    Cli.Result first = run(args(data.toString(), model.toString(), out));
    assertEquals(0, first.code(), first.err());
    assertTrue(first.out().contains("3 trained now, 0 resumed"), first.out());

    // Relative to the working directory, as from another folder.
    Cli.Result rel = run(args(relative(data), relative(model), out));
    assertEquals(0, rel.code(), rel.err());
    assertTrue(rel.out().contains("0 trained now, 3 resumed"), rel.out());

    // Through a symbolic link and with redundant path elements.
    Path link = Files.createSymbolicLink(dir.resolve("link"), data);
    Files.createDirectories(dir.resolve("x"));
    Cli.Result linked =
        run(args(link + "/.", dir.resolve("x/../" + model.getFileName()).toString(), out));
    assertEquals(0, linked.code(), linked.err());
    assertTrue(linked.out().contains("0 trained now, 3 resumed"), linked.out());

    // The same fractions in another order: the same models.
    List<String> reordered = args(data.toString(), model.toString(), out);
    reordered.set(reordered.indexOf("0.3,0.6,1"), "1,0.3,0.6");
    Cli.Result order = run(reordered);
    assertEquals(0, order.code(), order.err());
    assertTrue(order.out().contains("0 trained now, 3 resumed"), order.out());

    // A real difference is still named.
    Path copy = TinyData.images(dir.resolve("other"), 10, 6);
    Cli.Result other = run(args(copy.toString(), model.toString(), out));
    assertEquals(Main.EXIT_USER_ERROR, other.code(), other.out());
    assertTrue(
        other.err().contains("data: the journal has \"" + data.toRealPath() + "\", this run"),
        other.err());
  }

  @Test
  void theDefaultModelByNameByDefaultAndByFileIsOneModel() throws Exception {
    Path onnx = SharedData.model("mobilenetv2-12-int8.onnx");
    Path mirror = onnx.getParent().getParent(); // laid out like shared/data: models/<file>
    Path data = TinyData.images(dir.resolve("data"), 8, 9);
    Path out = dir.resolve("out");
    Cli.Result named =
        run(args(data.toString(), "mobilenetv2-12-int8", out, "--mirror", mirror.toString()));
    assertEquals(0, named.code(), named.err());
    assertTrue(named.out().contains("3 trained now, 0 resumed"), named.out());

    Cli.Result byDefault = run(args(data.toString(), null, out, "--mirror", mirror.toString()));
    assertEquals(0, byDefault.code(), byDefault.err());
    assertTrue(byDefault.out().contains("0 trained now, 3 resumed"), byDefault.out());

    Cli.Result byFile = run(args(data.toString(), onnx.toString(), out));
    assertEquals(0, byFile.code(), byFile.err());
    assertTrue(byFile.out().contains("0 trained now, 3 resumed"), byFile.out());
  }

  /** Sets {@code key} in the journal's head line, as a run that gave that flag wrote it. */
  private static void putInHead(Path journal, String key, int value) throws Exception {
    List<String> lines = Files.readAllLines(journal);
    com.fasterxml.jackson.databind.ObjectMapper m =
        new com.fasterxml.jackson.databind.ObjectMapper();
    com.fasterxml.jackson.databind.node.ObjectNode head =
        (com.fasterxml.jackson.databind.node.ObjectNode) m.readTree(lines.get(0));
    head.with("settings").put(key, value);
    head.remove(JournalLines.CHECK_FIELD);
    lines.set(0, JournalLines.seal(m.writeValueAsString(head)));
    Files.write(journal, lines);
  }

  @Test
  void theModelsOwnSettingsSpeltOutResumeAndOtherOnesAreRefused() throws Exception {
    Path data = TinyData.images(dir.resolve("data"), 10, 5);
    String model = TinyData.model(dir).toString();
    Path out = dir.resolve("out");
    Cli.Result first = run(args(data.toString(), model, out));
    assertEquals(0, first.code(), first.err());
    assertTrue(first.out().contains("3 trained now, 0 resumed"), first.out());
    byte[] journal = Files.readAllBytes(out.resolve(Journal.FILE_NAME));

    // The card's own values (the tiny model's card: 16 px, short side 18, its output as the
    // feature tensor, the ImageNet normalisation) make the same features: resumed.
    Cli.Result own =
        run(
            args(
                data.toString(),
                model,
                out,
                "--size",
                "16",
                "--short-side",
                "18",
                "--resize",
                "SHORT_SIDE_CENTER_CROP",
                "--input-layout",
                "NCHW",
                "--feature-tensor",
                "features",
                "--mean",
                "0.485,0.456,0.406",
                "--std",
                "0.229,0.224,0.225",
                "--augment",
                "--no-jpeg-dct-scaling"));
    assertEquals(0, own.code(), own.err());
    assertTrue(own.out().contains("0 trained now, 3 resumed"), own.out());

    // Fine-tuning's block and precision in a settings file without fine-tuning change no model:
    // resumed (the flags themselves are refused without --fine-tune).
    Path config = dir.resolve("no-tail.yaml");
    Files.writeString(config, "unfreeze-from: block_3\nprecision: bf16\n");
    Cli.Result noTail = run(args(data.toString(), model, out, "--config", config.toString()));
    assertEquals(0, noTail.code(), noTail.err());
    assertTrue(noTail.out().contains("0 trained now, 3 resumed"), noTail.out());

    // Another size makes other features: refused with the line it always had.
    Cli.Result other = run(args(data.toString(), model, out, "--size", "12"));
    assertEquals(Main.EXIT_USER_ERROR, other.code(), other.out());
    assertTrue(other.err().contains("size: the journal has (default), this run 12"), other.err());
    assertArrayEquals(journal, Files.readAllBytes(out.resolve(Journal.FILE_NAME)));

    // A journal whose run spelt out the card's size resumes without it.
    putInHead(out.resolve(Journal.FILE_NAME), "size", 16);
    Cli.Result without = run(args(data.toString(), model, out));
    assertEquals(0, without.code(), without.err());
    assertTrue(without.out().contains("0 trained now, 3 resumed"), without.out());
  }

  @Test
  void aRunThatFailsAtOnceLeavesNothingThatBlocksTheCorrectedCommand() throws Exception {
    Path data = TinyData.images(dir.resolve("data"), 10, 5);
    String model = TinyData.model(dir).toString();
    Path out = dir.resolve("out");
    Cli.Result bad = run(args(dir.resolve("nonexistent").toString(), model, out));
    assertEquals(Main.EXIT_USER_ERROR, bad.code(), bad.out());
    assertTrue(bad.err().contains("is not a folder"), bad.err());
    assertFalse(Files.exists(out.resolve(Journal.FILE_NAME)), "no journal from a failed plan");
    assertFalse(Files.exists(out.resolve(Experiment.SETTINGS_FILE)), "no settings.yaml either");

    Cli.Result badModel = run(args(data.toString(), "nosuch.onnx", out));
    assertEquals(Main.EXIT_USER_ERROR, badModel.code(), badModel.out());
    assertFalse(Files.exists(out.resolve(Journal.FILE_NAME)));

    Cli.Result good = run(args(data.toString(), model, out));
    assertEquals(0, good.code(), good.err());
    assertTrue(good.out().contains("3 trained now, 0 resumed"), good.out());
  }
}
