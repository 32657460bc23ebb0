package org.samplesize.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.samplesize.ProgressListener;
import org.samplesize.io.AtomicFiles;
import org.samplesize.io.SealedFiles;
import org.samplesize.io.Sha256;

/**
 * Checks a tree that {@link SafeExtractor} extracted against the SHA-256 of every file it recorded
 * in its manifest ({@value SafeExtractor#MANIFEST}) while writing them.
 *
 * <p>How often the bytes are hashed: in full (about 0.3 s of CPU for tf_flowers' 3670 photos, 230
 * MB) only when the tree may have changed since the last check that passed; otherwise a stat of
 * every file suffices (tens of milliseconds). The state compared is each file's size, modification
 * time and <em>change</em> time ({@code ctime}), recorded in a stamp ({@value #STAMP}) right after
 * extraction and after each full check that passes. Every change made through the file system (a
 * write, a truncation, {@code dd conv=notrunc}, a copy or rename over the file) sets the change
 * time to now, and no user-level call can set it back ({@code touch -r} restores the modification
 * time, not the change time), so the stat sees every edit, including one that keeps the size and
 * restores the modification time. What a stat cannot see is damage below the file system (media
 * that returns wrong bytes without an error); hashing 230 MB on every run to catch that would add
 * about a tenth to a run that reuses its cached features, in which the photos are not read at all.
 * Where the change time cannot be read (no {@code unix} attribute view, e.g. Windows), there is no
 * stamp and every check hashes in full.
 */
final class ExtractionManifest {
  private ExtractionManifest() {}

  /** Name of the stamp of the last check that passed, at the top of the extracted tree. */
  static final String STAMP = ".samplesize-checked";

  /** The attributes of a file compared by the stamp (size, modification and change time). */
  private static final String ATTRIBUTES = "unix:size,lastModifiedTime,ctime,isRegularFile";

  /**
   * The outcome of {@link #check}.
   *
   * @param problems what differs from the manifest, one entry per file ({@code path: why}), or one
   *     entry about the manifest itself; empty when the tree is exactly what was extracted
   * @param manifestMissing true when the tree has no usable manifest (extracted by an older build,
   *     or the manifest is damaged), so nothing about its files is known
   * @param hashed true when the files were hashed (no stamp, or a stamp that no longer matches)
   */
  record Check(List<String> problems, boolean manifestMissing, boolean hashed) {
    /**
     * @return whether the tree holds exactly the files the manifest lists, with their bytes
     */
    boolean intact() {
      return problems.isEmpty();
    }

    /**
     * @param max at most this many files named
     * @return the problems as one phrase, e.g. {@code "a/x.jpg: SHA-256 differs, a/y.jpg: missing
     *     and 3 more"}
     */
    String describe(int max) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < Math.min(max, problems.size()); i++) {
        b.append(i == 0 ? "" : ", ").append(problems.get(i));
      }
      if (problems.size() > max) {
        b.append(" and ").append(problems.size() - max).append(" more");
      }
      return b.toString();
    }
  }

  /**
   * Checks {@code dest} against its manifest: by the stamp when the stat of every file still
   * matches it, else by hashing every listed file. A check that passes after hashing records a new
   * stamp. Besides the listed files, any file in the tree that the manifest does not list is a
   * problem, unless its name starts with a dot (never used as an image; file managers leave such
   * files).
   *
   * @param dest a complete extraction ({@link SafeExtractor#isComplete})
   * @param what names the tree in the progress stage, e.g. {@code tf_flowers}
   * @param pl told the file count when hashing
   * @return the outcome
   */
  static Check check(Path dest, String what, ProgressListener pl) {
    Path manifest = dest.resolve(SafeExtractor.MANIFEST);
    SealedFiles.Check sealed = SealedFiles.check(manifest);
    if (!sealed.intact()) {
      return new Check(
          List.of("its checksum list " + SafeExtractor.MANIFEST + " " + sealed.problem()),
          true,
          false);
    }
    Map<String, String> listed = read(manifest);
    if (listed == null) {
      return new Check(
          List.of("its checksum list " + SafeExtractor.MANIFEST + " is damaged"), true, false);
    }
    Map<String, String> states = states(dest, listed);
    String stamp = stamp(sealed.sha256(), states);
    if (stamp != null && stamp.equals(readStamp(dest))) {
      return new Check(List.of(), false, false);
    }
    List<String> problems = new ArrayList<>();
    pl.stage("verify " + what, listed.size(), "files");
    try {
      for (Map.Entry<String, String> e : listed.entrySet()) {
        String why = null;
        Path f = dest.resolve(e.getKey());
        try {
          if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
            why = Files.exists(f, LinkOption.NOFOLLOW_LINKS) ? "not a regular file" : "missing";
          } else if (!Sha256.file(f).equals(e.getValue())) {
            why = "SHA-256 differs";
          }
        } catch (IOException x) {
          why = "unreadable (" + x.getMessage() + ")";
        }
        if (why != null) {
          problems.add(e.getKey() + ": " + why);
        }
        pl.advance(1);
      }
    } finally {
      pl.endStage();
    }
    for (String name : states.keySet()) {
      if (!listed.containsKey(name)) {
        problems.add(name + ": not in the archive");
      }
    }
    if (problems.isEmpty() && stamp != null) {
      writeStamp(dest, stamp);
    }
    return new Check(List.copyOf(problems), false, true);
  }

  /**
   * Records that {@code dest} is exactly what its manifest lists, without hashing: only right after
   * {@link SafeExtractor} wrote both the files and their checksums in one pass.
   *
   * @param dest a complete extraction made just now
   */
  static void stampFresh(Path dest) {
    Path manifest = dest.resolve(SafeExtractor.MANIFEST);
    SealedFiles.Check sealed = SealedFiles.check(manifest);
    Map<String, String> listed = sealed.intact() ? read(manifest) : null;
    if (listed == null) {
      return; // the next check reports it
    }
    String stamp = stamp(sealed.sha256(), states(dest, listed));
    if (stamp != null) {
      writeStamp(dest, stamp);
    }
  }

  /**
   * @param f a file
   * @return {@code "size mtime ctime"} (times in nanoseconds) of a regular file, {@code "missing"}
   *     when there is none, {@code "other"} for anything else, or {@code null} when the change time
   *     cannot be read here
   */
  static String fileState(Path f) {
    Map<String, Object> a;
    try {
      a = Files.readAttributes(f, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      return null;
    } catch (IOException e) {
      return Files.exists(f, LinkOption.NOFOLLOW_LINKS) ? "unreadable" : "missing";
    }
    if (!Boolean.TRUE.equals(a.get("isRegularFile"))) {
      return "other";
    }
    return a.get("size")
        + " "
        + nanos((FileTime) a.get("lastModifiedTime"))
        + " "
        + nanos((FileTime) a.get("ctime"));
  }

  private static long nanos(FileTime t) {
    return t.to(java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  /**
   * The state of every listed file and of every other file in the tree whose name (and whose
   * folders' names) does not start with a dot, by relative path; the state is {@code null} where
   * {@link #fileState} cannot tell.
   */
  private static Map<String, String> states(Path dest, Map<String, String> listed) {
    TreeSet<String> names = new TreeSet<>(listed.keySet());
    try {
      Files.walkFileTree(
          dest,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) {
              return !d.equals(dest) && hidden(d)
                  ? FileVisitResult.SKIP_SUBTREE
                  : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) {
              if (!hidden(f) && !a.isDirectory()) {
                names.add(SafeExtractor.relative(dest, f));
              }
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      names.add("(unlistable: " + e.getMessage() + ")");
    }
    Map<String, String> states = new TreeMap<>();
    for (String n : names) {
      states.put(n, fileState(dest.resolve(n)));
    }
    return states;
  }

  private static boolean hidden(Path p) {
    Path name = p.getFileName();
    return name != null && name.toString().startsWith(".");
  }

  /** SHA-256 over the manifest's SHA-256 and every file's state; null if one cannot be told. */
  private static String stamp(String manifestSha, Map<String, String> states) {
    MessageDigest md = Sha256.digest();
    md.update((manifestSha + "\n").getBytes(StandardCharsets.UTF_8));
    for (Map.Entry<String, String> e : states.entrySet()) {
      if (e.getValue() == null) {
        return null;
      }
      md.update((e.getKey() + "\0" + e.getValue() + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return Sha256.hex(md);
  }

  /** The manifest as path → SHA-256, or null when a line is not {@code SHA256 path}. */
  private static Map<String, String> read(Path manifest) {
    List<String> lines;
    try {
      lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
    } catch (IOException | UncheckedIOException e) {
      return null;
    }
    Map<String, String> listed = new TreeMap<>();
    for (String line : lines) {
      if (line.length() < 67 || !line.substring(0, 64).matches("[0-9a-f]{64}")) {
        return null;
      }
      String name = line.substring(66);
      try {
        Path p = Path.of(name).normalize();
        if (!line.startsWith("  ", 64) || p.isAbsolute() || p.startsWith("..")) {
          return null;
        }
      } catch (java.nio.file.InvalidPathException e) {
        return null;
      }
      listed.put(name, line.substring(0, 64));
    }
    return listed;
  }

  private static String readStamp(Path dest) {
    try {
      return Files.readString(dest.resolve(STAMP), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      return null;
    }
  }

  private static void writeStamp(Path dest, String stamp) {
    try {
      AtomicFiles.writeString(dest.resolve(STAMP), stamp + "\n");
    } catch (IOException e) {
      // No stamp: the next check hashes in full again.
    }
  }
}
