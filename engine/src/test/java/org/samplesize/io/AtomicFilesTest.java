package org.samplesize.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.InvalidInputException;

class AtomicFilesTest {
  @TempDir Path dir;

  private List<String> names() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void createsThenReplacesTheContentAndLeavesNoTemporaryFile() throws Exception {
    Path target = dir.resolve("results.json");
    AtomicFiles.writeString(target, "old\n");
    assertEquals("old\n", Files.readString(target));
    AtomicFiles.write(target, out -> out.write("new content".getBytes(StandardCharsets.UTF_8)));
    assertEquals("new content", Files.readString(target));
    assertEquals(List.of("results.json"), names());
  }

  @Test
  void aWriterThatClosesTheStreamStillWritesEverything() throws Exception {
    // Jackson and CSV printers close the stream they were given.
    Path target = dir.resolve("a.bin");
    byte[] big = new byte[200_000];
    Arrays.fill(big, (byte) 7);
    AtomicFiles.write(
        target,
        out -> {
          out.write(big);
          out.close();
        });
    assertArrayEquals(big, Files.readAllBytes(target));
  }

  @Test
  void aFailingWriterLeavesTheTargetUntouchedRemovesTheTemporaryAndNamesTheTarget()
      throws Exception {
    Path target = dir.resolve("provenance.json");
    AtomicFiles.writeString(target, "the old file");
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                AtomicFiles.write(
                    target,
                    out -> {
                      out.write(new byte[100_000]); // some bytes reach the temporary file first
                      throw new IOException("the writer failed");
                    }));
    assertTrue(e.getMessage().contains(target.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("the writer failed"), e.getMessage());
    assertEquals("the old file", Files.readString(target));
    assertEquals(List.of("provenance.json"), names());
  }

  @Test
  void anUncheckedFailureIsRethrownAsItIsWithTheSameCleanUp() throws Exception {
    Path target = dir.resolve("sums-ok");
    RuntimeException boom = new UncheckedIOException(new IOException("boom"));
    RuntimeException e =
        assertThrows(
            RuntimeException.class,
            () ->
                AtomicFiles.write(
                    target,
                    out -> {
                      out.write(1);
                      throw boom;
                    }));
    assertSame(boom, e);
    assertFalse(Files.exists(target), "no half-written target");
    assertEquals(List.of(), names());
  }

  @Test
  void aMissingFolderIsAnErrorNamingTheTarget() {
    Path target = dir.resolve("no/such/folder/file.csv");
    IOException e = assertThrows(IOException.class, () -> AtomicFiles.writeString(target, "x"));
    assertTrue(e.getMessage().startsWith("cannot write " + target), e.getMessage());
  }

  @Test
  void aReaderSeesTheOldFileOrTheNewOneNeverAMix() throws Exception {
    Path target = dir.resolve("table.csv");
    byte[] a = new byte[256 * 1024];
    byte[] b = new byte[256 * 1024];
    Arrays.fill(a, (byte) 'a');
    Arrays.fill(b, (byte) 'b');
    AtomicFiles.write(target, out -> out.write(a));
    AtomicBoolean done = new AtomicBoolean();
    java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(1);
    ExecutorService reader = Executors.newSingleThreadExecutor();
    try {
      Future<Integer> reads =
          reader.submit(
              () -> {
                int n = 0;
                do {
                  byte[] got = Files.readAllBytes(target);
                  if (!Arrays.equals(got, a) && !Arrays.equals(got, b)) {
                    throw new AssertionError("a reader saw " + got.length + " mixed bytes");
                  }
                  n++;
                  reading.countDown();
                } while (!done.get());
                return n;
              });
      // The writes start once the reader is reading, however the threads are scheduled.
      assertTrue(reading.await(30, java.util.concurrent.TimeUnit.SECONDS), "the reader started");
      for (int i = 0; i < 60; i++) {
        byte[] next = i % 2 == 0 ? b : a;
        AtomicFiles.write(target, out -> out.write(next));
      }
      done.set(true);
      assertTrue(reads.get() > 0);
    } finally {
      reader.shutdownNow();
    }
    assertEquals(List.of("table.csv"), names());
  }

  @Test
  void concurrentWritersOfOneTargetUseTheirOwnTemporaryFiles() throws Exception {
    Path target = dir.resolve("shared.txt");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> fs =
          java.util.stream.IntStream.range(0, 4)
              .mapToObj(
                  t ->
                      pool.submit(
                          () -> {
                            for (int i = 0; i < 10; i++) {
                              AtomicFiles.writeString(target, ("writer " + t + "\n").repeat(5000));
                            }
                            return null;
                          }))
              .<Future<?>>map(f -> f)
              .toList();
      for (Future<?> f : fs) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    String s = Files.readString(target);
    String first = s.substring(0, s.indexOf('\n') + 1);
    assertEquals(first.repeat(5000), s, "one writer's whole content");
    assertEquals(List.of("shared.txt"), names());
  }

  @Test
  void temporaryFilesOfKilledWritersAreRemovedOnceStale() throws Exception {
    Path target = dir.resolve("fit.json");
    Path stale = old(Files.writeString(dir.resolve(".fit.json.1a2b3c.tmp"), "half"));
    Path fresh = Files.writeString(dir.resolve(".fit.json.4d5e6f.tmp"), "in flight");
    // Whatever file a killed writer was writing: every temporary name this class makes.
    Path other = old(Files.writeString(dir.resolve(".results.csv.777.tmp"), "half"));
    Path freshOther = Files.writeString(dir.resolve(".results.csv.888.tmp"), "in flight");
    // Not of this class's form, or not a regular file: never touched.
    Path notOurs = old(Files.writeString(dir.resolve(".notes.tmp"), "the user's"));
    Path notHex = old(Files.writeString(dir.resolve(".notes.draft.tmp"), "the user's"));
    Path link = dir.resolve(".link.abc.tmp");
    Files.createSymbolicLink(link, notOurs);
    Path folder = Files.createDirectory(dir.resolve(".folder.abc.tmp"));
    AtomicFiles.writeString(target, "{}");
    assertFalse(Files.exists(stale), "a killed writer's old temporary file is removed");
    assertFalse(Files.exists(other), "another file's old temporary file is removed too");
    assertTrue(Files.exists(fresh), "a live writer's temporary file stays");
    assertTrue(Files.exists(freshOther), "a live writer's temporary file stays");
    assertTrue(Files.exists(notOurs) && Files.exists(notHex) && Files.isDirectory(folder));
    assertTrue(Files.isSymbolicLink(link));
  }

  @Test
  void leftoverTemporaryFilesOfAnOwnedFolderAreRemovedWhateverTheirAge() throws Exception {
    Path killed = Files.writeString(dir.resolve(".results.csv.5f3a9c1e2b.tmp"), "half");
    Path notOurs = Files.writeString(dir.resolve(".notes.tmp"), "the user's");
    Path link = dir.resolve(".link.abc.tmp");
    Files.createSymbolicLink(link, notOurs);
    assertEquals(1, AtomicFiles.removeLeftoverTemps(dir));
    assertFalse(Files.exists(killed));
    assertTrue(Files.exists(notOurs) && Files.isSymbolicLink(link));
  }

  private static Path old(Path p) throws java.io.IOException {
    Files.setLastModifiedTime(
        p,
        java.nio.file.attribute.FileTime.fromMillis(
            System.currentTimeMillis() - AtomicFiles.STALE.toMillis() - 60_000));
    return p;
  }

  @Test
  void aSymbolicLinkIsKeptAndItsTargetUpdated() throws Exception {
    Path sub = Files.createDirectory(dir.resolve("real"));
    Path real = sub.resolve("real.json");
    Files.writeString(real, "old");
    Path link = dir.resolve("link.json");
    Files.createSymbolicLink(link, Path.of("real", "real.json")); // relative to the link's folder
    Path link2 = dir.resolve("link2.json");
    Files.createSymbolicLink(link2, Path.of("link.json")); // a chain of two
    AtomicFiles.writeString(link2, "new");
    assertTrue(Files.isSymbolicLink(link2));
    assertTrue(Files.isSymbolicLink(link));
    assertEquals(Path.of("real", "real.json"), Files.readSymbolicLink(link));
    assertEquals("new", Files.readString(real));
    try (Stream<Path> s = Files.list(sub)) {
      assertEquals(List.of("real.json"), s.map(p -> p.getFileName().toString()).toList());
    }
    assertEquals(List.of("link.json", "link2.json", "real"), names());
  }

  @Test
  void aDanglingLinkCreatesTheFileItNamesAndStays() throws Exception {
    Path link = dir.resolve("out.json");
    Files.createSymbolicLink(link, Path.of("made.json"));
    AtomicFiles.writeString(link, "x");
    assertTrue(Files.isSymbolicLink(link));
    assertEquals("x", Files.readString(dir.resolve("made.json")));
  }

  @Test
  @org.junit.jupiter.api.condition.EnabledOnOs(org.junit.jupiter.api.condition.OS.LINUX)
  void devNullIsWrittenThroughNotReplaced() throws Exception {
    Path devNull = Path.of("/dev/null");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(devNull), "no /dev/null");
    AtomicFiles.writeString(devNull, "discarded");
    assertFalse(Files.isRegularFile(devNull));
    // Through a link too: the link stays, the device stays.
    Path link = dir.resolve("sink.json");
    Files.createSymbolicLink(link, devNull);
    AtomicFiles.writeString(link, "discarded");
    assertTrue(Files.isSymbolicLink(link));
    assertFalse(Files.isRegularFile(devNull));
    assertEquals(List.of("sink.json"), names());
  }

  @Test
  @org.junit.jupiter.api.condition.EnabledOnOs(org.junit.jupiter.api.condition.OS.LINUX)
  void aFifoIsWrittenThroughNotReplaced() throws Exception {
    Path fifo = dir.resolve("pipe.json");
    Process mk;
    try {
      mk = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    } catch (IOException e) {
      org.junit.jupiter.api.Assumptions.abort("mkfifo not available: " + e.getMessage());
      return;
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(mk.waitFor() == 0, "mkfifo failed");
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<byte[]> read = pool.submit(() -> Files.readAllBytes(fifo));
      org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
          java.time.Duration.ofSeconds(20), () -> AtomicFiles.writeString(fifo, "through"));
      assertEquals("through", new String(read.get(20, java.util.concurrent.TimeUnit.SECONDS)));
    } finally {
      pool.shutdownNow();
    }
    assertFalse(Files.isRegularFile(fifo));
    assertEquals(List.of("pipe.json"), names());
  }

  @Test
  void aDescriptorLinkLikeDevStdoutIsAppendedToNotTruncated() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isDirectory(Path.of("/proc/self/fd")), "needs Linux /proc");
    // As `samplesize bench --json /dev/stdout >> log`: the log's earlier lines must stay.
    Path log = Files.writeString(dir.resolve("log.txt"), "line1\nline2\n");
    try (java.nio.channels.FileChannel ch =
        java.nio.channels.FileChannel.open(
            log, java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.APPEND)) {
      Path fdLink = null;
      try (java.util.stream.Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
        for (Path fd : fds.toList()) {
          try {
            if (Files.readSymbolicLink(fd).equals(log.toRealPath())) {
              fdLink = fd;
            }
          } catch (java.io.IOException e) {
            // a descriptor closed meanwhile
          }
        }
      }
      org.junit.jupiter.api.Assumptions.assumeTrue(fdLink != null, "descriptor not found");
      AtomicFiles.writeString(fdLink, "{json}\n");
    }
    assertEquals("line1\nline2\n{json}\n", Files.readString(log));
    assertTrue(Files.isRegularFile(log));
  }

  @Test
  void aBatchWithAFailingWriterReplacesNoneOfItsFiles() throws Exception {
    Path csv = dir.resolve("results.csv");
    Path svg = dir.resolve("learning-curve.svg");
    Path html = dir.resolve("report.html");
    Files.writeString(csv, "old csv");
    Files.writeString(svg, "<svg>old</svg>");
    Files.writeString(html, "old report");
    IOException e =
        assertThrows(
            IOException.class,
            () -> {
              try (AtomicFiles.Batch batch = AtomicFiles.batch()) {
                batch.stageString(csv, "new csv");
                batch.stage(
                    svg,
                    out -> {
                      out.write("<svg><g>half a plot".getBytes(StandardCharsets.UTF_8));
                      throw new IOException("No space left on device");
                    });
                batch.stageString(html, "new report");
                batch.commit();
              }
            });
    assertTrue(e.getMessage().startsWith("cannot write " + svg), e.getMessage());
    assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
    assertEquals("old csv", Files.readString(csv));
    assertEquals("<svg>old</svg>", Files.readString(svg), "no truncated file under its name");
    assertEquals("old report", Files.readString(html));
    assertEquals(List.of("learning-curve.svg", "report.html", "results.csv"), names());
  }

  @Test
  void aCommittedBatchReplacesAndRemovesInOrder() throws Exception {
    Path csv = dir.resolve("results.csv");
    Path stale = dir.resolve("validation.json");
    Path html = dir.resolve("report.html");
    Files.writeString(csv, "old csv");
    Files.writeString(stale, "{}");
    try (AtomicFiles.Batch batch = AtomicFiles.batch()) {
      Path staged = batch.stageString(csv, "new csv");
      assertEquals("new csv", Files.readString(staged), "the staged content can be read back");
      assertEquals("old csv", Files.readString(csv), "nothing replaced before the commit");
      batch.delete(stale);
      batch.stageString(html, "new report");
      batch.commit();
    }
    assertEquals("new csv", Files.readString(csv));
    assertEquals("new report", Files.readString(html));
    assertEquals(List.of("report.html", "results.csv"), names());
  }

  @Test
  void aTargetThatIsAFolderFailsTheBatchBeforeAnyRename() throws Exception {
    Path png = dir.resolve("learning-curve.png");
    Files.writeString(png, "old png");
    Files.createDirectories(dir.resolve("learning-curve.svg"));
    try (AtomicFiles.Batch batch = AtomicFiles.batch()) {
      batch.stageString(png, "new png");
      batch.stageString(dir.resolve("learning-curve.svg"), "<svg/>");
      // A user error (exit 2) naming the folder in the way, not an internal one.
      InvalidInputException e = assertThrows(InvalidInputException.class, batch::commit);
      assertTrue(
          e.getMessage().contains("learning-curve.svg: it is a folder; move"), e.getMessage());
    }
    assertEquals("old png", Files.readString(png));
    assertEquals(List.of("learning-curve.png", "learning-curve.svg"), names());
  }
}
