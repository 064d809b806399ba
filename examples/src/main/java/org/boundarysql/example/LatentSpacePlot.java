/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.example;

import org.boundarysql.store.Items;
import org.boundarysql.store.Layer;
import org.boundarysql.store.Store;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import smile.manifold.TSNE;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A 2-D t-SNE picture of a store's latent layer on its test split (like Figure 1 of the paper):
 * points coloured by true label, misclassified items marked with a black cross.
 *
 * <p>Exact t-SNE is quadratic, so the picture uses a seeded sample of {@code items} test items:
 * every misclassified one (or, when they are many, a random fifth of the picture) plus random
 * correctly classified ones; the title says so.
 *
 * <pre>
 * LatentSpacePlot STORE_DIR OUT.png [items] [iterations]
 * </pre>
 */
public final class LatentSpacePlot {

  /** File name of the picture inside a store directory. */
  public static final String FILE_NAME = "latent-space.png";
  /** Default number of plotted items. */
  public static final int DEFAULT_ITEMS = 2000;
  /** Default t-SNE iterations. */
  public static final int DEFAULT_ITERATIONS = 600;

  private static final Color[] PALETTE = {
      new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
      new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75),
      new Color(227, 119, 194), new Color(127, 127, 127), new Color(188, 189, 34),
      new Color(23, 190, 207)};

  private LatentSpacePlot() {
  }

  /** Computes the t-SNE of the store's latent layer and writes the PNG; returns {@code png}. */
  public static Path write(Path storeDir, Path png, int items, int iterations) {
    System.setProperty("java.awt.headless", "true");
    Store store = Store.open(storeDir, storeDir.resolve(".cache"));
    Layer latent = store.latentLayer().orElseThrow(() -> new IllegalArgumentException(
        storeDir + ": store.json names no latentLayer"));
    Items it = store.items();
    List<Integer> wrong = new ArrayList<>();
    List<Integer> right = new ArrayList<>();
    for (int r = 0; r < it.size(); r++) {
      if ("test".equals(it.split(r))) {
        (it.correct(r) ? right : wrong).add(r);
      }
    }
    if (wrong.isEmpty() && right.isEmpty()) {
      throw new IllegalArgumentException(storeDir + ": no test items to plot");
    }
    Random rnd = new Random(42);
    Collections.shuffle(right, rnd);
    Collections.shuffle(wrong, rnd);
    int nWrong = Math.min(wrong.size(), Math.max(items / 5, items - right.size()));
    List<Integer> rows = new ArrayList<>(wrong.subList(0, nWrong));
    rows.addAll(right.subList(0, Math.min(right.size(), Math.max(0, items - rows.size()))));
    double[][] x = new double[rows.size()][latent.width()];
    float[] buf = new float[latent.width()];
    for (int i = 0; i < rows.size(); i++) {
      latent.read(rows.get(i), buf);
      for (int j = 0; j < buf.length; j++) {
        x[i][j] = buf[j];
      }
    }
    long t0 = System.nanoTime();
    System.err.printf(Locale.ROOT, "t-SNE of %s.%s: %d items, %d iterations ...%n", store.name(),
        latent.name(), rows.size(), iterations);
    TSNE tsne = new TSNE(x, 2, 30.0, 200.0, iterations);
    System.err.printf(Locale.ROOT, "t-SNE done in %.0f s (KL %.3f)%n",
        (System.nanoTime() - t0) / 1e9, tsne.cost());
    double[][] y = tsne.coordinates;

    String wrongText = nWrong == wrong.size() ? "all " + nWrong
        : nWrong + " random of " + wrong.size();
    XYChart chart = new XYChartBuilder().width(1000).height(820)
        .title(String.format(Locale.ROOT, "%s: t-SNE of %s (%d test items: %s misclassified + "
            + "%d random correct)", store.name(), latent.name(), rows.size(), wrongText,
            rows.size() - nWrong))
        .xAxisTitle("t-SNE 1").yAxisTitle("t-SNE 2").build();
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setMarkerSize(5);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotGridLinesVisible(false);
    List<String> classes = store.manifest().classes();
    for (int c = 0; c < classes.size(); c++) {
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      for (int i = 0; i < rows.size(); i++) {
        if (it.label(rows.get(i)) == c) {
          xs.add(y[i][0]);
          ys.add(y[i][1]);
        }
      }
      if (xs.isEmpty()) {
        continue;
      }
      XYSeries s = chart.addSeries(classes.get(c), xs, ys);
      s.setMarker(SeriesMarkers.CIRCLE);
      s.setMarkerColor(PALETTE[c % PALETTE.length]);
    }
    if (nWrong > 0) {
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      for (int i = 0; i < nWrong; i++) {
        xs.add(y[i][0]);
        ys.add(y[i][1]);
      }
      XYSeries s = chart.addSeries("misclassified", xs, ys);
      s.setMarker(SeriesMarkers.CROSS);
      s.setMarkerColor(Color.BLACK);
      s.setLineStyle(new BasicStroke(0f));
    }
    try {
      if (png.toAbsolutePath().getParent() != null) {
        Files.createDirectories(png.toAbsolutePath().getParent());
      }
      try (OutputStream out = Files.newOutputStream(png)) {
        BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + png, e);
    }
    System.err.println("wrote " + png);
    return png;
  }

  public static void main(String[] args) {
    if (args.length < 2) {
      System.err.println("usage: LatentSpacePlot STORE_DIR OUT.png [items] [iterations]");
      System.exit(2);
    }
    write(Paths.get(args[0]), Paths.get(args[1]),
        args.length > 2 ? Integer.parseInt(args[2]) : DEFAULT_ITEMS,
        args.length > 3 ? Integer.parseInt(args[3]) : DEFAULT_ITERATIONS);
  }
}
