/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.estimate;

import org.boundarysql.kernel.Lanes;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The model-assisted (GREG) estimate of a group's per-neuron mean from a probability sample of
 * the group, with auxiliaries known for every item of the group: a {@link WeightedRidge} of the
 * target layer on the auxiliaries fitted to the sampled rows with weights 1/π, its predictions
 * averaged over the whole group, plus the weighted mean of the sample's residuals (zero for a
 * fit with an intercept, so left out):
 * <pre>  Ŷ = (1/N) Σ_U ŷ_i + Σ_s w_i e_i / Σ_s w_i = ȳ_w + (X̄_U − x̄_w)·b = Σ_s g_i y_i</pre>
 * linear in the sampled targets once λ is chosen, with weights g that do not depend on them
 * ({@link Basis}).
 *
 * <p>Its variance is the stratified linearisation variance of the residual mean, with
 * leave-one-out residuals e_i / (1 − h_ii) (h the weighted hat matrix) so that a fit that
 * follows the sample closely does not shrink the interval, and each stratum's finite-population
 * correction 1 − π_h:
 * <pre>  V = Σ_h (1 − π_h) · n_h/(n_h − 1) · Σ_{i∈h} (z_i − z̄_h)² / (Σ_s w_i)²
 *  z_i = w_i ẽ_i</pre>
 * the strata being the design's, restricted to the group (the conditional, post-stratified
 * view); strata holding a single sampled item of the group are pooled, and pooled with the
 * largest stratum if still alone. A neuron whose residuals do not vary in the sample (zero in
 * every sampled item, say) would get a standard error of zero; it gets the layer's median
 * standard error over √n instead, since the sample cannot show the items it did not draw.
 */
public final class ModelAssistedMean {
  private ModelAssistedMean() {
  }

  /**
   * The estimate of a group's per-neuron mean and its standard errors, with the penalty the
   * regression chose.
   */
  public record Estimate(double[] mean, double[] standardError, double penalty, int sampled) {
    /** Returns the lower end of neuron c's interval at {@code level}. */
    public double low(int c, double level) {
      return mean[c] - NormalQuantile.twoSided(level) * standardError[c];
    }

    /** Returns the upper end of neuron c's interval at {@code level}. */
    public double high(int c, double level) {
      return mean[c] + NormalQuantile.twoSided(level) * standardError[c];
    }

    /**
     * Returns the estimate read as a distribution (of indicators' means): each share clipped
     * to [0, 1], then renormalised to sum to 1 (left at zero if every share is).
     */
    public double[] shares() {
      return ModelAssistedMean.shares(mean);
    }
  }

  /**
   * Returns an estimate of indicators' means read as a distribution: each share clipped to
   * [0, 1], then renormalised to sum to 1 (left at zero if every share is).
   */
  public static double[] shares(double[] mean) {
    double[] shares = new double[mean.length];
    double total = 0;
    for (int c = 0; c < shares.length; c++) {
      shares[c] = Math.min(1, Math.max(0, mean[c]));
      total += shares[c];
    }
    for (int c = 0; c < shares.length && total > 0; c++) {
      shares[c] /= total;
    }
    return shares;
  }

  /**
   * Estimates the mean of targets {@code y} over a group from its sampled rows.
   *
   * @param y the sampled rows' targets, [row][neuron]
   * @param x the sampled rows' auxiliaries, [row][auxiliary]
   * @param strata each sampled row's stratum in the design
   * @param probabilities each sampled row's inclusion probability
   * @param populationMeanX the auxiliaries' mean over every item of the group
   * @param populationScaleX the auxiliaries' standard deviation over every item of the group
   */
  public static Estimate estimate(double[][] y, double[][] x, int[] strata,
      double[] probabilities, double[] populationMeanX, double[] populationScaleX) {
    return Basis.of(x, strata, probabilities, populationMeanX, populationScaleX)
        .estimate(targets(y), Double.NaN);
  }

  /**
   * As {@link #estimate(double[][], double[][], int[], double[], double[], double[])}, the
   * targets as stored (a layer's activations are floats).
   */
  public static Estimate estimate(float[][] y, double[][] x, int[] strata,
      double[] probabilities, double[] populationMeanX, double[] populationScaleX) {
    Basis basis = Basis.of(x, strata, probabilities, populationMeanX, populationScaleX);
    return basis.estimate(y, basis.penalty(y));
  }

  /** As {@link #estimate(double[][], double[][], int[], double[], double[], double[])} at a
   * fixed λ. */
  static Estimate estimate(double[][] y, double[][] x, int[] strata, double[] probabilities,
      double[] populationMeanX, double[] populationScaleX, double penalty) {
    return Basis.of(x, strata, probabilities, populationMeanX, populationScaleX)
        .estimate(targets(y), penalty);
  }

  /**
   * What a group's estimate needs besides its targets: the decomposition of its sampled rows'
   * weighted auxiliaries, their weights and strata, and the population's auxiliary mean. It
   * depends on which items were sampled and on the group's population, not on the layer
   * estimated, so one serves every layer's estimate of the group (and can be kept).
   */
  public static final class Basis {
    /** The most λ a basis keeps. */
    static final int KEPT_PENALTIES = 16;
    private final WeightedRidge ridge;
    private final int[] strata;
    private final double[] probabilities;
    private final double[] populationMeanX;
    /** The λ chosen for targets, by the caller's name for them. */
    private final Map<Object, Double> penalties = new LinkedHashMap<>(16, 0.75f, true) {
      @Override protected boolean removeEldestEntry(Map.Entry<Object, Double> eldest) {
        return size() > KEPT_PENALTIES;
      }
    };

    /** The weights g_i at the λ used last, by λ (a query run again asks for them again). */
    private final Map<Double, double[]> weights = new LinkedHashMap<>(16, 0.75f, true) {
      @Override protected boolean removeEldestEntry(Map.Entry<Double, double[]> eldest) {
        return size() > KEPT_PENALTIES;
      }
    };

    private Basis(WeightedRidge ridge, int[] strata, double[] probabilities,
        double[] populationMeanX) {
      this.ridge = ridge;
      this.strata = strata;
      this.probabilities = probabilities;
      this.populationMeanX = populationMeanX;
    }

    /**
     * The basis of a group's estimates from its sampled rows, as
     * {@link #estimate(double[][], double[][], int[], double[], double[], double[])} takes
     * them.
     */
    public static Basis of(double[][] x, int[] strata, double[] probabilities,
        double[] populationMeanX, double[] populationScaleX) {
      int n = x.length;
      if (n < 2) {
        throw new IllegalArgumentException("a model-assisted estimate needs at least 2 sampled"
            + " items, got " + n);
      }
      double[] w = new double[n];
      for (int i = 0; i < n; i++) {
        w[i] = 1 / probabilities[i];
      }
      return new Basis(WeightedRidge.of(x, w, populationScaleX), strata.clone(),
          probabilities.clone(), populationMeanX.clone());
    }

    /** GCV's λ for targets y (in the order of the basis's rows). */
    public double penalty(float[][] y) {
      return ridge.penalty(targets(y));
    }

    /**
     * GCV's λ for targets y, found again if it was chosen for targets of the same
     * {@code name}: the caller's, equal names for equal targets (a layer's rows, say). The
     * last {@value #KEPT_PENALTIES} are kept.
     */
    public double penalty(float[][] y, Object name) {
      return penalty(() -> y, name);
    }

    /**
     * As {@link #penalty(float[][], Object)}, the targets read only if no λ is kept for
     * {@code name} (a caller that streams its rows need not hold them).
     */
    public double penalty(Supplier<float[][]> y, Object name) {
      synchronized (penalties) {
        Double kept = penalties.get(name);
        if (kept != null) {
          return kept;
        }
      }
      double penalty = penalty(y.get());
      synchronized (penalties) {
        penalties.put(name, penalty);
      }
      return penalty;
    }

    /** The number of values the basis holds (its size in memory, in eight bytes). */
    public long size() {
      return ridge.size() + (2L + KEPT_PENALTIES) * strata.length + populationMeanX.length;
    }

    /**
     * The estimate of the group's per-neuron mean from its sampled rows' targets (in the
     * order of the basis's rows) at penalty λ, without its standard errors: one pass over the
     * targets.
     */
    public double[] mean(float[][] y, double penalty) {
      return WeightedRidge.combine(weights(penalty), targets(y));
    }

    /**
     * The weights g_i of the estimate at penalty λ, one per row of the basis: the estimate of
     * the group's mean of any targets is Σ_i g_i y_i.
     */
    public double[] weights(double penalty) {
      synchronized (weights) {
        double[] kept = weights.get(penalty);
        if (kept != null) {
          return kept;
        }
      }
      double[] g = ridge.predictionWeights(populationMeanX, penalty);
      synchronized (weights) {
        weights.put(penalty, g);
      }
      return g;
    }

    /** The estimate of the group's per-neuron mean and its standard errors at penalty λ. */
    public Estimate estimate(float[][] y, double penalty) {
      return estimate(targets(y), penalty);
    }

    /** The estimate at penalty λ, or at the one GCV picks if λ is NaN. */
    private Estimate estimate(WeightedRidge.Targets y, double fixedPenalty) {
      double penalty = Double.isNaN(fixedPenalty) ? ridge.penalty(y) : fixedPenalty;
      int n = ridge.rows();
      int p = y.width();
      double totalWeight = ridge.totalWeight();
      double[] mean = WeightedRidge.combine(ridge.predictionWeights(populationMeanX, penalty),
          y);
      // z_i = w_i e_i / (1 − h_ii), written over the weighted residuals √w_i e_i
      double[][] z = ridge.weightedResiduals(y, penalty);
      for (int i = 0; i < n; i++) {
        double keep = 1 - Math.min(ridge.leverage(i, penalty), 1 - 1e-9);
        double inflate = Math.sqrt(ridge.weight(i)) / keep;
        double[] row = z[i];
        for (int c = 0; c < p; c++) {
          row[c] *= inflate;
        }
      }
      double[] variance = stratifiedVariance(z, strata, probabilities, pooledStrata(strata));
      double[] standardError = new double[p];
      for (int c = 0; c < p; c++) {
        standardError[c] = Math.sqrt(variance[c]) / totalWeight;
      }
      floorStandardErrors(standardError, n);
      return new Estimate(mean, standardError, penalty, n);
    }
  }

  private static WeightedRidge.Targets targets(float[][] y) {
    return new WeightedRidge.Targets() {
      @Override public int width() {
        return y.length == 0 ? 0 : y[0].length;
      }

      @Override public void copy(int i, double[] into) {
        float[] row = y[i];
        for (int c = 0; c < into.length; c++) {
          into[c] = row[c];
        }
      }

      @Override public double value(int i, int c) {
        return y[i][c];
      }

      @Override public void addTo(int i, double weight, double[] sums) {
        Lanes.addScaled(sums, weight, y[i]);
      }
    };
  }

  private static WeightedRidge.Targets targets(double[][] y) {
    return new WeightedRidge.Targets() {
      @Override public int width() {
        return y.length == 0 ? 0 : y[0].length;
      }

      @Override public void copy(int i, double[] into) {
        System.arraycopy(y[i], 0, into, 0, into.length);
      }

      @Override public double value(int i, int c) {
        return y[i][c];
      }

      @Override public void addTo(int i, double weight, double[] sums) {
        double[] row = y[i];
        for (int c = 0; c < sums.length; c++) {
          sums[c] += weight * row[c];
        }
      }
    };
  }

  /**
   * Σ_h (1 − π_h) n_h/(n_h − 1) Σ_{i∈h} (z_i − z̄_h)² per column, over the strata {@code pooled}
   * maps each row to.
   */
  static double[] stratifiedVariance(double[][] z, int[] strata, double[] probabilities,
      int[] pooled) {
    int p = z[0].length;
    Map<Integer, double[]> sums = new HashMap<>();
    Map<Integer, double[]> squares = new HashMap<>();
    Map<Integer, double[]> counts = new HashMap<>();
    for (int i = 0; i < z.length; i++) {
      double[] sum = sums.computeIfAbsent(pooled[i], h -> new double[p]);
      double[] square = squares.computeIfAbsent(pooled[i], h -> new double[p]);
      // counts: items, and Σ (1 − π) to average the correction over a pooled stratum
      double[] count = counts.computeIfAbsent(pooled[i], h -> new double[2]);
      count[0]++;
      count[1] += 1 - probabilities[i];
      for (int c = 0; c < p; c++) {
        sum[c] += z[i][c];
        square[c] += z[i][c] * z[i][c];
      }
    }
    double[] variance = new double[p];
    for (Map.Entry<Integer, double[]> entry : sums.entrySet()) {
      double[] count = counts.get(entry.getKey());
      double items = count[0];
      if (items < 2) {
        continue;
      }
      double correction = count[1] / items;
      double[] square = squares.get(entry.getKey());
      for (int c = 0; c < p; c++) {
        double sum = entry.getValue()[c];
        double deviations = Math.max(0, square[c] - sum * sum / items);
        variance[c] += correction * items / (items - 1) * deviations;
      }
    }
    return variance;
  }

  /**
   * Each row's stratum for the variance: its own if the group has at least two sampled items
   * in it; else one pooled stratum of all such rows, itself merged into the largest stratum if
   * it holds a single row.
   */
  static int[] pooledStrata(int[] strata) {
    Map<Integer, Integer> sizes = new HashMap<>();
    for (int h : strata) {
      sizes.merge(h, 1, Integer::sum);
    }
    int largest = strata[0];
    long singles = 0;
    for (Map.Entry<Integer, Integer> e : sizes.entrySet()) {
      if (e.getValue() > sizes.get(largest)
          || e.getValue().equals(sizes.get(largest)) && e.getKey() < largest) {
        largest = e.getKey();
      }
      singles += e.getValue() == 1 ? 1 : 0;
    }
    int pool = singles >= 2 ? Integer.MIN_VALUE : largest;
    int[] pooled = new int[strata.length];
    for (int i = 0; i < strata.length; i++) {
      pooled[i] = sizes.get(strata[i]) == 1 ? pool : strata[i];
    }
    return pooled;
  }

  /** Raises standard errors of zero to the median positive one over √n (none: left as is). */
  private static void floorStandardErrors(double[] standardError, int n) {
    double[] positive = Arrays.stream(standardError).filter(se -> se > 0).sorted().toArray();
    if (positive.length == 0) {
      return;
    }
    double floor = positive[positive.length / 2] / Math.sqrt(n);
    for (int c = 0; c < standardError.length; c++) {
      standardError[c] = Math.max(standardError[c], floor);
    }
  }
}
