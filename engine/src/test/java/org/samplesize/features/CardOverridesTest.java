package org.samplesize.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.onnx.proto.OnnxMl;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.image.Layout;
import org.samplesize.image.ResizeMode;

/** Overrides change what they name and keep the rest of the card, the model's input included. */
class CardOverridesTest {
  @TempDir Path tmp;

  private static CardOverrides size(int px) {
    return new CardOverrides(null, null, null, px, null, null, null, null, null, null);
  }

  @Test
  void theCardsOwnValuesSpeltOutMakeTheSameCard() {
    ModelCard card = ModelCard.load(null);
    var p = card.preprocessing();
    CardOverrides own =
        new CardOverrides(
            card.featureTensor(),
            p.layout(),
            p.resize(),
            p.width(),
            p.shortSide(),
            p.scale(),
            List.of(p.mean()[0], p.mean()[1], p.mean()[2]),
            List.of(p.std()[0], p.std()[1], p.std()[2]),
            null,
            null);
    assertEquals(card.numbersSha256(), own.applyTo(card).numbersSha256());
    assertEquals(card.numbersSha256(), size(p.width()).applyTo(card).numbersSha256());
    assertNotEquals(card.numbersSha256(), size(160).applyTo(card).numbersSha256());
  }

  @Test
  void aGrayscaleModelKeepsItsOneChannelAndAFixedBatchItsBatch() throws Exception {
    Path gray =
        TinyModels.channelMeans(tmp, "gray.onnx", -1, 1, OnnxMl.TensorProto.DataType.FLOAT_VALUE);
    ModelCard card = ModelCard.load(gray.toString());
    assertEquals(1, card.input().channels());

    // Its own size spelt out: the same card, the same input.
    ModelCard same = size(4).applyTo(card);
    assertArrayEquals(card.input().shape(), same.input().shape());
    assertEquals(card.numbersSha256(), same.numbersSha256());

    // Another size or layout: still the one channel the model takes.
    ModelCard larger = size(8).applyTo(card);
    assertArrayEquals(new long[] {-1, 1, 8, 8}, larger.input().shape());
    ModelCard nhwc =
        new CardOverrides(
                null, Layout.NHWC, ResizeMode.SQUASH, null, null, null, null, null, null, null)
            .applyTo(card);
    assertArrayEquals(new long[] {-1, 4, 4, 1}, nhwc.input().shape());

    // A card that fixes the batch keeps it.
    ModelCard fixed =
        card.withInput(new ModelCard.InputSpec("input", new long[] {2, 1, 4, 4}, "NCHW"));
    assertArrayEquals(new long[] {2, 1, 4, 4}, size(4).applyTo(fixed).input().shape());
    assertEquals(fixed.numbersSha256(), size(4).applyTo(fixed).numbersSha256());
  }
}
