package org.samplesize.experiment;

import ai.onnx.proto.OnnxMl;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Fixtures for end-to-end runs without the shared data: a generated image-folder data set whose
 * classes differ by colour (with enough noise that accuracy grows with the training-set size) and a
 * tiny ONNX backbone (global average pool: one feature per colour channel).
 */
public final class TinyData {
  private TinyData() {}

  /** Class colours (RGB) and the per-image noise around them. */
  private static final int[][] COLOURS = {{150, 110, 100}, {110, 150, 100}, {110, 110, 150}};

  private static final int SPREAD = 30;

  /**
   * Writes {@code perClass} PNG images per class (24×24) into {@code dir/<class>/}, plus one
   * unreadable file that the pipeline must skip and one non-image file that the scan ignores.
   *
   * @param dir the data set folder
   * @param perClass images per class
   * @param seed the noise seed
   * @return {@code dir}
   */
  public static Path images(Path dir, int perClass, long seed) throws IOException {
    SplittableRandom rng = new SplittableRandom(seed);
    String[] names = {"red", "green", "blue"};
    for (int c = 0; c < COLOURS.length; c++) {
      Path cls = Files.createDirectories(dir.resolve(names[c]));
      for (int i = 0; i < perClass; i++) {
        BufferedImage img = new BufferedImage(24, 24, BufferedImage.TYPE_INT_RGB);
        int[] shift = {
          rng.nextInt(-SPREAD, SPREAD + 1),
          rng.nextInt(-SPREAD, SPREAD + 1),
          rng.nextInt(-SPREAD, SPREAD + 1)
        };
        for (int y = 0; y < 24; y++) {
          for (int x = 0; x < 24; x++) {
            int r = clamp(COLOURS[c][0] + shift[0] + rng.nextInt(-20, 21));
            int g = clamp(COLOURS[c][1] + shift[1] + rng.nextInt(-20, 21));
            int b = clamp(COLOURS[c][2] + shift[2] + rng.nextInt(-20, 21));
            img.setRGB(x, y, (r << 16) | (g << 8) | b);
          }
        }
        ImageIO.write(img, "png", cls.resolve(String.format("img%03d.png", i)).toFile());
      }
    }
    Files.writeString(dir.resolve("red/broken.png"), "not a png");
    Files.writeString(dir.resolve("green/notes.txt"), "not an image");
    return dir;
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }

  /**
   * Writes a tiny backbone: {@code input [N,3,16,16]} → GlobalAveragePool → Flatten → {@code
   * features [N,3]}.
   *
   * @param dir where to write {@code tiny-backbone.onnx}
   * @return the file
   */
  public static Path model(Path dir) throws IOException {
    OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName("tiny-backbone");
    g.addInput(value("input", -1, 3, 16, 16));
    g.addOutput(value("features", -1, 3));
    g.addNode(
        OnnxMl.NodeProto.newBuilder()
            .setOpType("GlobalAveragePool")
            .setName("gap")
            .addInput("input")
            .addOutput("pool"));
    g.addNode(
        OnnxMl.NodeProto.newBuilder()
            .setOpType("Flatten")
            .setName("flatten")
            .addInput("pool")
            .addOutput("features"));
    OnnxMl.ModelProto m =
        OnnxMl.ModelProto.newBuilder()
            .setIrVersion(7)
            .setProducerName("samplesize-test")
            .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setVersion(13))
            .setGraph(g)
            .build();
    Path p = dir.resolve("tiny-backbone.onnx");
    Files.write(p, m.toByteArray());
    return p;
  }

  private static OnnxMl.ValueInfoProto value(String name, long... dims) {
    OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
    for (long d : dims) {
      shape.addDim(
          d < 0
              ? OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("N")
              : OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    return OnnxMl.ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            OnnxMl.TypeProto.newBuilder()
                .setTensorType(
                    OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(OnnxMl.TensorProto.DataType.FLOAT_VALUE)
                        .setShape(shape)))
        .build();
  }

  /**
   * The rows of a {@code results.csv} without the two columns that depend on the machine ({@code
   * train_ms}, {@code backend}), header included: what two runs of the same experiment must agree
   * on, wherever they ran.
   *
   * @param csv a results table
   * @return its rows, comma-joined
   * @throws IOException if it cannot be read
   */
  public static List<String> resultNumbers(Path csv) throws IOException {
    return resultNumbersOf(csv);
  }

  /**
   * Asserts that two tables of {@link #resultNumbers} agree: every cell exactly, except {@code
   * loss}, a mean of float sums from OpenBLAS, whose kernels follow the CPU: an AVX2 CPU gave it in
   * the eighth digit for a head and in the fourth after fine-tuning's epochs (0.79470 for 0.79442)
   * otherwise than the AVX-512 CPU the pinned tables were recorded on, every other cell the same.
   * It must agree to {@value #LOSS_TOLERANCE} relative. {@code auc} and {@code roc_auc} must agree
   * to {@value #AUC_TOLERANCE}: on a dozen test images two probabilities a few 1e-7 apart swap
   * order with such differences, which moves a fine-tuned model's AUC by a pair's weight (0.908 for
   * 0.911 when the products were first cut into fixed blocks) and its accuracy not at all.
   *
   * @param expected the recorded rows, header first
   * @param actual the rows now
   * @param why what the failure message adds, e.g. where the actual table was written
   */
  public static void assertSameResults(List<String> expected, List<String> actual, String why) {
    org.junit.jupiter.api.Assertions.assertEquals(expected.size(), actual.size(), why);
    org.junit.jupiter.api.Assertions.assertEquals(expected.get(0), actual.get(0), why);
    List<String> header = List.of(expected.get(0).split(",", -1));
    int loss = header.indexOf("loss");
    java.util.Set<Integer> aucs =
        java.util.Set.of(header.indexOf("auc"), header.indexOf("roc_auc"));
    for (int row = 1; row < expected.size(); row++) {
      String[] want = expected.get(row).split(",", -1);
      String[] got = actual.get(row).split(",", -1);
      org.junit.jupiter.api.Assertions.assertEquals(want.length, got.length, why);
      for (int c = 0; c < want.length; c++) {
        String cell = "row " + row + " " + header.get(c) + ": " + why;
        if (c == loss) {
          double w = Double.parseDouble(want[c]);
          org.junit.jupiter.api.Assertions.assertEquals(
              w, Double.parseDouble(got[c]), LOSS_TOLERANCE * Math.abs(w), cell);
        } else if (aucs.contains(c) && !want[c].isEmpty()) {
          org.junit.jupiter.api.Assertions.assertEquals(
              Double.parseDouble(want[c]), Double.parseDouble(got[c]), AUC_TOLERANCE, cell);
        } else {
          org.junit.jupiter.api.Assertions.assertEquals(want[c], got[c], cell);
        }
      }
    }
  }

  /** How far {@code loss} may differ, relative: see {@link #assertSameResults}. */
  public static final double LOSS_TOLERANCE = 2e-3;

  /** How far {@code auc} and {@code roc_auc} may differ: see {@link #assertSameResults}. */
  public static final double AUC_TOLERANCE = 0.01;

  private static List<String> resultNumbersOf(Path csv) throws IOException {
    List<String> out = new ArrayList<>();
    try (CSVParser p = CSVParser.parse(csv, StandardCharsets.UTF_8, CSVFormat.DEFAULT)) {
      List<org.apache.commons.csv.CSVRecord> rows = p.getRecords();
      List<String> header = rows.get(0).toList();
      int ms = header.indexOf("train_ms");
      int backend = header.indexOf("backend");
      for (CSVRecord row : rows) {
        List<String> keep = new ArrayList<>();
        for (int i = 0; i < row.size(); i++) {
          if (i != ms && i != backend) {
            keep.add(row.get(i));
          }
        }
        out.add(String.join(",", keep));
      }
    }
    return out;
  }
}
