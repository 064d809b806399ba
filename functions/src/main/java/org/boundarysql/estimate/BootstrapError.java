/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.estimate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Pseudo-population bootstrap (Booth, Butler and Hall, 1994) of the error of a group's answer
 * on a simple random sample without replacement of n of the group's N items.
 *
 * <p>Each resample rebuilds a population of N items from the sample (every sampled item
 * ⌊N/n⌋ times, and N mod n of them, at random, once more), draws n of them without
 * replacement, and measures the metric between the drawn answer and the rebuilt population's
 * answer. The metric's mean over the resamples is the expected error and its quantiles the
 * interval. Drawing without replacement from N is the finite-population correction: at n = N
 * every resample is the population itself and the error is exactly zero.
 *
 * <p>For the shares of the largest neuron, copies of the sample alone hold no item whose
 * largest neuron the sample never saw, and the error would look smaller than it is; so the
 * rebuilt population gives such neurons the share of the unsampled items that Good–Turing
 * estimates for unseen categories (neurons seen once over sampled items). That share errs high
 * on layers of many neurons, so for this metric the interval is one-sided: from no error to
 * the upper quantile, at level (1 + level) / 2.
 *
 * <p>Resampling is seeded, so the same rows give the same estimate.
 */
public final class BootstrapError {
  /** Resamples per estimate. */
  public static final int RESAMPLES = 200;
  /** The interval's nominal level. */
  public static final double LEVEL = 0.9;

  private final int resamples;
  private final double level;
  private final long seed;

  /** A bootstrap with the given number of resamples, interval level and seed. */
  public BootstrapError(int resamples, double level, long seed) {
    if (resamples < 1) {
      throw new IllegalArgumentException("resamples must be positive: " + resamples);
    }
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("level must be in (0, 1): " + level);
    }
    this.resamples = resamples;
    this.level = level;
    this.seed = seed;
  }

  /** The bootstrap with {@link #RESAMPLES} resamples, level {@link #LEVEL}, seed 0. */
  public static BootstrapError standard() {
    return new BootstrapError(RESAMPLES, LEVEL, 0);
  }

  /** The interval's nominal level. */
  public double level() {
    return level;
  }

  /**
   * Estimates the metric between the answer on {@code rows}, a simple random sample of a group
   * of {@code population} items, and the group's answer.
   */
  public ErrorEstimate estimate(float[][] rows, long population, ErrorMetric metric) {
    return estimate(rows, population, List.of(metric)).get(0);
  }

  /**
   * Estimates several metrics from the same resamples, in the order given; each estimate is
   * the one {@link #estimate(float[][], long, ErrorMetric)} gives for its metric alone.
   */
  public List<ErrorEstimate> estimate(float[][] rows, long population,
      List<ErrorMetric> metrics) {
    int n = rows.length;
    if (n == 0 || population < n || population > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("a sample of " + n + " rows of a group of "
          + population + " items cannot be bootstrapped");
    }
    if (population == n) {
      return metrics.stream().map(m -> ErrorEstimate.exact(m.exact(), level)).toList();
    }
    Answers answers = new Answers(rows);
    double[][] errors = new double[metrics.size()][];
    for (ErrorMetric.Answer kind : ErrorMetric.Answer.values()) {
      List<Integer> of = new ArrayList<>();
      for (int m = 0; m < metrics.size(); m++) {
        if (metrics.get(m).answer() == kind) {
          of.add(m);
        }
      }
      if (!of.isEmpty()) {
        double[][] kindErrors = resample(answers, kind, (int) population,
            of.stream().map(metrics::get).toList());
        for (int i = 0; i < of.size(); i++) {
          errors[of.get(i)] = kindErrors[i];
        }
      }
    }
    List<ErrorEstimate> estimates = new ArrayList<>();
    for (int m = 0; m < metrics.size(); m++) {
      double[] values = errors[m];
      Arrays.sort(values);
      double mean = Arrays.stream(values).average().orElseThrow();
      double high = quantile(values, (1 + level) / 2);
      estimates.add(metrics.get(m).upperBoundOnly()
          ? new ErrorEstimate(mean, metrics.get(m).exact(), high, (1 + level) / 2)
          : new ErrorEstimate(mean, quantile(values, (1 - level) / 2), high, level));
    }
    return estimates;
  }

  /**
   * The metrics of one answer kind over the resamples. The rebuilt population holds the
   * sampled rows' copies and, for the shares of the largest neuron, the virtual items of
   * {@link Answers#virtualItems}: neurons the sample never saw as largest.
   */
  private double[][] resample(Answers answers, ErrorMetric.Answer kind, int size,
      List<ErrorMetric> metrics) {
    int n = answers.rows();
    int virtual = answers.virtualItems(kind, size);
    SplittableRandom random = new SplittableRandom(seed + kind.ordinal());
    int[] pool = new int[size];
    int[] rebuilt = new int[n + virtual];
    int[] drawn = new int[n + virtual];
    double[][] errors = new double[metrics.size()][resamples];
    for (int b = 0; b < resamples; b++) {
      rebuild(n, size - virtual, random, pool, rebuilt);
      for (int v = 0; v < virtual; v++) {
        rebuilt[n + v] = 1;
        pool[size - virtual + v] = n + v;
      }
      Arrays.fill(drawn, 0);
      // Partial Fisher-Yates over the rebuilt population: its first n slots are the draw.
      for (int i = 0; i < n; i++) {
        int k = i + random.nextInt(size - i);
        int swap = pool[k];
        pool[k] = pool[i];
        pool[i] = swap;
        drawn[swap]++;
      }
      double[] sample = answers.of(kind, drawn, n);
      double[] rebuiltAnswer = answers.of(kind, rebuilt, size);
      for (int m = 0; m < metrics.size(); m++) {
        errors[m][b] = metrics.get(m).metric(sample, rebuiltAnswer);
      }
    }
    return errors;
  }

  /**
   * Fills {@code counts} with each sampled item's copies in a rebuilt population of
   * {@code size} items and {@code pool} with that population, one entry per copy.
   */
  private static void rebuild(int n, int size, SplittableRandom random, int[] pool,
      int[] counts) {
    Arrays.fill(counts, 0, n, size / n);
    int extra = size % n;
    int[] order = new int[n];
    Arrays.setAll(order, i -> i);
    for (int i = 0; i < extra; i++) {
      int k = i + random.nextInt(n - i);
      int swap = order[k];
      order[k] = order[i];
      order[i] = swap;
      counts[swap]++;
    }
    int at = 0;
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < counts[i]; c++) {
        pool[at++] = i;
      }
    }
  }

  /** The {@code p} quantile of sorted values, interpolated linearly between order statistics. */
  static double quantile(double[] sorted, double p) {
    double position = p * (sorted.length - 1);
    int below = (int) Math.floor(position);
    int above = Math.min(below + 1, sorted.length - 1);
    return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
  }
}
