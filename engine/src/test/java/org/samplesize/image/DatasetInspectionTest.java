package org.samplesize.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.samplesize.SharedData;
import org.samplesize.data.ImageDataset;

class DatasetInspectionTest {
  @Test
  void flowersDecodeFullyAndShowTheKnownDuplicates() {
    ImageDataset ds = ImageDataset.scan(SharedData.flowers());
    DatasetInspection r = DatasetInspection.inspect(ds, 2, ImageDecoder.DEFAULT_MAX_PIXELS, null);
    assertEquals(3670, r.images());
    assertEquals(3670, r.readable(), () -> r.unreadable().toString());
    assertEquals(3, r.duplicates().size());
    assertEquals(1, r.crossLabelDuplicates());
    DatasetInspection.Duplicate cross =
        r.duplicates().stream().filter(DatasetInspection.Duplicate::crossLabel).findFirst().get();
    assertEquals(
        List.of("roses/15922772266_1167a06620.jpg", "tulips/15922772266_1167a06620.jpg"),
        cross.files());
    assertEquals(
        List.of(
            List.of(
                "sunflowers/14889392928_9742aed45b_m.jpg",
                "sunflowers/15066430311_fb57fa92b0_m.jpg"),
            List.of(
                "sunflowers/15069459615_7e0fd61914_n.jpg",
                "sunflowers/15072973261_73e2912ef2_n.jpg")),
        r.duplicates().stream().filter(d -> !d.crossLabel()).map(d -> d.files()).toList());
  }
}
