/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sample;

import org.boundarysql.task.Cancellation;
import org.boundarysql.task.ProgressListener;

import java.util.SplittableRandom;

/**
 * Visualization-aware sampler (Park, Cafarella and Mozafari, ICDE 2016): the interchange
 * algorithm minimising the sum over sampled pairs of a Gaussian kernel exp(−‖x − y‖² / ε²) in the
 * latent space, so the sample spreads over the data's extent rather than its density.
 *
 * <p>One pass over the items in a seeded random order: the first {@link Allocation#sampleSize}
 * items start the sample, and each further item enters it if some member's responsibility (its
 * kernel sum to the others, the item included) exceeds the item's own, evicting the member with
 * the largest. Cost O(n·K·d) for K sampled items. ε² is a quarter of the total variance, so two
 * random items interact weakly (about e⁻⁸) and near neighbours strongly.
 */
public final class VasSampler implements Sampler {
  private static final int REPORT_EVERY = 1024;
  /** Items between cancellation checks: each costs O(K·d), so a few milliseconds at most. */
  private static final int CHECK_EVERY = 16;

  @Override public int[] select(LatentSpace space, SampleSpec spec, ProgressListener progress) {
    int n = space.size();
    int size = Allocation.sampleSize(n, spec.fraction());
    int[] order = permutation(n, new SplittableRandom(spec.seed()));
    double[][] x = space.points();
    double gamma = 1 / bandwidthSquared(x);
    int[] members = new int[size];
    System.arraycopy(order, 0, members, 0, size);
    double[] responsibility = new double[size];
    Cancellation cancellation = Cancellation.current();
    for (int a = 0; a < size; a++) {
      if (a % CHECK_EVERY == 0) {
        cancellation.check();
      }
      for (int b = a + 1; b < size; b++) {
        double k = kernel(x[members[a]], x[members[b]], gamma);
        responsibility[a] += k;
        responsibility[b] += k;
      }
    }
    double[] toCandidate = new double[size];
    for (int t = size; t < n; t++) {
      if (t % REPORT_EVERY == 0) {
        progress.update("vas", t, n);
      }
      if (t % CHECK_EVERY == 0) {
        cancellation.check();
      }
      double[] candidate = x[order[t]];
      double own = 0;
      int evict = -1;
      double worst = Double.NEGATIVE_INFINITY;
      for (int s = 0; s < size; s++) {
        toCandidate[s] = kernel(candidate, x[members[s]], gamma);
        own += toCandidate[s];
        if (responsibility[s] + toCandidate[s] > worst) {
          worst = responsibility[s] + toCandidate[s];
          evict = s;
        }
      }
      if (own >= worst) {
        continue;
      }
      double[] evicted = x[members[evict]];
      for (int s = 0; s < size; s++) {
        if (s != evict) {
          responsibility[s] += toCandidate[s] - kernel(evicted, x[members[s]], gamma);
        }
      }
      responsibility[evict] = own - toCandidate[evict];
      members[evict] = order[t];
    }
    progress.update("vas", n, n);
    Selection selection = new Selection(size);
    for (int member : members) {
      selection.add(member);
    }
    return selection.toSortedArray();
  }

  private static int[] permutation(int n, SplittableRandom random) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      int k = random.nextInt(i + 1);
      order[i] = order[k];
      order[k] = i;
    }
    return order;
  }

  private static double bandwidthSquared(double[][] x) {
    if (x.length == 0) {
      return 1;
    }
    int d = x[0].length;
    double total = 0;
    for (int f = 0; f < d; f++) {
      double mean = 0;
      for (double[] p : x) {
        mean += p[f] / x.length;
      }
      for (double[] p : x) {
        total += (p[f] - mean) * (p[f] - mean) / x.length;
      }
    }
    // Identical items: any positive bandwidth gives every pair the same kernel value.
    return total > 0 ? total / 4 : 1;
  }

  private static double kernel(double[] a, double[] b, double gamma) {
    return Math.exp(-gamma * LatentSpace.squaredDistance(a, b));
  }
}
