package org.samplesize.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/outputs.md names every key of a journal's model line, as {@link Journal} writes it. */
class JournalDocTest {

  private static Path root() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("mvnw")) && Files.isDirectory(p.resolve("engine"))) {
        return p;
      }
    }
    throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
  }

  @Test
  void everyKeyOfAModelLineIsDocumented() throws IOException {
    String md = Files.readString(root().resolve("docs/outputs.md"));
    int start = md.indexOf("\n### `" + Journal.FILE_NAME + "`");
    assertTrue(start >= 0, "docs/outputs.md has a section on the journal");
    String section = md.substring(start, md.indexOf("\n### ", start + 1));
    ModelRecord r =
        new ModelRecord(
            "head/f0.05/r0",
            "head",
            0.05,
            0,
            165,
            1L,
            "ab",
            0.8,
            0.9,
            0.9,
            0.8,
            0.5,
            List.of(0.8, 0.7),
            367,
            10,
            9,
            149L,
            "cpu",
            "cpu",
            "2026-12-05T01:01:11Z",
            List.of(0.8, 0.7),
            List.of(80, 85),
            List.of(180, 187));
    JsonNode line = Journal.MAPPER.valueToTree(r);
    List<String> missing = new ArrayList<>();
    for (Iterator<String> it = line.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!section.contains("`" + key + "`")) {
        missing.add(key);
      }
    }
    assertTrue(line.size() > 20, line.toString());
    assertEquals(List.of(), missing, "docs/outputs.md does not describe these journal keys");
  }
}
