/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter.function;

import org.boundarysql.estimate.ModelAssistedMean;
import org.boundarysql.kernel.Lanes;
import org.boundarysql.store.ActivationRow;
import org.boundarysql.store.Layer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * State of one group of a model-assisted estimate: the sampled rows' targets and items, the
 * population's auxiliary means and spreads, and the group's population; at the end, the
 * {@link ModelAssistedMean} of the targets on the group's {@link EstimateBases basis} (the
 * sampled items' auxiliaries, strata and inclusion probabilities), or its exact mean if the
 * query read every item of the group, or nothing (with the reason) if no honest estimate
 * exists.
 */
public final class EstimatedGroup {
  private final String function;
  private EstimateSource source;
  private long population;
  private List<?> populationAuxiliaries;
  private String reason;
  private final List<float[]> targets = new ArrayList<>();
  /** The sampled rows' items, and their positions in the draw, in the order of the rows. */
  private final List<Integer> items = new ArrayList<>();
  private final List<Integer> draws = new ArrayList<>();
  /** The sum of the rows' targets, and their number. */
  private double[] sum;
  private long rows;
  private float[] row;
  /** What the rows' values are, and of which layer (null: several). */
  private Target target;
  private Layer rowsLayer;
  /** The layer of the last row found in the source's store. */
  private Layer heldLayer;
  /** The rows' positions sorted by item, once asked for. */
  private Integer[] order;
  /** The function's own argument (a level, a k), the same for every row. */
  private double parameter;

  EstimatedGroup(String function) {
    this.function = function;
  }

  /**
   * Adds a row: its activation (null is skipped), which {@code target} turns into the values
   * estimated, and the hidden arguments the planner rule passes.
   */
  EstimatedGroup add(List<?> activation, Target target, long population, String source,
      List<?> populationAuxiliaries) {
    this.populationAuxiliaries = populationAuxiliaries;
    if (activation == null) {
      return this;
    }
    add(population, source);
    row = Activations.read(function, activation, row);
    float[] values = target.values(row);
    if (sum == null) {
      sum = new double[values.length];
    } else if (sum.length != values.length) {
      throw new IllegalArgumentException(function + ": the group's arrays have "
          + sum.length + " and " + values.length + " elements");
    }
    Lanes.addTo(sum, values);
    this.target = target;
    if (reason != null || this.source.reason() != null || this.source.isExact()) {
      return this;
    }
    targets.add(values == row ? row.clone() : values);
    // the store's layers are looked through once per layer met, not per row
    if (!(activation instanceof ActivationRow stored) || stored.layer() != heldLayer
        && !this.source.holds(activation)) {
      reason = "an activation that is not a stored row of the sampled store";
      return this;
    }
    if (heldLayer == null && items.isEmpty()) {
      rowsLayer = stored.layer();
    } else if (rowsLayer != stored.layer()) {
      rowsLayer = null; // rows of several layers: the targets have no name to keep λ by
    }
    heldLayer = stored.layer();
    int item = stored.rowIndex();
    int drawn = this.source.drawn(item);
    if (drawn < 0) {
      reason = "a row whose item is not in the sample";
      return this;
    }
    items.add(item);
    draws.add(drawn);
    return this;
  }

  /** Sets the function's own argument and returns this group. */
  EstimatedGroup with(double parameter) {
    this.parameter = parameter;
    return this;
  }

  double parameter() {
    return parameter;
  }

  /** Adds a row of a group of {@code population} items, for {@link #basis()}. */
  EstimatedGroup add(long population, String source) {
    if (this.source == null) {
      this.source = EstimateSource.lookup(source);
      this.population = population;
    }
    rows++;
    return this;
  }

  /**
   * What the group's estimate rests on: {@code model_assisted}, {@code exact}, or
   * {@code none: } and the reason; null for a group without rows.
   */
  String basis() {
    if (source == null) {
      return null;
    }
    String why = reason();
    return why != null ? "none: " + why
        : source.isExact() || rows == population ? EstimateSource.EXACT
        : source.modelAssisted();
  }

  /** What a row's activation gives the values whose group mean is estimated. */
  enum Target {
    /** The activation itself (the buffer the next row overwrites). */
    ACTIVATION {
      @Override float[] values(float[] activation) {
        return activation;
      }
    },
    /** The indicator of the largest neuron (ties to the lower index), an array of its own. */
    ARGMAX {
      @Override float[] values(float[] activation) {
        int best = 0;
        for (int c = 1; c < activation.length; c++) {
          if (activation[c] > activation[best]) {
            best = c;
          }
        }
        float[] values = new float[activation.length];
        values[best] = 1;
        return values;
      }
    };

    abstract float[] values(float[] activation);
  }

  /**
   * The targets of a group's rows: a layer's (by identity: its rows' values are the same
   * whenever they are read) and what the function estimates of them.
   */
  private record Targets(Layer layer, Target target) {
    @Override public boolean equals(Object o) {
      return o instanceof Targets t && t.layer == layer && t.target == target;
    }

    @Override public int hashCode() {
      return 31 * System.identityHashCode(layer) + target.hashCode();
    }
  }

  /** Why the group gets no estimate, or null if it gets one (or has no row). */
  String reason() {
    if (source == null) {
      return null;
    }
    if (source.reason() != null) {
      return source.reason();
    }
    if (source.isExact() || rows == population) {
      return null;
    }
    if (reason == null && repeatsAnItem()) {
      reason = "an item in several rows of the group";
    }
    if (reason != null) {
      return "the group's rows include " + reason;
    }
    if (rows < EstimateSource.MIN_ITEMS) {
      return "the sample holds " + rows + " of the group's items, fewer than "
          + EstimateSource.MIN_ITEMS;
    }
    return null;
  }

  /**
   * The group's estimate of its mean: the model-assisted one without its standard errors (one
   * pass over the sampled rows once the group's {@link EstimateBases basis} is known), or its
   * exact mean if every item of the group was read; null without rows or an honest estimate.
   */
  double[] mean() {
    if (source == null || rows == 0 || reason() != null) {
      return null;
    }
    if (source.isExact() || rows == population) {
      return exactMean();
    }
    ModelAssistedMean.Basis basis = fitBasis();
    if (basis == null) {
      return null;
    }
    float[][] y = sortedTargets();
    return basis.mean(y, penalty(basis, y));
  }

  /**
   * The group's estimate and its standard errors: the model-assisted one, or the exact mean
   * with a zero standard error if every item of the group was read; null without rows or an
   * honest estimate.
   */
  ModelAssistedMean.Estimate estimate() {
    if (source == null || rows == 0 || reason() != null) {
      return null;
    }
    if (source.isExact() || rows == population) {
      double[] mean = exactMean();
      return new ModelAssistedMean.Estimate(mean, new double[mean.length], 0, (int) rows);
    }
    ModelAssistedMean.Basis basis = fitBasis();
    if (basis == null) {
      return null;
    }
    float[][] y = sortedTargets();
    return basis.estimate(y, penalty(basis, y));
  }

  private double[] exactMean() {
    double[] mean = new double[sum.length];
    for (int c = 0; c < mean.length; c++) {
      mean[c] = sum[c] / rows;
    }
    return mean;
  }

  /**
   * GCV's λ for the group's targets, found again when the basis has chosen it for the same
   * layer's rows and target (another function of the same query, or the query run again).
   */
  private double penalty(ModelAssistedMean.Basis basis, float[][] y) {
    return rowsLayer == null ? basis.penalty(y)
        : basis.penalty(y, targetsName(rowsLayer, target));
  }

  /** The name a basis keeps GCV's λ under for what {@code target} makes of a layer's rows. */
  static Object targetsName(Layer layer, Target target) {
    return new Targets(layer, target);
  }

  /** Whether an item is in several of the group's rows (a join that multiplies rows). */
  private boolean repeatsAnItem() {
    Integer[] sorted = byItem();
    for (int i = 1; i < sorted.length; i++) {
      if (items.get(sorted[i]).equals(items.get(sorted[i - 1]))) {
        return true;
      }
    }
    return false;
  }

  /** The sampled rows' positions in the order of their items, the order of the basis. */
  private Integer[] byItem() {
    if (order == null) {
      order = new Integer[items.size()];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      Arrays.sort(order, Comparator.comparingInt(items::get));
    }
    return order;
  }

  private float[][] sortedTargets() {
    Integer[] sorted = byItem();
    float[][] y = new float[sorted.length][];
    for (int i = 0; i < y.length; i++) {
      y[i] = targets.get(sorted[i]);
    }
    return y;
  }

  /** The group's basis, found again or computed; null if its population's is unknown. */
  private ModelAssistedMean.Basis fitBasis() {
    if (populationAuxiliaries.isEmpty()) {
      return null;
    }
    int q = populationAuxiliaries.size() / 2;
    double[] moments = new double[2 * q];
    for (int j = 0; j < moments.length; j++) {
      moments[j] = ((Number) populationAuxiliaries.get(j)).doubleValue();
    }
    Integer[] sorted = byItem();
    int[] rowsByItem = new int[sorted.length];
    int[] drawn = new int[sorted.length];
    for (int i = 0; i < sorted.length; i++) {
      rowsByItem[i] = items.get(sorted[i]);
      drawn[i] = draws.get(sorted[i]);
    }
    return EstimateBases.of(source, rowsByItem, drawn, moments);
  }

  /** Refuses a level outside (0, 1) for the function. */
  static void checkLevel(String function, double level) {
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException(function + ": level must be between 0 and 1"
          + " (exclusive), got " + level);
    }
  }
}
