/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sample;

import java.util.Locale;

/**
 * Estimates how long a sampler takes from the number of items n, the latent dimension d, the
 * number of classes and the fraction, before it runs: the work of each method's dominant loops
 * times a constant measured on this project's 2-core machine (Java 17, a fresh JVM, as a
 * server's first sample of a store), plus a fixed start. Meant to refuse computations that are
 * minutes or hours long; the growth curve of {@code ./boundary bench} checks it against the
 * measured time at every size.
 *
 * <ul>
 *   <li>maxmargin: liblinear on at most 20,000 items (k SVMs of d + 23 features, about) and then
 *   every item's k decision values and sigmoids; weighted and boundary_stratified a fifth more
 *   (their own draw and ranking);
 *   <li>gmm_full: EM on at most 100,000 items, k·d² per item and iteration, then every item
 *   scored, k·d² each; gmm_spherical the same with k·d;
 *   <li>vas: K²/2 kernel values to start plus (n − K)·K per further item, K = f·n, each O(d);
 *   <li>ebtree: n insertions down a tree of about log₁₀ n levels of 10 children, each O(d);
 *   <li>latent_grid: PCA, n·d²; uniform and the stratified designs: n.
 * </ul>
 */
public final class SampleCost {
  /**
   * Nanoseconds per unit of work, by method, from the growth curve's stores (70,000 to
   * 6,000,000 items of 84 dimensions, 10 classes) on a shared 2-core machine.
   */
  private static final double START_SECONDS = 0.05;
  private static final double VAS_NANOS = 1.35;
  private static final double SVM_TRAIN_NANOS = 150;
  private static final double SVM_SCORE_NANOS = 1.5;
  private static final double EM_FULL_NANOS = 10;
  private static final double SCORE_FULL_NANOS = 0.31;
  private static final double EM_SPHERICAL_NANOS = 143;
  private static final double SCORE_SPHERICAL_NANOS = 1.0;
  private static final double TREE_NANOS = 1.6;
  private static final double PCA_SECONDS = 3.9;
  private static final double PCA_NANOS = 3.75;
  private static final double UNIFORM_NANOS = 100;
  private static final double STRATIFIED_NANOS = 140;
  /** Weighted and boundary_stratified draw and rank after MaxMargin's scores. */
  private static final double AFTER_SCORES = 1.2;

  private SampleCost() {
  }

  /** Estimated seconds of sampling {@code n} items of dimension {@code d}. */
  public static double estimateSeconds(SamplingMethod method, int n, int d, int classes,
      double fraction) {
    double items = n;
    double dims = Math.max(1, d);
    double k = Math.max(2, classes);
    double sample = Math.max(1, Allocation.sampleSize(n, fraction));
    double svm = Math.min(items, MaxMarginSampler.MAX_TRAINING_ITEMS) * k * (dims + 23)
        * SVM_TRAIN_NANOS + items * k * (dims + 23) * SVM_SCORE_NANOS;
    double fitted = Math.min(items, GaussianMixtureSampler.MAX_FIT_ITEMS);
    double nanos = switch (method) {
      case VAS -> (sample * sample / 2 + (items - sample) * sample) * (dims + 60) * VAS_NANOS;
      case GMM_FULL -> (fitted * EM_FULL_NANOS + items * SCORE_FULL_NANOS) * k * dims * dims;
      case GMM_SPHERICAL -> (fitted * EM_SPHERICAL_NANOS + items * SCORE_SPHERICAL_NANOS) * k
          * dims;
      case EBTREE -> items * (1 + Math.log10(Math.max(10, items))) * 10 * dims * TREE_NANOS;
      case MAXMARGIN -> svm;
      case WEIGHTED, BOUNDARY_STRATIFIED, MARGIN_STRATIFIED -> AFTER_SCORES * svm;
      case LATENT_GRID -> PCA_SECONDS * 1e9 + items * dims * dims * PCA_NANOS;
      case UNIFORM -> items * UNIFORM_NANOS;
      case STRATIFIED, STRATIFIED_WEIGHTED -> items * STRATIFIED_NANOS;
    };
    return START_SECONDS + nanos / 1e9;
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
      case WEIGHTED, MARGIN_STRATIFIED -> ranking + svm + 8 * items;
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
