package org.boundarysql.eval;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import org.boundarysql.sample.SamplingMethod;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.knowm.xchart.style.lines.SeriesLines;

/**
 * Draws the charts laid out like the paper's figures: 4 (S1, S2, S3 against the fraction), 5 (the
 * same for correctly and incorrectly classified combinations), 6 (S1 against K), 7 (S1, S2, S3
 * against j) and 13 (time to create a sample). Random methods are drawn as the mean over seeds.
 */
final class EvaluationCharts {
  static final String FIGURE_4 = "fig4_fraction.png";
  static final String FIGURE_5 = "fig5_correct_incorrect.png";
  static final String FIGURE_6 = "fig6_topk.png";
  static final String FIGURE_7 = "fig7_j.png";
  static final String FIGURE_13 = "fig13_creation_time.png";

  private static final int WIDTH = 460;
  private static final int HEIGHT = 380;
  private static final int LEGEND_WIDTH = 190;
  private static final String[] METRIC_TITLES = {
      "S1: top-K precision (higher is better)",
      "S2: cosine distance (lower is better)",
      "S3: Jensen-Shannon distance (lower is better)"};

  private final Results results;
  private final String title;

  private EvaluationCharts(Results results) {
    this.results = results;
    EvaluationData data = results.data();
    this.title = data.storeName() + " (" + data.split() + ", " + data.size() + " items)";
  }

  /** Writes every chart into {@code dir}. */
  static void write(Results results, Path dir) throws IOException {
    EvaluationCharts charts = new EvaluationCharts(results);
    charts.fractionFigure(dir.resolve(FIGURE_4));
    charts.correctIncorrectFigure(dir.resolve(FIGURE_5));
    charts.topKFigure(dir.resolve(FIGURE_6));
    charts.jFigure(dir.resolve(FIGURE_7));
    charts.creationTimeFigure(dir.resolve(FIGURE_13));
  }

  private void fractionFigure(Path file) throws IOException {
    List<XYChart> row = new ArrayList<>();
    for (int s = 1; s <= 3; s++) {
      row.add(fractionChart(Subset.ALL, s, METRIC_TITLES[s - 1], s == 3));
    }
    save(file, "Figure 4: query-set accuracy against sample size, " + title, List.of(row));
  }

  private void correctIncorrectFigure(Path file) throws IOException {
    List<List<XYChart>> rows = new ArrayList<>();
    for (Subset subset : List.of(Subset.CORRECT, Subset.INCORRECT)) {
      List<XYChart> row = new ArrayList<>();
      for (int s = 1; s <= 3; s++) {
        row.add(fractionChart(subset, s, "S" + s + ", " + subset + " ("
            + results.combinations(subset) + " combinations)",
            s == 3 && subset == Subset.CORRECT));
      }
      rows.add(row);
    }
    save(file, "Figure 5: correctly (top) and incorrectly (bottom) classified combinations, "
        + title, rows);
  }

  private XYChart fractionChart(Subset subset, int querySet, String chartTitle,
      boolean legend) {
    XYChart chart = chart(chartTitle, "fraction of items", "S" + querySet, legend);
    chart.getStyler().setXAxisMin(0.0).setXAxisMax(Arrays.stream(results.options().fractions())
        .max().orElse(1) * 1.05).setXAxisDecimalPattern("0.0#");
    for (SamplingMethod method : results.options().methods()) {
      List<Measurement> ms = results.measurements(Experiment.FRACTION, method, subset).toList();
      double[] fractions = ms.stream().mapToDouble(Measurement::fraction).distinct().sorted()
          .toArray();
      if (fractions.length == 0) {
        continue;
      }
      double[] means = Arrays.stream(fractions).map(f -> Results.stats(
          ms.stream().filter(m -> m.fraction() == f), querySet).mean()).toArray();
      style(chart.addSeries(label(method), fractions, means), method);
    }
    return chart;
  }

  private void topKFigure(Path file) throws IOException {
    XYChart chart = chart("S1 at " + percent(results.options().sweepFraction())
        + ", j = " + results.options().j(), "K (top-K neurons)", "S1: top-K precision",
        true);
    for (SamplingMethod method : results.options().methods()) {
      List<Measurement> ms = results.measurements(Experiment.K, method, Subset.ALL).toList();
      double[] ks = ms.stream().mapToDouble(Measurement::k).distinct().sorted().toArray();
      if (ks.length == 0) {
        continue;
      }
      double[] means = Arrays.stream(ks).map(k -> Results.stats(
          ms.stream().filter(m -> m.k() == k), 1).mean()).toArray();
      style(chart.addSeries(label(method), ks, means), method);
    }
    save(file, "Figure 6: S1 against K, " + title, List.of(List.of(chart)));
  }

  private void jFigure(Path file) throws IOException {
    double[] jValues = results.options().jValues();
    List<XYChart> row = new ArrayList<>();
    for (int s = 1; s <= 3; s++) {
      int querySet = s;
      XYChart chart = chart(METRIC_TITLES[s - 1], "j (share of picks near the boundary)",
          "S" + s, s == 3);
      for (SamplingMethod method : results.options().methods()) {
        if (EvaluationRun.boundary(method)) {
          List<Measurement> ms = results.measurements(Experiment.J, method, Subset.ALL).toList();
          double[] means = Arrays.stream(jValues).map(j -> Results.stats(
              ms.stream().filter(m -> m.j() == j), querySet).mean()).toArray();
          style(chart.addSeries(label(method), jValues, means), method);
        } else if (method == SamplingMethod.WEIGHTED || method == SamplingMethod.UNIFORM) {
          // Methods without j, as the paper draws the weighted sample: a flat reference line.
          double mean = Results.stats(results.atSweepFraction(method, Subset.ALL,
              results.options().k()), querySet).mean();
          XYSeries line = chart.addSeries(label(method) + " (no j)",
              new double[] {jValues[0], jValues[jValues.length - 1]}, new double[] {mean, mean});
          style(line, method);
          line.setLineStyle(method == SamplingMethod.WEIGHTED ? SeriesLines.DASH_DASH
              : SeriesLines.DOT_DOT);
          line.setMarker(SeriesMarkers.NONE);
        }
      }
      row.add(chart);
    }
    save(file, "Figure 7: query-set accuracy against j at "
        + percent(results.options().sweepFraction()) + ", " + title, List.of(row));
  }

  /**
   * Plots log10 of the seconds on a linear axis labelled in decades: xchart's logarithmic axis
   * ignores a custom tick format.
   */
  private void creationTimeFigure(Path file) throws IOException {
    List<SamplingMethod> methods = results.options().methods();
    List<Stats> times = methods.stream().map(m -> Stats.of(results.samplesAtSweepFraction(m)
        .mapToDouble(DrawnSample::createSeconds))).toList();
    // A log axis cannot show zero; a microsecond is below any real measurement.
    double low = Math.floor(Math.log10(Math.max(1e-6, times.stream().filter(Stats::present)
        .mapToDouble(Stats::min).min().orElse(1e-3))));
    double high = Math.ceil(Math.log10(Math.max(1e-6, times.stream().filter(Stats::present)
        .mapToDouble(Stats::max).max().orElse(1)))) + 0.3;
    XYChart chart = chart("Time to create a " + percent(results.options().sweepFraction())
        + " sample: mean (marker, value) and range over seeds (line)", "",
        "seconds (log scale)", 2 * WIDTH + LEGEND_WIDTH, true);
    XYStyler styler = chart.getStyler();
    styler.setXAxisMin(0.5).setXAxisMax(methods.size() + 0.5).setYAxisMin(low)
        .setYAxisMax(high).setXAxisTicksVisible(false).setPlotGridVerticalLinesVisible(false);
    styler.setyAxisTickLabelsFormattingFunction(
        y -> Math.abs(y - Math.rint(y)) < 1e-9 ? seconds(Math.pow(10, y), "%.0f") : " ");
    for (int i = 0; i < methods.size(); i++) {
      Stats time = times.get(i);
      if (!time.present()) {
        continue;
      }
      SamplingMethod method = methods.get(i);
      double x = i + 1;
      double mean = Math.log10(Math.max(time.mean(), 1e-6));
      style(chart.addSeries(method.methodName(), new double[] {x}, new double[] {mean}),
          method);
      XYSeries range = chart.addSeries(method + " range", new double[] {x, x}, new double[] {
          Math.log10(Math.max(time.min(), 1e-6)), Math.log10(Math.max(time.max(), 1e-6))});
      style(range, method);
      range.setMarker(SeriesMarkers.NONE);
      range.setShowInLegend(false);
      chart.addAnnotation(
          new AnnotationText(seconds(time.mean(), "%.3g"), x + 0.45, mean, false));
    }
    styler.setMarkerSize(11);
    save(file, "Figure 13: sample creation time, " + title, List.of(List.of(chart)));
  }

  /** Creates a chart; one with the legend is wider, the legend outside on the right. */
  private static XYChart chart(String chartTitle, String xTitle, String yTitle,
      boolean legend) {
    return chart(chartTitle, xTitle, yTitle, WIDTH + (legend ? LEGEND_WIDTH : 0), legend);
  }

  private static XYChart chart(String chartTitle, String xTitle, String yTitle, int width,
      boolean legend) {
    XYChart chart = new XYChartBuilder().width(width)
        .height(HEIGHT).title(chartTitle).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
    XYStyler styler = chart.getStyler();
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setLegendVisible(legend);
    styler.setLegendPosition(Styler.LegendPosition.OutsideE);
    styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    styler.setPlotGridLinesColor(new Color(0xdddddd));
    styler.setMarkerSize(7);
    styler.setYAxisDecimalPattern("0.00");
    return chart;
  }

  private static void style(XYSeries series, SamplingMethod method) {
    MethodStyle style = MethodStyle.of(method);
    series.setLineColor(style.color());
    series.setLineStyle(SeriesLines.SOLID);
    series.setMarkerColor(style.color());
    series.setMarker(style.marker());
  }

  private static String label(SamplingMethod method) {
    return method.methodName();
  }

  /** Saves rows of charts as one PNG under a title. */
  private static void save(Path file, String figureTitle,
      List<? extends List<? extends Chart<?, ?>>> rows) throws IOException {
    List<List<BufferedImage>> images = new ArrayList<>();
    int width = 0;
    int height = 30;
    for (List<? extends Chart<?, ?>> row : rows) {
      List<BufferedImage> rowImages = new ArrayList<>();
      int rowWidth = 0;
      int rowHeight = 0;
      for (Chart<?, ?> chart : row) {
        BufferedImage image = BitmapEncoder.getBufferedImage(chart);
        rowImages.add(image);
        rowWidth += image.getWidth();
        rowHeight = Math.max(rowHeight, image.getHeight());
      }
      images.add(rowImages);
      width = Math.max(width, rowWidth);
      height += rowHeight;
    }
    BufferedImage figure = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = figure.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
        RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    g.drawString(figureTitle, 10, 21);
    int y = 30;
    for (List<BufferedImage> row : images) {
      int x = 0;
      int rowHeight = 0;
      for (BufferedImage image : row) {
        g.drawImage(image, x, y, null);
        x += image.getWidth();
        rowHeight = Math.max(rowHeight, image.getHeight());
      }
      y += rowHeight;
    }
    g.dispose();
    ImageIO.write(figure, "png", file.toFile());
  }

  private static String percent(double fraction) {
    return String.format(Locale.ROOT, "%s%%", EvaluationOptions.format(100 * fraction));
  }

  /** Formats seconds in s, ms or µs with a printf number pattern such as {@code %.3g}. */
  private static String seconds(double value, String number) {
    return value >= 1 ? String.format(Locale.ROOT, number + " s", value)
        : value >= 1e-3 ? String.format(Locale.ROOT, number + " ms", value * 1e3)
        : String.format(Locale.ROOT, number + " µs", value * 1e6);
  }
}
