/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.bench;

import org.boundarysql.bench.report.ChartFiles;
import org.boundarysql.bench.report.ChartStyle;
import org.boundarysql.sample.SamplingMethod;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The report's PNG charts, drawn with XChart. */
final class Charts {
  private static final int WIDTH = 1100;
  private static final int HEIGHT = 560;

  private Charts() {
  }

  /** Writes the charts the report has data for; returns their file names. */
  static List<String> write(Report report, Path out) throws IOException {
    List<String> files = new ArrayList<>();
    if (!report.queries().isEmpty()) {
      save(queryTimes(report.queries()), out, "fig11-query-times.png", files);
      save(speedups(report.queries()), out, "fig11-sample-speedups.png", files);
    }
    if (!report.storage().isEmpty()) {
      save(storage(report.storage()), out, "fig12-storage.png", files);
    }
    if (!report.creation().isEmpty()) {
      save(creation(report.creation()), out, "fig13-sample-creation.png", files);
    }
    if (!report.growth().isEmpty()) {
      save(GrowthCharts.creation(report.growth()), out, "growth.png", files);
      save(GrowthCharts.queries(report.growth()), out, "growth-queries.png", files);
    }
    return files;
  }

  static void save(Chart<?, ?> chart, Path out, String name, List<String> files)
      throws IOException {
    if (chart instanceof CategoryChart category && category.getStyler().isYAxisLogarithmic()) {
      // Bars start at zero unless told otherwise, which a logarithmic axis cannot show.
      double min = category.getSeriesMap().values().stream()
          .flatMap(series -> series.getYData().stream())
          .mapToDouble(Number::doubleValue).filter(v -> v > 0).min().orElse(1);
      category.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(min))));
    }
    ChartFiles.save(chart, out.resolve(name));
    files.add(name);
  }

  private static CategoryChart categoryChart(String title, String yTitle) {
    CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
        .yAxisTitle(yTitle).build();
    ChartStyle.plain(chart.getStyler(), Styler.LegendPosition.OutsideS)
        .setLegendLayout(Styler.LegendLayout.Horizontal);
    chart.getStyler().setPlotGridVerticalLinesVisible(false);
    chart.getStyler().setAvailableSpaceFill(0.8);
    return chart;
  }

  /** Execution time per query and data, per engine, log scale. */
  private static CategoryChart queryTimes(List<QueryBench.Result> results) {
    CategoryChart chart = categoryChart("Query time, warm median (log scale)", "ms");
    chart.getStyler().setYAxisLogarithmic(true).setXAxisLabelRotation(30);
    List<String> labels = results.stream().map(r -> r.query() + " " + r.variant().name())
        .toList();
    for (String engine : List.of(Report.EMBEDDED, Report.REMOTE, Report.DUCKDB)) {
      chart.addSeries(engine.equals(Report.DUCKDB) ? engine : "BoundarySQL " + engine, labels,
          results.stream().map(r -> (Number) Report.engine(r, engine)).toList());
    }
    chart.addSeries("Java loop", labels, results.stream().map(r -> (Number) r.loop().median())
        .toList());
    return chart;
  }

  /** Full time / sample time per query, BoundarySQL embedded and the Java loop. */
  private static CategoryChart speedups(List<QueryBench.Result> results) {
    CategoryChart chart = categoryChart("Sample speedup: time on the full store / time on the"
        + " sample (goal: 15x at 5%)", "speedup (x)");
    List<String> queries = new ArrayList<>();
    List<Number> embedded5 = new ArrayList<>();
    List<Number> embedded20 = new ArrayList<>();
    List<Number> loop5 = new ArrayList<>();
    List<Number> loop20 = new ArrayList<>();
    for (BenchQuery query : BenchQuery.values()) {
      QueryBench.Result full = Report.find(results, query, "full");
      QueryBench.Result five = Report.find(results, query, "5%");
      QueryBench.Result twenty = Report.find(results, query, "20%");
      if (full == null || five == null || twenty == null) {
        continue;
      }
      queries.add(query.name());
      double fullTime = Report.engine(full, Report.EMBEDDED);
      embedded5.add(fullTime / Report.engine(five, Report.EMBEDDED));
      embedded20.add(fullTime / Report.engine(twenty, Report.EMBEDDED));
      loop5.add(full.loop().median() / five.loop().median());
      loop20.add(full.loop().median() / twenty.loop().median());
    }
    chart.addSeries("BoundarySQL embedded, 5%", queries, embedded5);
    chart.addSeries("BoundarySQL embedded, 20%", queries, embedded20);
    chart.addSeries("Java loop, 5%", queries, loop5);
    chart.addSeries("Java loop, 20%", queries, loop20);
    chart.getStyler().setYAxisLogarithmic(true);
    return chart;
  }

  /** Bytes of the full store against sampled + latent stores, stacked. */
  private static CategoryChart storage(List<Report.Storage> sizes) {
    CategoryChart chart = categoryChart("Storage: full store vs sampled store + latent store",
        "MiB");
    chart.getStyler().setStacked(true);
    List<String> labels = new ArrayList<>(List.of("full store"));
    List<Number> full = new ArrayList<>(List.of(sizes.get(0).fullBytes() / 1048576.0));
    List<Number> sampled = new ArrayList<>(List.of(0.0));
    List<Number> latent = new ArrayList<>(List.of(0.0));
    for (Report.Storage s : sizes) {
      labels.add(s.variant() + " sample");
      full.add(0.0);
      sampled.add(s.sampledBytes() / 1048576.0);
      latent.add(s.latentBytes() / 1048576.0);
    }
    chart.addSeries("full store", labels, full);
    chart.addSeries("sampled store (every layer, sampled items)", labels, sampled);
    chart.addSeries("latent store (latent layer, every item)", labels, latent);
    return chart;
  }

  /** Creation time per method on each set of items, log scale. */
  private static CategoryChart creation(List<SampleCreation.Result> results) {
    CategoryChart chart = categoryChart("5% sample creation time (log scale; stopped methods"
        + " shown at the limit)", "ms");
    chart.getStyler().setYAxisLogarithmic(true).setXAxisLabelRotation(30);
    for (String items : results.stream().map(SampleCreation.Result::items).distinct().toList()) {
      List<String> methods = new ArrayList<>();
      List<Number> millis = new ArrayList<>();
      int size = 0;
      for (SamplingMethod method : SamplingMethod.values()) {
        for (SampleCreation.Result r : results) {
          if (r.method() == method && r.items().equals(items)) {
            methods.add(method.methodName());
            millis.add(r.stopped() ? r.limitSeconds() * 1000 : r.millis());
            size = r.size();
          }
        }
      }
      chart.addSeries(String.format("%s split, %,d items", items, size), methods, millis);
    }
    return chart;
  }
}
