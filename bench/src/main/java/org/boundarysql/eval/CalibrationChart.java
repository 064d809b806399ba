/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.eval;

import org.boundarysql.bench.report.ChartFiles;
import org.boundarysql.bench.report.ChartStyle;
import org.boundarysql.sample.SamplingMethod;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

import static org.boundarysql.bench.report.NumberText.percent;

/**
 * Draws the calibration: for S1, S2 and S3, the coverage of the stated interval (top, the
 * nominal level dashed) and the rank correlation of the expected and true error (bottom)
 * against the fraction, one line per method; methods SQL refuses an estimate are dotted.
 */
final class CalibrationChart {
  private static final int WIDTH = 440;
  private static final int LEGEND_WIDTH = 190;
  private static final int HEIGHT = 340;

  private CalibrationChart() {
  }

  static void write(List<CalibrationSummary> summaries, EvaluationOptions options,
      String title, Path file) throws IOException {
    List<XYChart> coverage = new ArrayList<>();
    List<XYChart> correlation = new ArrayList<>();
    for (CalibrationQuery query : CalibrationQuery.values()) {
      boolean legend = query == CalibrationQuery.S3;
      XYChart top = chart(query + " (" + query.metricName() + "): coverage", "coverage",
          legend, options);
      XYSeries nominal = top.addSeries("nominal " + percent(query.level()),
          new double[] {0, 1}, new double[] {query.level(), query.level()});
      ChartStyle.colour(nominal, Color.BLACK);
      nominal.setLineStyle(SeriesLines.DASH_DASH);
      nominal.setMarker(SeriesMarkers.NONE);
      coverage.add(top);
      correlation.add(chart(query + ": Spearman rho, expected vs true", "rho", legend,
          options));
      for (SamplingMethod method : options.methods()) {
        List<CalibrationSummary> line = summaries.stream()
            .filter(s -> s.method() == method && s.query() == query).toList();
        add(top, method, line, CalibrationSummary::coverage);
        add(correlation.get(correlation.size() - 1), method, line,
            CalibrationSummary::spearman);
      }
    }
    ChartFiles.saveFigure(file, "Error estimates against the true error, " + title
        + "; dotted: no estimate in SQL (naive bootstrap shown)", List.of(coverage, correlation));
  }

  private static void add(XYChart chart, SamplingMethod method, List<CalibrationSummary> line,
      ToDoubleFunction<CalibrationSummary> value) {
    List<CalibrationSummary> known = line.stream()
        .filter(s -> !Double.isNaN(value.applyAsDouble(s))).toList();
    if (known.isEmpty()) {
      return;
    }
    XYSeries series = chart.addSeries(method.methodName(),
        known.stream().mapToDouble(CalibrationSummary::fraction).toArray(),
        known.stream().mapToDouble(value).toArray());
    MethodStyle.of(method).apply(series);
    if (!known.get(0).given()) {
      series.setLineStyle(SeriesLines.DOT_DOT);
    }
  }

  private static XYChart chart(String title, String yTitle, boolean legend,
      EvaluationOptions options) {
    XYChart chart = new XYChartBuilder().width(WIDTH + (legend ? LEGEND_WIDTH : 0))
        .height(HEIGHT).title(title).xAxisTitle("fraction of items").yAxisTitle(yTitle)
        .build();
    XYStyler styler = ChartStyle.plain(chart.getStyler(), Styler.LegendPosition.OutsideE);
    styler.setLegendVisible(legend);
    styler.setXAxisMin(0.0).setXAxisMax(Arrays.stream(options.fractions()).max().orElse(1)
        * 1.05).setXAxisDecimalPattern("0.0#");
    styler.setYAxisMin(yTitle.equals("rho") ? -0.2 : 0.0).setYAxisMax(1.0);
    styler.setYAxisDecimalPattern("0.0");
    return chart;
  }
}
