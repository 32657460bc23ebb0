package org.samplesize.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.samplesize.InvalidInputException;

/**
 * Checks the text files a user hands in (results tables, settings files, model cards, execution
 * profiles, checksum lists) before they are parsed, so that a wrong file is refused with its line
 * and what is wrong instead of an {@code OutOfMemoryError} or a decoder's "Input length = 1":
 *
 * <ul>
 *   <li>UTF-8 only: a UTF-8 byte order mark is accepted (Excel writes one); a UTF-16 or UTF-32 byte
 *       order mark, a NUL byte (UTF-16 without a mark, or no text at all) and any byte that is not
 *       UTF-8 are refused with the line and column;
 *   <li>no line longer than {@link #MAX_LINE_BYTES} (for CSV: no row, a quoted field's line breaks
 *       included), found while the file streams past in small blocks, so a file with one line of
 *       gigabytes is refused without holding it;
 *   <li>files read whole are refused when larger than the limit given.
 * </ul>
 *
 * Lines are counted as the parsers count them: CR, LF and CR LF each end one line.
 */
public final class TextFiles {
  private TextFiles() {}

  /** The longest line (for CSV: row) a text input may have, in bytes: 1 MiB. */
  public static final int MAX_LINE_BYTES = 1 << 20;

  /** The largest settings file, model card or execution profile, in bytes: 1 MiB. */
  public static final int MAX_SETTINGS_BYTES = 1 << 20;

  private static final int BLOCK = 1 << 16;

  /**
   * Streams through a file and checks it (see the class comment), holding one small block at a
   * time.
   *
   * @param file the file
   * @param name how messages name it, e.g. the path as given
   * @param csv count CSV rows (a quoted field may span lines) rather than lines
   * @throws InvalidInputException {@code name:line: what is wrong; what to do}
   * @throws IOException when the file cannot be read (e.g. {@link
   *     java.nio.file.NoSuchFileException})
   */
  public static void check(Path file, String name, boolean csv) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[BLOCK];
      int n = in.readNBytes(buf, 0, buf.length);
      Scanner s = new Scanner(name, csv);
      int start = bomLength(buf, n, name);
      s.feed(buf, start, n - start);
      while ((n = in.read(buf)) > 0) {
        s.feed(buf, 0, n);
      }
      s.end();
    }
  }

  /**
   * Reads a small text file whole, checked (see the class comment).
   *
   * @param file the file
   * @param name how messages name it, e.g. {@code "config file x.yaml"}
   * @param maxBytes the largest size accepted
   * @return the text, without a byte order mark
   * @throws InvalidInputException when the file is larger than {@code maxBytes}, not UTF-8 text, or
   *     has a line longer than {@link #MAX_LINE_BYTES}
   * @throws IOException when the file cannot be read
   */
  public static String read(Path file, String name, int maxBytes) throws IOException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(maxBytes + 1);
    }
    if (bytes.length > maxBytes) {
      throw new InvalidInputException(
          String.format(
              Locale.ROOT,
              "%s: larger than %s, the limit for this file: is this the right file?",
              name,
              size(maxBytes)));
    }
    int start = bomLength(bytes, bytes.length, name);
    Scanner s = new Scanner(name, false);
    s.feed(bytes, start, bytes.length - start);
    s.end();
    return new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8);
  }

  /** The length of a UTF-8 byte order mark at the start (0 or 3); refuses UTF-16 and UTF-32. */
  private static int bomLength(byte[] b, int n, String name) {
    int b0 = n > 0 ? b[0] & 0xFF : -1;
    int b1 = n > 1 ? b[1] & 0xFF : -1;
    int b2 = n > 2 ? b[2] & 0xFF : -1;
    int b3 = n > 3 ? b[3] & 0xFF : -1;
    if (b0 == 0xEF && b1 == 0xBB && b2 == 0xBF) {
      return 3;
    }
    String enc = null;
    if (b0 == 0xFF && b1 == 0xFE) {
      enc = b2 == 0 && b3 == 0 ? "UTF-32 (little-endian)" : "UTF-16 (little-endian)";
    } else if (b0 == 0xFE && b1 == 0xFF) {
      enc = "UTF-16 (big-endian)";
    } else if (b0 == 0 && b1 == 0 && b2 == 0xFE && b3 == 0xFF) {
      enc = "UTF-32 (big-endian)";
    }
    if (enc != null) {
      throw new InvalidInputException(
          name
              + ": "
              + enc
              + " text (it starts with that encoding's byte order mark), not UTF-8;"
              + " save the file as UTF-8");
    }
    return 0;
  }

  private static String size(long bytes) {
    return bytes % (1 << 20) == 0
        ? String.format(Locale.ROOT, "%d MiB (%,d bytes)", bytes >> 20, bytes)
        : String.format(Locale.ROOT, "%,d bytes", bytes);
  }

  /** A UTF-8 validator and line (or CSV row) measurer fed block by block. */
  private static final class Scanner {
    private final String name;
    private final boolean csv;
    private long line = 1;
    private long column; // code points completed on this line
    private long rowBytes; // bytes of the current line, or CSV row
    private long rowLine = 1;
    private boolean afterCr;
    // The multi-byte sequence being read.
    private int need;
    private int codePoint;
    private int min;
    private int lead;
    private long leadColumn;
    // CSV: where in a row the scan is.
    private boolean quoted;
    private long quoteLine;
    private boolean justClosed;
    private boolean fieldStart = true;
    private boolean rowStart = true;
    private boolean comment;

    Scanner(String name, boolean csv) {
      this.name = name;
      this.csv = csv;
    }

    void feed(byte[] buf, int off, int len) {
      for (int i = off; i < off + len; i++) {
        int b = buf[i] & 0xFF;
        if (b != '\n' && b != '\r' && ++rowBytes > MAX_LINE_BYTES) {
          tooLong();
        }
        if (need > 0) {
          if ((b & 0xC0) != 0x80) {
            notUtf8(lead, leadColumn);
          }
          codePoint = codePoint << 6 | b & 0x3F;
          if (--need == 0) {
            if (codePoint < min
                || codePoint > 0x10FFFF
                || codePoint >= 0xD800 && codePoint <= 0xDFFF) {
              notUtf8(lead, leadColumn);
            }
            column++;
            other();
          }
          continue;
        }
        if (b < 0x80) {
          ascii(b);
        } else if (b >= 0xC2 && b <= 0xDF) {
          start(b, 1, b & 0x1F, 0x80);
        } else if (b >= 0xE0 && b <= 0xEF) {
          start(b, 2, b & 0x0F, 0x800);
        } else if (b >= 0xF0 && b <= 0xF4) {
          start(b, 3, b & 0x07, 0x10000);
        } else {
          notUtf8(b, column + 1);
        }
      }
    }

    void end() {
      if (need > 0) {
        notUtf8(lead, leadColumn);
      }
    }

    private void start(int b, int more, int bits, int smallest) {
      lead = b;
      leadColumn = column + 1;
      need = more;
      codePoint = bits;
      min = smallest;
    }

    private void ascii(int b) {
      if (b == '\n' || b == '\r') {
        if (!(b == '\n' && afterCr)) {
          newLine();
        }
        afterCr = b == '\r';
        return;
      }
      afterCr = false;
      column++;
      if (b == 0) {
        throw new InvalidInputException(
            String.format(
                Locale.ROOT,
                "%s:%d: not UTF-8 text (a NUL byte at column %d: UTF-16 without a byte order mark,"
                    + " or not a text file); save the file as UTF-8",
                name,
                line,
                column));
      }
      if (!csv || comment) {
        return;
      }
      if (rowStart && b == '#') {
        comment = true; // a comment line: its quotes mean nothing
        rowStart = false;
        return;
      }
      rowStart = false;
      if (quoted) {
        if (b == '"') {
          quoted = false;
          justClosed = true;
        }
        return;
      }
      if (justClosed && b == '"') {
        quoted = true; // "" inside a quoted field
        justClosed = false;
        return;
      }
      justClosed = false;
      if (b == '"' && fieldStart) {
        quoted = true;
        quoteLine = line;
        fieldStart = false;
        return;
      }
      fieldStart = b == ',' || fieldStart && (b == ' ' || b == '\t');
    }

    /** A code point other than ASCII. */
    private void other() {
      afterCr = false;
      if (csv && !comment) {
        rowStart = false;
        if (!quoted) {
          fieldStart = false;
          justClosed = false;
        }
      }
    }

    private void newLine() {
      line++;
      column = 0;
      if (csv && quoted) {
        // The row goes on, its line breaks part of the field.
        if (++rowBytes > MAX_LINE_BYTES) {
          tooLong();
        }
        return;
      }
      rowBytes = 0;
      rowLine = line;
      rowStart = true;
      fieldStart = true;
      justClosed = false;
      comment = false;
    }

    private void tooLong() {
      if (csv && quoted) {
        throw new InvalidInputException(
            String.format(
                Locale.ROOT,
                "%s:%d: a quoted field opens on this line and its row runs past %s, the limit for"
                    + " one row: is its closing quote missing?",
                name,
                quoteLine,
                size(MAX_LINE_BYTES)));
      }
      throw new InvalidInputException(
          String.format(
              Locale.ROOT,
              "%s:%d: a line longer than %s, the limit for one line: is this the right file?",
              name,
              rowLine,
              size(MAX_LINE_BYTES)));
    }

    private void notUtf8(int b, long col) {
      throw new InvalidInputException(
          String.format(
              Locale.ROOT,
              "%s:%d: not UTF-8 text (byte 0x%02X at column %d); save the file as UTF-8",
              name,
              line,
              b,
              col));
    }
  }
}
