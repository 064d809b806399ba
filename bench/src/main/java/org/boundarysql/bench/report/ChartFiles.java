/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.bench.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** Writes charts as PNG files: one chart alone, or rows of charts as one figure under a title. */
public final class ChartFiles {
  private static final int TITLE_HEIGHT = 30;

  private ChartFiles() {
  }

  /** Writes one chart as a PNG file. */
  public static void save(Chart<?, ?> chart, Path file) throws IOException {
    write(BitmapEncoder.getBufferedImage(chart), file);
  }

  /** Writes rows of charts, left to right and top to bottom, under a title as one PNG file. */
  public static void saveFigure(Path file, String title,
      List<? extends List<? extends Chart<?, ?>>> rows) throws IOException {
    List<List<BufferedImage>> images = new ArrayList<>();
    int width = 0;
    int height = TITLE_HEIGHT;
    for (List<? extends Chart<?, ?>> row : rows) {
      List<BufferedImage> rowImages = new ArrayList<>();
      for (Chart<?, ?> chart : row) {
        rowImages.add(BitmapEncoder.getBufferedImage(chart));
      }
      images.add(rowImages);
      width = Math.max(width, rowImages.stream().mapToInt(BufferedImage::getWidth).sum());
      height += rowHeight(rowImages);
    }
    BufferedImage figure = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = figure.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
        RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    g.drawString(title, 10, 21);
    int y = TITLE_HEIGHT;
    for (List<BufferedImage> row : images) {
      int x = 0;
      for (BufferedImage image : row) {
        g.drawImage(image, x, y, null);
        x += image.getWidth();
      }
      y += rowHeight(row);
    }
    g.dispose();
    write(figure, file);
  }

  private static int rowHeight(List<BufferedImage> row) {
    return row.stream().mapToInt(BufferedImage::getHeight).max().orElse(0);
  }

  private static void write(BufferedImage image, Path file) throws IOException {
    ImageIO.write(image, "png", file.toFile());
  }
}
