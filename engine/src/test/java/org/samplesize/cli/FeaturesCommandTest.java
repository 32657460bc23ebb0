package org.samplesize.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.SharedData;

class FeaturesCommandTest {
  @TempDir Path tmp;

  /** Two classes of three real photos each, plus one file that is not a JPEG. */
  Path smallDataSet() throws Exception {
    Path flowers = SharedData.flowers();
    Path root = tmp.resolve("data");
    for (String cls : List.of("daisy", "tulips")) {
      Files.createDirectories(root.resolve(cls));
      try (var s = Files.list(flowers.resolve(cls))) {
        for (Path p : s.sorted().limit(3).toList()) {
          Files.createSymbolicLink(root.resolve(cls).resolve(p.getFileName()), p);
        }
      }
    }
    Files.writeString(root.resolve("tulips/zz_broken.jpg"), "not a jpeg");
    return root;
  }

  static String[] run(String... args) {
    Cli.Result r = Cli.run(args);
    return new String[] {Integer.toString(r.code()), r.out(), r.err()};
  }

  @Test
  void anImageRewrittenWithItsOldSizeAndTimeGetsItsFeaturesComputedAgain() throws Exception {
    Path data = org.samplesize.experiment.TinyData.images(tmp.resolve("data"), 4, 3);
    Path model = org.samplesize.experiment.TinyData.model(tmp);
    Path image = data.resolve("red/same.bmp");
    bmp(image, 0xC86450);
    String[] first = features(data, model, tmp.resolve("out1"));
    assertEquals("0", first[0], first[2]);
    java.nio.file.attribute.FileTime time = Files.getLastModifiedTime(image);
    long size = Files.size(image);
    // Other pixels, the same size and time: a copy or restore that keeps times.
    bmp(image, 0x3232C8);
    Files.setLastModifiedTime(image, time);
    assertEquals(size, Files.size(image));
    String[] second = features(data, model, tmp.resolve("out2"));
    assertEquals("0", second[0], second[2]);
    ObjectMapper m = new ObjectMapper();
    JsonNode j1 = m.readTree(tmp.resolve("out1/features.json").toFile());
    JsonNode j2 = m.readTree(tmp.resolve("out2/features.json").toFile());
    assertNotEquals(
        j1.path("cache_file").asText(),
        j2.path("cache_file").asText(),
        "the former features were reused");
    assertFalse(
        java.util.Arrays.equals(
            Files.readAllBytes(tmp.resolve("out1/features.npy")),
            Files.readAllBytes(tmp.resolve("out2/features.npy"))));
  }

  private String[] features(Path data, Path model, Path out) {
    return run(
        "features",
        "--data",
        data.toString(),
        "--model",
        model.toString(),
        "--out",
        out.toString(),
        "--cache",
        tmp.resolve("cache").toString(),
        "--threads",
        "1",
        "--quiet");
  }

  /** A 24×24 BMP of one colour: every such file has the same size. */
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
  void writesNpyRowsAndProvenanceAndReusesTheCache() throws Exception {
    Path data = smallDataSet();
    Path model = SharedData.model("mobilenetv2-12-int8.onnx");
    Path out = tmp.resolve("out");
    String[] command = {
      "features",
      "--data",
      data.toString(),
      "--model",
      model.toString(),
      "--views",
      "2",
      "--ep",
      "cpu",
      "--threads",
      "2",
      "--batch",
      "4",
      "--out",
      out.toString(),
      "--cache",
      tmp.resolve("cache").toString(),
      "--quiet"
    };
    String[] r = run(command);
    assertEquals("0", r[0], r[2]);
    byte[] npy = Files.readAllBytes(out.resolve("features.npy"));
    assertEquals((byte) 0x93, npy[0]);
    String header = new String(npy, 10, 118, java.nio.charset.StandardCharsets.US_ASCII);
    assertTrue(header.contains("'shape': (14, 1280)"), header);
    assertEquals(128 + 14 * 1280 * 4, npy.length);
    List<String> rows = Files.readAllLines(out.resolve("rows.csv"));
    assertEquals(15, rows.size());
    assertEquals("12,tulips/zz_broken.jpg,tulips,1,0,false", rows.get(13));
    assertTrue(rows.get(1).startsWith("0,daisy/"), rows.get(1));
    JsonNode j = new ObjectMapper().readTree(out.resolve("features.json").toFile());
    assertEquals("cpu", j.path("execution_provider").asText());
    assertEquals(2, j.path("skipped").asInt());
    assertEquals("mobilenetv2-12-int8", j.path("model").asText());
    assertTrue(j.path("cache").path("provenance").path("augmentation").path("flip").asBoolean());
    // View 1 is augmented, view 0 is not: the two rows of one image differ.
    ByteBuffer b = ByteBuffer.wrap(npy, 128, npy.length - 128).order(ByteOrder.LITTLE_ENDIAN);
    float diff = 0;
    for (int c = 0; c < 1280; c++) {
      diff += Math.abs(b.getFloat(4 * c) - b.getFloat(4 * (1280 + c)));
    }
    assertTrue(diff > 0, "augmented view equals the plain one");

    String[] again = run(command);
    assertEquals("0", again[0], again[2]);
    String cacheFile = j.path("cache_file").asText();
    JsonNode j2 = new ObjectMapper().readTree(out.resolve("features.json").toFile());
    assertEquals(cacheFile, j2.path("cache_file").asText());
    assertEquals(
        1, j2.path("cache").path("runs").size(), "the second run recomputed instead of reusing");
  }

  @Test
  void userMistakesExitWithCodeTwoAndOneLine() throws Exception {
    Path out = tmp.resolve("out");
    String[] r = run("features", "--data", tmp.resolve("nope").toString(), "--out", out.toString());
    assertEquals("2", r[0], r[2]);
    assertTrue(r[2].contains("is not a folder"), r[2]);
    // features refuses fashion_mnist: the message offers only what it takes.
    assertTrue(r[2].contains("or tf_flowers") && !r[2].contains("fashion_mnist"), r[2]);
    Path images = Files.createDirectories(tmp.resolve("images"));
    String[] m =
        run("features", "--data", images.toString(), "--model", "resnet", "--out", out.toString());
    assertEquals("2", m[0], m[2]);
    assertTrue(m[2].contains("unknown model 'resnet'"), m[2]);
  }

  /**
   * A folder where no image decodes was exported as all-zero rows marked invalid, with exit 0 and
   * only the skipped lines: now one line naming the folder and what to do, exit 2, nothing written.
   */
  @Test
  void aFolderWhereNoImageDecodesIsRefused() throws Exception {
    Path model = SharedData.model("mobilenetv2-12-int8.onnx");
    Path images = tmp.resolve("broken");
    for (String cls : List.of("daisy", "tulips")) {
      Files.createDirectories(images.resolve(cls));
      Files.writeString(images.resolve(cls).resolve("a.jpg"), "not a jpeg");
    }
    Path out = tmp.resolve("broken-out");
    String[] r =
        run(
            "features",
            "--data",
            images.toString(),
            "--model",
            model.toString(),
            "--cache",
            tmp.resolve("cache").toString(),
            "--out",
            out.toString());
    assertEquals("2", r[0], r[2]);
    assertTrue(r[2].contains("none of the 2 images under " + images + " decodes"), r[2]);
    assertFalse(Files.exists(out.resolve("features.npy")));
  }

  @Test
  void anOutputFolderInsideTheImagesIsRefusedBeforeAnyWork() throws Exception {
    Path images = Files.createDirectories(tmp.resolve("images").resolve("daisy")).getParent();
    Path out = images.resolve("features-out");
    String[] r =
        run("features", "--data", images.toString(), "--model", "resnet", "--out", out.toString());
    assertEquals("2", r[0], r[2]);
    assertEquals(
        "samplesize features: error: --out "
            + out
            + " is inside the image folder --data "
            + images
            + ": what is written there would become part of the data set; give --out a folder"
            + " outside it\n",
        r[2]);
    assertFalse(Files.exists(out));
  }

  @Test
  void benchPrintsATableWithUnusableGpuRowsAndJson() throws Exception {
    Path data = smallDataSet();
    Path model = SharedData.model("mobilenetv2-12-int8.onnx");
    Path benchOut = tmp.resolve("bench-out");
    Path json = benchOut.resolve("bench.json");
    String[] r =
        run(
            "bench",
            "--data",
            data.toString(),
            "--model",
            model.toString(),
            "--batch",
            "2",
            "--threads",
            "2",
            "--warmup",
            "0",
            "--repetitions",
            "2",
            "--images",
            "4",
            "--out",
            benchOut.toString(),
            "--quiet",
            "--jpeg-dct-scaling",
            "--cache",
            tmp.resolve("cache").toString());
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].contains("jpeg-dct-scaling on"), r[1]);
    assertTrue(r[1].contains("features  cpu"), r[1]);
    assertTrue(r[1].contains("excluded") && r[1].contains("included"), r[1]);
    // --ep auto named no provider: one that is not available here is one note (on the console;
    // FeatureBenchTest), not a row.
    if (org.samplesize.features.FeatureExtractor.unavailableReason(
            org.samplesize.features.ExecutionProfile.load("tensorrt"))
        != null) {
      assertFalse(r[1].contains("tensorrt"), r[1]);
    }
    assertFalse(r[1].contains("was requested"), r[1]);
    JsonNode j = new ObjectMapper().readTree(json.toFile());
    assertTrue(j.path("preprocessing").path("jpeg_dct_scaling").asBoolean(false), j.toString());
    assertTrue(j.path("preprocessing").path("resize").isTextual(), j.toString());
    int measured = 0;
    int head = 0;
    int fineTune = 0;
    for (JsonNode row : j.path("rows")) {
      if (row.path("stage").asText().equals("finetune")) {
        fineTune++;
        assertEquals("samples/s", row.path("unit").asText());
        if (row.path("backend").asText().equals("cpu")) {
          assertEquals(2, row.path("batch").asInt(), "fine-tuning runs at the largest --batch");
          assertEquals(2, row.path("samples").size());
          assertTrue(row.path("median").asDouble() > 0);
        }
      }
      if (row.path("stage").asText().equals("features")
          && row.path("backend").asText().equals("cpu")) {
        measured++;
        assertEquals(2, row.path("samples").size());
        assertTrue(row.path("median").asDouble() > 0);
      }
      if (row.path("stage").asText().equals("head")) {
        head++;
        assertEquals("models/s", row.path("unit").asText());
        if (row.path("backend").asText().equals("cpu")) {
          assertEquals(2, row.path("samples").size());
          assertTrue(row.path("median").asDouble() > 0);
        }
      }
    }
    assertEquals(2, measured);
    assertEquals(2, head, "one head row per training backend (cpu, cuda)");
    assertEquals(2, fineTune, "one fine-tuning row per training backend (cpu, cuda)");
  }

  @Test
  void benchSaysWhyAModelWithoutAMobileNetTailHasNoFineTuningRowsAndChecksTheFlagFirst()
      throws Exception {
    Path data = smallDataSet();
    Path model = org.samplesize.features.TinyModels.write(tmp);
    Path card = tmp.resolve("tiny.json");
    Files.writeString(card, org.samplesize.features.TinyModels.card(model).toJson());
    String[] common = {
      "--data",
      data.toString(),
      "--batch",
      "2",
      "--threads",
      "1",
      "--warmup",
      "0",
      "--repetitions",
      "1",
      "--images",
      "2",
      "--ep",
      "cpu",
      "--quiet",
      "--cache",
      tmp.resolve("cache").toString()
    };
    String[] r = run(concat(new String[] {"bench", "--model", card.toString()}, common));
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].contains("features  cpu"), r[1]);
    assertTrue(r[1].contains("skipped: this model's tail cannot be fine-tuned"), r[1]);

    Path real = SharedData.model("mobilenetv2-12-int8.onnx");
    String[] bad =
        run(
            concat(
                new String[] {"bench", "--model", real.toString(), "--unfreeze-from", "block_99"},
                common));
    assertEquals("2", bad[0], bad[2]);
    assertTrue(bad[2].contains("block_99"), bad[2]);
    assertTrue(bad[1].isEmpty(), "nothing measured before the flag was checked: " + bad[1]);
  }

  /**
   * features --feature-tensor with a tensor the model lacks said the model "does not match card
   * ...: Pass the right --model, or override the card fields by flag": the flag is what is wrong.
   */
  @Test
  void aFeatureTensorTheModelLacksIsNamedAsTheFlagsMistake() throws Exception {
    Path data = smallDataSet();
    Path model = SharedData.model("mobilenetv2-12-int8.onnx");
    String[] r =
        run(
            "features",
            "--data",
            data.toString(),
            "--model",
            model.toString(),
            "--feature-tensor",
            "pool",
            "--quiet",
            "--cache",
            tmp.resolve("cache").toString(),
            "--out",
            tmp.resolve("out").toString());
    assertEquals("2", r[0], r[2]);
    assertTrue(
        r[2].contains(
            "error: --feature-tensor pool: model " + model + " has no tensor of that name"),
        r[2]);
    assertTrue(r[2].contains("Give --feature-tensor a tensor the file has"), r[2]);
    assertFalse(r[2].contains("Pass the right --model"), r[2]);
  }

  private static String[] concat(String[] a, String[] b) {
    String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
