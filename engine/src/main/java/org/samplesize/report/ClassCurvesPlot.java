package org.samplesize.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.samplesize.SamplesizeException;
import org.samplesize.classes.ClassAnswer;
import org.samplesize.io.AtomicFiles;

/**
 * The per-class learning curves as small multiples: one panel per class (recall against the class's
 * own training images, its chosen curve and interval band, as {@link LearningCurvePlot} draws one
 * curve, on a size axis chosen the same way), in the order given (by need), {@value #COLUMNS}
 * panels a row, as one PNG at {@value ChartImages#PNG_DPI} dpi (drawn at twice the panels' pixel
 * size and marked so, as the learning curve's PNG is, for sharp screens and print).
 */
public final class ClassCurvesPlot {
  /** The file name. */
  public static final String PNG = "per-class-curves.png";

  /** Panels per row. */
  static final int COLUMNS = 3;

  private static final int PANEL_W = 420;
  private static final int PANEL_H = 300;

  private ClassCurvesPlot() {}

  /**
   * @param answers the classes to draw (those without a curve are left out)
   * @return the PNG's bytes, or null when no class has a curve
   * @throws SamplesizeException when the rendering fails
   */
  public static byte[] render(List<ClassAnswer> answers) {
    List<ClassAnswer> drawn =
        answers.stream().filter(a -> a.fit() != null && a.fit().chosenFit() != null).toList();
    if (drawn.isEmpty()) {
      return null;
    }
    int cols = Math.min(COLUMNS, drawn.size());
    int rows = (drawn.size() + cols - 1) / cols;
    int scale = ChartImages.PNG_DPI / 72;
    BufferedImage image =
        new BufferedImage(
            cols * PANEL_W * scale, rows * PANEL_H * scale, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.scale(scale, scale);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, cols * PANEL_W, rows * PANEL_H);
      for (int i = 0; i < drawn.size(); i++) {
        ClassAnswer a = drawn.get(i);
        XYChart chart =
            LearningCurvePlot.chart(List.of(a.fit()), "recall", PANEL_W, PANEL_H, false);
        chart.setTitle(a.className() + (a.curve().equals("head") ? "" : " (" + a.curve() + ")"));
        chart.setXAxisTitle("its training images");
        chart.setYAxisTitle("recall");
        Graphics2D panel =
            (Graphics2D) g.create((i % cols) * PANEL_W, (i / cols) * PANEL_H, PANEL_W, PANEL_H);
        try {
          chart.paint(panel, PANEL_W, PANEL_H);
        } finally {
          panel.dispose();
        }
      }
    } finally {
      g.dispose();
    }
    try {
      return ChartImages.encode(image, ChartImages.PNG_DPI);
    } catch (IOException e) {
      throw new SamplesizeException("cannot render the per-class plot: " + e.getMessage(), e);
    }
  }

  /**
   * Stages {@value #PNG} in {@code dir}, or its deletion when there is no plot.
   *
   * @param png the rendered plot, or null
   * @param dir the output folder
   * @param batch the files replaced together
   * @return the file, or null when there is none
   * @throws IOException naming the file when it cannot be staged
   */
  public static Path stage(byte[] png, Path dir, AtomicFiles.Batch batch) throws IOException {
    Path file = dir.resolve(PNG);
    if (png == null) {
      batch.delete(file);
      return null;
    }
    batch.stage(file, out -> out.write(png));
    return file;
  }
}
