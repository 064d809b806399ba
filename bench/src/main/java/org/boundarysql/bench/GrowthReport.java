/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.bench;

import org.boundarysql.bench.report.MarkdownTable;
import org.boundarysql.sample.SampleCost;
import org.boundarysql.sample.SamplingMethod;

import java.util.List;

import static org.boundarysql.bench.report.NumberText.format;
import static org.boundarysql.bench.report.NumberText.millis;

/** The report's sections, goals and CSV rows of the growth curve and the disk scan. */
final class GrowthReport {
  /** At least this many times faster than Spark local[2] at sampling. */
  static final double SPARK_GOAL = 5;
  /** Estimates within this factor of the measured creation time. */
  static final double ESTIMATE_GOAL = 2;
  /** Opening a store after the first time, seconds. */
  static final double OPEN_GOAL_SECONDS = 5;
  /** The full-layer aggregate against the streaming read of a file larger than memory. */
  static final double DISK_GOAL = 1.5;

  private GrowthReport() {
  }

  static void goals(MarkdownTable table, List<Growth.Point> points, DiskScan.Result disk) {
    if (!points.isEmpty()) {
      StringBuilder open = new StringBuilder();
      boolean openMet = true;
      StringBuilder spark = new StringBuilder();
      boolean sparkMet = true;
      StringBuilder estimates = new StringBuilder();
      boolean estimatesMet = true;
      for (Growth.Point point : points) {
        open.append(format("%s %.2f s, ", point.store(), point.openSeconds()));
        openMet &= point.openSeconds() <= OPEN_GOAL_SECONDS;
        for (Growth.Creation c : point.creations()) {
          if (c.problem() != null) {
            continue;
          }
          double ratio = c.millis() / 1000 / c.estimateSeconds();
          if (ratio > ESTIMATE_GOAL || ratio < 1 / ESTIMATE_GOAL) {
            estimatesMet = false;
            estimates.append(format("%s %s %.2f×, ", point.store(), c.method(), ratio));
          }
          SparkRuns.Sampling s = sparkSampling(point, c.method());
          if (s != null && s.problem() == null) {
            double speedup = s.seconds() * 1000 / c.millis();
            sparkMet &= speedup >= SPARK_GOAL;
            spark.append(format("%s %s %.1f×, ", point.store(), c.method(), speedup));
          }
        }
      }
      table.row("opening a growth store again (items cache mapped) ≤ 5 s", trim(open),
          yes(openMet));
      table.row("5% sample ≥ 5× faster than Spark local[2] (Spark time / in-process time)",
          spark.length() == 0 ? "Spark not run" : trim(spark), spark.length() == 0 ? "—"
              : yes(sparkMet));
      table.row("sample cost estimate within 2× of the measured creation time",
          estimatesMet ? "all within" : "outside: " + trim(estimates), yes(estimatesMet));
    }
    if (disk != null) {
      double ratio = best(disk, "SQL aggregate") / best(disk, "direct I/O (the floor)");
      table.row(format("layer of %.1f GB (larger than memory): full-layer aggregate / streaming"
          + " read ≤ 1.5", disk.bytes() / 1e9), format("%.2f×", ratio),
          yes(ratio <= DISK_GOAL));
    }
  }

  static void sections(StringBuilder md, List<Growth.Point> points, DiskScan.Result disk) {
    if (!points.isEmpty()) {
      openings(md, points);
      creations(md, points);
      queries(md, points);
    }
    if (disk != null) {
      disk(md, disk);
    }
  }

  private static void openings(StringBuilder md, List<Growth.Point> points) {
    md.append("\n## Growth\n\nThe source store's items tiled to each size (later copies with"
        + " noise), with three of its layers (the curve's roles: ")
        .append(points.get(0).roles().describe()).append(").\n\n### Opening a store\n\nThe"
        + " first open parses `items.csv` into the items cache; later opens map it.\n\n");
    MarkdownTable table = MarkdownTable.text("store").andNumbers("items", "first open (s)",
        "open again (s)", "heap held by the open store");
    for (Growth.Point p : points) {
      table.row(p.store(), format("%,d", p.items()), format("%.2f", p.firstOpenSeconds()),
          format("%.3f", p.openSeconds()), format("%,d KB", p.openHeapBytes() >> 10));
    }
    md.append(table);
  }

  private static void creations(StringBuilder md, List<Growth.Point> points) {
    md.append("\n### Sample creation\n\nA 5% sample of each method, from the store opened to the"
        + " rows chosen, in a JVM of its own with the heap the run gave it; peak heap: the most"
        + " in use (garbage included, sampled every 2 ms), live: the most still in use after a"
        + " collection. Estimate: `SampleCost`, what the sample budget refuses by. Spark"
        + " local[2]: the sampling call on the Parquet export, without the JVM and session"
        + " start; same items: the hash of its rows against the in-process rows.\n\n");
    MarkdownTable table = MarkdownTable.text("store", "method").andNumbers("in-process",
        "estimate", "measured / estimate", "peak heap", "live heap", "Spark local[2]",
        "Spark / in-process").andText("same items");
    for (Growth.Point p : points) {
      for (Growth.Creation c : p.creations()) {
        SparkRuns.Sampling s = sparkSampling(p, c.method());
        String sparkTime = s == null ? "" : s.problem() != null ? s.problem()
            : format("%.1f s", s.seconds());
        boolean ran = c.problem() == null;
        table.row(p.store(), c.method().methodName(), ran ? seconds(c.millis() / 1000)
            : c.problem(), SampleCost.seconds(c.estimateSeconds()), ran
            ? format("%.2f", c.millis() / 1000 / c.estimateSeconds()) : "",
            ran ? format("%,d MB", c.peakUsed() >> 20) : "",
            ran && c.livePeak() > 0 ? format("%,d MB", c.livePeak() >> 20) : "", sparkTime,
            ran && s != null && s.problem() == null ? format("%.1f×", s.seconds() * 1000
                / c.millis()) : "",
            ran && s != null && s.problem() == null ? (s.hash() == c.hash() ? "yes" : "no") : "");
      }
    }
    md.append(table);
    if (!points.get(0).spark().samplings().isEmpty() || points.stream().anyMatch(p ->
        !Double.isNaN(p.spark().exportSeconds()))) {
      md.append("\nSpark's Parquet export of each store (not part of the sampling times): ");
      for (Growth.Point p : points) {
        md.append(format("%s %s; ", p.store(), Double.isNaN(p.spark().exportSeconds())
            ? p.spark().note() : format("%.0f s", p.spark().exportSeconds())));
      }
      md.append("\n");
    }
  }

  private static void queries(StringBuilder md, List<Growth.Point> points) {
    md.append("\n### Queries\n\nQ1, Q2 and Q4 (see `queries.md`) on the full store and its 5%"
        + " MaxMargin sample: BoundarySQL embedded (prepared, warm median), the Java loop, the"
        + " streaming read of the same bytes (the floor), DuckDB (an in-memory copy, where"
        + " it was loaded) and Spark local[2] over the Parquet export (median of the runs after"
        + " the first), milliseconds.\n\n");
    MarkdownTable table = MarkdownTable.text("store", "query", "data").andNumbers("rows",
        "embedded", "Java loop", "floor", "embedded / floor", "DuckDB", "Spark local[2]");
    for (Growth.Point p : points) {
      for (QueryBench.Result r : p.queries()) {
        SparkRuns.Query spark = p.spark().queries().stream().filter(q -> q.query() == r.query()
            && q.variant().equals(r.variant().name())).findFirst().orElse(null);
        table.row(p.store(), r.query(), r.variant().name(), format("%,d", r.rowsRead()),
            millis(Report.engine(r, Report.EMBEDDED)), millis(r.loop().median()),
            millis(r.floor().median()), format("%.2f", Report.engine(r, Report.EMBEDDED)
                / r.floor().median()), r.engines().containsKey(Report.DUCKDB)
                ? millis(Report.engine(r, Report.DUCKDB)) : "",
            spark == null ? "" : spark.problem() != null ? spark.problem()
                : millis(spark.seconds() * 1000));
      }
    }
    md.append(table);
  }

  private static void disk(StringBuilder md, DiskScan.Result disk) {
    md.append(format("%n## A layer larger than memory%n%nA layer of %.1f GB (%,d rows of %,d"
        + " values, the wide layer tiled) on a machine of %.1f GB; embedded BoundarySQL reads"
        + " it with %s. Each pass reads the whole file; after it, the share of a hot file (the"
        + " source store's wide layer, read just before) still in the page cache. %s.%n%n",
        disk.bytes() / 1e9, disk.rows(), disk.width(), disk.memoryBytes() / 1e9,
        disk.direct() ? "direct I/O" : "the mapping", disk.agreement()));
    MarkdownTable table = MarkdownTable.text("pass").andNumbers("seconds", "GB/s",
        "hot file cached after");
    for (DiskScan.Pass pass : disk.passes()) {
      table.row(pass.what(), format("%.1f", pass.seconds()), format("%.2f",
          pass.gigabytesPerSecond()), format("%.0f%%", 100 * pass.hotCached()));
    }
    md.append(table);
  }

  static void csv(StringBuilder csv, List<Growth.Point> points) {
    for (Growth.Point p : points) {
      for (Growth.Creation c : p.creations()) {
        csv.append(format("growth-creation,%s,%s,5%%,in-process,%.4f,,1,,,%d,%n", p.store(),
            c.method().methodName(), c.millis(), p.items()));
      }
      for (SparkRuns.Sampling s : p.spark().samplings()) {
        csv.append(format("growth-creation,%s,%s,5%%,spark local[2],%.4f,,1,,,%d,%n",
            p.store(), s.method().methodName(), s.seconds() * 1000, p.items()));
      }
      for (SparkRuns.Query q : p.spark().queries()) {
        csv.append(format("growth,%s,%s,%s,spark local[2],%.4f,,2,,,,%n", p.store(),
            q.query(), q.variant(), q.seconds() * 1000));
      }
    }
  }

  static SparkRuns.Sampling sparkSampling(Growth.Point point, SamplingMethod method) {
    return point.spark().samplings().stream().filter(s -> s.method() == method).findFirst()
        .orElse(null);
  }

  private static double best(DiskScan.Result disk, String what) {
    return disk.passes().stream().filter(p -> p.what().contains(what))
        .mapToDouble(DiskScan.Pass::seconds).min().orElse(Double.NaN);
  }

  private static String seconds(double seconds) {
    return seconds < 10 ? format("%.2f s", seconds) : format("%.1f s", seconds);
  }

  private static String yes(boolean met) {
    return met ? "yes" : "**no**";
  }

  private static String trim(StringBuilder text) {
    return text.length() >= 2 ? text.substring(0, text.length() - 2) : text.toString();
  }
}
