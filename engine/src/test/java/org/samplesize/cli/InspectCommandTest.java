package org.samplesize.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class InspectCommandTest {
  @TempDir Path dir;

  private Path png(String rel, int w, int h, int grey) throws Exception {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, (grey << 16) | (grey << 8) | ((x * 7 + y) & 0xFF));
      }
    }
    Path p = dir.resolve("data").resolve(rel);
    Files.createDirectories(p.getParent());
    ImageIO.write(img, "png", p.toFile());
    return p;
  }

  @Test
  void ignoredFilesAreNamedAFewAtATime() throws Exception {
    png("cats/a.png", 10, 8, 10);
    png("dogs/d.png", 12, 12, 40);
    Files.writeString(dir.resolve("data/LICENSE.txt"), "free");
    for (int i = 0; i < 7; i++) {
      Files.writeString(dir.resolve("data/cats/.hidden" + i), "x");
    }
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(new StringWriter()));
    assertEquals(0, cl.execute("inspect", "--data", dir.resolve("data").toString(), "--quiet"));
    String text = out.toString();
    assertTrue(text.contains("ignored: 1 file outside a class folder: LICENSE.txt\n"), text);
    assertTrue(
        text.contains(
            "ignored: 7 hidden files: cats/.hidden0, cats/.hidden1, cats/.hidden2, cats/.hidden3,"
                + " cats/.hidden4 and 2 more\n"),
        text);
    assertEquals(
        "1 (45 images), 3 (3,625)",
        InspectCommand.counts(new java.util.TreeMap<>(java.util.Map.of("1", 45, "3", 3625))));
  }

  @Test
  void reportsCountsSizesBadFilesAndDuplicates() throws Exception {
    Path a = png("cats/a.png", 10, 8, 10);
    png("cats/b.png", 30, 20, 20);
    Files.copy(a, dir.resolve("data/cats/a-copy.png")); // same label
    Path d = png("dogs/d.png", 12, 12, 40);
    Files.copy(d, dir.resolve("data/cats/d-again.png")); // different label
    Files.writeString(dir.resolve("data/dogs/broken.jpg"), "not an image");
    Files.createFile(dir.resolve("data/dogs/empty.png"));
    Files.writeString(dir.resolve("data/dogs/notes.txt"), "ignored");

    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    Path json = dir.resolve("report/inspect.json");
    int code =
        cl.execute(
            "inspect",
            "--data",
            dir.resolve("data").toString(),
            "--out",
            dir.resolve("report").toString(),
            "--threads",
            "2",
            "--quiet");
    assertEquals(0, code, err.toString());
    String text = out.toString();
    assertTrue(text.contains("unreadable: 2"), text);
    assertTrue(
        text.contains("ignored: 1 file that is not an image (by its extension): dogs/notes.txt"),
        text);
    assertTrue(text.contains("formats: png (5 images)"), text);
    assertTrue(text.contains("channels: 3 (5 images)"), text);
    assertTrue(!text.contains("{") && !text.matches("(?s).*\\w=\\d.*"), text);
    assertTrue(text.contains("2 group(s), 1 across labels"), text);

    JsonNode r = new ObjectMapper().readTree(json.toFile());
    assertEquals(7, r.get("images").asInt());
    assertEquals(5, r.get("readable").asInt());
    assertEquals("cats", r.get("classes").get(0).get("name").asText());
    assertEquals(4, r.get("classes").get(0).get("images").asInt());
    assertEquals(10, r.get("width").get("min").asInt());
    assertEquals(30, r.get("width").get("max").asInt());
    assertEquals(1, r.get("ignored").get("not an image (file extension)").asInt());
    assertEquals("dogs/broken.jpg", r.get("unreadable").get(0).get("file").asText());
    assertTrue(r.get("unreadable").get(0).get("reason").asText().contains("not an image"));
    assertTrue(r.get("unreadable").get(1).get("reason").asText().contains("empty file"));
    assertEquals(1, r.get("cross_label_duplicates").asInt());
    JsonNode dups = r.get("duplicates");
    assertEquals(2, dups.size());
    boolean sawCross = false;
    for (JsonNode g : dups) {
      if (g.get("cross_label").asBoolean()) {
        sawCross = true;
        assertEquals("cats/d-again.png", g.get("files").get(0).asText());
        assertEquals("dogs/d.png", g.get("files").get(1).asText());
      }
    }
    assertTrue(sawCross);
  }

  /**
   * {@code inspect --data fashion_mnist} reads the mirror's IDX files, checked as run checks them;
   * it was refused ("only samplesize run takes it"). Needs shared/data/fashion-mnist.
   */
  @Test
  void fashionMnistIsInspectedFromTheMirror() throws Exception {
    Path mirror = org.samplesize.SharedData.root().resolve("data");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isDirectory(mirror.resolve("fashion-mnist")),
        "skipped: no fashion-mnist/ in " + mirror);
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(new StringWriter()));
    assertEquals(
        0,
        cl.execute(
            "inspect",
            "--data",
            "fashion_mnist",
            "--mirror",
            mirror.toString(),
            "--cache",
            dir.resolve("cache").toString(),
            "--quiet"));
    String s = out.toString();
    assertTrue(s.contains("Ankle boot                9     7000     7000"), s);
    assertTrue(s.contains("total                          70000    70000"), s);
    assertTrue(s.contains("formats: idx (70,000 images)"), s);
    // Checked independently (SHA-256 of each 784-byte image, in Python): no two are identical.
    assertTrue(s.contains("duplicates (same bytes): 0 group(s), 0 across labels"), s);
  }

  @Test
  void aFolderWithOneClassIsAUserError() throws Exception {
    png("only/a.png", 4, 4, 1);
    CommandLine cl = Main.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    cl.setOut(new PrintWriter(new StringWriter()));
    assertEquals(
        Main.EXIT_USER_ERROR,
        cl.execute("inspect", "--data", dir.resolve("data").toString(), "--quiet"));
    assertTrue(err.toString().contains("need at least 2"), err.toString());
  }

  @Test
  void anUnknownDataNameIsOfferedFashionMnistWhichInspectTakes() {
    CommandLine cl = Main.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    cl.setOut(new PrintWriter(new StringWriter()));
    assertEquals(
        Main.EXIT_USER_ERROR,
        cl.execute("inspect", "--data", dir.resolve("cifar10").toString(), "--quiet"));
    assertTrue(err.toString().contains("tf_flowers or fashion_mnist"), err.toString());
  }

  @Test
  void anUnwritableOutPathIsAUserError() throws Exception {
    png("cats/a.png", 10, 8, 10);
    png("dogs/d.png", 12, 12, 40);
    Path notADir = Files.writeString(dir.resolve("plain-file"), "x");
    Path json = notADir.resolve("report"); // its parent is a file: cannot be created
    CommandLine cl = Main.commandLine();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(new StringWriter()));
    cl.setErr(new PrintWriter(err));
    int code =
        cl.execute(
            "inspect",
            "--data",
            dir.resolve("data").toString(),
            "--out",
            json.toString(),
            "--quiet");
    assertEquals(2, code, err.toString());
    assertTrue(err.toString().contains(json.toString()), err.toString());
  }

  private int inspect(Path out, StringWriter err) {
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(new StringWriter()));
    cl.setErr(new PrintWriter(err));
    return cl.execute(
        "inspect", "--data", dir.resolve("data").toString(), "--out", out.toString(), "--quiet");
  }

  @Test
  void outIsClaimedAsEveryCommandsOutputFolder() throws Exception {
    png("cats/a.png", 10, 8, 10);
    png("dogs/d.png", 12, 12, 40);
    // A folder of the user's own: their inspect.json is not overwritten.
    Path mine = Files.createDirectories(dir.resolve("mine"));
    Files.writeString(mine.resolve(InspectCommand.JSON_FILE), "my notes");
    StringWriter err = new StringWriter();
    assertEquals(Main.EXIT_USER_ERROR, inspect(mine, err), err.toString());
    assertTrue(err.toString().contains("holds files samplesize did not write"), err.toString());
    assertEquals("my notes", Files.readString(mine.resolve(InspectCommand.JSON_FILE)));

    // A folder inspect wrote is marked: inspect writes there again, and so may run (its claim).
    Path report = dir.resolve("report");
    assertEquals(0, inspect(report, new StringWriter()));
    assertTrue(Files.exists(report.resolve(org.samplesize.io.OutputFolder.MARKER_FILE)));
    assertEquals(0, inspect(report, new StringWriter()));
    try (org.samplesize.io.OutputFolder asRun =
        org.samplesize.io.OutputFolder.claim(
            "--out",
            report,
            d -> Files.exists(d.resolve(org.samplesize.experiment.Journal.FILE_NAME)))) {
      assertEquals(report.toAbsolutePath().normalize(), asRun.dir());
    }
  }
}
