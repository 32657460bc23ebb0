package org.samplesize.report;

import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;

/**
 * Turns a built chart into the bytes of {@value LearningCurvePlot#PNG} and the text of {@value
 * LearningCurvePlot#SVG}, in memory. Apart from the chart's building because it is about image
 * formats (the PNG's resolution chunk, which the JDK's writer gets wrong through the standard
 * metadata tree), not about what the chart shows.
 */
final class ChartImages {
  private ChartImages() {}

  /** Resolution of the PNG (twice the chart's 72-dpi pixel size, for sharp screens). */
  static final int PNG_DPI = 144;

  /** The PNG writer's native metadata format, which holds the pHYs chunk as written. */
  private static final String PNG_METADATA_FORMAT = "javax_imageio_png_1.0";

  /**
   * @param chart the chart
   * @return the chart as a PNG at {@value #PNG_DPI} dpi
   * @throws IOException when the PNG cannot be written
   */
  static byte[] png(XYChart chart) throws IOException {
    return png(chart, PNG_DPI);
  }

  /**
   * @param chart the chart
   * @return the chart as SVG text
   * @throws IOException when the SVG cannot be written
   */
  static String svg(XYChart chart) throws IOException {
    ByteArrayOutputStream svg = new ByteArrayOutputStream();
    VectorGraphicsEncoder.saveVectorGraphic(
        chart, svg, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
    return svg.toString(StandardCharsets.UTF_8);
  }

  /**
   * The chart as a PNG at {@code dpi}, drawn as XChart's {@code saveBitmapWithDPI} draws it but
   * into memory (that method writes straight to its final file name), with the resolution in the
   * image's metadata.
   *
   * @param chart the chart
   * @param dpi the resolution; the chart's pixels are 72 per inch
   * @return the PNG's bytes
   * @throws IOException when this Java runtime has no PNG writer or the writing fails
   */
  private static byte[] png(XYChart chart, int dpi) throws IOException {
    double scale = dpi / 72.0;
    BufferedImage image =
        new BufferedImage(
            (int) (chart.getWidth() * scale),
            (int) (chart.getHeight() * scale),
            BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      AffineTransform at = g.getTransform();
      at.scale(scale, scale);
      g.setTransform(at);
      chart.paint(g, chart.getWidth(), chart.getHeight());
    } finally {
      g.dispose();
    }
    return encode(image, dpi);
  }

  /**
   * An image as a PNG whose resolution chunk says {@code dpi}, so that viewers and printers show it
   * at its drawn size rather than at the pixels' count. Shared by the learning curve and the
   * per-class plot, which are drawn at the same {@value #PNG_DPI} dpi.
   *
   * @param image the drawn image, RGB
   * @param dpi its resolution
   * @return the PNG's bytes
   * @throws IOException when this Java runtime has no PNG writer or the writing fails
   */
  static byte[] encode(BufferedImage image, int dpi) throws IOException {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
    if (!writers.hasNext()) {
      throw new IOException("no PNG writer in this Java runtime");
    }
    ImageWriter writer = writers.next();
    try {
      ImageWriteParam param = writer.getDefaultWriteParam();
      IIOMetadata meta =
          writer.getDefaultImageMetadata(
              ImageTypeSpecifier.createFromBufferedImageType(BufferedImage.TYPE_INT_RGB), param);
      if (!meta.isReadOnly()) {
        // The PNG's own pHYs chunk, in pixels per metre. Not the standard tree's pixel size in
        // millimetres: the JDK's PNG writer turns that into pixels per metre as mm x 1000 (176 for
        // 144 dpi, which viewers read as 4.5 dpi).
        String perMetre = Long.toString(Math.round(dpi / 0.0254));
        IIOMetadataNode phys = new IIOMetadataNode("pHYs");
        phys.setAttribute("pixelsPerUnitXAxis", perMetre);
        phys.setAttribute("pixelsPerUnitYAxis", perMetre);
        phys.setAttribute("unitSpecifier", "meter");
        IIOMetadataNode root = new IIOMetadataNode(PNG_METADATA_FORMAT);
        root.appendChild(phys);
        meta.mergeTree(PNG_METADATA_FORMAT, root);
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ImageOutputStream ios = new MemoryCacheImageOutputStream(bytes)) {
        writer.setOutput(ios);
        writer.write(meta, new IIOImage(image, null, meta), param);
      }
      return bytes.toByteArray();
    } finally {
      writer.dispose();
    }
  }

  /**
   * The width at which a PNG drawn at {@value #PNG_DPI} dpi shows on a page at the chart's own
   * size, one CSS pixel per chart pixel, as the page's inline SVG is shown; without it a browser
   * shows the PNG's pixels, twice as large. Read from the PNG's header.
   *
   * @param png a PNG's bytes, as {@link #encode} writes them
   * @return its width in CSS pixels
   */
  static int cssWidth(byte[] png) {
    // IHDR is the first chunk: 8 bytes of signature, 4 of length, 4 of type, then the width.
    int pixels = java.nio.ByteBuffer.wrap(png, 16, 4).getInt();
    return Math.round(pixels * 72f / PNG_DPI);
  }
}
