package org.samplesize.features;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
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
      ModelCard c = readCardFile(p, lower.endsWith(".json") ? ModelCard.JSON : YAML);
      Path sibling = p.toAbsolutePath().getParent().resolve(c.file());
      return Files.isRegularFile(sibling) ? c.withLocalFile(sibling) : c;
    }
    if (Files.isRegularFile(p)) {
      throw new InvalidInputException(
          "model "
              + key
              + " is a file but not a model: --model takes an .onnx file, a card file (.json,"
              + " .yaml, .yml) or a built-in card name ("
              + String.join(", ", builtInNames())
              + "); give one of those");
    }
    throw new InvalidInputException(
        "unknown model '"
            + key
            + "': give a built-in card name ("
            + String.join(", ", builtInNames())
            + "), a card file (.json/.yaml) or an .onnx file");
  }

  /** The keys a card must have, by section ("" for the top level), as docs/model-cards.md says. */
  private static final Map<String, List<String>> REQUIRED_KEYS =
      Map.of(
          "",
          List.of("name", "file", "input", "preprocessing", "featureTensor"),
          "input",
          List.of("name", "shape"),
          "preprocessing",
          List.of("resize", "width", "height", "scale", "mean", "std", "layout"),
          "logits",
          List.of("name"));

  /**
   * Reads a card file; every problem is one line that names the file, the key (and its line where
   * the parser knows it) and what to write instead.
   */
  private static ModelCard readCardFile(Path p, ObjectMapper m) {
    String text;
    try {
      text = TextFiles.read(p, "model card " + p, TextFiles.MAX_SETTINGS_BYTES);
    } catch (IOException e) {
      throw new InvalidInputException(
          "model card " + p + " cannot be read (" + e.getMessage() + "); check its permissions", e);
    }
    String see = " (" + CARD_DOC + ", Card fields, lists every key)";
    JsonNode tree;
    try {
      tree = m.readTree(text);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(
          "model card "
              + p
              + at(e)
              + " is not valid "
              + (m == ModelCard.JSON ? "JSON" : "YAML")
              + " ("
              + firstLine(e.getOriginalMessage())
              + "); fix the file"
              + see,
          e);
    }
    if (tree == null || !tree.isObject()) {
      throw new InvalidInputException(
          "model card " + p + " holds no keys; write a card (" + CARD_DOC + " has one to copy)");
    }
    List<String> missing = new ArrayList<>();
    for (String section : List.of("", "input", "preprocessing", "logits")) {
      JsonNode node = section.isEmpty() ? tree : tree.get(section);
      if (node == null || node.isNull() || !node.isObject()) {
        continue; // a missing section is reported at the top level; logits may be null
      }
      for (String k : REQUIRED_KEYS.get(section)) {
        JsonNode v = node.get(k);
        if (v == null || v.isNull()) {
          missing.add(section.isEmpty() ? k : section + "." + k);
        }
      }
    }
    if (!missing.isEmpty()) {
      throw new InvalidInputException(
          "model card "
              + p
              + " lacks the required key"
              + (missing.size() == 1 ? " " : "s ")
              + String.join(", ", missing)
              + "; add "
              + (missing.size() == 1 ? "it" : "them")
              + see);
    }
    Map<String, Integer> lines = keyLines(text, m);
    if (tree.has(NOT_A_KEY)) {
      // The record keeps where its file was found on this machine; a card cannot set that.
      throw new InvalidInputException(
          "model card "
              + p
              + lineOf(NOT_A_KEY, lines)
              + ": '"
              + NOT_A_KEY
              + "' is not a card key; the file is named by 'file' and looked for beside the"
              + " card: remove it"
              + see);
    }
    try {
      return m.readValue(text, ModelCard.class);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(
          "model card " + p + lineOf(offendingKey(e), lines) + ": " + problem(e) + see, e);
    }
  }

  /** The record component that says where the file was found: not a key a card may set. */
  private static final String NOT_A_KEY = "localFile";

  /**
   * The line of every key in a card's text, by dotted path ({@code input.shape}), from the parser's
   * location of the key itself: a record is built only after its last key is read, so the location
   * of an error raised while building it is the end of its section (or of the file), not the key.
   */
  private static Map<String, Integer> keyLines(String text, ObjectMapper m) {
    Map<String, Integer> lines = new HashMap<>();
    try (JsonParser jp = m.getFactory().createParser(text)) {
      for (JsonToken t = jp.nextToken(); t != null; t = jp.nextToken()) {
        if (t == JsonToken.FIELD_NAME) {
          String path = jp.getParsingContext().pathAsPointer().toString();
          lines.putIfAbsent(
              path.substring(1).replace('/', '.'), jp.currentTokenLocation().getLineNr());
        }
      }
    } catch (IOException e) {
      // The text parsed as a tree a moment ago; without lines the message just has none.
    }
    return lines;
  }

  /**
   * @return {@code ":LINE"} of the key, or of the nearest section above it that the file holds;
   *     empty when none is known
   */
  private static String lineOf(String key, Map<String, Integer> lines) {
    for (String k = key; !k.isEmpty(); ) {
      Integer line = lines.get(k);
      if (line != null && line > 0) {
        return ":" + line;
      }
      int dot = k.lastIndexOf('.');
      k = dot < 0 ? "" : k.substring(0, dot);
    }
    return "";
  }

  /** The dotted key an error is about: the parser's path, plus the key a card check names. */
  private static String offendingKey(JsonProcessingException e) {
    String path = keyPath(e);
    for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
      if (c instanceof CardKeyException k) {
        return path.isEmpty() ? k.key() : path + "." + k.key();
      }
    }
    return path;
  }

  /** What is wrong with a card that parses, in the card's words (keys, values), not Java's. */
  private static String problem(JsonProcessingException e) {
    String key = keyPath(e);
    if (e instanceof UnrecognizedPropertyException u) {
      List<String> known = new ArrayList<>();
      u.getKnownPropertyIds().forEach(o -> known.add(o.toString()));
      known.remove(NOT_A_KEY);
      java.util.Collections.sort(known);
      return "'"
          + key
          + "' is not a card key; the keys here are "
          + String.join(", ", known)
          + ": fix its spelling or remove it";
    }
    Throwable cause = e.getCause();
    if (cause instanceof IllegalArgumentException || cause instanceof NullPointerException) {
      // The card's own checks: their messages already name the keys.
      String msg = String.valueOf(cause.getMessage()).replaceFirst("^model card \\S+:? ", "");
      return msg + "; fix the file";
    }
    if (e instanceof MismatchedInputException mi && mi.getTargetType() != null) {
      return "'" + key + "' should be " + kind(mi.getTargetType()) + "; fix its value";
    }
    return firstLine(e.getOriginalMessage()) + "; fix the file";
  }

  private static String kind(Class<?> t) {
    if (t.isEnum()) {
      List<String> names = new ArrayList<>();
      for (Object c : t.getEnumConstants()) {
        names.add(c.toString());
      }
      return "one of " + String.join(", ", names);
    }
    if (t == int.class || t == long.class || t == Integer.class || t == Long.class) {
      return "a whole number";
    }
    if (t == float.class || t == double.class || t == Float.class || t == Double.class) {
      return "a number";
    }
    if (t == boolean.class || t == Boolean.class) {
      return "true or false";
    }
    if (t == String.class) {
      return "a text value";
    }
    if (t.isArray() || java.util.Collection.class.isAssignableFrom(t)) {
      return "a list such as [1, 2, 3]";
    }
    return "a section of keys";
  }

  private static String keyPath(JsonProcessingException e) {
    if (!(e instanceof com.fasterxml.jackson.databind.JsonMappingException jm)) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    for (com.fasterxml.jackson.databind.JsonMappingException.Reference r : jm.getPath()) {
      if (r.getFieldName() != null) {
        b.append(b.length() == 0 ? "" : ".").append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        b.append('[').append(r.getIndex()).append(']');
      }
    }
    return b.toString();
  }

  private static String at(JsonProcessingException e) {
    return e.getLocation() != null && e.getLocation().getLineNr() > 0
        ? ":" + e.getLocation().getLineNr()
        : "";
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unreadable";
    }
    String t = s.strip();
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl).strip();
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
   * @param featureTensorFrom where the user named the feature tensor, or null when the card names
   *     it
   * @throws InvalidInputException listing what the file really has when something is missing
   */
  static void verify(
      ModelCard card, Path modelFile, org.samplesize.SettingSource featureTensorFrom) {
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
    boolean tensorMissing = !g.hasTensor(featureTensor);
    if (tensorMissing && featureTensorFrom == null) {
      problems.add("no tensor named '" + featureTensor + "' (feature tensor)");
    }
    for (Map.Entry<String, String> c : cuts.entrySet()) {
      if (!g.hasTensor(c.getValue())) {
        problems.add("no tensor named '" + c.getValue() + "' (cut " + c.getKey() + ")");
      }
    }
    if (tensorMissing && featureTensorFrom != null) {
      // The user's flag (or settings line) named it, not the card: "does not match card ...:
      // Pass the right --model" sent them to the model and the card.
      throw new InvalidInputException(
          featureTensorFrom.given(featureTensor)
              + ": model "
              + modelFile
              + " has no tensor of that name"
              + (problems.isEmpty()
                  ? ""
                  : ", and it does not match card "
                      + card.name()
                      + " either: "
                      + String.join("; ", problems))
              + fileHas(g, true)
              + ". "
              + (featureTensorFrom.at() == null
                  ? "Give --feature-tensor a tensor the file has"
                  : "Set feature-tensor: to a tensor the file has")
              + (problems.isEmpty() ? "" : ", and pass the right --model"));
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(
          "model "
              + modelFile
              + " does not match card "
              + card.name()
              + ": "
              + String.join("; ", problems)
              + fileHas(g, !g.hasTensor(featureTensor))
              + ". Pass the right --model, or override the card fields by flag");
    }
  }

  /**
   * What a refused model file has, for the message: ". The file has inputs [...] and outputs
   * [...]", with the pooled-looking tensors when a feature tensor is missing ({@link
   * #pooledTensors}).
   */
  private static String fileHas(OnnxGraph g, boolean withPooled) {
    return ". The file has inputs "
        + g.inputs()
        + " and outputs "
        + g.outputs()
        + (withPooled ? pooledTensors(g) : "");
  }

  /** How many pooled-looking tensors a message lists. */
  private static final int MAX_CANDIDATES = 8;

  /**
   * The tensors a user could name as the feature tensor: those shaped like a pooled feature, by
   * name and shape ({@code -1}: a free or unknown size).
   */
  static String pooledTensors(OnnxGraph g) {
    List<OnnxGraph.ValueInfo> c = g.pooledFeatureCandidates();
    if (c.isEmpty()) {
      return "; no tensor in it is shaped like a pooled feature ([N, C] or [N, C, 1, 1])";
    }
    List<String> shown = new ArrayList<>();
    for (OnnxGraph.ValueInfo v : c.subList(0, Math.min(MAX_CANDIDATES, c.size()))) {
      shown.add("'" + v.name() + "' " + Arrays.toString(v.shape()));
    }
    return "; the tensors shaped like a pooled feature, one of which --feature-tensor can name, are "
        + String.join(", ", shown)
        + (c.size() > MAX_CANDIDATES ? " and " + (c.size() - MAX_CANDIDATES) + " more" : "");
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
