package org.samplesize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link in README.md, CONTRIBUTING.md and docs/*.md points to a file of the
 * repository, and a link to a heading ({@code file.md#heading}) to a heading that exists there (as
 * GitHub makes anchors), so a renamed or removed document is noticed. Web addresses are not
 * checked.
 */
class DocLinksTest {

  /** A markdown link's target: {@code [text](target)}. */
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

  private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s+(.+?)\\s*$");

  private static Path root() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("README.md")) && Files.isDirectory(p.resolve("docs"))) {
        return p;
      }
    }
    throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
  }

  /** The markdown without fenced code blocks, where a bracket is code, not a link. */
  static String prose(String markdown) {
    StringBuilder sb = new StringBuilder();
    boolean code = false;
    for (String line : markdown.split("\n", -1)) {
      if (line.strip().startsWith("```")) {
        code = !code;
        continue;
      }
      if (!code) {
        sb.append(line).append('\n');
      }
    }
    return sb.toString();
  }

  /** GitHub's anchors for a document's headings ({@code ## The lock} is {@code #the-lock}). */
  static Set<String> anchors(String markdown) {
    Set<String> out = new LinkedHashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    Matcher m = HEADING.matcher(prose(markdown));
    while (m.find()) {
      String slug =
          m.group(1)
              .toLowerCase(Locale.ROOT)
              .replaceAll("[^\\p{L}\\p{N} _-]", "")
              .replace(' ', '-');
      int n = seen.merge(slug, 1, Integer::sum);
      out.add(n == 1 ? slug : slug + "-" + (n - 1));
    }
    return out;
  }

  /** The broken relative links of one document, each as {@code file: target (why)}. */
  static List<String> brokenLinks(Path root, Path doc) throws IOException {
    String text = Files.readString(doc);
    List<String> broken = new ArrayList<>();
    Matcher m = LINK.matcher(prose(text));
    while (m.find()) {
      String target = m.group(1);
      if (target.matches("(?i)[a-z][a-z0-9+.-]*:.*")) {
        continue; // https:, mailto:
      }
      int hash = target.indexOf('#');
      String file = hash < 0 ? target : target.substring(0, hash);
      String anchor = hash < 0 ? null : target.substring(hash + 1);
      Path to = file.isEmpty() ? doc : doc.getParent().resolve(file).normalize();
      String where = root.relativize(doc) + ": " + target;
      if (!to.startsWith(root) || !Files.exists(to)) {
        broken.add(where + " (no such file)");
      } else if (anchor != null
          && to.toString().endsWith(".md")
          && !anchors(Files.readString(to)).contains(anchor)) {
        broken.add(where + " (no such heading)");
      }
    }
    return broken;
  }

  @Test
  void everyRelativeLinkResolves() throws IOException {
    Path root = root();
    List<Path> docs = new ArrayList<>(List.of(root.resolve("README.md")));
    if (Files.exists(root.resolve("CONTRIBUTING.md"))) {
      docs.add(root.resolve("CONTRIBUTING.md"));
    }
    try (Stream<Path> s = Files.list(root.resolve("docs"))) {
      s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
    }
    List<String> broken = new ArrayList<>();
    for (Path d : docs) {
      broken.addAll(brokenLinks(root, d));
    }
    assertEquals(List.of(), broken, "links to files or headings that do not exist");
  }

  @Test
  void aBrokenLinkIsFound(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
    // The check itself: a missing file and a missing heading are reported; a web address, an
    // existing file, an existing heading and a bracket inside a code block are not.
    Files.writeString(dir.resolve("other.md"), "# Other\n\n## The lock\n");
    Path doc = dir.resolve("doc.md");
    Files.writeString(
        doc,
        "# Doc\n\n[a](other.md) [b](other.md#the-lock) [c](gone.md) [d](other.md#nowhere)"
            + " [e](https://example.com/x) [f](#doc)\n\n```\n[g](also-gone.md)\n```\n");
    assertEquals(
        List.of("doc.md: gone.md (no such file)", "doc.md: other.md#nowhere (no such heading)"),
        brokenLinks(dir, doc));
  }

  @Test
  void anchorsFollowGitHub() {
    assertTrue(anchors("## `results.csv`\n").contains("resultscsv"));
    assertTrue(anchors("## The lock\n").contains("the-lock"));
    assertEquals(Set.of("x", "x-1"), anchors("# X\n## X\n"));
  }
}
