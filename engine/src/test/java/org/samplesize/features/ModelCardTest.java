package org.samplesize.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.InvalidInputException;
import org.samplesize.SharedData;

class ModelCardTest {
  @TempDir Path tmp;

  @Test
  void builtInCardsLoadWithTheirCutPoints() {
    assertEquals(ModelCard.DEFAULT, ModelCard.builtInNames().get(0));
    ModelCard int8 = ModelCard.load(null);
    assertEquals("mobilenetv2-12-int8", int8.name());
    assertEquals("472_quantized", int8.featureTensor());
    assertEquals("400_quantized", int8.cutTensor("block_9"));
    assertTrue(int8.url().startsWith("https://"));
    ModelCard fp32 = ModelCard.load("mobilenetv2-12-fp32-dequant");
    assertNull(fp32.url(), "the dequantized file has no public address");
    assertEquals("400", fp32.cutTensor("block_9"));
    assertEquals("624", fp32.cutTensor("block_16"));
    ModelCard tf = ModelCard.load("mobilenet_v2_100_224_tfhub_ptq_wq");
    assertEquals("NHWC", tf.input().layout());
    assertEquals("MobileNetV2/expanded_conv_10/add/add", tf.cutTensor("block_9"));
    assertEquals(1, tf.logits().classOffset());
    for (String n : ModelCard.builtInNames()) {
      ModelCard c = ModelCard.load(n);
      assertEquals(19, c.cuts().size(), n + " cut points");
      assertEquals(1280, c.featureDim());
    }
  }

  @Test
  void unknownNamesAndCutsAreClearErrors() {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> ModelCard.load("resnet50"));
    assertTrue(e.getMessage().contains("mobilenetv2-12-int8"), e.getMessage());
    InvalidInputException cut =
        assertThrows(InvalidInputException.class, () -> ModelCard.load(null).cutTensor("block_42"));
    assertTrue(
        cut.getMessage().endsWith("has no cut point block_42; use stem, block_0 … block_16, head"),
        cut.getMessage());
    assertEquals("472_quantized", ModelCard.load(null).tensorFor(null));
    assertEquals("some/tensor", ModelCard.load(null).tensorFor("some/tensor"));
  }

  @Test
  void bareOnnxFileGetsACardFromItsGraphAndJsonRoundTrips() throws Exception {
    Path model = TinyModels.write(tmp);
    ModelCard c = ModelCard.load(model.toString());
    assertEquals("tiny", c.name());
    assertEquals("input", c.input().name());
    assertEquals("NCHW", c.input().layout());
    assertEquals("logits", c.featureTensor());
    assertEquals(3, c.logits().classes());
    assertEquals(model.toAbsolutePath(), c.localFile());
    assertEquals(64, c.sha256().length());
    Path json = tmp.resolve("tiny.json");
    Files.writeString(json, c.withFeatureTensor("feat").toJson());
    ModelCard back = ModelCard.load(json.toString());
    assertEquals("feat", back.featureTensor());
    assertEquals(c.preprocessing(), back.preprocessing());
    assertEquals(model.toAbsolutePath(), back.localFile(), "the file beside the card is found");
  }

  @Test
  void aCardOrProfileThatIsNotUtf8NamesTheEncodingAndTheLine() throws Exception {
    Path yaml = tmp.resolve("card.yaml");
    Files.write(yaml, "name: tiny\nsource: Fran\u00e7ois\n".getBytes("ISO-8859-1"));
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> ModelCard.load(yaml.toString()));
    assertEquals(
        "model card "
            + yaml
            + ":2: not UTF-8 text (byte 0xE7 at column 13); save the file as UTF-8",
        e.getMessage());
    Path profile = tmp.resolve("ep.json");
    Files.write(
        profile, "{\"provider\": \"CPU\"}".getBytes(java.nio.charset.StandardCharsets.UTF_16));
    InvalidInputException p =
        assertThrows(InvalidInputException.class, () -> ExecutionProfile.load(profile.toString()));
    assertTrue(
        p.getMessage().startsWith("execution profile " + profile + ": UTF-16 (big-endian) text"),
        p.getMessage());
  }

  @Test
  void badCardFileNamesTheProblem() throws Exception {
    Path json = tmp.resolve("bad.json");
    Files.writeString(json, ModelCard.load(null).toJson().replace("\"NCHW\"", "\"CHWN\""));
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> ModelCard.load(json.toString()));
    assertTrue(e.getMessage().contains("bad.json"), e.getMessage());
    assertTrue(e.getMessage().contains("CHWN"), e.getMessage());
  }

  @Test
  void aCardWithoutRequiredKeysNamesThemOnOneLine() throws Exception {
    Path yaml = tmp.resolve("card.yaml");
    Files.writeString(yaml, "name: x\n");
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> ModelCard.load(yaml.toString()));
    assertEquals(
        "model card "
            + yaml
            + " lacks the required keys file, input, preprocessing, featureTensor; add them"
            + " (docs/model-cards.md, Card fields, lists every key)",
        e.getMessage());
    // A section present but incomplete: its missing key by its dotted name.
    com.fasterxml.jackson.databind.ObjectMapper om =
        new com.fasterxml.jackson.databind.ObjectMapper();
    var tree =
        (com.fasterxml.jackson.databind.node.ObjectNode) om.readTree(ModelCard.load(null).toJson());
    ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("input")).remove("shape");
    Path partial = tmp.resolve("partial.json");
    Files.writeString(partial, tree.toString());
    InvalidInputException w =
        assertThrows(InvalidInputException.class, () -> ModelCard.load(partial.toString()));
    assertTrue(
        w.getMessage()
            .endsWith(
                "lacks the required key input.shape; add it"
                    + " (docs/model-cards.md, Card fields, lists every key)"),
        w.getMessage());
    // A key that is not a card key, and a value of the wrong kind.
    tree =
        (com.fasterxml.jackson.databind.node.ObjectNode) om.readTree(ModelCard.load(null).toJson());
    ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("input")).put("colour", "rgb");
    Path json = tmp.resolve("unknown.json");
    Files.writeString(json, tree.toString());
    InvalidInputException u =
        assertThrows(InvalidInputException.class, () -> ModelCard.load(json.toString()));
    assertTrue(u.getMessage().contains("'input.colour' is not a card key"), u.getMessage());
    assertTrue(u.getMessage().contains("the keys here are layout, name, shape"), u.getMessage());
    tree =
        (com.fasterxml.jackson.databind.node.ObjectNode) om.readTree(ModelCard.load(null).toJson());
    tree.put("bytes", "many");
    Path wrong = tmp.resolve("wrong.json");
    Files.writeString(wrong, tree.toString());
    InvalidInputException t =
        assertThrows(InvalidInputException.class, () -> ModelCard.load(wrong.toString()));
    assertTrue(t.getMessage().contains("'bytes' should be a whole number"), t.getMessage());
    for (InvalidInputException x : java.util.List.of(e, u, w, t)) {
      assertTrue(!x.getMessage().contains("\n"), x.getMessage());
      assertTrue(!x.getMessage().contains("org.samplesize"), x.getMessage());
      assertTrue(!x.getMessage().contains("Source:"), x.getMessage());
    }
  }

  /** The card of docs/model-cards.md, 28 lines, {@code license} on line 7, the shape on line 10. */
  private static final String DOC_CARD =
      String.join(
          "\n",
          "name: my-backbone",
          "description: MobileNetV2 1.0 at 224 px, float32",
          "file: my-backbone.onnx",
          "url: null",
          "sha256: d0659248858bb6771b934f9468278805fcd7da6559e1f24286f0e6e9b1dfb950",
          "bytes: 13967918",
          "license: Apache-2.0",
          "input:",
          "  name: input",
          "  shape: [-1, 3, 224, 224]",
          "  layout: NCHW",
          "preprocessing:",
          "  resize: SHORT_SIDE_CENTER_CROP",
          "  width: 224",
          "  height: 224",
          "  shortSide: 256",
          "  scale: 0.00392156862745098",
          "  mean: [0.485, 0.456, 0.406]",
          "  std: [0.229, 0.224, 0.225]",
          "  layout: NCHW",
          "logits:",
          "  name: output",
          "  classes: 1000",
          "  classOffset: 0",
          "  activation: logits",
          "featureTensor: \"472\"",
          "featureDim: 1280",
          "cuts: {}",
          "");

  private String errorOf(String name, String text) throws Exception {
    Path yaml = tmp.resolve(name);
    Files.writeString(yaml, text);
    return assertThrows(InvalidInputException.class, () -> ModelCard.load(yaml.toString()))
        .getMessage();
  }

  @Test
  void aCardErrorNamesTheLineOfTheKeyItIsAbout() throws Exception {
    assertEquals("my-backbone", ModelCard.load(write("ok.yaml", DOC_CARD)).name());
    String unknown = errorOf("bad-field.yaml", DOC_CARD.replace("license:", "licence:"));
    assertTrue(unknown.contains("bad-field.yaml:7: 'licence' is not a card key"), unknown);
    assertTrue(!unknown.contains("localFile"), "the list offers only keys a card may set");
    assertTrue(unknown.contains("featureTensor, file, input, license, logits, name"), unknown);
    // A value checked when its section is built, and one checked when the whole card is built.
    String shape3 = errorOf("s3.yaml", DOC_CARD.replace("[-1, 3, 224, 224]", "[-1, 3, 224]"));
    assertTrue(shape3.contains("s3.yaml:10: input.shape [-1, 3, 224]"), shape3);
    String shape = errorOf("s.yaml", DOC_CARD.replace("[-1, 3, 224, 224]", "[-1, 3, 225, 224]"));
    assertTrue(shape.contains("s.yaml:10: input input [-1, 3, 225, 224]"), shape);
    String sha = errorOf("h.yaml", DOC_CARD.replace("sha256: d", "sha256: D"));
    assertTrue(sha.contains("h.yaml:5: sha256 must be"), sha);
    String width = errorOf("w.yaml", DOC_CARD.replace("width: 224", "width: wide"));
    assertTrue(width.contains("w.yaml:14: 'preprocessing.width' should be"), width);
    String nested =
        errorOf("n.yaml", DOC_CARD.replace("  shortSide: 256", "  shortSide: 256\n  colour: rgb"));
    assertTrue(nested.contains("n.yaml:17: 'preprocessing.colour' is not a card key"), nested);
    // The record's own field for where the file was found is not a key a card can set.
    String local = errorOf("l.yaml", DOC_CARD + "localFile: /elsewhere/x.onnx\n");
    assertTrue(local.contains("l.yaml:29: 'localFile' is not a card key"), local);
  }

  @Test
  void aCardWithoutCutsStillFineTunesFromTheGraph() throws Exception {
    // docs/model-cards.md's card (cuts: {}) beside the file it describes: fine-tuning reads the
    // blocks from the graph, so its tail is there whatever the card's cuts.
    Path onnx = SharedData.model("mobilenetv2-12-fp32-dequant.onnx");
    Files.createSymbolicLink(tmp.resolve("my-backbone.onnx"), onnx);
    ModelCard card = ModelCard.load(write("my-backbone.yaml", DOC_CARD));
    assertTrue(card.cuts().isEmpty());
    card.verify(card.localFile());
    assertEquals(
        "400", TailGraphReader.read(card.localFile(), TailGraphReader.DEFAULT_CUT).cutTensor());
  }

  private String write(String name, String text) throws Exception {
    Path p = tmp.resolve(name);
    Files.writeString(p, text);
    return p.toString();
  }

  @Test
  void aFileThatIsNotAModelIsCalledThat() throws Exception {
    Path photo = tmp.resolve("photo.jpg");
    Files.write(photo, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF});
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> ModelCard.load(photo.toString()));
    assertTrue(e.getMessage().startsWith("model " + photo + " is a file but not a model"));
    assertTrue(e.getMessage().contains(".onnx file, a card file (.json, .yaml, .yml)"));
    assertTrue(e.getMessage().contains(ModelCard.DEFAULT), e.getMessage());
  }

  @Test
  void aDamagedOnnxFileSaysWhatToDoWithoutParserWords() throws Exception {
    Path fake = tmp.resolve("fake.onnx");
    Files.writeString(fake, "this is not a model\n");
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> ModelCard.load(fake.toString()));
    assertTrue(
        e.getMessage().startsWith("model file " + fake + " is damaged or not an ONNX model"),
        e.getMessage());
    assertTrue(e.getMessage().contains("download it again"), e.getMessage());
    assertTrue(e.getMessage().contains("sha256sum"), e.getMessage());
    assertTrue(!e.getMessage().contains("wire type"), e.getMessage());
    assertTrue(!e.getMessage().contains("Protocol message"), e.getMessage());
  }

  @Test
  void aGraphThatNeedsACardPointsAtTheCardDocument() throws Exception {
    // 5 channels: neither RGB nor grayscale, so no card can be read from the graph.
    Path onnx =
        TinyModels.channelMeans(
            tmp, "five.onnx", -1, 5, ai.onnx.proto.OnnxMl.TensorProto.DataType.FLOAT_VALUE);
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> ModelCard.load(onnx.toString()));
    assertTrue(
        e.getMessage().contains("write a model card for it (see docs/model-cards.md)"),
        e.getMessage());
    Path root = Path.of("").toAbsolutePath();
    while (!Files.isRegularFile(root.resolve("mvnw"))) {
      root = root.getParent();
    }
    assertTrue(
        Files.readString(root.resolve(ModelCardReader.CARD_DOC)).contains("## Card fields"),
        "the document the message names exists and describes the card");
  }

  @Test
  void sharedFilesMatchTheirCards() {
    for (String n : ModelCard.builtInNames()) {
      ModelCard card = ModelCard.load(n);
      Path file = SharedData.model(card.file());
      ModelCard byFile = ModelCard.load(file.toString());
      assertEquals(n, byFile.name(), "identified by SHA-256");
      assertEquals(file.toAbsolutePath(), byFile.localFile());
      card.verify(file); // every cut tensor, the feature tensor, input and logits exist
    }
  }

  @Test
  void profilesLoad() {
    assertEquals("CPU", ExecutionProfile.load("cpu").provider());
    assertEquals("1", ExecutionProfile.load("tensorrt").options().get("trt_fp16_enable"));
    assertEquals(
        java.util.List.of("tensorrt", "cuda", "cpu"), ExecutionProfile.load("auto").fallback());
    assertEquals("0", ExecutionProfile.load("cuda").options().get("device_id"));
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> ExecutionProfile.load("rocm"));
    assertTrue(e.getMessage().contains("cpu, cuda, tensorrt or auto"), e.getMessage());
  }

  @Test
  void aProfileFileThatIsNotThereIsSaidSoNotCalledAnUnknownProvider() throws Exception {
    Path none = tmp.resolve("gpu-profile.json");
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> ExecutionProfile.load(none.toString()));
    assertEquals(
        "execution profile "
            + none
            + " does not exist: give the path of a profile file (.json), or cpu, cuda, tensorrt"
            + " or auto",
        e.getMessage());
    Path folder = Files.createDirectories(tmp.resolve("profiles.json"));
    e = assertThrows(InvalidInputException.class, () -> ExecutionProfile.load(folder.toString()));
    assertTrue(e.getMessage().contains(" is a folder, not a file: "), e.getMessage());
  }
}
