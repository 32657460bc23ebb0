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
  void aDownloadWithoutAPublishedChecksumIsSealedAndFetchedAgainWhenDamaged() throws Exception {
    Path model = TinyModels.write(tmp);
    byte[] bytes = Files.readAllBytes(model);
    java.util.concurrent.atomic.AtomicInteger served =
        new java.util.concurrent.atomic.AtomicInteger();
    com.sun.net.httpserver.HttpServer server = serving(bytes, served);
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/tiny.onnx";
      ModelCard c = cardFor(model, url);
      ModelCard card = withoutChecksum(c, url);
      Path cache = tmp.resolve("cache");
      Path nomirror = tmp.resolve("nomirror");
      Path got = ModelResolver.resolve(card, cache, nomirror, ProgressListener.NONE);
      assertTrue(Files.isRegularFile(org.samplesize.io.SealedFiles.sealOf(got)), "not sealed");
      assertEquals(got, ModelResolver.resolve(card, cache, nomirror, ProgressListener.NONE));
      assertEquals(1, served.get(), "an intact download was fetched again");

      byte[] damaged = bytes.clone();
      damaged[damaged.length / 2] ^= 0x04;
      Files.write(got, damaged);
      FeatureCacheTest.Notes n = new FeatureCacheTest.Notes();
      assertEquals(got, ModelResolver.resolve(card, cache, nomirror, n));
      assertEquals(2, served.get(), "a damaged download was used");
      org.junit.jupiter.api.Assertions.assertArrayEquals(bytes, Files.readAllBytes(got));
      assertTrue(n.notes.get(0).contains("fetching it again"), n.notes.toString());
    } finally {
      server.stop(0);
    }
  }

  /**
   * Commands sharing a cache fetch a model without a published checksum at once: none may take the
   * file another has downloaded but not sealed yet for a damaged one and delete it under the
   * others' feet, so every caller gets a sealed model, quietly, and it is fetched once.
   */
  @Test
  void aModelFetchedAtOnceBySeveralCallersIsFetchedOnceAndEachGetsItSealed() throws Exception {
    Path model = TinyModels.write(tmp);
    byte[] bytes = Files.readAllBytes(model);
    java.util.concurrent.atomic.AtomicInteger served =
        new java.util.concurrent.atomic.AtomicInteger();
    com.sun.net.httpserver.HttpServer server = serving(bytes, served);
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
    int rounds = 30;
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/tiny.onnx";
      ModelCard c = cardFor(model, url);
      ModelCard card = withoutChecksum(c, url);
      Path nomirror = tmp.resolve("nomirror");
      for (int round = 0; round < rounds; round++) {
        Path cache = tmp.resolve("cache" + round);
        java.util.Queue<String> said = new java.util.concurrent.ConcurrentLinkedQueue<>();
        ProgressListener notes = ProgressListener.notesTo(said::add);
        java.util.List<String> problems =
            org.samplesize.AtOnce.call(
                6,
                caller -> {
                  Thread.sleep(caller); // later callers arrive while the first one seals
                  Path got = ModelResolver.resolve(card, cache, nomirror, notes);
                  org.samplesize.io.SealedFiles.Check check =
                      org.samplesize.io.SealedFiles.check(got);
                  return check.intact() ? null : got + " " + check.problem();
                });
        for (String problem : problems) {
          assertEquals(null, problem, "round " + round);
        }
        assertEquals(java.util.List.of(), java.util.List.copyOf(said), "round " + round);
      }
      assertEquals(rounds, served.get(), "a model was fetched more than once per cache");
    } finally {
      server.stop(0);
    }
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

  @Test
  void aMirrorWithoutTheModelIsNamedWhenTheDownloadFails() throws Exception {
    Path model = TinyModels.write(tmp);
    ModelCard card = cardFor(model, "http://127.0.0.1:9/nothing.onnx");
    Path mirror = java.nio.file.Files.createDirectories(tmp.resolve("mirror"));
    UnavailableException e =
        assertThrows(
            UnavailableException.class,
            () -> ModelResolver.resolve(card, tmp.resolve("cache"), mirror, ProgressListener.NONE));
    assertTrue(
        e.getMessage()
            .endsWith(
                "work offline: the mirror "
                    + mirror
                    + " has no models/"
                    + card.file()
                    + ": put the file there, or download it by hand and pass --model FILE."),
        e.getMessage());
  }

  /** A server on 127.0.0.1 (not yet started) serving {@code bytes} at /tiny.onnx, counting. */
  private static com.sun.net.httpserver.HttpServer serving(
      byte[] bytes, java.util.concurrent.atomic.AtomicInteger served) throws java.io.IOException {
    com.sun.net.httpserver.HttpServer server =
        com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/tiny.onnx",
        x -> {
          served.incrementAndGet();
          x.sendResponseHeaders(200, bytes.length);
          try (var os = x.getResponseBody()) {
            os.write(bytes);
          }
        });
    return server;
  }

  /** {@code c} downloaded from {@code url} with no published SHA-256: sealed once stored. */
  private static ModelCard withoutChecksum(ModelCard c, String url) {
    return new ModelCard(
        c.name(),
        c.description(),
        c.file(),
        url,
        null,
        0,
        c.license(),
        c.input(),
        c.preprocessing(),
        c.logits(),
        c.featureTensor(),
        c.featureDim(),
        c.cuts(),
        null);
  }
}
