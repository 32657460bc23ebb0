package org.samplesize.features;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.samplesize.InvalidInputException;
import org.samplesize.image.Preprocessing;
import org.samplesize.io.Sha256;

/**
 * A declarative description of one backbone: where its ONNX file comes from (address and SHA-256),
 * what its input looks like, how images are preprocessed for it, which tensor holds the logits,
 * which holds the pooled features, and which block-boundary tensors can be cut points. Built-in
 * cards live in the {@code models} module ({@code org/samplesize/models/<name>.json}).
 *
 * @param name card name, e.g. {@code mobilenetv2-12-int8}
 * @param description one sentence for humans
 * @param file the ONNX file name (in caches, mirrors and {@code models/} folders)
 * @param url public download address, or {@code null} when the file is local only
 * @param sha256 lower-case hex SHA-256 of the file, or {@code null} when unknown (bare files)
 * @param bytes file size in bytes, 0 when unknown
 * @param license licence of the weights
 * @param input the image input
 * @param preprocessing how an image becomes the input tensor (resize, scale, mean/std, layout)
 * @param logits the classifier output, or {@code null} when the model has none
 * @param featureTensor the pooled feature tensor (one row per image after flattening)
 * @param featureDim floats per image in {@link #featureTensor()}, 0 when unknown
 * @param cuts cut points by block name ({@code stem}, {@code block_0} .. {@code block_16}, {@code
 *     head}), in graph order
 * @param localFile where this card's file was found on this machine, or {@code null}
 */
@JsonIgnoreProperties(ignoreUnknown = false)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ModelCard(
    String name,
    String description,
    String file,
    String url,
    String sha256,
    long bytes,
    String license,
    InputSpec input,
    Preprocessing preprocessing,
    OutputSpec logits,
    String featureTensor,
    int featureDim,
    Map<String, String> cuts,
    @JsonIgnore Path localFile) {

  /** The built-in card used when none is named. */
  public static final String DEFAULT = "mobilenetv2-12-int8";

  static final ObjectMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  /**
   * The model input.
   *
   * @param name input name in the graph
   * @param shape input shape with -1 for the batch dimension
   * @param layout {@code NCHW} or {@code NHWC}
   */
  public record InputSpec(String name, long[] shape, String layout) {
    /** Validates the fields. */
    public InputSpec {
      Objects.requireNonNull(name, "input.name");
      Objects.requireNonNull(shape, "input.shape");
      layout = layout == null ? "NCHW" : layout.toUpperCase(Locale.ROOT);
      if (!layout.equals("NCHW") && !layout.equals("NHWC")) {
        throw new CardKeyException(
            "layout", "input.layout is " + layout + ", expected NCHW or NHWC");
      }
      if (shape.length != 4) {
        throw new CardKeyException(
            "shape",
            "input.shape " + Arrays.toString(shape) + " must have 4 dimensions (batch first)");
      }
      shape = shape.clone();
    }

    /**
     * @return the per-image shape (the shape without its batch dimension)
     */
    public long[] sampleShape() {
      return Arrays.copyOfRange(shape, 1, 4);
    }

    /**
     * @return the number of channels the model takes: 3 (RGB) or 1 (the luminance of the RGB image)
     */
    public int channels() {
      return (int) shape[layout.equals("NCHW") ? 1 : 3];
    }

    @Override
    public long[] shape() {
      return shape.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof InputSpec s
          && s.name.equals(name)
          && Arrays.equals(s.shape, shape)
          && s.layout.equals(layout);
    }

    @Override
    public int hashCode() {
      return Objects.hash(name, Arrays.hashCode(shape), layout);
    }

    @Override
    public String toString() {
      return name + " " + Arrays.toString(shape) + " " + layout;
    }
  }

  /**
   * The classifier output.
   *
   * @param name output name in the graph
   * @param classes number of outputs per image
   * @param classOffset index of ImageNet class 0 in the output (1 when index 0 is "background")
   * @param activation {@code logits} or {@code softmax}
   */
  public record OutputSpec(String name, int classes, int classOffset, String activation) {
    /** Validates the fields. */
    public OutputSpec {
      Objects.requireNonNull(name, "logits.name");
      activation = activation == null ? "logits" : activation;
    }
  }

  /** Validates the card and copies its collections. */
  public ModelCard {
    if (name == null || name.isBlank()) {
      throw new CardKeyException("name", "model card needs a name");
    }
    if (file == null || file.isBlank()) {
      throw new CardKeyException("file", "model card " + name + " needs a file name");
    }
    if (sha256 != null && !sha256.matches("[0-9a-f]{64}")) {
      throw new CardKeyException(
          "sha256",
          "model card " + name + ": sha256 must be 64 lower-case hex digits, got " + sha256);
    }
    Objects.requireNonNull(input, "model card " + name + " needs an input");
    Objects.requireNonNull(preprocessing, "model card " + name + " needs preprocessing");
    if (featureTensor == null || featureTensor.isBlank()) {
      throw new CardKeyException("featureTensor", "model card " + name + " needs a featureTensor");
    }
    cuts = cuts == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(cuts));
    if (!preprocessing.layout().name().equals(input.layout())) {
      throw new CardKeyException(
          "input.layout",
          "model card "
              + name
              + ": input layout "
              + input.layout()
              + " differs from preprocessing layout "
              + preprocessing.layout());
    }
    long[] s = input.shape();
    long h = input.layout().equals("NCHW") ? s[2] : s[1];
    long w = input.layout().equals("NCHW") ? s[3] : s[2];
    int channels = input.channels();
    if ((channels != 3 && channels != 1)
        || h != preprocessing.height()
        || w != preprocessing.width()) {
      throw new CardKeyException(
          "input.shape",
          "model card "
              + name
              + ": input "
              + input
              + " does not fit preprocessing "
              + preprocessing.width()
              + "x"
              + preprocessing.height()
              + " with 3 channels (RGB) or 1 (luminance)");
    }
    if (channels == 1 && !(allEqual(preprocessing.mean()) && allEqual(preprocessing.std()))) {
      // The single channel is the luminance 0.299 R + 0.587 G + 0.114 B of the normalised
      // channels, which equals the normalised luminance only when R, G, B are normalised alike.
      throw new CardKeyException(
          "preprocessing.mean",
          "model card "
              + name
              + ": input "
              + input
              + " takes 1 channel (the luminance), so mean and std need the same value for R, G"
              + " and B, got mean "
              + Arrays.toString(preprocessing.mean())
              + " std "
              + Arrays.toString(preprocessing.std()));
    }
  }

  private static boolean allEqual(float[] v) {
    for (float x : v) {
      if (x != v[0]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Loads a card.
   *
   * @param nameOrPath a built-in card name (see {@link #builtInNames()}), a card file ({@code
   *     .json}, {@code .yaml}, {@code .yml}), or an {@code .onnx} file: a file whose SHA-256
   *     matches a built-in card gets that card; any other gets a card read from the graph (first
   *     input, first output, ImageNet preprocessing; raw 0-255 pixels for a uint8 input, the plain
   *     0-1 luminance for a 1-channel input) that flags can then override
   * @return the card
   * @throws InvalidInputException when the name is unknown or the file cannot be read
   */
  public static ModelCard load(String nameOrPath) {
    return ModelCardReader.load(nameOrPath);
  }

  /**
   * Whether a {@code --model} value names a file {@link #load} reads (an {@code .onnx} model or a
   * {@code .json}, {@code .yaml} or {@code .yml} card), by its extension, rather than a built-in
   * card.
   *
   * @param nameOrPath the value, any case
   * @return true for those extensions
   */
  public static boolean namesFile(String nameOrPath) {
    String lower = nameOrPath.strip().toLowerCase(java.util.Locale.ROOT);
    return lower.endsWith(".onnx")
        || lower.endsWith(".json")
        || lower.endsWith(".yaml")
        || lower.endsWith(".yml");
  }

  /**
   * @return the names of the built-in cards, the default first
   */
  public static List<String> builtInNames() {
    return ModelCardReader.builtInNames();
  }

  /**
   * The tensor at a named cut point.
   *
   * @param blockName {@code stem}, {@code block_0} .. {@code block_16} or {@code head}, or a raw
   *     tensor name of the graph (returned as is)
   * @return the tensor name in this model's graph
   */
  public String cutTensor(String blockName) {
    String t = cuts.get(blockName);
    if (t != null) {
      return t;
    }
    if (blockName.matches("block_\\d+|stem|head")) {
      throw new InvalidInputException(
          "model card "
              + name
              + " has no cut point "
              + blockName
              + (cuts.isEmpty()
                  ? "; its cuts are empty: give the tensor's own name, or add cuts to the card"
                  : "; use " + cutNames(cuts.keySet())));
    }
    return blockName;
  }

  /**
   * The cut names as a user reads them: a run of {@code block_i} shown as its first and last.
   *
   * @param names the card's cut names, in order
   * @return e.g. {@code stem, block_0 … block_16, head}
   */
  static String cutNames(java.util.Collection<String> names) {
    List<String> out = new java.util.ArrayList<>();
    List<String> run = new java.util.ArrayList<>();
    for (String n : names) {
      if (n.matches("block_\\d+")
          && (run.isEmpty()
              || Integer.parseInt(n.substring(6))
                  == Integer.parseInt(run.get(run.size() - 1).substring(6)) + 1)) {
        run.add(n);
        continue;
      }
      flush(run, out);
      if (n.matches("block_\\d+")) {
        run.add(n);
      } else {
        out.add(n);
      }
    }
    flush(run, out);
    return String.join(", ", out);
  }

  private static void flush(List<String> run, List<String> out) {
    if (run.size() > 2) {
      out.add(run.get(0) + " … " + run.get(run.size() - 1));
    } else {
      out.addAll(run);
    }
    run.clear();
  }

  /**
   * Resolves a user's {@code --cut} value: {@code null}, empty or {@code features} mean the pooled
   * feature tensor, a block name means its cut tensor, anything else is taken as a tensor name.
   *
   * @param cut the user's value
   * @return the tensor name
   */
  public String tensorFor(String cut) {
    if (cut == null || cut.isBlank() || cut.equals("features") || cut.equals("pool")) {
      return featureTensor;
    }
    return cutTensor(cut);
  }

  /**
   * @param path where this card's ONNX file is on this machine
   * @return a copy that remembers the file
   */
  public ModelCard withLocalFile(Path path) {
    return copy(input, preprocessing, featureTensor, featureDim, path);
  }

  /**
   * @param tensor the pooled feature tensor to use instead
   * @return a copy with that feature tensor (dimension unknown until run)
   */
  public ModelCard withFeatureTensor(String tensor) {
    return copy(
        input, preprocessing, tensor, tensor.equals(featureTensor) ? featureDim : 0, localFile);
  }

  /**
   * @param spec the preprocessing to use instead
   * @return a copy with that preprocessing
   */
  public ModelCard withPreprocessing(Preprocessing spec) {
    return copy(input, spec, featureTensor, featureDim, localFile);
  }

  /**
   * @param spec the preprocessing to use instead
   * @param in the input description that fits it
   * @return a copy with both replaced (they must agree on layout and size)
   */
  public ModelCard withPreprocessingAndInput(Preprocessing spec, InputSpec in) {
    return copy(in, spec, featureTensor, featureDim, localFile);
  }

  /**
   * @param spec the input description to use instead
   * @return a copy with that input
   */
  public ModelCard withInput(InputSpec spec) {
    return copy(spec, preprocessing, featureTensor, featureDim, localFile);
  }

  /**
   * The one place the {@code with*} copies call the constructor: a copy of this card with the
   * fields a copy may change replaced, every other field kept (and the whole card validated again).
   */
  private ModelCard copy(InputSpec in, Preprocessing pre, String tensor, int dim, Path local) {
    return new ModelCard(
        name,
        description,
        file,
        url,
        sha256,
        bytes,
        license,
        in,
        pre,
        logits,
        tensor,
        dim,
        cuts,
        local);
  }

  /**
   * Checks that an ONNX file has what this card promises: the input (name, rank, fixed dimensions),
   * the logits output, the feature tensor and every cut tensor.
   *
   * @param modelFile the ONNX file
   * @throws InvalidInputException listing what the file really has when something is missing
   */
  public void verify(Path modelFile) {
    ModelCardReader.verify(this, modelFile, null);
  }

  /**
   * {@link #verify(Path)} for a card whose feature tensor the user named ({@code --feature-tensor},
   * or a settings file's {@code feature-tensor}): a tensor the file lacks is that flag's or line's
   * mistake, and the message names it rather than the card.
   *
   * @param modelFile the ONNX file
   * @param featureTensorFrom where the feature tensor was given, or null when the card gives it
   * @throws InvalidInputException listing what the file really has when something is missing
   */
  public void verify(Path modelFile, org.samplesize.SettingSource featureTensorFrom) {
    ModelCardReader.verify(this, modelFile, featureTensorFrom);
  }

  /**
   * SHA-256 of the card's canonical JSON (keys sorted, no whitespace) of what decides the numbers:
   * input spec, preprocessing, feature tensor and size, and cut points. Name, description, file,
   * address, SHA-256, size, licence and logits do not count (the model file's own SHA-256 is
   * recorded on its own).
   *
   * @return lower-case hex SHA-256
   */
  @JsonIgnore
  public String numbersSha256() {
    try {
      com.fasterxml.jackson.databind.ObjectMapper canon =
          JSON.copy()
              .configure(
                  com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS,
                  true)
              .configure(
                  com.fasterxml.jackson.databind.MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
              .configure(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT, false);
      java.util.TreeMap<String, Object> decisive = new java.util.TreeMap<>();
      decisive.put("input", input);
      decisive.put("preprocessing", preprocessing);
      decisive.put("featureTensor", featureTensor);
      decisive.put("featureDim", featureDim);
      decisive.put("cuts", cuts == null ? null : new java.util.TreeMap<>(cuts));
      // Through a tree, so that nested objects' keys are sorted as well.
      Object sorted = canon.treeToValue(canon.valueToTree(decisive), Object.class);
      byte[] json = canon.writeValueAsBytes(sorted);
      return Sha256.of(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @return the card as JSON (what {@link #load(String)} reads back)
   */
  public String toJson() {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
