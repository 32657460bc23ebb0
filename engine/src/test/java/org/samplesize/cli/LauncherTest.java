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
    return launchWith(java.util.Map.of(), args);
  }

  private String launchWith(java.util.Map<String, String> env, String... args) throws Exception {
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
      Files.writeString(
          java,
          "#!/usr/bin/env bash\necho \"$@\" \"LC_ALL=${LC_ALL:-}\""
              + " \"OPENCV_LOG_LEVEL=${OPENCV_LOG_LEVEL:-}\"\n");
      Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    List<String> cmd = new ArrayList<>(List.of("bash", script.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"));
    pb.environment().remove("SAMPLESIZE_JAVA_OPTS");
    pb.environment().remove("OPENCV_LOG_LEVEL");
    pb.environment().putAll(env);
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

  /**
   * OpenCV printed its own "[ERROR:0@1.403] global loadsave.cpp ... imdecode_" line for a cut image
   * before samplesize's message naming the file: the launcher quiets OpenCV's log unless the user
   * set OPENCV_LOG_LEVEL.
   */
  @Test
  void openCvLogsOnlyWhatStopsItUnlessTheUserAsksForMore() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs bash");
    assertTrue(launch("run", "--data", "d").contains("OPENCV_LOG_LEVEL=FATAL"));
    assertTrue(
        launchWith(java.util.Map.of("OPENCV_LOG_LEVEL", "INFO"), "run")
            .contains("OPENCV_LOG_LEVEL=INFO"));
  }

  /**
   * Under a locale whose character set is not UTF-8 the JVM printed the answers' dashes as '?'
   * ("88.6?93.0%") and could not read a folder named with an accent; the launcher then runs it
   * under C.UTF-8 and asks for UTF-8 on standard output and error.
   */
  @Test
  void standardOutputIsUtf8UnderALocaleThatIsNot() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs bash");
    String utf8Out = "-Dsun.stdout.encoding=UTF-8";
    assertTrue(launchWith(java.util.Map.of("LC_ALL", "C"), "fit").contains(utf8Out));
    assertTrue(launchWith(java.util.Map.of("LC_ALL", "POSIX"), "fit").contains(utf8Out));
    assumeTrue("UTF-8".equals(charmap("C.UTF-8")), "the C.UTF-8 locale is not installed here");
    // File names are read in the locale's character set: the JVM runs under C.UTF-8 instead.
    assertTrue(launchWith(java.util.Map.of("LC_ALL", "C"), "fit").contains("LC_ALL=C.UTF-8"));
    String utf8 = launchWith(java.util.Map.of("LC_ALL", "C.UTF-8"), "fit");
    assertFalse(utf8.contains(utf8Out), utf8);
  }

  private static String charmap(String locale) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("locale", "charmap").redirectErrorStream(true);
    pb.environment().put("LC_ALL", locale);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    p.waitFor(10, TimeUnit.SECONDS);
    return out;
  }

  /**
   * A command runs from a copy of the engine jar: a rebuild while it runs rewrote the jar it ran
   * from, and the command died at its next class load (NoClassDefFoundError at the end of
   * training). A rebuild now makes a new copy and leaves the running one's alone.
   */
  @Test
  void eachBuildRunsFromItsOwnCopyOfTheJar() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs bash");
    launch("fit", "--results", "r.csv");
    Path jar = dir.resolve("engine/target/samplesize-engine.jar");
    Files.writeString(jar, "build 1");
    String first = classPathJar(launch("fit", "--results", "r.csv"));
    assertTrue(first.startsWith(dir.resolve("engine/target/launch") + "/"), first);
    assertEquals("build 1", Files.readString(Path.of(first)));
    assertEquals(first, classPathJar(launch("inspect", "--data", "d")), "one copy per build");

    // A rebuild: the jar is rewritten in place, as Maven does.
    Files.writeString(jar, "build 2, larger");
    String second = classPathJar(launch("fit", "--results", "r.csv"));
    assertFalse(second.equals(first), second);
    assertEquals("build 2, larger", Files.readString(Path.of(second)));
    assertEquals("build 1", Files.readString(Path.of(first)), "the running command's copy stays");
  }

  /**
   * The copy's name came from GNU stat's {@code -c}, which BSD stat (macOS, where {@code fit} runs
   * through the launcher) does not have: the launcher stopped with stat's usage and exit 1.
   */
  @Test
  void aStatWithoutGnuOptionsDoesNotStopTheLauncher() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs bash");
    launch("fit", "--results", "r.csv");
    Files.writeString(dir.resolve("engine/target/samplesize-engine.jar"), "build 1");
    Path stat = dir.resolve("bin/stat");
    Files.writeString(
        stat,
        "#!/usr/bin/env bash\n"
            + "[ \"$1\" = -c ] && { echo 'stat: illegal option -- c' >&2; exit 1; }\n"
            + "echo 1 2\n");
    Files.setPosixFilePermissions(stat, PosixFilePermissions.fromString("rwxr-xr-x"));
    String jar = classPathJar(launch("fit", "--results", "r.csv"));
    assertTrue(jar.startsWith(dir.resolve("engine/target/launch") + "/"), jar);
    assertEquals("build 1", Files.readString(Path.of(jar)));
  }

  /**
   * Where no copy can be written (here engine/target/launch is a file), the command runs from the
   * jar itself and says so in one line; it stopped with mkdir's message and exit 1.
   */
  @Test
  void withoutAWritableCopyFolderTheCommandRunsFromTheJarItself() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs bash");
    launch("fit", "--results", "r.csv");
    Path jar = dir.resolve("engine/target/samplesize-engine.jar");
    Files.writeString(jar, "build 1");
    Path launchDir = dir.resolve("engine/target/launch");
    try (var old = Files.list(launchDir)) {
      for (Path p : old.toList()) {
        Files.delete(p);
      }
    }
    Files.delete(launchDir);
    Files.writeString(launchDir, "not a folder");
    String out = launch("fit", "--results", "r.csv");
    assertEquals(jar.toString(), classPathJar(out));
    List<String> said = out.lines().filter(l -> l.startsWith("samplesize: ")).toList();
    assertEquals(1, said.size(), out);
    assertTrue(
        said.get(0)
            .startsWith("samplesize: running from " + jar + " itself, which a rebuild while"),
        out);
    assertTrue(said.get(0).contains("no copy of it could be written to " + launchDir), out);
    assertEquals("not a folder", Files.readString(launchDir));
  }

  /** The first entry of the class path that the stand-in java printed. */
  private static String classPathJar(String javaArgs) {
    String[] words = javaArgs.strip().split("\\s+");
    for (int i = 0; i < words.length - 1; i++) {
      if (words[i].equals("-cp")) {
        return words[i + 1].split(":")[0];
      }
    }
    throw new AssertionError("no -cp in: " + javaArgs);
  }
}
