package org.samplesize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BuildInfoTest {

  @Test
  void unfilledMissingOrMalformedValuesReadUnknown() {
    Properties p = new Properties();
    p.setProperty("version", "1.2.3");
    p.setProperty("commit", "${build.commit}");
    p.setProperty("onnxruntime", " ");
    BuildInfo b = BuildInfo.of(p);
    assertEquals("1.2.3", b.version());
    assertEquals(BuildInfo.UNKNOWN, b.commit());
    assertFalse(b.hasCommit());
    assertEquals(BuildInfo.UNKNOWN, b.onnxruntime());
    assertEquals(BuildInfo.UNKNOWN, b.javacpp(), "missing");
    p.setProperty("commit", "not-a-sha");
    assertEquals(BuildInfo.UNKNOWN, BuildInfo.of(p).commit());
    p.setProperty("commit", "unknown");
    assertEquals(BuildInfo.UNKNOWN, BuildInfo.of(p).commit());
    String sha = "0123456789abcdef0123456789abcdef01234567";
    p.setProperty("commit", sha);
    assertEquals(sha, BuildInfo.of(p).commit());
  }

  @Test
  void theBuildStampsTheVersionsAndTheCommitOfThisCheckout() throws Exception {
    BuildInfo b = BuildInfo.current();
    assertNotEquals(BuildInfo.UNKNOWN, b.version(), "the build filters version.properties");
    assertNotEquals(BuildInfo.UNKNOWN, b.onnxruntime());
    String head = gitHead();
    assumeTrue(head != null, "not built from a git checkout: the commit is rightly unknown");
    assertEquals(head, b.commit());
  }

  /** HEAD of the checkout the tests run in (the engine folder), or null without git. */
  private static String gitHead() {
    try {
      Process p =
          new ProcessBuilder(
                  "git", "-C", Path.of("").toAbsolutePath().toString(), "rev-parse", "HEAD")
              .redirectErrorStream(true)
              .start();
      p.getOutputStream().close();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return p.exitValue() == 0 && s.matches("[0-9a-f]{40}") ? s : null;
    } catch (java.io.IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
