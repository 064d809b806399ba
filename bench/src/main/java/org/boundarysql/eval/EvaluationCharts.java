/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.eval;

import org.boundarysql.bench.report.ChartFiles;
import org.boundarysql.bench.report.ChartStyle;
import org.boundarysql.sample.SamplingMethod;

import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.boundarysql.bench.report.NumberText.percent;
import static org.boundarysql.bench.report.NumberText.seconds;

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
    ChartFiles.saveFigure(file, "Figure 4: query-set accuracy against sample size, " + title,
        List.of(row));
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
    ChartFiles.saveFigure(file, "Figure 5: correctly (top) and incorrectly (bottom) classified"
        + " combinations, " + title, rows);
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
      MethodStyle.of(method).apply(chart.addSeries(label(method), fractions, means));
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
      MethodStyle.of(method).apply(chart.addSeries(label(method), ks, means));
    }
    ChartFiles.saveFigure(file, "Figure 6: S1 against K, " + title, List.of(List.of(chart)));
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
          MethodStyle.of(method).apply(chart.addSeries(label(method), jValues, means));
        } else if (method == SamplingMethod.WEIGHTED || method == SamplingMethod.UNIFORM) {
          // Methods without j, as the paper draws the weighted sample: a flat reference line.
          double mean = Results.stats(results.atSweepFraction(method, Subset.ALL,
              results.options().k()), querySet).mean();
          XYSeries line = chart.addSeries(label(method) + " (no j)",
              new double[] {jValues[0], jValues[jValues.length - 1]}, new double[] {mean, mean});
          MethodStyle.of(method).apply(line);
          line.setLineStyle(method == SamplingMethod.WEIGHTED ? SeriesLines.DASH_DASH
              : SeriesLines.DOT_DOT);
          line.setMarker(SeriesMarkers.NONE);
        }
      }
      row.add(chart);
    }
    ChartFiles.saveFigure(file, "Figure 7: query-set accuracy against j at "
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
      MethodStyle.of(method).apply(chart.addSeries(method.methodName(), new double[] {x},
          new double[] {mean}));
      XYSeries range = chart.addSeries(method + " range", new double[] {x, x}, new double[] {
          Math.log10(Math.max(time.min(), 1e-6)), Math.log10(Math.max(time.max(), 1e-6))});
      MethodStyle.of(method).apply(range);
      range.setMarker(SeriesMarkers.NONE);
      range.setShowInLegend(false);
      chart.addAnnotation(
          new AnnotationText(seconds(time.mean(), "%.3g"), x + 0.45, mean, false));
    }
    styler.setMarkerSize(11);
    ChartFiles.saveFigure(file, "Figure 13: sample creation time, " + title,
        List.of(List.of(chart)));
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
    XYStyler styler = ChartStyle.plain(chart.getStyler(), Styler.LegendPosition.OutsideE);
    styler.setLegendVisible(legend);
    styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    styler.setPlotGridLinesColor(new Color(0xdddddd));
    styler.setMarkerSize(7);
    styler.setYAxisDecimalPattern("0.00");
    return chart;
  }

  private static String label(SamplingMethod method) {
    return method.methodName();
  }
}
