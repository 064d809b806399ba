/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.bench;

import org.boundarysql.bench.report.MarkdownTable;
import org.boundarysql.store.Layer;
import org.boundarysql.store.Store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import static java.lang.String.format;

/**
 * The cost of the model-assisted estimates: per layer other than the latent layer and the
 * logits, {@code AVG_ACTIVATION_ESTIMATE} by label against the plain {@code AVG_ACTIVATION} on
 * the same {@code margin_stratified} 5% sample, prepared on the embedded connection, timed in
 * turns. The estimate's query also reads the population's rows and fits one regression per
 * group; the population's auxiliary moments, computed by a warm-up run, are found again.
 */
final class EstimateBench {
  /** The goal: the estimate's query time over the plain aggregate's. */
  static final double RATIO_GOAL = 2;
  static final String SAMPLE = "tablesample boundary('margin_stratified', 0.05) repeatable(0)";

  /** One layer's medians, in milliseconds. */
  record LayerTiming(String layer, int width, double plain, double estimate) { }

  /** The step's result: the store and split measured and each layer's timings. */
  record Result(String store, String split, List<LayerTiming> layers) { }

  private EstimateBench() {
  }

  static Result run(Store store, BenchRoles roles, Connection embedded, Timing.Budget budget,
      Progress progress) throws Exception {
    List<LayerTiming> layers = new ArrayList<>();
    for (Layer layer : store.layers()) {
      String name = layer.name();
      if (name.equals(roles.latent()) || name.equals(roles.logits())) {
        continue;
      }
      try (PreparedStatement plain = embedded.prepareStatement(query(store, roles, name,
               "avg_activation"));
           PreparedStatement estimate = embedded.prepareStatement(query(store, roles, name,
               "avg_activation_estimate"))) {
        List<Timing> timings = Timing.interleaved(List.of(() -> drain(plain),
            () -> drain(estimate)), budget);
        layers.add(new LayerTiming(name, layer.width(), timings.get(0).median(),
            timings.get(1).median()));
        progress.say("estimates %s: AVG_ACTIVATION %.1f ms, AVG_ACTIVATION_ESTIMATE %.1f ms"
            + " (%.2f×)", name, timings.get(0).median(), timings.get(1).median(),
            timings.get(1).median() / timings.get(0).median());
      }
    }
    return new Result(store.name(), roles.split(), layers);
  }

  static String query(Store store, BenchRoles roles, String layer, String function) {
    return "select label, " + function + "(activation) from " + store.name() + "." + layer
        + " " + SAMPLE + " where split = '" + roles.split() + "' group by label";
  }

  /** Runs a query and reads every value, so that no work is skipped. */
  private static long drain(PreparedStatement statement) throws Exception {
    long values = 0;
    try (ResultSet r = statement.executeQuery()) {
      while (r.next()) {
        values += r.getArray(2).getArray() == null ? 0 : 1;
      }
    }
    return values;
  }

  /** The report's line in the goals table. */
  static void goal(Result result, MarkdownTable table) {
    StringBuilder ratios = new StringBuilder();
    boolean met = true;
    for (LayerTiming layer : result.layers()) {
      double ratio = layer.estimate() / layer.plain();
      met &= ratio <= RATIO_GOAL;
      ratios.append(format("%s %.2f×, ", layer.layer(), ratio));
    }
    String text = ratios.toString();
    table.row("AVG_ACTIVATION_ESTIMATE / AVG_ACTIVATION on the same margin_stratified 5% sample"
        + " ≤ 2", text.substring(0, Math.max(0, text.length() - 2)), met ? "yes" : "no");
  }

  /** The report's section. */
  static void section(Result r, StringBuilder md) {
    md.append("\n## Model-assisted estimates\n\n").append(format("`%s` by label, split `%s`,"
        + " on the embedded connection, prepared, timed in turns (median):"
        + " `AVG_ACTIVATION_ESTIMATE(activation)` against `AVG_ACTIVATION(activation)`, both"
        + " `%s`. The estimate also reads the population's rows (every item of each group)"
        + " and fits a ridge regression per group; the moments of the population's"
        + " auxiliaries (latent layer and logits) are computed by the first run, a warm-up,"
        + " and kept for the next.%n%n", r.store(),
        r.split(), SAMPLE));
    MarkdownTable table = MarkdownTable.text("layer").andNumbers("width", "AVG_ACTIVATION ms",
        "AVG_ACTIVATION_ESTIMATE ms", "estimate / plain");
    for (LayerTiming layer : r.layers()) {
      table.row(layer.layer(), format("%,d", layer.width()), format("%.1f", layer.plain()),
          format("%.1f", layer.estimate()), format("%.2f×", layer.estimate() / layer.plain()));
    }
    md.append(table);
  }
}
