package org.samplesize.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.InvalidInputException;
import org.samplesize.ProgressListener;
import org.samplesize.UnavailableException;

class ModelResolverTest {
  @TempDir Path tmp;

  ModelCard cardFor(Path model, String url) {
    ModelCard c = ModelCard.load(model.toString());
    return new ModelCard(
        c.name(),
        c.description(),
        c.file(),
        url,
        c.sha256(),
        c.bytes(),
        c.license(),
        c.input(),
        c.preprocessing(),
        c.logits(),
        c.featureTensor(),
        c.featureDim(),
        c.cuts(),
        null);
  }

  @Test
  void mirrorIsUsedAndChecksumsAreEnforced() throws Exception {
    Path model = TinyModels.write(tmp);
    ModelCard card = cardFor(model, null);
    Path mirror = tmp.resolve("mirror");
    Files.createDirectories(mirror.resolve("models"));
    InvalidInputException none =
        assertThrows(
            InvalidInputException.class,
            () -> ModelResolver.resolve(card, tmp.resolve("cache"), mirror, ProgressListener.NONE));
    assertTrue(none.getMessage().contains("no public download address"), none.getMessage());
    Path copy = mirror.resolve("models").resolve(card.file());
    Files.copy(model, copy);
    assertEquals(
        copy, ModelResolver.resolve(card, tmp.resolve("cache"), mirror, ProgressListener.NONE));
    Files.write(copy, new byte[] {1, 2, 3});
    InvalidInputException bad =
        assertThrows(
            InvalidInputException.class,
            () -> ModelResolver.resolve(card, tmp.resolve("cache"), mirror, ProgressListener.NONE));
    assertTrue(bad.getMessage().contains("SHA-256"), bad.getMessage());
  }

  @Test
  void localFileOfTheCardIsVerified() throws Exception {
    Path model = TinyModels.write(tmp);
    ModelCard card = ModelCard.load(model.toString());
    assertEquals(
        model.toAbsolutePath(), ModelResolver.resolve(card, tmp, null, ProgressListener.NONE));
  }

  @Test
  void unreachableAddressIsAClearError() throws Exception {
    Path model = TinyModels.write(tmp);
    ModelCard card = cardFor(model, "http://127.0.0.1:9/nothing.onnx");
    UnavailableException e =
        assertThrows(
            UnavailableException.class,
            () ->
                ModelResolver.resolve(
                    card, tmp.resolve("cache"), tmp.resolve("nomirror"), ProgressListener.NONE));
    assertTrue(
        e.getMessage()
            .startsWith("cannot download model tiny from http://127.0.0.1:9/nothing.onnx"),
        e.getMessage());
    assertTrue(e.getMessage().contains("--model FILE"), e.getMessage());
    assertTrue(e.getMessage().contains("models/" + card.file()), e.getMessage());
  }
}
