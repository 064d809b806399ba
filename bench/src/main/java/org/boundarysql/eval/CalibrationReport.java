/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.eval;

import org.boundarysql.bench.report.MarkdownTable;
import org.boundarysql.estimate.BootstrapError;
import org.boundarysql.estimate.EstimateBasis;
import org.boundarysql.sample.SamplingMethod;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

import static org.boundarysql.bench.report.NumberText.format;
import static org.boundarysql.bench.report.NumberText.percent;

/**
 * Writes the calibration: {@code calibration.csv} (one line per method, fraction and query
 * set), {@code calibration.md} (the same as tables, and coverage by the group's sampled items)
 * and {@code calibration.png} ({@link CalibrationChart}).
 */
final class CalibrationReport {
  static final String CSV = "calibration.csv";
  static final String MARKDOWN = "calibration.md";
  static final String CHART = "calibration.png";

  /** Bands of a group's sampled items, for coverage by size: [low, high). */
  private static final int[][] SIZES = {{5, 10}, {10, 30}, {30, 100}, {100, Integer.MAX_VALUE}};

  private final EvaluationOptions options;
  private final EvaluationData data;
  private final List<CalibrationPoint> points;
  private final List<CalibrationSummary> summaries = new ArrayList<>();

  private CalibrationReport(EvaluationOptions options, EvaluationData data,
      List<CalibrationPoint> points) {
    this.options = options;
    this.data = data;
    this.points = points;
    for (SamplingMethod method : options.methods()) {
      for (double fraction : options.fractions()) {
        for (CalibrationQuery query : CalibrationQuery.values()) {
          summaries.add(CalibrationSummary.of(method, fraction, query, points.stream()
              .filter(p -> p.method() == method && p.fraction() == fraction
                  && p.query() == query).toList()));
        }
      }
    }
  }

  /** Writes the three files into {@code dir}. */
  static void write(EvaluationOptions options, EvaluationData data,
      List<CalibrationPoint> points, String command, Path dir) throws IOException {
    CalibrationReport report = new CalibrationReport(options, data, points);
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(CSV), report.csv());
    Files.writeString(dir.resolve(MARKDOWN), report.markdown(command));
    CalibrationChart.write(report.summaries, options, data.storeName() + " ("
        + data.split() + ", " + data.size() + " items)", dir.resolve(CHART));
  }

  private String csv() {
    StringBuilder csv = new StringBuilder("method,sql_estimate,fraction,query,groups,exact,"
        + "bootstrapped,coverage,spearman,mean_expected,mean_true\n");
    for (CalibrationSummary s : summaries) {
      csv.append(String.join(",", s.method().methodName(), s.given() ? "bootstrap" : "none",
          String.valueOf(s.fraction()), s.query().name(), String.valueOf(s.groups()),
          String.valueOf(s.exact()), String.valueOf(s.bootstrapped()), number(s.coverage()),
          number(s.spearman()), number(s.meanExpected()), number(s.meanTruth()))).append('\n');
    }
    return csv.toString();
  }

  private String markdown(String command) {
    StringBuilder md = new StringBuilder();
    md.append("# Calibration of the error estimates: ").append(data.storeName()).append(" (")
        .append(data.split()).append(", ").append(data.size()).append(" items)\n\n")
        .append("Command: `").append(command).append("`\n\n")
        .append("Every (layer, class, correct/incorrect) combination a sample covers is a group"
            + " of a sampled `GROUP BY`; its estimate is the one the `_ERROR` aggregates compute"
            + " (pseudo-population bootstrap, ").append(BootstrapError.RESAMPLES)
        .append(" resamples, interval at ").append(percent(BootstrapError.LEVEL))
        .append("), its true error the metric against the full data (S1 top-")
        .append(options.k()).append(" precision, S2 cosine distance, S3 Jensen-Shannon"
            + " distance). *Exact*: groups the sample holds whole (SQL says `exact`, error 0)."
            + " *Bootstrapped*: the others with at least ").append(EstimateBasis.MIN_ITEMS)
        .append(" items. Coverage: share of bootstrapped groups whose interval holds the true"
            + " error, against the nominal level in the column's name (S3 states only an upper"
            + " bound: its interval runs from 0, one-sided). rho:"
            + " Spearman correlation of the expected and the true error over them (samples of"
            + " every seed pooled). For methods whose SQL estimate is `none` the bootstrap is"
            + " computed here anyway, as if the sample were random within the group, to show"
            + " what it would claim.\n\n![calibration](").append(CHART).append(")\n\n");
    MarkdownTable table = MarkdownTable.text("method", "SQL gives").andNumbers("fraction",
        "groups", "exact", "bootstrapped");
    for (CalibrationQuery query : CalibrationQuery.values()) {
      table.andNumbers(query + " coverage (" + percent(query.level()) + ")", query + " rho",
          query + " expected / true");
    }
    for (SamplingMethod method : options.methods()) {
      for (double fraction : options.fractions()) {
        List<CalibrationSummary> row = summaries.stream()
            .filter(s -> s.method() == method && s.fraction() == fraction).toList();
        CalibrationSummary first = row.get(0);
        List<Object> cells = new ArrayList<>(List.of("`" + method + "`",
            first.given() ? "bootstrap" : "none", percent(fraction), first.groups(),
            first.exact(), first.bootstrapped()));
        for (CalibrationSummary s : row) {
          cells.add(number(s.coverage()));
          cells.add(number(s.spearman()));
          cells.add(number(s.meanExpected()) + " / " + number(s.meanTruth()));
        }
        table.row(cells.toArray());
      }
    }
    md.append("## By method and fraction\n\n").append(table).append('\n');
    md.append("## Coverage by the group's sampled items\n\nBootstrapped groups of the methods"
        + " SQL gives a bootstrap for, every fraction pooled (groups, then coverage of S1, S2,"
        + " S3).\n\n");
    MarkdownTable bySize = MarkdownTable.text("method", "sampled items").andNumbers("groups");
    for (CalibrationQuery query : CalibrationQuery.values()) {
      bySize.andNumbers(query + " coverage (" + percent(query.level()) + ")");
    }
    for (SamplingMethod method : options.methods()) {
      if (!EstimateBasis.randomWithinGroups(method.methodName())) {
        continue;
      }
      for (int[] band : SIZES) {
        IntPredicate inBand = n -> n >= band[0] && n < band[1];
        List<CalibrationPoint> in = points.stream().filter(p -> p.method() == method
            && CalibrationSummary.bootstrapped(p) && inBand.test(p.sampled())).toList();
        List<Object> cells = new ArrayList<>(List.of("`" + method + "`",
            band[1] == Integer.MAX_VALUE ? band[0] + "+" : band[0] + "-" + (band[1] - 1),
            in.size() / CalibrationQuery.values().length));
        for (CalibrationQuery query : CalibrationQuery.values()) {
          cells.add(number(CalibrationSummary.coverage(in.stream()
              .filter(p -> p.query() == query).toList())));
        }
        bySize.row(cells.toArray());
      }
    }
    md.append(bySize).append('\n');
    md.append("## Coverage by layer\n\nBootstrapped groups of the methods SQL gives a bootstrap"
        + " for, every fraction pooled: coverage, then the shares of true errors below and"
        + " above the interval.\n\n");
    MarkdownTable byLayer = MarkdownTable.text("layer").andNumbers("neurons", "groups");
    for (CalibrationQuery query : CalibrationQuery.values()) {
      byLayer.andNumbers(query + " coverage (" + percent(query.level()) + ")",
          query + " below / above");
    }
    for (String layer : data.layers().keySet()) {
      List<CalibrationPoint> in = points.stream().filter(p -> p.combination().layer()
          .equals(layer) && EstimateBasis.randomWithinGroups(p.method().methodName())
          && CalibrationSummary.bootstrapped(p)).toList();
      List<Object> cells = new ArrayList<>(List.of(layer, data.layers().get(layer).width(),
          in.size() / CalibrationQuery.values().length));
      for (CalibrationQuery query : CalibrationQuery.values()) {
        List<CalibrationPoint> q = in.stream().filter(p -> p.query() == query).toList();
        cells.add(number(CalibrationSummary.coverage(q)));
        cells.add(number(share(q, p -> p.truth() < p.estimate().low())) + " / "
            + number(share(q, p -> p.truth() > p.estimate().high())));
      }
      byLayer.row(cells.toArray());
    }
    return md.append(byLayer).toString();
  }

  private static double share(List<CalibrationPoint> points, Predicate<CalibrationPoint> test) {
    return points.stream().mapToDouble(p -> test.test(p) ? 1 : 0).average()
        .orElse(Double.NaN);
  }

  private static String number(double value) {
    return Double.isNaN(value) ? "" : format("%.3f", value);
  }
}
