/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.bench;

import org.boundarysql.adapter.BoundaryDriver;
import org.boundarysql.bench.report.MarkdownTable;
import org.boundarysql.capture.OnnxRuntimeFloor;
import org.boundarysql.ondemand.RowCache;
import org.boundarysql.ondemand.Throughput;
import org.boundarysql.store.LayerSpec;
import org.boundarysql.store.Store;
import org.boundarysql.store.StoreDirectory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static org.boundarysql.bench.report.NumberText.bytes;
import static org.boundarysql.bench.report.NumberText.format;
import static org.boundarysql.bench.report.NumberText.millis;

/**
 * Layers computed on demand, measured on the store's on-demand twin ({@code STORE_ondemand}
 * beside it, which {@code ./boundary example} builds): the twin's size against the full store;
 * a 5% MaxMargin query on {@code conv1} the first time (its rows computed) and again (read from
 * the row cache), beside the same query on the full store; and whole layers computed through
 * SQL against ONNX Runtime alone running the same cut model on the same batches.
 */
final class OnDemandBench {
  /** The sampled query, on store {@code S}. */
  static final String SAMPLED = "select label, count(*) as items, avg_activation(activation)"
      + " as mean from S.conv1 tablesample boundary('maxmargin', 0.05) group by label";
  /** Layers computed whole, cheapest model cut first. */
  static final List<String> WHOLE_LAYERS = List.of("conv1", "conv2", "fc1");
  /** Times each whole layer is computed (each time into an empty row cache). */
  static final int WHOLE_RUNS = 3;
  /** The goal: a whole layer through SQL within this factor of ONNX Runtime alone. */
  static final double FLOOR_RATIO_GOAL = 1.2;

  /**
   * A whole layer computed through SQL and by ONNX Runtime alone: seconds of each run, and the
   * batch size each run measured as best and used (both ways).
   */
  record WholeLayer(String layer, int rows, int rowBytes, double[] sqlSeconds,
      double[] floorSeconds, int[] batches) {
    double sql() {
      return median(sqlSeconds);
    }

    double floor() {
      return median(floorSeconds);
    }
  }

  /** What was measured. */
  record Result(String twin, long twinBytes, long fullBytes, int sampleRows,
      double firstSampleMillis, Timing repeatedSample, Timing storedSample, int batch,
      double measuredItemsPerSecond, List<WholeLayer> wholeLayers) { }

  private OnDemandBench() {
  }

  /** Measures the twin of {@code store}, or returns null (saying why) if it has none. */
  static Result run(Store store, Path home, Timing.Budget budget, Progress progress)
      throws Exception {
    Path twinDir = store.directory().resolveSibling(store.name() + "_ondemand");
    if (!Files.isRegularFile(twinDir.resolve("store.json"))) {
      progress.say("no on-demand twin %s: on-demand layers not measured", twinDir);
      return null;
    }
    Path catalog = store.directory().getParent();
    String twin = twinDir.getFileName().toString();
    Path work = home.resolve("bench").resolve("ondemand");
    StoreDirectory.deleteTree(work);
    Path cache = work.resolve("cache-sampled");
    int sampleRows;
    double first;
    Timing repeated;
    Timing stored;
    try (Connection c = connect(catalog, cache)) {
      // the sample and the model's throughput, once, outside the timings
      sampleRows = (int) single(c, "select count(*) from " + twin + ".items tablesample"
          + " boundary('maxmargin', 0.05)");
      single(c, "select count(*) from (select avg_activation(activation) from " + twin
          + ".pool2 where id = 0)");
      first = Timing.once(() -> rows(c, SAMPLED.replace("S.", twin + ".")));
      repeated = Timing.measure(() -> rows(c, SAMPLED.replace("S.", twin + ".")), budget);
      stored = Timing.measure(() -> rows(c, SAMPLED.replace("S.", store.name() + ".")), budget);
    }
    progress.say("on demand: 5%% of %s.conv1 (%,d rows) first %.0f ms, again %.1f ms, stored"
        + " %.1f ms", twin, sampleRows, first, repeated.median(), stored.median());
    Store twinStore = Store.open(twinDir, cache.resolve(twin));
    Throughput measured = RowCache.of(cache, RowCache.defaultBound()).layers(twinStore)
        .throughput();
    int[] all = IntStream.range(0, twinStore.items().size()).toArray();
    List<WholeLayer> whole = new ArrayList<>();
    for (String name : WHOLE_LAYERS) {
      LayerSpec layer = twinStore.manifest().onDemandLayer(name).orElseThrow();
      double[] sql = new double[WHOLE_RUNS];
      double[] floor = new double[WHOLE_RUNS];
      int[] batches = new int[WHOLE_RUNS];
      for (int run = 0; run < WHOLE_RUNS; run++) {
        Path empty = work.resolve("cache-" + name + "-" + run);
        try (Connection c = connect(catalog, empty)) {
          single(c, "select count(*) from (select avg_activation(activation) from " + twin
              + "." + name + " where id = 0)"); // measures the model, opens its session
          sql[run] = Timing.once(() -> rows(c, "select avg_activation(activation) from "
              + twin + "." + name + " where id > 0")) / 1e3;
        }
        // the batch this run measured as best and computed with, for the floor
        batches[run] = RowCache.of(empty, RowCache.defaultBound()).layers(twinStore)
            .throughput().batch();
        StoreDirectory.deleteTree(empty);
        floor[run] = OnnxRuntimeFloor.seconds(twinStore, List.of(layer), batches[run],
            Arrays.copyOfRange(all, 1, all.length));
      }
      WholeLayer result = new WholeLayer(name, all.length - 1, layer.width() * Float.BYTES, sql,
          floor, batches);
      whole.add(result);
      progress.say("on demand: whole %s (%,d rows) through SQL %.2f s, ONNX Runtime alone"
          + " %.2f s (%.2fx)", name, result.rows(), result.sql(), result.floor(),
          result.sql() / result.floor());
    }
    return new Result(twin, StoreDirectory.bytes(twinDir),
        StoreDirectory.bytes(store.directory()), sampleRows, first, repeated, stored,
        measured.batch(), measured.itemsPerSecond(), whole);
  }

  /** The goal row: whole layers through SQL within 1.2 times ONNX Runtime alone. */
  static void goal(Result result, MarkdownTable table) {
    StringBuilder ratios = new StringBuilder();
    boolean met = true;
    for (WholeLayer layer : result.wholeLayers()) {
      double ratio = layer.sql() / layer.floor();
      met &= ratio <= FLOOR_RATIO_GOAL;
      ratios.append(format("%s %.2f×, ", layer.layer(), ratio));
    }
    String text = ratios.toString();
    table.row("on demand: a whole layer computed through SQL / ONNX Runtime alone on the same"
        + " batches ≤ 1.2", text.substring(0, Math.max(0, text.length() - 2)),
        met ? "yes" : "no");
  }

  /** The report's section. */
  static void section(Result r, StringBuilder md) {
    md.append("\n## Layers computed on demand\n\nThe on-demand twin `").append(r.twin())
        .append("` keeps the model, the inputs (uint8) and every item's latent layer and logits;"
        + " its other layers are computed by ONNX Runtime when a query reads them, and kept in"
        + " the row cache.\n\n");
    MarkdownTable sizes = MarkdownTable.text("store").andNumbers("bytes", "share of full");
    sizes.row("full store", bytes(r.fullBytes()), "100%");
    sizes.row(r.twin(), bytes(r.twinBytes()), format("%.1f%%",
        100.0 * r.twinBytes() / r.fullBytes()));
    md.append(sizes).append("\n");
    md.append(format("`%s` (%,d sampled rows of `conv1`): the first time %s ms (its rows"
        + " computed), again %s ms (read from the row cache), on the full store %s ms (stored"
        + " rows).%n%n", SAMPLED.replace("S.", r.twin() + "."), r.sampleRows(),
        millis(r.firstSampleMillis()), millis(r.repeatedSample().median()),
        millis(r.storedSample().median())));
    md.append(format("Whole layers (every item but the one a first query computed, which"
        + " measured the model and opened its session) computed through SQL"
        + " (`select avg_activation(activation) from %s.LAYER where id > 0`, into an empty row"
        + " cache each time, median of %d) against ONNX Runtime alone running the same cut"
        + " model on the same batches (the size that run measured as best; inputs made"
        + " beforehand, outputs written nowhere). In the first cache the model was measured at"
        + " %,.0f items/s at batch %d for every on-demand layer at once.%n%n", r.twin(),
        WHOLE_RUNS, r.measuredItemsPerSecond(), r.batch()));
    MarkdownTable whole = MarkdownTable.text("layer").andNumbers("rows", "bytes per row",
        "batches", "SQL s", "ONNX Runtime alone s", "SQL / alone", "items/s through SQL");
    for (WholeLayer layer : r.wholeLayers()) {
      whole.row(layer.layer(), format("%,d", layer.rows()), format("%,d", layer.rowBytes()),
          Arrays.toString(layer.batches()), format("%.2f", layer.sql()),
          format("%.2f", layer.floor()), format("%.2f×", layer.sql() / layer.floor()),
          format("%,.0f", layer.rows() / layer.sql()));
    }
    md.append(whole);
  }

  static Connection connect(Path catalog, Path cache) throws Exception {
    return DriverManager.getConnection(BoundaryDriver.PREFIX + "catalog=" + catalog + ";cache="
        + cache);
  }

  private static long single(Connection c, String sql) throws Exception {
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }

  /** Runs a query and reads every value; returns the row count. */
  static int rows(Connection c, String sql) throws Exception {
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      int rows = 0;
      int columns = r.getMetaData().getColumnCount();
      while (r.next()) {
        for (int i = 1; i <= columns; i++) {
          r.getObject(i);
        }
        rows++;
      }
      return rows;
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
