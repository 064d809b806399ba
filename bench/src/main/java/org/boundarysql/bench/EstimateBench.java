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
 * logits, {@code AVG_ACTIVATION_ESTIMATE} (and {@code AVG_ACTIVATION_HIGH}, which needs the
 * residuals) by label against the plain {@code AVG_ACTIVATION} on the same
 * {@code margin_stratified} 5% sample, prepared on the embedded connection, timed in turns.
 * The estimate's first run, timed alone, reads the population's rows and chooses λ for the
 * layer (and, for the first layer, fits each group's basis); the next runs find them kept.
 */
final class EstimateBench {
  /** The goal: the estimate's query time over the plain aggregate's. */
  static final double RATIO_GOAL = 2;
  static final String SAMPLE = "tablesample boundary('margin_stratified', 0.05) repeatable(0)";

  /** One layer's medians, in milliseconds. */
  record LayerTiming(String layer, int width, double plain, double estimate, double first,
      double high) { }

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
               "avg_activation_estimate"));
           PreparedStatement high = embedded.prepareStatement(query(store, roles, name,
               "avg_activation_high"))) {
        drain(plain); // the sample, drawn or read from the sample cache
        long start = System.nanoTime();
        drain(estimate);
        double first = (System.nanoTime() - start) / 1e6;
        List<Timing> timings = Timing.interleaved(List.of(() -> drain(plain),
            () -> drain(estimate), () -> drain(high)), budget);
        layers.add(new LayerTiming(name, layer.width(), timings.get(0).median(),
            timings.get(1).median(), first, timings.get(2).median()));
        progress.say("estimates %s: AVG_ACTIVATION %.1f ms, AVG_ACTIVATION_ESTIMATE %.1f ms"
            + " (%.2f×; first run %.1f ms), AVG_ACTIVATION_HIGH %.1f ms", name,
            timings.get(0).median(), timings.get(1).median(),
            timings.get(1).median() / timings.get(0).median(), first, timings.get(2).median());
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
        + " `%s`, and `AVG_ACTIVATION_HIGH(activation)` (the interval: residuals and"
        + " variance). The estimate's first run, timed alone after the plain query's, reads"
        + " the population's rows (every item of each group: its count and the moments of"
        + " its latent layer and logits) and chooses the penalty λ for the layer by GCV; the"
        + " first layer's also fits each group's basis (the decomposition of its sampled"
        + " items' auxiliaries), which the next layers' share (same sample, same groups). The"
        + " timed runs find them kept, and the scan computes the estimate as one weighted"
        + " pass over the sampled rows, as it computes the plain mean.%n%n", r.store(),
        r.split(), SAMPLE));
    MarkdownTable table = MarkdownTable.text("layer").andNumbers("width", "AVG_ACTIVATION ms",
        "AVG_ACTIVATION_ESTIMATE ms", "estimate / plain", "estimate's first run ms",
        "first run / plain", "AVG_ACTIVATION_HIGH ms", "high / plain");
    for (LayerTiming layer : r.layers()) {
      table.row(layer.layer(), format("%,d", layer.width()), format("%.1f", layer.plain()),
          format("%.1f", layer.estimate()), format("%.2f×", layer.estimate() / layer.plain()),
          format("%.1f", layer.first()), format("%.2f×", layer.first() / layer.plain()),
          format("%.1f", layer.high()), format("%.2f×", layer.high() / layer.plain()));
    }
    md.append(table);
  }
}
