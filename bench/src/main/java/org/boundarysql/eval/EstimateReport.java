/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.eval;

import org.boundarysql.bench.report.ChartFiles;
import org.boundarysql.bench.report.ChartStyle;
import org.boundarysql.sample.SamplingMethod;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.Styler;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * Writes the calibration of the model-assisted estimates: {@code estimates.csv} (one line per
 * group estimate), {@code estimates.md} (per grouping, design, fraction and layer: the coverage
 * of the 90% intervals for groups of at least {@value #MIN_ITEMS} sampled items and below, the
 * mean L2 errors, the ratio to the plain mean of a uniform sample, the estimate's cost over
 * the plain mean's, and the diagnosis quality S1 and S3 of the estimates' answers and of the
 * plain answers on the same sample) and {@code estimates.png} (the first grouping, by label).
 */
final class EstimateReport {
  /** The fewest sampled items of a group whose coverage the goal speaks of. */
  static final int MIN_ITEMS = 30;

  /** One line of the table. */
  record Summary(SamplingMethod design, double fraction, String grouping, String layer,
      int groups, double coverage, int smallGroups, double smallCoverage, double l2Estimate,
      double l2Plain, double l2Weighted, double ratioToUniform, double width,
      double costRatio, double s1Estimate, double s1Plain, double s3Estimate,
      double s3Plain) { }

  private EstimateReport() {
  }

  static void write(List<SamplingMethod> designs, EvaluationOptions options,
      EvaluationData data, List<EstimatePoint> points, String command, Path dir)
      throws IOException {
    List<Summary> summaries = summaries(designs, options, points);
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("estimates.csv"), csv(points));
    Files.writeString(dir.resolve("estimates.md"), markdown(summaries, data, options, command));
    chart(summaries, designs, data, dir.resolve("estimates.png"));
  }

  static List<Summary> summaries(List<SamplingMethod> designs, EvaluationOptions options,
      List<EstimatePoint> points) {
    List<Summary> summaries = new ArrayList<>();
    List<String> layers = points.stream().map(EstimatePoint::layer).distinct().toList();
    List<String> groupings = points.stream().map(EstimatePoint::grouping).distinct().toList();
    for (String grouping : groupings) {
      for (SamplingMethod design : designs) {
        for (double fraction : options.fractions()) {
          for (String layer : layers) {
            Predicate<EstimatePoint> cell = p -> p.fraction() == fraction
                && p.grouping().equals(grouping) && p.layer().equals(layer);
            summaries.add(summary(design, fraction, grouping, layer, points.stream()
                .filter(cell.and(p -> p.method() == design)).toList(), points.stream()
                .filter(cell.and(p -> p.method() == SamplingMethod.UNIFORM)).toList()));
          }
        }
      }
    }
    return summaries;
  }

  private static Summary summary(SamplingMethod design, double fraction, String grouping,
      String layer, List<EstimatePoint> mine, List<EstimatePoint> uniform) {
    double uniformPlain = mean(uniform.stream().mapToDouble(EstimatePoint::l2Plain)
        .toArray());
    List<EstimatePoint> large = mine.stream().filter(p -> p.sampled() >= MIN_ITEMS).toList();
    List<EstimatePoint> small = mine.stream().filter(p -> p.sampled() < MIN_ITEMS).toList();
    double l2 = mean(mine.stream().mapToDouble(EstimatePoint::l2Estimate).toArray());
    double estimateNanos = mine.stream().mapToDouble(EstimatePoint::estimateNanos).sum();
    double plainNanos = mine.stream().mapToDouble(EstimatePoint::plainNanos).sum();
    return new Summary(design, fraction, grouping, layer, large.size(), coverage(large),
        small.size(), coverage(small), l2,
        mean(mine.stream().mapToDouble(EstimatePoint::l2Plain).toArray()),
        mean(mine.stream().mapToDouble(EstimatePoint::l2Weighted).toArray()),
        l2 / uniformPlain,
        mean(mine.stream().mapToDouble(EstimatePoint::meanWidth).toArray()),
        estimateNanos / plainNanos,
        mean(mine.stream().mapToDouble(EstimatePoint::s1Estimate).toArray()),
        mean(mine.stream().mapToDouble(EstimatePoint::s1Plain).toArray()),
        mean(mine.stream().mapToDouble(EstimatePoint::s3Estimate).toArray()),
        mean(mine.stream().mapToDouble(EstimatePoint::s3Plain).toArray()));
  }

  private static double coverage(List<EstimatePoint> points) {
    long covered = points.stream().mapToLong(EstimatePoint::covered).sum();
    long neurons = points.stream().mapToLong(EstimatePoint::neurons).sum();
    return neurons == 0 ? Double.NaN : (double) covered / neurons;
  }

  private static double mean(double[] values) {
    double sum = 0;
    for (double value : values) {
      sum += value;
    }
    return values.length == 0 ? Double.NaN : sum / values.length;
  }

  private static String csv(List<EstimatePoint> points) {
    StringBuilder csv = new StringBuilder("design,fraction,seed,grouping,layer,group,sampled,"
        + "population,l2_estimate,l2_plain,l2_weighted,covered,neurons,mean_width,"
        + "estimate_ns,plain_ns,s1_estimate,s1_plain,s3_estimate,s3_plain\n");
    for (EstimatePoint p : points) {
      csv.append(String.format(Locale.ROOT,
          "%s,%s,%d,%s,%s,%d,%d,%d,%.6g,%.6g,%.6g,%d,%d,%.6g,%d,%d,%.6g,%.6g,%.6g,%.6g%n",
          p.method().methodName(), p.fraction(), p.seed(), p.grouping(), p.layer(), p.group(),
          p.sampled(), p.population(), p.l2Estimate(), p.l2Plain(), p.l2Weighted(),
          p.covered(), p.neurons(), p.meanWidth(), p.estimateNanos(), p.plainNanos(),
          p.s1Estimate(), p.s1Plain(), p.s3Estimate(), p.s3Plain()));
    }
    return csv.toString();
  }

  private static String markdown(List<Summary> summaries, EvaluationData data,
      EvaluationOptions options, String command) {
    StringBuilder md = new StringBuilder();
    md.append("# Model-assisted estimates: calibration on ").append(data.storeName())
        .append(" (").append(data.split()).append(", ").append(data.size())
        .append(" items)\n\n`").append(command).append("`\n\n")
        .append("Per group (by label; by label and correct/incorrect) of every sample: the"
            + " model-assisted estimate of the group's per-neuron mean against the full mean;"
            + " coverage of the 90% per-neuron intervals (groups of at least and fewer than 30"
            + " sampled items); L2 errors averaged over groups and seeds; ratio: the estimate's"
            + " L2 over the plain mean of a uniform sample of the same seeds; cost: the"
            + " estimate's time over the plain mean's on the same rows in memory; S1: top-"
            + options.k() + " precision of TOPK_NEURONS_ESTIMATE and of the plain sample's"
            + " TOPK_NEURONS against the full data's top-" + options.k() + " (higher is"
            + " better); S3: Jensen-Shannon distance of ARGMAX_DIST_ESTIMATE and of the plain"
            + " sample's ARGMAX_DIST to the full data's (lower is better); both averaged over"
            + " every group the sample holds at least two items of.\n\n")
        .append("| grouping | design | fraction | layer | groups >= 30 | coverage >= 30 |"
            + " groups < 30 | coverage < 30 | L2 estimate | L2 plain mean | L2 weighted mean |"
            + " ratio to uniform plain | mean width | cost | S1 estimate | S1 plain |"
            + " S3 estimate | S3 plain |\n")
        .append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (Summary s : summaries) {
      md.append(String.format(Locale.ROOT,
          "| %s | %s | %s | %s | %d | %s | %d | %s | %.3f | %.3f | %.3f | %s | %.3f | %.0fx"
              + " | %.3f | %.3f | %.3f | %.3f |%n",
          s.grouping(), s.design().methodName(), s.fraction(), s.layer(), s.groups(),
          percent(s.coverage()), s.smallGroups(), percent(s.smallCoverage()), s.l2Estimate(),
          s.l2Plain(), s.l2Weighted(), Double.isNaN(s.ratioToUniform()) ? "-"
              : String.format(Locale.ROOT, "%.2f", s.ratioToUniform()), s.width(),
          s.costRatio(), s.s1Estimate(), s.s1Plain(), s.s3Estimate(), s.s3Plain()));
    }
    return md.toString();
  }

  private static String percent(double value) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * value);
  }

  private static void chart(List<Summary> summaries, List<SamplingMethod> designs,
      EvaluationData data, Path file) throws IOException {
    CategoryChart coverage = chart("coverage of 90% intervals, groups >= " + MIN_ITEMS,
        "coverage", Styler.LegendPosition.InsideSE, 340);
    CategoryChart ratio = chart("L2 error / uniform sample mean's", "ratio",
        Styler.LegendPosition.InsideSE, 340);
    // four series a layer: the legend goes below, clear of the bars, in a taller chart
    CategoryChart s1 = chart("S1: top-K precision (higher is better)", "S1",
        Styler.LegendPosition.OutsideS, 480);
    CategoryChart s3 = chart("S3: Jensen-Shannon distance (lower is better)", "S3",
        Styler.LegendPosition.OutsideS, 480);
    double fraction = summaries.isEmpty() ? 0 : summaries.get(0).fraction();
    String grouping = summaries.isEmpty() ? "" : summaries.get(0).grouping();
    for (SamplingMethod design : designs) {
      Predicate<Summary> line = s -> s.design() == design && s.fraction() == fraction
          && s.grouping().equals(grouping);
      List<Summary> mine = summaries.stream().filter(line).toList();
      List<String> layers = mine.stream().map(Summary::layer).toList();
      CategorySeries top = coverage.addSeries(design.methodName(), layers,
          mine.stream().map(s -> Double.isNaN(s.coverage()) ? 0 : s.coverage()).toList());
      top.setFillColor(MethodStyle.of(design).color());
      CategorySeries bottom = ratio.addSeries(design.methodName(), layers,
          mine.stream().map(s -> Double.isNaN(s.ratioToUniform()) ? 0 : s.ratioToUniform())
              .toList());
      bottom.setFillColor(MethodStyle.of(design).color());
      answers(s1, design, layers, mine, Summary::s1Estimate, Summary::s1Plain);
      answers(s3, design, layers, mine, Summary::s3Estimate, Summary::s3Plain);
    }
    ChartFiles.saveFigure(file, "Model-assisted estimates, " + data.storeName() + " ("
        + data.split() + ", " + data.size() + " items), fraction " + fraction + ", groups by "
        + grouping,
        List.of(List.of(coverage, ratio), List.of(s1, s3)));
  }

  /** Adds a design's estimated answers' scores and its plain answers' (paler) to a chart. */
  private static void answers(CategoryChart chart, SamplingMethod design, List<String> layers,
      List<Summary> mine, ToDoubleFunction<Summary> estimate, ToDoubleFunction<Summary> plain) {
    Color color = MethodStyle.of(design).color();
    chart.addSeries(design.methodName() + " estimate", layers, values(mine, estimate))
        .setFillColor(color);
    chart.addSeries(design.methodName() + " plain", layers, values(mine, plain))
        .setFillColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 110));
  }

  private static List<Double> values(List<Summary> summaries, ToDoubleFunction<Summary> value) {
    return summaries.stream().map(s -> {
      double v = value.applyAsDouble(s);
      return Double.isNaN(v) ? 0 : v;
    }).toList();
  }

  private static CategoryChart chart(String title, String yTitle,
      Styler.LegendPosition legend, int height) {
    CategoryChart chart = new CategoryChartBuilder().width(520).height(height).title(title)
        .xAxisTitle("layer").yAxisTitle(yTitle).build();
    ChartStyle.plain(chart.getStyler(), legend);
    chart.getStyler().setYAxisMin(0.0);
    return chart;
  }
}
