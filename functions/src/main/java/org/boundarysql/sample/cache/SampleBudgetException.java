/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sample.cache;

import org.boundarysql.sample.SampleCost;
import org.boundarysql.sample.SampleSpec;
import org.boundarysql.store.Layer;
import org.boundarysql.store.Store;

import java.util.Locale;

/**
 * A sample whose estimated computation ({@link SampleCost}) exceeds the budget of the caller
 * that asked for it; refused before it starts. The message names the estimate and the cheaper
 * ways; the store and spec let the caller add what its user can do instead.
 */
public final class SampleBudgetException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String store;
  private final transient SampleSpec spec;
  private final double estimateSeconds;

  private SampleBudgetException(String message, String store, SampleSpec spec,
      double estimateSeconds) {
    super(message);
    this.store = store;
    this.spec = spec;
    this.estimateSeconds = estimateSeconds;
  }

  /** Throws if sampling {@code store} by {@code spec} would cost more than the budget. */
  static void check(Store store, SampleSpec spec, double budgetSeconds) {
    if (!(budgetSeconds < Double.POSITIVE_INFINITY)) {
      return;
    }
    int width = store.latentLayer().map(Layer::width).orElse(0);
    int classes = store.manifest().classes().size();
    int n = store.items().size();
    double estimate = SampleCost.estimateSeconds(spec.method(), n, width, classes,
        spec.fraction());
    if (estimate <= budgetSeconds) {
      return;
    }
    String message = String.format(Locale.ROOT, "sampling store %s with %s at fraction %s would"
        + " take about %s (%,d items of %d dimensions), over the sample budget of %s; %s",
        store.name(), spec.method().methodName(), spec.fraction(), SampleCost.seconds(estimate),
        n, width, SampleCost.seconds(budgetSeconds),
        SampleCost.cheaper(spec.method(), n, width, classes, spec.fraction(), budgetSeconds));
    throw new SampleBudgetException(message, store.name(), spec, estimate);
  }

  /** The store whose sample was refused. */
  public String store() {
    return store;
  }

  /** The sample refused. */
  public SampleSpec spec() {
    return spec;
  }

  /** The estimated seconds of the refused computation. */
  public double estimateSeconds() {
    return estimateSeconds;
  }
}
