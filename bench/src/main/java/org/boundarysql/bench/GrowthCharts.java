/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.bench;

import org.boundarysql.bench.report.ChartStyle;
import org.boundarysql.sample.SamplingMethod;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;

/** The growth curve's log-log charts: sample creation, and the queries, against items. */
final class GrowthCharts {
  private static final int WIDTH = 1100;
  private static final int HEIGHT = 620;
  /** Spark's and the floor's lines beside BoundarySQL's. */
  private static final BasicStroke DASHED = new BasicStroke(1.5f, BasicStroke.CAP_BUTT,
      BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0);

  private GrowthCharts() {
  }

  /** Each method's 5% creation time in-process (solid) and on Spark local[2] (dashed). */
  static XYChart creation(List<Growth.Point> points) {
    XYChart chart = chart("5% sample creation vs items (log-log; solid: BoundarySQL in-process,"
        + " bounded heap; dashed: Spark local[2])", "seconds");
    int color = 0;
    for (SamplingMethod method : SamplingMethod.values()) {
      List<Number> items = new ArrayList<>();
      List<Number> seconds = new ArrayList<>();
      List<Number> sparkItems = new ArrayList<>();
      List<Number> sparkSeconds = new ArrayList<>();
      for (Growth.Point p : points) {
        p.creations().stream().filter(c -> c.method() == method && c.problem() == null)
            .forEach(c -> {
              items.add(p.items());
              seconds.add(Math.max(1e-3, c.millis() / 1000));
            });
        SparkRuns.Sampling s = GrowthReport.sparkSampling(p, method);
        if (s != null && s.problem() == null) {
          sparkItems.add(p.items());
          sparkSeconds.add(s.seconds());
        }
      }
      if (items.isEmpty()) {
        continue;
      }
      Color c = ChartStyle.PALETTE.get(color++ % ChartStyle.PALETTE.size());
      ChartStyle.colour(chart.addSeries(method.methodName(), items, seconds), c);
      if (!sparkItems.isEmpty()) {
        dashed(chart.addSeries(method.methodName() + ", Spark", sparkItems, sparkSeconds), c);
      }
    }
    return chart;
  }

  /** Q1, Q2 and Q4 embedded, full (solid) and 5% (dotted markers), and Q1's floor (dashed). */
  static XYChart queries(List<Growth.Point> points) {
    XYChart chart = chart("Queries vs items (log-log; BoundarySQL embedded; dashed: the"
        + " streaming read of the same bytes)", "ms");
    int color = 0;
    for (BenchQuery query : Growth.QUERIES) {
      for (String variant : List.of("full", "5%")) {
        List<Number> items = new ArrayList<>();
        List<Number> millis = new ArrayList<>();
        List<Number> floor = new ArrayList<>();
        for (Growth.Point p : points) {
          QueryBench.Result r = Report.find(p.queries(), query, variant);
          if (r != null) {
            items.add(p.items());
            millis.add(Report.engine(r, Report.EMBEDDED));
            floor.add(r.floor().median());
          }
        }
        if (items.isEmpty()) {
          continue;
        }
        Color c = ChartStyle.PALETTE.get(color++ % ChartStyle.PALETTE.size());
        ChartStyle.colour(chart.addSeries(query + " " + variant, items, millis), c);
        if (query == BenchQuery.Q1) {
          dashed(chart.addSeries(query + " " + variant + ", floor", items, floor), c);
        }
      }
    }
    return chart;
  }

  private static XYChart chart(String title, String yTitle) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
        .xAxisTitle("items in the store").yAxisTitle(yTitle).build();
    ChartStyle.plain(chart.getStyler(), Styler.LegendPosition.OutsideE)
        .setXAxisLogarithmic(true).setYAxisLogarithmic(true);
    return chart;
  }

  private static void dashed(XYSeries series, Color color) {
    ChartStyle.colour(series, color);
    series.setMarker(SeriesMarkers.NONE);
    series.setLineStyle(DASHED);
  }
}
