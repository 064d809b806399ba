/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter.function;

import org.boundarysql.estimate.ModelAssistedMean;
import org.boundarysql.kernel.TopKNeurons;

import java.util.List;

/**
 * The model-assisted estimates in SQL, each an aggregate implemented by a nested class:
 * {@code AVG_ACTIVATION_ESTIMATE}, {@code AVG_ACTIVATION_LOW}, {@code AVG_ACTIVATION_HIGH},
 * {@code TOPK_NEURONS_ESTIMATE}, {@code ARGMAX_DIST_ESTIMATE} and {@code ESTIMATE_BASIS}. After
 * the arguments SQL passes, each takes the hidden ones the planner rule adds: the group's
 * population, the design, the key of the {@link EstimateSource} and (but
 * {@code ESTIMATE_BASIS}) the population's auxiliary means and spreads.
 */
public final class EstimateFunctions {
  /** The interval's level when SQL gives none. */
  public static final double DEFAULT_LEVEL = 0.90;

  private EstimateFunctions() {
  }

  /** {@code AVG_ACTIVATION_ESTIMATE(activation)}: the estimate of the group's mean. */
  public static final class AvgActivationEstimate {
    public EstimatedGroup init() {
      return new EstimatedGroup("AVG_ACTIVATION_ESTIMATE");
    }

    public EstimatedGroup add(EstimatedGroup group, List<?> activation, long population,
        String design, String source, List<?> auxiliaries) {
      return group.add(activation, EstimatedGroup.Target.ACTIVATION, population, source,
          auxiliaries);
    }

    public List<Double> result(EstimatedGroup group) {
      double[] mean = group.mean();
      return mean == null ? null : Activations.list(mean);
    }
  }

  /** {@code AVG_ACTIVATION_LOW(activation)}: the lower ends of the 90% intervals. */
  public static final class AvgActivationLow {
    public EstimatedGroup init() {
      return new EstimatedGroup("AVG_ACTIVATION_LOW");
    }

    public EstimatedGroup add(EstimatedGroup group, List<?> activation, long population,
        String design, String source, List<?> auxiliaries) {
      return group.add(activation, EstimatedGroup.Target.ACTIVATION, population, source,
          auxiliaries);
    }

    public List<Double> result(EstimatedGroup group) {
      return bound(group, DEFAULT_LEVEL, -1);
    }
  }

  /** {@code AVG_ACTIVATION_LOW(activation, level)}: the lower ends at a level. */
  public static final class AvgActivationLowAtLevel {
    public EstimatedGroup init() {
      return new EstimatedGroup("AVG_ACTIVATION_LOW");
    }

    public EstimatedGroup add(EstimatedGroup group, List<?> activation, double level,
        long population, String design, String source, List<?> auxiliaries) {
      EstimatedGroup.checkLevel("AVG_ACTIVATION_LOW", level);
      return group.with(level).add(activation, EstimatedGroup.Target.ACTIVATION, population, source,
          auxiliaries);
    }

    public List<Double> result(EstimatedGroup group) {
      return bound(group, group.parameter(), -1);
    }
  }

  /** {@code AVG_ACTIVATION_HIGH(activation)}: the upper ends of the 90% intervals. */
  public static final class AvgActivationHigh {
    public EstimatedGroup init() {
      return new EstimatedGroup("AVG_ACTIVATION_HIGH");
    }

    public EstimatedGroup add(EstimatedGroup group, List<?> activation, long population,
        String design, String source, List<?> auxiliaries) {
      return group.add(activation, EstimatedGroup.Target.ACTIVATION, population, source,
          auxiliaries);
    }

    public List<Double> result(EstimatedGroup group) {
      return bound(group, DEFAULT_LEVEL, 1);
    }
  }

  /** {@code AVG_ACTIVATION_HIGH(activation, level)}: the upper ends at a level. */
  public static final class AvgActivationHighAtLevel {
    public EstimatedGroup init() {
      return new EstimatedGroup("AVG_ACTIVATION_HIGH");
    }

    public EstimatedGroup add(EstimatedGroup group, List<?> activation, double level,
        long population, String design, String source, List<?> auxiliaries) {
      EstimatedGroup.checkLevel("AVG_ACTIVATION_HIGH", level);
      return group.with(level).add(activation, EstimatedGroup.Target.ACTIVATION, population, source,
          auxiliaries);
    }

    public List<Double> result(EstimatedGroup group) {
      return bound(group, group.parameter(), 1);
    }
  }

  /** {@code TOPK_NEURONS_ESTIMATE(activation, k)}: the k largest neurons of the estimate. */
  public static final class TopKNeuronsEstimate {
    public EstimatedGroup init() {
      return new EstimatedGroup("TOPK_NEURONS_ESTIMATE");
    }

    public EstimatedGroup add(EstimatedGroup group, List<?> activation, int k,
        long population, String design, String source, List<?> auxiliaries) {
      if (activation != null) {
        TopKNeuronsFunction.checkK("TOPK_NEURONS_ESTIMATE", k, activation.size());
      }
      return group.with(k).add(activation, EstimatedGroup.Target.ACTIVATION, population, source,
          auxiliaries);
    }

    public List<Integer> result(EstimatedGroup group) {
      double[] mean = group.mean();
      return mean == null ? null
          : Activations.list(TopKNeurons.indices(mean, (int) group.parameter()));
    }
  }

  /**
   * {@code ARGMAX_DIST_ESTIMATE(activation)}: the estimate of the group's argmax distribution,
   * the estimator applied to each row's argmax indicators, clipped to [0, 1] and renormalised.
   */
  public static final class ArgmaxDistEstimate {
    public EstimatedGroup init() {
      return new EstimatedGroup("ARGMAX_DIST_ESTIMATE");
    }

    public EstimatedGroup add(EstimatedGroup group, List<?> activation, long population,
        String design, String source, List<?> auxiliaries) {
      return group.add(activation, EstimatedGroup.Target.ARGMAX, population, source, auxiliaries);
    }

    public List<Double> result(EstimatedGroup group) {
      double[] mean = group.mean();
      return mean == null ? null : Activations.list(ModelAssistedMean.shares(mean));
    }
  }

  /**
   * {@code ESTIMATE_BASIS()}: what the group's estimates rest on: {@code model_assisted},
   * {@code exact} (every item of the group read), or {@code none: } and why not.
   */
  public static final class EstimateBasis {
    public EstimatedGroup init() {
      return new EstimatedGroup("ESTIMATE_BASIS");
    }

    public EstimatedGroup add(EstimatedGroup group, long population, String design,
        String source) {
      return group.add(population, source);
    }

    public String result(EstimatedGroup group) {
      return group.basis();
    }
  }

  /** The interval ends at a level: the low ones for {@code side} -1, the high ones for 1. */
  private static List<Double> bound(EstimatedGroup group, double level, int side) {
    ModelAssistedMean.Estimate estimate = group.estimate();
    if (estimate == null) {
      return null;
    }
    double[] bounds = new double[estimate.mean().length];
    for (int c = 0; c < bounds.length; c++) {
      bounds[c] = side < 0 ? estimate.low(c, level) : estimate.high(c, level);
    }
    return Activations.list(bounds);
  }
}
