package org.samplesize.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.samplesize.InvalidInputException;
import org.samplesize.ProgressListener;
import org.samplesize.io.AtomicFiles;
import org.samplesize.io.Sha256;
import org.samplesize.io.TextFiles;

/**
 * Checks a mirror's photo folder against its {@code SHA256SUMS} ({@code sha256 relative/path}
 * lines), so that a mirror is used as the published {@code tf_flowers} only when it is exactly that
 * set: every listed file present with its checksum, no image the list leaves out. A full check
 * hashes every file, so a stamp of the last one that passed lets later runs skip it while nothing
 * changed. Apart from {@link DatasetResolver}, which decides where a data set comes from; this
 * class only says whether a folder is what its list says.
 */
final class MirrorSums {
  private MirrorSums() {}

  /**
   * @return the {@code class/file} names of the image files in the class folders directly under
   *     {@code root}, as {@link ImageDataset#scan} finds them (hidden files and folders, whose
   *     names start with a dot, such as macOS {@code ._x.jpg}, left out as there), sorted
   */
  static TreeSet<String> imageFiles(Path root) throws IOException {
    TreeSet<String> names = new TreeSet<>();
    try (Stream<Path> classes = Files.list(root)) {
      for (Path c :
          classes.filter(c -> !isHidden(c)).filter(Files::isDirectory).sorted().toList()) {
        try (Stream<Path> files = Files.list(c)) {
          files
              .filter(f -> !isHidden(f))
              .filter(f -> ImageDataset.isImageName(f.getFileName().toString()))
              .filter(Files::isRegularFile)
              .forEach(f -> names.add(c.getFileName() + "/" + f.getFileName()));
        }
      }
    }
    return names;
  }

  /** A name starting with a dot, which {@link ImageDataset#scan} ignores. */
  private static boolean isHidden(Path p) {
    Path name = p.getFileName();
    return name != null && name.toString().startsWith(".");
  }

  /**
   * Checks every file that a {@code SHA256SUMS} file lists ({@code sha256 relative/path} lines).
   * After a full check passes, a stamp in {@code stampDir} records the sums file and every listed
   * file's size, modification time and change time; while those are unchanged, later calls do not
   * hash again. This is the rule {@link ExtractionManifest} follows for the extracted archive (see
   * there why a stat suffices): any edit through the file system changes the change time, which
   * cannot be set back.
   *
   * @param root the folder the paths are relative to
   * @param sums the checksum file
   * @param stampDir where the stamp of the last full check goes (created when needed; if it cannot
   *     be written, every call checks in full)
   * @param pl told the file count
   * @throws InvalidInputException naming the first files that are missing or differ, or one image
   *     file in a class folder that the sums do not list (and how many there are)
   */
  static void verify(Path root, Path sums, Path stampDir, ProgressListener pl) {
    // A checksum list of a million images is about 100 MB; larger is not a checksum list.
    List<String> lines;
    try {
      lines = TextFiles.read(sums, sums.toString(), 256 << 20).lines().toList();
    } catch (IOException e) {
      throw new InvalidInputException("cannot read " + sums + ": " + e.getMessage(), e);
    }
    List<Sha256.SumsLine> entries = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      Sha256.SumsLine listed = Sha256.SumsLine.parse(line);
      if (listed == null) {
        throw new InvalidInputException(
            sums
                + ":"
                + (i + 1)
                + ": '"
                + line
                + "' is not 'sha256  path' (64 hex digits, spaces, a path below "
                + root
                + "); correct or remove that line");
      }
      entries.add(listed);
    }
    refuseUnlisted(root, sums, entries);
    String stamp = stamp(root, lines, entries);
    Path stampFile =
        stampDir.resolve(Sha256.of(root.toAbsolutePath().normalize().toString()) + ".sums-ok");
    if (stamp != null && stamp.equals(readQuietly(stampFile))) {
      return;
    }
    List<String> bad = new ArrayList<>();
    int checked = 0;
    pl.stage("verify " + root.getFileName(), entries.size(), "files");
    try {
      for (Sha256.SumsLine listed : entries) {
        Path f = root.resolve(listed.path()).normalize();
        if (!f.startsWith(root.normalize())) {
          throw new InvalidInputException(
              "path " + listed.path() + " in " + sums + " leaves " + root);
        }
        String why = null;
        try {
          if (!Files.isRegularFile(f)) {
            why = "missing";
          } else if (!Sha256.file(f).equalsIgnoreCase(listed.sha256())) {
            why = "SHA-256 differs";
          }
        } catch (IOException e) {
          why = "unreadable (" + e.getMessage() + ")";
        }
        if (why != null && bad.size() < 5) {
          bad.add(listed.path() + ": " + why);
        } else if (why != null) {
          bad.add("…");
        }
        checked++;
        pl.advance(1);
      }
    } finally {
      pl.endStage();
    }
    if (!bad.isEmpty()) {
      throw new InvalidInputException(
          "mirror folder "
              + root
              + " does not match "
              + sums
              + " ("
              + bad.stream().distinct().toList()
              + "); re-copy the mirror");
    }
    if (checked == 0) {
      throw new InvalidInputException(sums + " lists no file");
    }
    if (stamp != null) {
      writeQuietly(stampFile, stamp);
    }
  }

  /**
   * Refuses image files in the class folders that {@code SHA256SUMS} does not list: the data set
   * would use them unchecked. Runs on every call (a directory listing, no hashing), since the stamp
   * covers only the listed files.
   */
  private static void refuseUnlisted(Path root, Path sums, List<Sha256.SumsLine> entries) {
    Set<String> listed = new HashSet<>();
    for (Sha256.SumsLine e : entries) {
      // As verify reads it: "./daisy/x.jpg" (what find . | sha256sum writes) is daisy/x.jpg.
      Path f = root.resolve(e.path()).normalize();
      if (f.startsWith(root.normalize())) {
        listed.add(root.normalize().relativize(f).toString());
      }
    }
    TreeSet<String> found;
    try {
      found = imageFiles(root);
    } catch (IOException | UncheckedIOException e) {
      throw new InvalidInputException("cannot list mirror folder " + root + ": " + e.getMessage());
    }
    found.removeAll(listed);
    if (!found.isEmpty()) {
      throw new InvalidInputException(
          "mirror folder "
              + root
              + " holds "
              + found.size()
              + " image file"
              + (found.size() == 1 ? "" : "s")
              + " that "
              + sums
              + " does not list (e.g. "
              + found.first()
              + "), so they cannot be checked; remove them to use tf_flowers as published, or"
              + " give the folder as --data DIR to use it as your own data set");
    }
  }

  /**
   * SHA-256 over the root, the sums lines and each listed file's path, size, modification time and
   * change time ({@link ExtractionManifest#fileState}: an edit that keeps the size and restores the
   * modification time still changes the change time); null when a file cannot be stat'ed, or its
   * change time cannot be read here (the full check then runs).
   */
  private static String stamp(Path root, List<String> lines, List<Sha256.SumsLine> entries) {
    MessageDigest md = Sha256.digest();
    md.update(root.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
    for (String line : lines) {
      md.update((line + "\n").getBytes(StandardCharsets.UTF_8));
    }
    for (Sha256.SumsLine e : entries) {
      String state = ExtractionManifest.fileState(root.resolve(e.path()).normalize());
      if (state == null || !Character.isDigit(state.charAt(0))) {
        return null;
      }
      md.update((state + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return Sha256.hex(md);
  }

  private static String readQuietly(Path f) {
    try {
      return Files.readString(f, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      return null;
    }
  }

  private static void writeQuietly(Path f, String content) {
    try {
      Files.createDirectories(f.getParent());
      AtomicFiles.writeString(f, content + "\n");
    } catch (IOException e) {
      // No stamp: the next call checks in full again.
    }
  }
}
