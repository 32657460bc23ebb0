package org.samplesize.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.samplesize.InvalidInputException;

/**
 * An image-folder data set: {@code ROOT/<class>/<image>}. Classes are the sub-folders of the root
 * in sorted order; images are the files with an image extension inside each class folder, in sorted
 * order. Everything else is ignored and counted by reason in {@link #ignored()}.
 *
 * @param root the data set folder
 * @param classes class names, sorted; the label of a class is its index here
 * @param images every image, class by class, each class sorted by file name
 * @param ignored why files were left out (e.g. {@code "hidden file"}) and how many, sorted by
 *     reason
 * @param ignoredFiles per reason of {@link #ignored()}, the first {@link #IGNORED_NAMES_KEPT} files
 *     left out (relative to the root), in scan order, so that a report can name them
 */
public record ImageDataset(
    Path root,
    List<String> classes,
    List<ImageEntry> images,
    Map<String, Integer> ignored,
    Map<String, List<String>> ignoredFiles) {

  /** How many names of ignored files are kept per reason. */
  public static final int IGNORED_NAMES_KEPT = 5;

  /** File name endings (lower case) taken as images: what OpenCV reads in this build. */
  public static final Set<String> IMAGE_EXTENSIONS =
      Set.of("jpg", "jpeg", "png", "bmp", "webp", "tif", "tiff");

  /** Copies the lists and checks that every label names a class. */
  public ImageDataset {
    Objects.requireNonNull(root, "root");
    classes = List.copyOf(classes);
    images = List.copyOf(images);
    ignored = Collections.unmodifiableMap(new TreeMap<>(ignored));
    Map<String, List<String>> names = new TreeMap<>();
    ignoredFiles.forEach((k, v) -> names.put(k, List.copyOf(v)));
    ignoredFiles = Collections.unmodifiableMap(names);
    for (ImageEntry e : images) {
      if (e.label() >= classes.size()) {
        throw new IllegalArgumentException(
            "label " + e.label() + " of " + e.relativeName() + " has no class");
      }
    }
  }

  /**
   * A data set without the names of its ignored files.
   *
   * @param root the data set folder
   * @param classes class names, sorted
   * @param images every image
   * @param ignored why files were left out and how many
   */
  public ImageDataset(
      Path root, List<String> classes, List<ImageEntry> images, Map<String, Integer> ignored) {
    this(root, classes, images, ignored, Map.of());
  }

  /** Counts an ignored file under its reason and keeps its name while there are few. */
  private static void ignore(
      Map<String, Integer> counts,
      Map<String, List<String>> names,
      String reason,
      Path root,
      Path file) {
    counts.merge(reason, 1, Integer::sum);
    List<String> kept = names.computeIfAbsent(reason, r -> new ArrayList<>());
    if (kept.size() < IGNORED_NAMES_KEPT) {
      kept.add(root.relativize(file).toString());
    }
  }

  /**
   * Scans an image folder. Hidden files and folders (name starting with a dot), files that are not
   * images (by extension), files directly in the root (e.g. {@code LICENSE.txt}) and folders nested
   * inside class folders are ignored and counted. Nothing is decoded here.
   *
   * @param root the data set folder
   * @return the data set
   * @throws InvalidInputException if the folder is missing, holds fewer than 2 class folders, or a
   *     class folder holds no image
   * @throws InvalidInputException also when the folder or a class folder cannot be listed (no read
   *     permission): naming the folder, as a class folder left out silently would change the
   *     classes
   */
  public static ImageDataset scan(Path root) {
    return scan(root, ImageDataset::list);
  }

  /**
   * Refuses two class folders whose names differ only in case ({@code Roses} and {@code roses}):
   * the results table names its per-class columns after the classes and reads column names ignoring
   * case, so the run would train every model and then fail writing the table; on a case-insensitive
   * file system they would be one folder.
   */
  private static void requireDistinctIgnoringCase(Path root, List<String> classes) {
    Map<String, String> seen = new TreeMap<>();
    for (String c : classes) {
      // NFC too: 'café' written with U+00E9 and with e + U+0301 are two folders here that print
      // alike, so every line naming the class could be about either (and macOS keeps one).
      String before =
          seen.putIfAbsent(
              Normalizer.normalize(c, Normalizer.Form.NFC).toLowerCase(Locale.ROOT), c);
      if (before != null) {
        boolean sameCase =
            Normalizer.normalize(before, Normalizer.Form.NFC)
                .equals(Normalizer.normalize(c, Normalizer.Form.NFC));
        throw new InvalidInputException(
            "class folders '"
                + (sameCase ? escaped(before) : before)
                + "' and '"
                + (sameCase ? escaped(c) : c)
                + "' in "
                + root
                + (sameCase
                    ? " are one name with its accents encoded in two ways (Unicode NFC and NFD):"
                        + " they print alike, so the answers, the report and the results"
                        + " table's per-class columns could not tell them apart"
                    : " differ only in case: the results table's per-class columns"
                        + " (recall[CLASS], ...) could not tell them apart")
                + "; rename one, or merge them if they are one class");
      }
    }
  }

  /** A name with every character outside printable ASCII as {@code \\uXXXX}. */
  private static String escaped(String name) {
    StringBuilder b = new StringBuilder();
    for (char ch : name.toCharArray()) {
      if (ch >= 0x20 && ch < 0x7F) {
        b.append(ch);
      } else {
        b.append(String.format(Locale.ROOT, "\\u%04X", (int) ch));
      }
    }
    return b.toString();
  }

  /** Lists a folder's entries; a seam so that tests can refuse a listing even when run as root. */
  @FunctionalInterface
  interface Lister {
    /**
     * @param dir a folder
     * @return its entries
     * @throws IOException when it cannot be listed
     */
    List<Path> list(Path dir) throws IOException;
  }

  /** As {@link #scan(Path)}, listing folders through {@code lister}. */
  static ImageDataset scan(Path root, Lister lister) {
    Objects.requireNonNull(root, "root");
    if (!Files.isDirectory(root)) {
      throw new InvalidInputException(
          "data set folder "
              + root
              + " does not exist or is not a folder; expected ROOT/<class>/<image> "
              + "(or the name tf_flowers)");
    }
    Map<String, Integer> ignored = new TreeMap<>();
    Map<String, List<String>> ignoredNames = new TreeMap<>();
    List<String> classes = new ArrayList<>();
    int loose = 0;
    for (Path p : sortedChildren(root, lister, "data set folder")) {
      String name = p.getFileName().toString();
      if (name.startsWith(".")) {
        ignore(
            ignored, ignoredNames, Files.isDirectory(p) ? "hidden folder" : "hidden file", root, p);
      } else if (Files.isDirectory(p)) {
        requireDecodedName(p, name);
        classes.add(name);
      } else {
        ignore(ignored, ignoredNames, "file outside a class folder", root, p);
        if (isImageName(name)) {
          loose++;
        }
      }
    }
    if (classes.size() < 2) {
      // A data set folder given one level too high holds one folder, which holds the classes.
      Path only = classes.size() == 1 ? root.resolve(classes.get(0)) : null;
      String up = only == null ? "" : oneLevelUp(only, imageFolders(only, lister));
      throw new InvalidInputException(
          "data set folder "
              + root
              + " holds "
              + classes.size()
              + " class folder(s) "
              + classes
              + "; need at least 2, laid out as ROOT/<class>/<image>"
              + (loose > 0
                  ? " (it holds "
                      + loose
                      + " image(s) itself, as one class folder does: give the folder that holds"
                      + " the class folders, e.g. "
                      + (root.toAbsolutePath().getParent() == null
                          ? "its parent"
                          : root.toAbsolutePath().getParent())
                      + ")"
                  : "")
              + (up.isEmpty() ? "" : " (its folder '" + classes.get(0) + "' holds " + up + ")"));
    }
    requireDistinctIgnoringCase(root, classes);
    List<ImageEntry> images = new ArrayList<>();
    for (int label = 0; label < classes.size(); label++) {
      String cls = classes.get(label);
      Path dir = root.resolve(cls);
      int count = 0;
      for (Path p : sortedChildren(dir, lister, "class folder")) {
        String name = p.getFileName().toString();
        if (name.startsWith(".")) {
          ignore(
              ignored,
              ignoredNames,
              Files.isDirectory(p) ? "hidden folder" : "hidden file",
              root,
              p);
        } else if (Files.isDirectory(p)) {
          ignore(ignored, ignoredNames, "folder inside a class folder", root, p);
        } else if (!isImageName(name)) {
          ignore(ignored, ignoredNames, "not an image (file extension)", root, p);
        } else {
          requireDecodedName(p, name);
          images.add(new ImageEntry(p, cls + "/" + name, label));
          count++;
        }
      }
      if (count == 0) {
        List<String> inside = imageFolders(dir, lister);
        throw new InvalidInputException(
            "class folder "
                + dir
                + " holds no image (extensions "
                + IMAGE_EXTENSIONS.stream().sorted().toList()
                + ")"
                + (inside.size() >= 2
                    ? ", but " + oneLevelUp(dir, inside) + "; otherwise add images or remove it"
                    : inside.size() == 1
                        ? "; its folder '"
                            + inside.get(0)
                            + "' holds images, but only those directly in a class folder are"
                            + " read: move them up, or remove the folder"
                        : "; add images or remove the folder"));
      }
    }
    return new ImageDataset(root, classes, images, ignored, ignoredNames);
  }

  /**
   * The words for a folder that looks like a data set folder given one level too high: {@code dir}
   * holds no image itself but two or more folders that do, as a data set folder holds its class
   * folders. Empty when it does not look so.
   *
   * @param dir the folder read as a class folder
   * @param inside its folders that hold images ({@link #imageFolders})
   * @return "N folders of images (a, b, ...), as a data set folder does: ...", or ""
   */
  private static String oneLevelUp(Path dir, List<String> inside) {
    if (inside.size() < 2) {
      return "";
    }
    // "and 1 more" would take the room of the name it hides.
    int shown = inside.size() <= 5 ? inside.size() : 4;
    return inside.size()
        + " folders of images ("
        + String.join(", ", inside.subList(0, shown))
        + (inside.size() > shown ? " and " + (inside.size() - shown) + " more" : "")
        + "), as a data set folder does: if those are the classes, give that folder itself, "
        + dir.toAbsolutePath();
  }

  /**
   * The folders directly inside {@code dir}, not hidden, that hold an image themselves, sorted by
   * name; empty when a folder cannot be listed, as this only words a refusal.
   */
  private static List<String> imageFolders(Path dir, Lister lister) {
    List<String> found = new ArrayList<>();
    try {
      for (Path p : lister.list(dir)) {
        String name = p.getFileName().toString();
        if (!name.startsWith(".")
            && Files.isDirectory(p)
            && lister.list(p).stream()
                .anyMatch(f -> isImageName(f.getFileName().toString()) && Files.isRegularFile(f))) {
          found.add(name);
        }
      }
    } catch (IOException e) {
      return List.of();
    }
    found.sort(null);
    return found;
  }

  /**
   * @param fileName a file name
   * @return whether its extension is one of {@link #IMAGE_EXTENSIONS}
   */
  public static boolean isImageName(String fileName) {
    int dot = fileName.lastIndexOf('.');
    return dot > 0
        && IMAGE_EXTENSIONS.contains(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  /**
   * @return the label of every image, in {@link #images()} order (a fresh array)
   */
  public int[] labels() {
    int[] labels = new int[images.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = images.get(i).label();
    }
    return labels;
  }

  /**
   * @return how many images each class holds, indexed by label
   */
  public int[] classCounts() {
    int[] counts = new int[classes.size()];
    for (ImageEntry e : images) {
      counts[e.label()]++;
    }
    return counts;
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    } catch (UncheckedIOException e) {
      throw e.getCause(); // an entry that could not be read while iterating
    }
  }

  /**
   * Refuses a class folder or image whose name did not decode in the JVM's file-name character set
   * (set by the locale: under {@code LC_ALL=C} it is ASCII). Such a name reads with U+FFFD for each
   * byte it could not decode, so two names can read as one: the relative names that key the
   * duplicate checks and the unusable-image list would mix up two files, and a class folder could
   * not be opened by its name at all (an internal error before).
   */
  private static void requireDecodedName(Path p, String name) {
    if (name.indexOf('\uFFFD') >= 0) {
      throw new InvalidInputException(
          p
              + ": the name does not decode in this Java's file-name character set ("
              + System.getProperty("sun.jnu.encoding", "unknown")
              + ", from the locale), so names that differ could read as the same: run under a"
              + " UTF-8 locale (e.g. LC_ALL=C.UTF-8), or rename it");
    }
  }

  private static List<Path> sortedChildren(Path dir, Lister lister, String what) {
    List<Path> children;
    try {
      children = new ArrayList<>(lister.list(dir));
    } catch (IOException e) {
      String why =
          e instanceof AccessDeniedException
              ? "permission denied"
              : e.getClass().getSimpleName()
                  + (e.getMessage() == null ? "" : ": " + e.getMessage());
      throw new InvalidInputException(
          what
              + " "
              + dir
              + " cannot be listed ("
              + why
              + "): give read and search permission on it (chmod a+rx), or move it out of the"
              + " data set",
          e);
    }
    children.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
    return children;
  }
}
