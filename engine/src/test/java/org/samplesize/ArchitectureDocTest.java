package org.samplesize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/architecture.md names only classes that exist: every {@code `ClassName`} in backticks (also
 * {@code `ClassName.Member`}) is a type declared under engine/src/main/java, so the document cannot
 * drift from the code unnoticed.
 */
class ArchitectureDocTest {

  /** A type name in backticks: upper-case first, at least one lower-case letter, then an end. */
  private static final Pattern NAME =
      Pattern.compile("`([A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*)(?:[.#][A-Za-z0-9_.()]*)?`");

  private static final Pattern DECLARATION =
      Pattern.compile("\\b(?:class|interface|record|enum)\\s+([A-Z][A-Za-z0-9]*)");

  private static Path root() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("docs/architecture.md"))) {
        return p;
      }
    }
    throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
  }

  static Set<String> namesIn(String markdown) {
    Set<String> names = new TreeSet<>();
    Matcher m = NAME.matcher(markdown);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  @Test
  void everyClassNamedInTheArchitectureDocExists() throws IOException {
    Path root = root();
    String doc = Files.readString(root.resolve("docs/architecture.md"));
    Set<String> declared = new TreeSet<>();
    try (Stream<Path> files = Files.walk(root.resolve("engine/src/main/java"))) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
        Matcher m = DECLARATION.matcher(Files.readString(f));
        while (m.find()) {
          declared.add(m.group(1));
        }
      }
    }
    Set<String> named = namesIn(doc);
    assertTrue(named.size() > 30, "the document names the classes it describes: " + named);
    List<String> missing = new ArrayList<>();
    for (String n : named) {
      if (!declared.contains(n)) {
        missing.add(n);
      }
    }
    assertEquals(List.of(), missing, "docs/architecture.md names classes that do not exist");
  }

  @Test
  void aRenamedClassIsFound() {
    // The check itself: a name that is not declared anywhere is reported, a qualified member is
    // reduced to its class, and lower-case words, flags and all-caps names are not class names.
    assertEquals(
        Set.of("NoSuchStage", "Journal"),
        namesIn("`NoSuchStage` then `Journal.FILE_NAME`, `--cache`, `fit.json`, `README`, `cpu`"));
  }
}
