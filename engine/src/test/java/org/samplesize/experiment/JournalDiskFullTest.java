package org.samplesize.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.io.FullDiskChannel;

/** A journal line that the disk has no room for leaves the journal as it was, every line whole. */
class JournalDiskFullTest {
  @TempDir Path dir;

  @Test
  void aLineCutShortByAFullDiskIsTakenBackOff() throws Exception {
    Path file = dir.resolve(Journal.FILE_NAME);
    String whole = "{\"kind\":\"experiment\"}\n{\"kind\":\"model\",\"id\":\"a\"}\n";
    Files.writeString(file, whole);
    byte[] line =
        "{\"kind\":\"model\",\"id\":\"b\",\"accuracy\":0.9}\n".getBytes(StandardCharsets.UTF_8);

    try (FileChannel real =
            FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        FileChannel full = new FullDiskChannel(real, whole.length() + 10)) {
      IOException e = assertThrows(IOException.class, () -> Journal.appendWhole(full, line));
      assertEquals("No space left on device", e.getMessage());
    }
    assertEquals(whole, Files.readString(file), "the 10 bytes that fitted are cut back off");

    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      Journal.appendWhole(ch, line);
    }
    assertEquals(
        whole + new String(line, StandardCharsets.UTF_8),
        Files.readString(file),
        "with space again, the line is appended whole after the others");
  }
}
