package org.samplesize.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code samplesize} launcher script adds the Vector API module (whose JVM warning line comes
 * with it) only where training can happen: {@code run} and {@code bench}, not their help. It runs
 * here against a stand-in {@code java} that prints its arguments, beside an engine jar that needs
 * no build.
 */
class LauncherTest {
  @TempDir Path dir;

  private String launch(String... args) throws Exception {
    Path root = Path.of("").toAbsolutePath();
    while (!Files.isRegularFile(root.resolve("mvnw"))) {
      root = root.getParent();
    }
    Path script = dir.resolve("samplesize");
    if (!Files.exists(script)) {
      Files.copy(root.resolve("samplesize"), script);
      Files.createDirectories(dir.resolve("engine/target/lib"));
      Files.writeString(dir.resolve("engine/target/samplesize-engine.jar"), "");
      Path bin = Files.createDirectories(dir.resolve("bin"));
      Path java = bin.resolve("java");
      Files.writeString(java, "#!/usr/bin/env bash\necho \"$@\"\n");
      Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    List<String> cmd = new ArrayList<>(List.of("bash", script.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"));
    pb.environment().remove("SAMPLESIZE_JAVA_OPTS");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "launcher finished");
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  @Test
  void theVectorModuleAndItsWarningComeOnlyWithWorkThatTrains() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs bash");
    String vector = "--add-modules jdk.incubator.vector";
    assertTrue(launch("run", "--data", "d").contains(vector));
    assertTrue(launch("--no-color", "bench").contains(vector));
    for (String help : List.of("--help", "-h", "--version", "-V")) {
      assertFalse(launch("run", help).contains(vector), "run " + help);
      assertFalse(launch("bench", "--data", "d", help).contains(vector), "bench " + help);
    }
    assertFalse(launch("fit", "--results", "r.csv").contains(vector));
    assertFalse(launch("inspect", "--data", "d").contains(vector));
  }
}
