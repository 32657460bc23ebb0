package org.samplesize.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.data.ImageDataset;

class FeaturesRowsCsvTest {
  @TempDir Path tmp;

  @Test
  void everyNameReadsBackAsItIs() throws Exception {
    // Names a hand-written quoting got wrong: a carriage return, a leading '#', plus the easy ones.
    List<String> awkward = List.of("cr\rname.jpg", "#hash.jpg", "quote\"d.jpg", "comma,name.jpg");
    Files.createDirectories(tmp.resolve("plain"));
    Files.createDirectories(tmp.resolve("odd"));
    Files.createDirectories(tmp.resolve("we,ird"));
    Files.writeString(tmp.resolve("plain/a.jpg"), "x");
    Files.writeString(tmp.resolve("we,ird/b.jpg"), "x");
    for (String n : awkward) {
      Files.writeString(tmp.resolve("odd").resolve(n), "x");
    }
    ImageDataset ds = ImageDataset.scan(tmp);
    StringWriter w = new StringWriter();
    FeaturesCommand.writeRows(w, ds, 2, 2 * ds.images().size(), r -> r != 3);
    String text = w.toString();
    assertEquals("row,image,class,label,view,valid", text.substring(0, text.indexOf('\n')));
    assertEquals("8,plain/a.jpg,plain,1,0,true", text.split("\n")[9], "plain rows stay as before");
    List<CSVRecord> records =
        CSVFormat.DEFAULT.builder().setHeader().build().parse(new StringReader(text)).getRecords();
    assertEquals(2 * ds.images().size(), records.size());
    for (int r = 0; r < records.size(); r++) {
      CSVRecord rec = records.get(r);
      assertEquals(String.valueOf(r), rec.get("row"));
      assertEquals(ds.images().get(r / 2).relativeName(), rec.get("image"));
      assertEquals(ds.classes().get(ds.images().get(r / 2).label()), rec.get("class"));
      assertEquals(String.valueOf(r % 2), rec.get("view"));
      assertEquals(String.valueOf(r != 3), rec.get("valid"));
    }
  }
}
