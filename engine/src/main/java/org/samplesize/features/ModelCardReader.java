package org.samplesize.features;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.samplesize.InvalidInputException;
import org.samplesize.image.Layout;
import org.samplesize.image.Preprocessing;
import org.samplesize.image.ResizeMode;
import org.samplesize.io.Sha256;
import org.samplesize.io.TextFiles;

/**
 * Reads {@link ModelCard}s (built-in, card files, or from an ONNX graph) and checks a model file
 * against one; the card itself is a plain record.
 */
final class ModelCardReader {
  private ModelCardReader() {}

  private static final String RESOURCE_DIR = "/org/samplesize/models/";

  /** Where the card format is documented; errors that ask for a card point there. */
  static final String CARD_DOC = "docs/model-cards.md";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /**
   * Loads a card (see {@link ModelCard#load(String)}).
   *
   * @param nameOrPath a built-in card name (see {@link #builtInNames()}), a card file ({@code
   *     .json}, {@code .yaml}, {@code .yml}), or an {@code .onnx} file: a file whose SHA-256
   *     matches a built-in card gets that card; any other gets a card read from the graph (first
   *     input, first output, ImageNet preprocessing; raw 0-255 pixels for a uint8 input, the plain
   *     0-1 luminance for a 1-channel input) that flags can then override
   * @return the card
   * @throws InvalidInputException when the name is unknown or the file cannot be read
   */
  static ModelCard load(String nameOrPath) {
    String key =
        nameOrPath == null || nameOrPath.isBlank() ? ModelCard.DEFAULT : nameOrPath.strip();
    if (builtInNames().contains(key)) {
      return builtIn(key);
    }
    Path p = Path.of(key);
    String lower = key.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".onnx")) {
      if (Files.isDirectory(p)) {
        throw new InvalidInputException(OnnxGraph.isFolder("--model", p));
      }
      if (!Files.isRegularFile(p)) {
        throw new InvalidInputException(
            "model file " + p.toAbsolutePath() + " does not exist; give a readable .onnx file");
      }
      return fromOnnx(p);
    }
    if (lower.endsWith(".json") || lower.endsWith(".yaml") || lower.endsWith(".yml")) {
      if (Files.isDirectory(p)) {
        throw new InvalidInputException(
            "model card "
                + p.toAbsolutePath()
                + " is a folder, not a file; give the card file (.json/.yaml) itself");
      }
      if (!Files.isRegularFile(p)) {
        throw new InvalidInputException(
            "model card " + p.toAbsolutePath() + " does not exist; give a readable card file");
      }
      ObjectMapper m = lower.endsWith(".json") ? ModelCard.JSON : YAML;
      try {
        ModelCard c =
            m.readValue(
                TextFiles.read(p, "model card " + p, TextFiles.MAX_SETTINGS_BYTES),
                ModelCard.class);
        Path sibling = p.toAbsolutePath().getParent().resolve(c.file());
        return Files.isRegularFile(sibling) ? c.withLocalFile(sibling) : c;
      } catch (InvalidInputException e) {
        throw e;
      } catch (IOException | IllegalArgumentException e) {
        throw new InvalidInputException(
            "model card " + p + " cannot be read: " + e.getMessage() + "; fix the file", e);
      }
    }
    throw new InvalidInputException(
        "unknown model '"
            + key
            + "': give a built-in card name "
            + builtInNames()
            + ", a card file (.json/.yaml) or an .onnx file");
  }

  /**
   * @return the names of the built-in cards, the default first
   */
  static List<String> builtInNames() {
    try (InputStream in = ModelCardReader.class.getResourceAsStream(RESOURCE_DIR + "index.json")) {
      if (in == null) {
        throw new IllegalStateException(
            "model card index " + RESOURCE_DIR + "index.json missing from the classpath");
      }
      List<String> names = new ArrayList<>();
      ModelCard.JSON.readTree(in).get("cards").forEach(n -> names.add(n.asText()));
      return List.copyOf(names);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ModelCard builtIn(String name) {
    try (InputStream in =
        ModelCardReader.class.getResourceAsStream(RESOURCE_DIR + name + ".json")) {
      if (in == null) {
        throw new IllegalStateException("built-in model card " + name + " missing");
      }
      return ModelCard.JSON.readValue(in, ModelCard.class);
    } catch (IOException e) {
      throw new UncheckedIOException("built-in model card " + name + " is unreadable", e);
    }
  }

  private static ModelCard fromOnnx(Path p) {
    String sha = Sha256.fileUnchecked(p);
    for (String n : builtInNames()) {
      ModelCard c = builtIn(n);
      if (sha.equals(c.sha256())) {
        return c.withLocalFile(p.toAbsolutePath());
      }
    }
    OnnxGraph g = OnnxGraph.read(p);
    if (g.inputs().isEmpty() || g.outputs().isEmpty()) {
      throw new InvalidInputException("model " + p + " has no graph inputs or outputs");
    }
    OnnxGraph.ValueInfo in = g.inputs().get(0);
    long[] shape = in.shape();
    if (shape == null || shape.length != 4) {
      throw new InvalidInputException(
          "model "
              + p
              + ": first input "
              + in
              + " is not a 4-d image tensor; write a model card for it (see "
              + CARD_DOC
              + ")");
    }
    shape = shape.clone();
    shape[0] = -1; // a fixed batch size is read from the session and honoured there
    String layout;
    if (shape[1] == 3 || shape[1] == 1) {
      layout = "NCHW";
    } else if (shape[3] == 3 || shape[3] == 1) {
      layout = "NHWC";
    } else {
      throw new InvalidInputException(
          "model "
              + p
              + ": first input "
              + in
              + " has neither 3 (RGB) nor 1 (grayscale) channels on axis 1 (NCHW) or 3 (NHWC);"
              + " write a model card for it (see "
              + CARD_DOC
              + ")");
    }
    long channels = layout.equals("NCHW") ? shape[1] : shape[3];
    int h = (int) (layout.equals("NCHW") ? shape[2] : shape[1]);
    int w = (int) (layout.equals("NCHW") ? shape[3] : shape[2]);
    if (h <= 0 || w <= 0) {
      h = 224;
      w = 224;
      shape =
          layout.equals("NCHW") ? new long[] {-1, channels, h, w} : new long[] {-1, h, w, channels};
    }
    // A uint8 input takes raw 0-255 pixels; a grayscale one gets the plain 0-1 luminance; else the
    // ImageNet normalisation most RGB backbones expect.
    boolean bytes = in.elemType().equals("UINT8");
    boolean rgb = channels == 3;
    float scale = bytes ? 1f : 1f / 255f;
    float[] mean = rgb && !bytes ? new float[] {0.485f, 0.456f, 0.406f} : new float[] {0, 0, 0};
    float[] std = rgb && !bytes ? new float[] {0.229f, 0.224f, 0.225f} : new float[] {1, 1, 1};
    OnnxGraph.ValueInfo out = g.outputs().get(0);
    long[] os = out.shape();
    int classes = os != null && os.length == 2 && os[1] > 0 ? (int) os[1] : 0;
    String fileName = p.getFileName().toString();
    return new ModelCard(
        fileName.substring(0, fileName.length() - ".onnx".length()),
        "read from " + p + " (no card)",
        fileName,
        null,
        sha,
        fileSize(p),
        "unknown",
        new ModelCard.InputSpec(in.name(), shape, layout),
        new Preprocessing(
            ResizeMode.SHORT_SIDE_CENTER_CROP,
            w,
            h,
            Math.round(Math.max(w, h) * 256f / 224f),
            scale,
            mean,
            std,
            Layout.valueOf(layout)),
        new ModelCard.OutputSpec(out.name(), classes, 0, "logits"),
        out.name(),
        classes,
        Map.of(),
        p.toAbsolutePath());
  }

  private static long fileSize(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Checks that an ONNX file has what a card promises (see {@link ModelCard#verify(Path)}).
   *
   * @param card the card
   * @param modelFile the ONNX file
   * @throws InvalidInputException listing what the file really has when something is missing
   */
  static void verify(ModelCard card, Path modelFile) {
    ModelCard.InputSpec input = card.input();
    ModelCard.OutputSpec logits = card.logits();
    String featureTensor = card.featureTensor();
    Map<String, String> cuts = card.cuts();
    OnnxGraph g = OnnxGraph.read(modelFile);
    List<String> problems = new ArrayList<>();
    OnnxGraph.ValueInfo in = g.input(input.name());
    if (in == null) {
      problems.add("no input named '" + input.name() + "'");
    } else if (!in.elemType().equals("FLOAT") && !in.elemType().equals("UINT8")) {
      problems.add(
          "input '"
              + input.name()
              + "' has element type "
              + in.elemType()
              + "; images can be fed as FLOAT (float32) or UINT8 (bytes 0-255) only, so export"
              + " the model with one of those inputs");
    } else if (!shapeFits(in.shape(), input.shape())) {
      problems.add(
          "input '"
              + input.name()
              + "' has shape "
              + Arrays.toString(in.shape())
              + ", the card says "
              + Arrays.toString(input.shape()));
    }
    if (logits != null && g.output(logits.name()) == null) {
      problems.add("no output named '" + logits.name() + "'");
    }
    if (!g.hasTensor(featureTensor)) {
      problems.add("no tensor named '" + featureTensor + "' (feature tensor)");
    }
    for (Map.Entry<String, String> c : cuts.entrySet()) {
      if (!g.hasTensor(c.getValue())) {
        problems.add("no tensor named '" + c.getValue() + "' (cut " + c.getKey() + ")");
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(
          "model "
              + modelFile
              + " does not match card "
              + card.name()
              + ": "
              + String.join("; ", problems)
              + ". The file has inputs "
              + g.inputs()
              + " and outputs "
              + g.outputs()
              + ". Pass the right --model, or override the card fields by flag");
    }
  }

  private static boolean shapeFits(long[] actual, long[] expected) {
    if (actual == null) {
      return true; // unknown rank: ORT will tell at run time
    }
    if (actual.length != expected.length) {
      return false;
    }
    for (int i = 0; i < actual.length; i++) {
      if (actual[i] > 0 && expected[i] > 0 && actual[i] != expected[i]) {
        return false;
      }
    }
    return true;
  }
}
