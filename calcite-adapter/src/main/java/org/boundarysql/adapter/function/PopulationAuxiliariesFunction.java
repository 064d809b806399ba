/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter.function;

import org.boundarysql.store.ActivationRow;

import java.util.Arrays;
import java.util.List;

/**
 * The population side of the model-assisted estimates, which the planner rule computes per
 * group over the population's rows: the mean and standard deviation of the auxiliaries of the
 * group's items, as {@code [mean..., sd...]} ({@link PopulationMoments}, which keeps those of
 * the groups computed last); empty if an item of the group cannot be read (an activation not
 * stored in the estimate's store, such as the placeholder of a sampled store's missing layer),
 * not null, since Calcite skips the rows of an aggregate whose argument is null. An item
 * appearing in several rows counts once per row, as the group does.
 */
public final class PopulationAuxiliariesFunction {
  /** The SQL name the rule gives this aggregate. */
  public static final String NAME = "POPULATION_AUXILIARIES";

  /** State of one group: the rows of its items. */
  public static final class Moments {
    private EstimateSource source;
    private int[] rows = new int[64];
    private int items;
    private boolean unreadable;
  }

  public Moments init() {
    return new Moments();
  }

  public Moments add(Moments moments, List<?> activation, String source) {
    if (moments.source == null) {
      moments.source = EstimateSource.lookup(source).population();
    }
    if (activation == null || moments.unreadable) {
      return moments;
    }
    if (!moments.source.holds(activation)) {
      moments.unreadable = true;
      return moments;
    }
    if (moments.items == moments.rows.length) {
      moments.rows = Arrays.copyOf(moments.rows, 2 * moments.items);
    }
    moments.rows[moments.items++] = ((ActivationRow) activation).rowIndex();
    return moments;
  }

  public List<Double> result(Moments moments) {
    if (moments.unreadable || moments.items == 0) {
      return List.of();
    }
    return Activations.list(PopulationMoments.of(moments.source, moments.rows, moments.items));
  }
}
