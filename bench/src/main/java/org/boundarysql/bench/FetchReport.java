/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.bench;

import org.boundarysql.bench.report.MarkdownTable;

import static org.boundarysql.bench.report.NumberText.format;
import static org.boundarysql.bench.report.NumberText.millis;

/** The report's section on fetching activations remotely, and its goals. */
final class FetchReport {
  /** Flight SQL's goals for a whole layer: this many MB/s, this share of the floor. */
  static final double FLIGHT_GOAL_MB_PER_SECOND = 1000;
  static final double FLIGHT_FLOOR_SHARE_GOAL = 0.5;

  private FetchReport() {
  }

  static void goals(FetchBench.Results results, MarkdownTable table) {
    double floor = results.floor().gigabytesPerSecond() * 1e3;
    StringBuilder speeds = new StringBuilder();
    boolean fast = true;
    boolean nearFloor = true;
    for (FetchBench.Fetch f : results.fetches()) {
      if (f.data().contains("whole")) {
        fast &= f.megabytesPerSecond() >= FLIGHT_GOAL_MB_PER_SECOND;
        nearFloor &= f.megabytesPerSecond() >= FLIGHT_FLOOR_SHARE_GOAL * floor;
        speeds.append(format("%s %.0f MB/s (%.2f of the floor), ", f.client(),
            f.megabytesPerSecond(), f.megabytesPerSecond() / floor));
      }
    }
    String measured = speeds.length() > 2 ? speeds.substring(0, speeds.length() - 2) : "";
    table.row("Flight SQL, a whole layer: ≥ 1 GB/s", measured, Report.yes(fast));
    table.row(format("Flight SQL, a whole layer: ≥ half the loopback floor (%.0f MB/s)", floor),
        measured, Report.yes(nearFloor));
    double avatica = results.firstBatches().get(0).timing().median();
    StringBuilder firsts = new StringBuilder(format("Avatica %s ms", millis(avatica)));
    boolean quicker = true;
    for (FetchBench.Fetch f : results.firstBatches().subList(1,
        results.firstBatches().size())) {
      quicker &= f.timing().median() <= avatica;
      firsts.append(format(", Flight SQL %s %s ms", f.client(), millis(f.timing().median())));
    }
    table.row("Flight SQL: time to the first batch of a small query ≤ Avatica's",
        firsts.toString(), Report.yes(quicker));
  }

  static String section(FetchBench.Results results) {
    StringBuilder md = new StringBuilder();
    double floor = results.floor().gigabytesPerSecond() * 1e3;
    md.append(format("%n## Remote fetch%n%nActivations fetched from the server on loopback, each"
        + " client in a process of its own but Avatica's. The floor: one TCP socket between"
        + " two processes, 4 MB writes from this process to a child JVM that reads and drops"
        + " them, %.0f MB per round: **%.0f MB/s** (median of %d rounds). MB/s counts the"
        + " activations' float32 bytes: medians of the runs, and the fastest run. CPU seconds"
        + " per GB: the client's process (its runs), and the server's (this process, while the"
        + " client ran, warm-up runs included): on a shared machine, what bounds a rate when"
        + " cores are scarce.%n%n",
        results.floor().bytes() / 1e6, floor, results.floor().timing().runs()));
    MarkdownTable table = MarkdownTable.text("protocol", "client", "data").andNumbers("MB",
        "ms (median)", "MB/s", "best MB/s", "of the floor", "client CPU s/GB",
        "server CPU s/GB");
    for (RemoteFetch.Result f : results.avatica()) {
      table.row("Avatica, `" + f.form() + "`", "JDBC, fetch size "
          + (f.fetchSize() == 0 ? "default" : format("%,d", f.fetchSize())),
          results.rows().describe(),
          format("%.1f", f.bytes() / 1e6), millis(f.timing().median()),
          format("%.1f", f.megabytesPerSecond()),
          format("%.1f", f.bytes() / (f.timing().min() * 1e3)),
          format("%.3f", f.megabytesPerSecond() / floor), "", "");
    }
    for (FetchBench.Fetch f : results.fetches()) {
      table.row(f.way(), f.client(), f.data(), format("%.1f", f.bytes() / 1e6),
          millis(f.timing().median()), format("%.0f", f.megabytesPerSecond()),
          format("%.0f", f.bytes() / (f.timing().min() * 1e3)),
          format("%.2f", f.megabytesPerSecond() / floor),
          format("%.2f", f.clientCpuPerGigabyte()), format("%.2f", f.serverCpuPerGigabyte()));
    }
    md.append(table);
    if (results.python() != null) {
      md.append("\nPython: not measured, ").append(results.python()).append(".\n");
    }
    md.append("\nTime to the first batch (Flight SQL) or row (Avatica) of a small query (the"
        + " misclassified items of one class in a 5% MaxMargin sample of the latent layer),"
        + " from the request on, warm: ms (median).\n\n");
    MarkdownTable first = MarkdownTable.text("protocol", "client").andNumbers("ms (median)",
        "runs");
    for (FetchBench.Fetch f : results.firstBatches()) {
      first.row(f.way(), f.client(), millis(f.timing().median()), f.timing().runs());
    }
    md.append(first);
    md.append("\nThe server's memory while the Java client read a layer whole: anonymous resident"
        + " memory (heap and direct buffers; the layer's mapped pages are the page cache's)"
        + " and heap in use before and at most during the fetch (garbage included), and the"
        + " most Arrow memory the server held at once since it started (the batches in"
        + " flight).\n\n");
    MarkdownTable memory = MarkdownTable.text("layer").andNumbers("MB of activations",
        "anonymous MB before", "at most", "heap MB before", "at most", "Arrow MB at most");
    for (FetchBench.Memory m : results.memory()) {
      memory.row("`" + m.layer() + "`", format("%.0f", m.layerBytes() / 1e6),
          format("%.0f", m.anonymousBefore() / 1e6), format("%.0f", m.anonymousPeak() / 1e6),
          format("%.0f", m.heapBefore() / 1e6), format("%.0f", m.heapPeak() / 1e6),
          format("%.1f", m.arrowPeak() / 1e6));
    }
    md.append(memory);
    return md.toString();
  }
}
