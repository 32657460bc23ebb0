package org.samplesize.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ratios, under-load marks and regression flags of run-all.sh, on made-up outputs. */
class BenchReportTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void underLoadWhenBusyBeforeWhenOthersRanMeanwhileOrForced() {
    ObjectNode meta = JSON.createObjectNode();
    meta.put("load_before", 0.4);
    meta.put("others_cores", 0.05);
    assertEquals(List.of(), BenchReport.underLoad(meta, 1.5, 0.2, false));
    assertEquals(List.of("run with --force"), BenchReport.underLoad(meta, 1.5, 0.2, true));
    meta.put("others_cores", 0.9);
    assertTrue(
        BenchReport.underLoad(meta, 1.5, 0.2, false)
            .get(0)
            .contains("other processes used 0.90 cores"));
    meta.put("others_cores", 0.0);
    meta.put("load_before", 3.2);
    assertTrue(BenchReport.underLoad(meta, 1.5, 0.2, false).get(0).contains("load average 3.20"));
    meta.remove("load_before");
    assertEquals(
        1, BenchReport.underLoad(meta, 1.5, 0.2, false).size(), "an unknown load is not idle");
  }

  private void write(String name, String text) throws IOException {
    Files.writeString(dir.resolve(name), text);
  }

  private void meta(String name, int exit, double before, double others) throws IOException {
    write(
        name + ".meta.json",
        String.format(
            java.util.Locale.ROOT,
            "{\"name\":\"%s\",\"exit_code\":%d,\"seconds\":10,\"load_before\":%.2f,"
                + "\"load_after\":1.9,\"others_cores\":%.2f,\"config\":\"threads=2\"}",
            name,
            exit,
            before,
            others));
  }

  private static final String MACHINE =
      "{\"cpu\":\"Made-up CPU\",\"cpu_id\":\"GenuineMadeUp family 6 model 1 stepping 2\","
          + "\"cores\":2,\"cpu_flags\":[\"AVX-512\"],\"memory_gib\":8,"
          + "\"os\":\"Linux\",\"jdk\":\"JDK 17\",\"commit\":\"abc\",\"libraries\":{\"ONNX Runtime\":\"1\"},"
          + "\"peers\":{\"torch\":null}}";

  /**
   * A results folder on {@link #MACHINE} with the image benchmark: ours 300 img/s, PIL 100, cv2
   * 150; idle.
   */
  private void imageRun() throws IOException {
    write(
        "run.json",
        "{\"quick\":false,\"threads\":2,\"max_load\":1.5,\"max_others\":0.2,\"forced\":false}");
    write("machine.json", MACHINE);
    write(
        "image.json",
        "{\"threads\":2,\"samplesizeRuns\":[290,300,310],\"peerPilRuns\":[99,100,101],"
            + "\"peerCv2Runs\":[150,150,150]}");
    meta("image", 0, 0.3, 0.05);
  }

  @Test
  void aRunIsSummarisedComparedAndTabulated() throws IOException {
    imageRun();
    // fit: JMH in ms/op (B=100 with 1 and 2 threads), peer 20 s; others ran meanwhile.
    write(
        "fit-jmh.json",
        "[{\"benchmark\":\"org.samplesize.benchmarks.FitBenchmark.recipeTable\","
            + "\"params\":{\"bootstrap\":\"100\",\"families\":\"all\",\"threads\":\"1\"},"
            + "\"primaryMetric\":{\"scoreUnit\":\"ms/op\",\"rawData\":[[190,200,210]]}},"
            + "{\"benchmark\":\"org.samplesize.benchmarks.FitBenchmark.recipeTable\","
            + "\"params\":{\"bootstrap\":\"100\",\"families\":\"all\",\"threads\":\"2\"},"
            + "\"primaryMetric\":{\"scoreUnit\":\"ms/op\",\"rawData\":[[100,110]]}}]");
    write(
        "fit-peer.jsonl",
        "warming up\n{\"seconds\":19,\"all_seconds\":[19,20,21],\"bootstrap\":100}\n");
    meta("fit", 0, 0.3, 0.8);
    // head failed: no figures, listed as failed.
    meta("head", 3, 0.3, 0.0);
    // The previous run: image was 400 img/s (tight), so 300 now is a regression.
    JsonNode prev =
        JSON.readTree(
            "{\"run\":\"2026-01-01\",\"machine\":"
                + MACHINE
                + ",\"figures\":[{\"name\":\"image.pil\",\"config\":\"threads=2\","
                + "\"under_load\":false,\"ours\":{\"median\":400,\"min\":398,\"max\":402,\"n\":3}}]}");

    JsonNode s = BenchReport.summarize(dir, List.of(prev));

    assertEquals("[\"2026-01-01\"]", s.path("previous_runs").toString());
    JsonNode f = s.path("figures");
    assertEquals(4, f.size(), f.toString());
    JsonNode pil = f.get(0);
    assertEquals("image.pil", pil.path("name").asText());
    assertEquals(3.0, pil.path("ratio").asDouble(), 1e-12);
    assertEquals(20, pil.path("spread").asDouble(), 1e-12);
    assertFalse(pil.path("under_load").asBoolean());
    assertEquals("regression", pil.path("comparison").path("verdict").asText());
    assertEquals(-25, pil.path("comparison").path("change_percent").asDouble(), 1e-9);
    assertEquals(2.0, f.get(1).path("ratio").asDouble(), 1e-12);
    assertEquals("no previous figure", f.get(1).path("comparison").path("why").asText());
    JsonNode fit1 = f.get(2);
    assertEquals("fit.recipe.b100.t1", fit1.path("name").asText());
    assertEquals(0.2, fit1.path("ours").path("median").asDouble(), 1e-12);
    assertEquals(100, fit1.path("ratio").asDouble(), 1e-9, "20 s against 0.2 s");
    assertTrue(fit1.path("under_load").asBoolean(), "others used 0.8 cores");
    assertTrue(f.get(3).path("peer").isNull(), "the peer is single-threaded: no 2-thread pair");

    String md = SummaryMarkdown.markdown(s);
    assertTrue(
        md.contains(
            "| image pipeline (decode, resize, augment, normalise) (img/s, higher is better) | 300 | 100 (PIL"),
        md);
    assertTrue(
        md.contains(
            "| 3.00× | 6.7% (3) | 0.30 / 1.90 / 0.05 | **REGRESSION** -25.0% against 2026-01-01"),
        md);
    assertTrue(
        md.contains("B = 100, 1 thread (s, lower is better) **under load** | 0.200 | 20.0 (SciPy"),
        md);
    assertTrue(md.contains("Failed, no figures: head (exit 3)"), md);
    assertTrue(
        md.contains("Made-up CPU (GenuineMadeUp family 6 model 1 stepping 2), 2 cores (AVX-512)"),
        md);
    assertTrue(md.contains("that has it: 2026-01-01;"), md);
    assertTrue(md.contains("torch missing"), md);
  }

  /** An earlier run's summary: its name, machine and the image.pil figure's median. */
  private static JsonNode earlier(String run, String machine, Double pil) throws IOException {
    return JSON.readTree(
        "{\"run\":\""
            + run
            + "\",\"machine\":"
            + machine
            + ",\"figures\":["
            + (pil == null
                ? ""
                : "{\"name\":\"image.pil\",\"config\":\"threads=2\",\"under_load\":false,"
                    + "\"ours\":{\"median\":"
                    + pil
                    + ",\"min\":"
                    + (pil - 1)
                    + ",\"max\":"
                    + (pil + 1)
                    + ",\"n\":3}}")
            + "]}");
  }

  @Test
  void figuresAreComparedOnlyWithEarlierRunsOnTheSameMachine() throws IOException {
    imageRun();
    // The same model name on a core with AVX-512 BF16 (another generation): 500 img/s there.
    String bf16 = MACHINE.replace("[\"AVX-512\"]", "[\"AVX-512\",\"AVX-512 BF16\"]");
    // The same name, cores and flags, but another family/model: not this machine either.
    String otherModel = MACHINE.replace("model 1 stepping", "model 17 stepping");
    // Recorded before cpu_id was: the same name, cores and flags count as this machine.
    String noId = MACHINE.replace("\"cpu_id\":\"GenuineMadeUp family 6 model 1 stepping 2\",", "");
    assertTrue(MachineFacts.sameMachine(JSON.readTree(MACHINE), JSON.readTree(noId)));
    assertFalse(MachineFacts.sameMachine(JSON.readTree(MACHINE), JSON.readTree(otherModel)));
    assertFalse(MachineFacts.sameMachine(JSON.readTree(MACHINE), JSON.readTree(bf16)));

    JsonNode s =
        BenchReport.summarize(
            dir,
            List.of(
                earlier("2026-01-01", noId, 302.0),
                earlier("2026-01-02", MACHINE, null),
                earlier("2026-01-03", bf16, 500.0),
                earlier("2026-01-04", otherModel, 480.0)));

    JsonNode pil = s.path("figures").get(0);
    assertEquals("image.pil", pil.path("name").asText());
    assertEquals("unchanged", pil.path("comparison").path("verdict").asText(), pil.toString());
    assertEquals("2026-01-01", pil.path("comparison").path("run").asText());
    assertEquals(302, pil.path("comparison").path("previous").asDouble(), 1e-12);
    assertEquals(2, s.path("earlier_runs_elsewhere").asInt());
    String md = SummaryMarkdown.markdown(s);
    assertTrue(
        md.contains("that has it: 2026-01-01 (2 earlier runs on another machine not compared)"),
        md);

    // An earlier run on this machine without the figure: it is not "no earlier run".
    String lacking =
        SummaryMarkdown.markdown(
            BenchReport.summarize(dir, List.of(earlier("2026-01-02", MACHINE, null))));
    assertTrue(
        lacking.contains("Compared with: no figure compared with the earlier runs on this machine"),
        lacking);

    JsonNode alone = BenchReport.summarize(dir, List.of(earlier("2026-01-03", bf16, 500.0)));
    assertEquals(
        "no earlier run on this machine",
        alone.path("figures").get(0).path("comparison").path("why").asText());
    assertTrue(
        SummaryMarkdown.markdown(alone)
            .contains("Compared with: no earlier run on this machine (1 earlier run on another"),
        SummaryMarkdown.markdown(alone));
    assertEquals(
        "no earlier run",
        BenchReport.summarize(dir, List.of())
            .path("figures")
            .get(0)
            .path("comparison")
            .path("why")
            .asText());
  }

  @Test
  void theCpuIdentityIsReadFromCpuinfo() {
    assertEquals(
        "AuthenticAMD family 25 model 1 stepping 1",
        MachineFacts.cpuId(
            "processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 25\nmodel\t\t: 1\n"
                + "model name\t: AMD EPYC\nstepping\t: 1\n"));
    assertEquals("", MachineFacts.cpuId("processor\t: 0\nmodel name\t: Some ARM core\n"));
  }

  private final java.io.ByteArrayOutputStream errBytes = new java.io.ByteArrayOutputStream();

  /** Runs BenchReport; returns its exit status, its error output in errBytes. */
  private int report(String... args) throws Exception {
    errBytes.reset();
    java.io.PrintStream err =
        new java.io.PrintStream(errBytes, true, java.nio.charset.StandardCharsets.UTF_8);
    java.io.PrintStream out =
        new java.io.PrintStream(
            java.io.OutputStream.nullOutputStream(), true, java.nio.charset.StandardCharsets.UTF_8);
    return BenchReport.run(args, out, err);
  }

  private String firstErrorLine() {
    return errBytes
        .toString(java.nio.charset.StandardCharsets.UTF_8)
        .lines()
        .findFirst()
        .orElse("");
  }

  @Test
  void badArgumentsAreOneLineNamingTheArgumentAndStatus2() throws Exception {
    // Each ended in a Java exception (FileNotFoundException, IllegalArgumentException).
    Path missing = dir.resolve("missing.json");
    assertEquals(2, report("summarize", dir.resolve("nope").toString()));
    assertEquals(
        "BenchReport: RESULTS_DIR " + dir.resolve("nope") + ": no such folder", firstErrorLine());
    assertEquals(2, report("summarize", dir.toString()));
    assertTrue(
        firstErrorLine().startsWith("BenchReport: RESULTS_DIR " + dir + ": no run.json"),
        firstErrorLine());
    write("run.json", "{\"max_load\":1.5,\"max_others\":0.2}");
    assertEquals(2, report("summarize", dir.toString(), "--previous", missing.toString()));
    assertEquals("BenchReport: --previous " + missing + ": no such file", firstErrorLine());
    write("bad.json", "{not json");
    assertEquals(
        2, report("summarize", dir.toString(), "--previous", dir.resolve("bad.json").toString()));
    assertTrue(
        firstErrorLine()
            .startsWith("BenchReport: --previous " + dir.resolve("bad.json") + ": not JSON"),
        firstErrorLine());
    assertEquals(
        2, report("machine", dir.resolve("m.json").toString(), "--peers", missing.toString()));
    assertEquals("BenchReport: --peers " + missing + ": no such file", firstErrorLine());
    assertEquals(2, report("summarize", dir.toString(), "--previos", "x"));
    assertEquals("BenchReport: unknown flag --previos", firstErrorLine());
    assertEquals(2, report("machine"));
    assertEquals("BenchReport: expected machine OUT.json first", firstErrorLine());
    assertEquals(2, report("sumarize", dir.toString()));
    assertEquals(
        "BenchReport: unknown mode sumarize: expected machine or summarize first",
        firstErrorLine());
    assertEquals(2, report());
    assertEquals("BenchReport: expected machine or summarize first", firstErrorLine());
    assertFalse(Files.exists(dir.resolve("m.json")));
    // A good command line still summarises.
    assertEquals(0, report("summarize", dir.toString(), "--previous", ""));
    assertTrue(Files.isRegularFile(dir.resolve("summary.md")));
  }
}
