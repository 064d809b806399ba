/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sample;

import java.util.Locale;

/**
 * Estimates how long a sampler takes on one core from the number of items n, the latent
 * dimension d, the number of classes and the fraction, before it runs: the work of each method's
 * dominant loops times a constant measured on a 2-core machine (Java 17), rounded up. Meant to
 * refuse computations that are minutes or hours long, not to predict seconds.
 *
 * <ul>
 *   <li>vas: K²/2 kernel values to start plus (n − K)·K per further item, K = f·n, each O(d);
 *   <li>gmm_full: 50 EM iterations of n·classes·d² (upper bound of the iterations);
 *   gmm_spherical: of n·classes·d;
 *   <li>ebtree: n insertions down a tree of about log₁₀ n levels of 10 children, each O(d);
 *   <li>maxmargin, weighted, boundary_stratified: one SVM and sigmoid per class, n·(d + 23);
 *   <li>latent_grid: PCA, n·d²; uniform and stratified: n.
 * </ul>
 */
public final class SampleCost {
  /**
   * Nanoseconds per unit of work, by method, measured on this project's 2-core machine with
   * 20,000 and 40,000 items of 84 and 16 dimensions and 10 classes (a shared machine: the
   * constants are rounded up). VAS: about 1.35·(d + 60) ns per kernel value (memory-bound);
   * SVM: about 0.225·(d + 23) µs per item and class.
   */
  private static final double VAS_NANOS = 1.35;
  private static final double GMM_FULL_NANOS = 0.35;
  private static final double GMM_SPHERICAL_NANOS = 1.0;
  private static final double TREE_NANOS = 4.5;
  private static final double SVM_NANOS = 225;
  private static final double PCA_NANOS = 25;
  private static final double LINEAR_NANOS = 1.0;

  private SampleCost() {
  }

  /** Estimated seconds of sampling {@code n} items of dimension {@code d}. */
  public static double estimateSeconds(SamplingMethod method, int n, int d, int classes,
      double fraction) {
    double items = n;
    double dims = Math.max(1, d);
    double k = Math.max(1, Allocation.sampleSize(n, fraction));
    double read = items * dims * LINEAR_NANOS;
    double nanos = switch (method) {
      case VAS -> (k * k / 2 + (items - k) * k) * (dims + 60) * VAS_NANOS;
      case GMM_FULL -> 50 * items * Math.max(1, classes) * dims * dims * GMM_FULL_NANOS;
      case GMM_SPHERICAL -> 50 * items * Math.max(1, classes) * dims * GMM_SPHERICAL_NANOS;
      case EBTREE -> items * (1 + Math.log10(Math.max(10, items))) * 10 * dims * TREE_NANOS;
      case MAXMARGIN, WEIGHTED, BOUNDARY_STRATIFIED ->
          Math.max(2, classes) * items * (dims + 23) * SVM_NANOS;
      case LATENT_GRID -> items * dims * dims * PCA_NANOS;
      case UNIFORM, STRATIFIED, STRATIFIED_WEIGHTED -> items * LINEAR_NANOS;
    };
    return (nanos + read) / 1e9;
  }

  /**
   * Estimated heap, in bytes, that sampling {@code n} items of dimension {@code d} takes at its
   * peak: the labels; for the boundary methods each item's group and ratio and their ranking,
   * and the bounded training, calibration or fitting sets; for the methods that hold every
   * latent vector in memory (vas, ebtree, latent_grid), those vectors.
   */
  public static long heapBytes(SamplingMethod method, int n, int d, int classes) {
    long items = n;
    long dims = Math.max(1, d);
    long k = Math.max(2, classes);
    // Groups and log ratios, each group's members, a radix sort's keys and buffers.
    long ranking = 40 * items;
    // liblinear rows (an object per non-zero feature) and vectors of the training items, and
    // the decision values of the calibration items.
    long svm = Math.min(items, MaxMarginSampler.MAX_TRAINING_ITEMS) * dims * 48
        + Math.min(items, MaxMarginSampler.MAX_CALIBRATION_ITEMS) * (k * Long.BYTES + 5);
    long fit = Math.min(items, GaussianMixtureSampler.MAX_FIT_ITEMS) * (2 * dims + 2 * k)
        * Long.BYTES + k * dims * dims * Long.BYTES;
    long points = items * (dims * Double.BYTES + 24);
    return 8 * items + switch (method) {
      case MAXMARGIN, BOUNDARY_STRATIFIED -> ranking + svm;
      case WEIGHTED -> ranking + svm + 8 * items;
      case GMM_FULL, GMM_SPHERICAL -> ranking + fit;
      case UNIFORM -> 8 * items;
      case STRATIFIED, STRATIFIED_WEIGHTED -> 12 * items;
      case LATENT_GRID -> 2 * points + 12 * items;
      case VAS, EBTREE -> points + 24 * items;
    };
  }

  /**
   * A cheaper way to a sample within {@code budgetSeconds}, as advice: the largest smaller
   * fraction of the same method that fits, or a method that fits at the same fraction.
   */
  public static String cheaper(SamplingMethod method, int n, int d, int classes,
      double fraction, double budgetSeconds) {
    StringBuilder advice = new StringBuilder();
    for (double smaller : new double[] {0.2, 0.1, 0.05, 0.02, 0.01}) {
      if (smaller < fraction
          && estimateSeconds(method, n, d, classes, smaller) <= budgetSeconds) {
        advice.append("use a smaller fraction (").append(method.methodName()).append(' ')
            .append(smaller).append(" takes ")
            .append(about(estimateSeconds(method, n, d, classes, smaller))).append(')');
        break;
      }
    }
    for (SamplingMethod other : new SamplingMethod[] {SamplingMethod.MAXMARGIN,
        SamplingMethod.STRATIFIED, SamplingMethod.UNIFORM}) {
      if (other != method && estimateSeconds(other, n, d, classes, fraction) <= budgetSeconds) {
        advice.append(advice.length() == 0 ? "use" : " or").append(" a cheaper method (")
            .append(other.methodName()).append(" takes ")
            .append(about(estimateSeconds(other, n, d, classes, fraction))).append(')');
        break;
      }
    }
    return advice.length() == 0 ? "no method fits the budget at this size" : advice.toString();
  }

  private static String about(double seconds) {
    return seconds < 0.1 ? "under 0.1 s" : "about " + seconds(seconds);
  }

  /** Seconds as a person reads them: "0.4 s", "12 s", "14 min", "3.2 h". */
  public static String seconds(double seconds) {
    if (seconds < 0.1) {
      return "under 0.1 s";
    }
    if (seconds < 10) {
      return String.format(Locale.ROOT, "%.1f s", seconds);
    }
    if (seconds < 600) {
      return String.format(Locale.ROOT, "%.0f s", seconds);
    }
    if (seconds < 3 * 3600) {
      return String.format(Locale.ROOT, "%.0f min", seconds / 60);
    }
    return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
  }
}
