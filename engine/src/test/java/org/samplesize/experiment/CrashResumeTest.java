package org.samplesize.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real child JVM with SIGKILL in the middle of an experiment and resumes it: nothing
 * journaled is lost, nothing is trained twice, the final results are complete.
 */
class CrashResumeTest {
  @TempDir Path dir;

  @Test
  void sigkillMidRunLosesNothingFinished() throws Exception {
    Path out = dir.resolve("out");
    Path journal = out.resolve(Journal.FILE_NAME);
    Process child = startChild(out, 150);
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (modelLines(journal) < 3) {
        assertTrue(child.isAlive(), "the child ended before it could be killed");
        assertTrue(System.nanoTime() < deadline, "the child journaled nothing within 60 s");
        Thread.sleep(20);
      }
    } finally {
      child.destroyForcibly(); // SIGKILL on Linux
      child.waitFor(30, TimeUnit.SECONDS);
    }
    int before = modelLines(journal);
    assertTrue(before >= 3 && before < 20, "killed after " + before + " models");

    Process resume = startChild(out, 0);
    assertTrue(resume.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, resume.exitValue(), new String(resume.getInputStream().readAllBytes()));

    List<String> lines = Files.readAllLines(journal);
    Set<String> ids = new HashSet<>();
    for (String l : lines.subList(1, lines.size())) {
      String id = l.replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
      assertTrue(ids.add(id), "journaled twice: " + id);
    }
    assertEquals(20, ids.size());
    assertEquals(21, Files.readAllLines(out.resolve(ResultsCsv.FILE_NAME)).size());
    assertTrue(Files.isRegularFile(out.resolve("report.html")));
  }

  private static int modelLines(Path journal) throws Exception {
    if (!Files.exists(journal)) {
      return 0;
    }
    String s = Files.readString(journal);
    int n = 0;
    for (int i = s.indexOf("\"kind\":\"model\"");
        i >= 0;
        i = s.indexOf("\"kind\":\"model\"", i + 1)) {
      n++;
    }
    return n;
  }

  private static Process startChild(Path out, long delayMillis) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-Xmx256m",
            "-cp",
            System.getProperty("java.class.path"),
            FakeRunMain.class.getName(),
            out.toString(),
            Long.toString(delayMillis))
        .redirectErrorStream(true)
        .directory(new File(out.getParent().toString()))
        .start();
  }
}
