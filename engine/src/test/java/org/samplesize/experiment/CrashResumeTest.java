package org.samplesize.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.report.ResultsCsv;

/**
 * Kills a real child JVM running {@code samplesize run} on a generated data set with SIGKILL in the
 * middle of training, then resumes it: nothing journaled is lost, nothing is trained twice, the
 * final results are complete. The child ({@link SlowRun}) is slowed down by a pause after each
 * journaled model in its progress listener, which no user-visible setting offers.
 */
class CrashResumeTest {
  @TempDir Path dir;

  @Test
  void sigkillMidRunLosesNothingFinished() throws Exception {
    Path data = TinyData.images(dir.resolve("data"), 30, 11);
    Path model = TinyData.model(dir);
    Path out = dir.resolve("out");
    Path journal = out.resolve(Journal.FILE_NAME);
    Path log = dir.resolve("child.log");
    Process child = startChild(data, model, out, log, 250);
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (modelLines(journal) < 2) {
        assertTrue(
            child.isAlive(),
            "the child ended (exit " + exit(child) + ") before it could be killed: " + read(log));
        assertTrue(System.nanoTime() < deadline, "nothing journaled within 90 s: " + read(log));
        Thread.sleep(10);
      }
    } finally {
      child.destroyForcibly(); // SIGKILL on Linux
      assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    }
    int before = modelLines(journal);
    assertTrue(before >= 2 && before < 20, "killed after " + before + " models");

    Process resume = startChild(data, model, out, log, 0);
    assertTrue(resume.waitFor(120, TimeUnit.SECONDS), "resume did not finish: " + read(log));
    assertEquals(0, resume.exitValue(), read(log));
    assertTrue(read(log).contains(" resumed"), read(log));

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

  private static String exit(Process p) {
    return p.isAlive() ? "running" : Integer.toString(p.exitValue());
  }

  private static String read(Path log) throws Exception {
    return Files.exists(log) ? Files.readString(log) : "";
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

  private Process startChild(Path data, Path model, Path out, Path log, long delayMillis)
      throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd =
        new ArrayList<>(
            List.of(
                java,
                "-Xmx512m",
                SlowRun.class.getName(),
                Long.toString(delayMillis),
                "data",
                data.toString(),
                "model",
                model.toString(),
                "out",
                out.toString(),
                "cache",
                dir.resolve("cache").toString(),
                "train-fraction",
                "0.7",
                "threads",
                "1",
                "learning-rate",
                "0.05",
                "epochs",
                "30"));
    if (delayMillis > 0) {
      // One model per pass, so each is journaled on its own while the child is slowed down.
      cmd.addAll(List.of("models-per-pass", "1"));
    }
    ProcessBuilder pb = new ProcessBuilder(cmd);
    // The class path goes through the environment: ONNX Runtime 1.29 crashes (SIGSEGV) at start
    // when the process command line is longer than about 4000 characters.
    pb.environment().put("CLASSPATH", System.getProperty("java.class.path"));
    return pb.redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .directory(new File(dir.toString()))
        .start();
  }
}
