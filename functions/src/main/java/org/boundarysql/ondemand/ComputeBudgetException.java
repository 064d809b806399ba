/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.ondemand;

import org.boundarysql.sample.SampleCost;

import java.util.List;
import java.util.Locale;

/**
 * A computation of on-demand rows whose estimated model time (rows over the model's measured
 * items per second on this machine) exceeds the budget of the caller that asked for it;
 * refused before it starts. The message names the estimate and the cheaper ways.
 */
public final class ComputeBudgetException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String store;
  private final double estimateSeconds;

  private ComputeBudgetException(String message, String store, double estimateSeconds) {
    super(message);
    this.store = store;
    this.estimateSeconds = estimateSeconds;
  }

  /** Throws if computing {@code rows} rows at {@code throughput} exceeds the budget. */
  static void check(String store, List<String> layers, int rows, Throughput throughput,
      double budgetSeconds) {
    double estimate = throughput.seconds(rows);
    if (!(estimate > budgetSeconds)) {
      return;
    }
    String message = String.format(Locale.ROOT, "computing %s of store %s for %,d items would"
        + " take about %s (the model runs at %,.0f items/s on this machine), over the budget"
        + " of %s; read fewer items: a sample (TABLESAMPLE BOUNDARY('maxmargin', 0.05)) or a"
        + " filter on item columns (where label = 3 and not correct), or capture the whole"
        + " layer once with ./boundary capture", String.join(", ", layers), store, rows,
        SampleCost.seconds(estimate), throughput.itemsPerSecond(),
        SampleCost.seconds(budgetSeconds));
    throw new ComputeBudgetException(message, store, estimate);
  }

  /** The store whose rows were refused. */
  public String store() {
    return store;
  }

  /** The estimated seconds of the refused computation. */
  public double estimateSeconds() {
    return estimateSeconds;
  }
}
