package org.samplesize.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A download that cannot be done (refused connection, unresolvable name, HTTP error, wrong
 * checksum) ends the command with exit code 3 and one line saying what to do, not an "internal
 * error". Offline and fast: only 127.0.0.1 and the reserved {@code .invalid} name are used.
 */
class DownloadErrorsTest {
  @TempDir Path tmp;

  /** Runs {@code features} with a card whose model must be downloaded from {@code url}. */
  private String[] features(String url, Map<String, String> env) throws Exception {
    Path data = tmp.resolve("data");
    for (String cls : new String[] {"a", "b"}) {
      Files.createDirectories(data.resolve(cls));
      Files.writeString(data.resolve(cls).resolve("x.jpg"), "never decoded");
    }
    ObjectNode card;
    try (InputStream in =
        getClass().getResourceAsStream("/org/samplesize/models/mobilenetv2-12-int8.json")) {
      card = (ObjectNode) new ObjectMapper().readTree(in);
    }
    card.put("name", "remote-test");
    card.put("file", "remote-test.onnx"); // not beside the card, not in any mirror
    card.put("url", url);
    Path cardFile = tmp.resolve("remote-test.json");
    new ObjectMapper().writeValue(cardFile.toFile(), card);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Files.createDirectories(tmp.resolve("empty-mirror"));
    CommandLine cl = Main.commandLine(env);
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int rc =
        cl.execute(
            "features",
            "--data",
            data.toString(),
            "--model",
            cardFile.toString(),
            "--mirror",
            tmp.resolve("empty-mirror").toString(),
            "--out",
            tmp.resolve("out").toString(),
            "--cache",
            tmp.resolve("cache").toString(),
            "--quiet");
    return new String[] {Integer.toString(rc), err.toString(), card.get("sha256").asText()};
  }

  private static void assertOneLineUnavailable(String[] r, String url) {
    assertEquals(Integer.toString(Main.EXIT_UNAVAILABLE), r[0], r[1]);
    String err = r[1].strip();
    assertEquals(1, err.lines().count(), err);
    assertTrue(
        err.startsWith(
            "samplesize features: error: cannot download model remote-test from " + url + ": "),
        err);
    assertTrue(err.contains("--model FILE"), err);
    // The mirror given is named: it lacks the file.
    assertTrue(
        err.contains("empty-mirror has no models/remote-test.onnx: put the file there"), err);
    assertFalse(err.contains("internal error"), err);
    assertFalse(err.contains("SAMPLESIZE_DEBUG"), err);
  }

  private static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort(); // closed again here: nothing listens there
    }
  }

  @Test
  void aRefusedConnectionIsExitCode3WithOneLine() throws Exception {
    String url = "http://127.0.0.1:" + closedPort() + "/remote-test.onnx";
    String[] r = features(url, Map.of());
    assertOneLineUnavailable(r, url);
    assertTrue(r[1].contains("cannot reach the server"), r[1]);
    assertTrue(r[1].contains("Retry when online"), r[1]);
  }

  @Test
  void underDebugTheCauseFollowsTheLine() throws Exception {
    String url = "http://127.0.0.1:" + closedPort() + "/remote-test.onnx";
    String[] r = features(url, Map.of("SAMPLESIZE_DEBUG", "1"));
    assertEquals(Integer.toString(Main.EXIT_UNAVAILABLE), r[0], r[1]);
    assertTrue(r[1].startsWith("samplesize features: error: cannot download model"), r[1]);
    assertTrue(r[1].contains("Caused by: java.net.ConnectException"), r[1]);
  }

  @Test
  @Timeout(20)
  void anUnresolvableHostIsExitCode3AtOnce() throws Exception {
    String url = "http://nonexistent.invalid/remote-test.onnx";
    String[] r = features(url, Map.of());
    assertOneLineUnavailable(r, url);
    assertTrue(r[1].contains("cannot resolve nonexistent.invalid"), r[1]);
  }

  @Test
  void anHttpErrorAndAWrongChecksumAreExitCode3() throws Exception {
    byte[] notTheModel = "not the model".getBytes(StandardCharsets.UTF_8);
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/remote-test.onnx",
        ex -> {
          ex.sendResponseHeaders(200, notTheModel.length);
          try (OutputStream os = ex.getResponseBody()) {
            os.write(notTheModel);
          }
        });
    server.start();
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      String missing = base + "/moved/remote-test.onnx";
      String[] r = features(missing, Map.of());
      assertOneLineUnavailable(r, missing);
      assertTrue(r[1].contains("the server answered HTTP 404"), r[1]);

      String wrong = base + "/remote-test.onnx";
      r = features(wrong, Map.of());
      assertOneLineUnavailable(r, wrong);
      String actual =
          HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(notTheModel));
      assertTrue(
          r[1].contains("its SHA-256 is " + actual + " but " + r[2] + " was expected"), r[1]);
      assertFalse(
          Files.exists(tmp.resolve("out/cache/models/remote-test.onnx")),
          "a file that fails its checksum is not kept");
    } finally {
      server.stop(0);
    }
  }
}
