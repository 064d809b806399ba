/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter.function;

import org.boundarysql.estimate.ModelAssistedMean;
import org.boundarysql.store.Layer;
import org.boundarysql.task.KeptResults;

import java.util.Arrays;

/**
 * The {@link ModelAssistedMean.Basis} of a group's estimates, kept for the groups estimated
 * last: it depends on the sampled items' auxiliaries, weights and strata and on the population's
 * auxiliary moments, not on the layer estimated, and the same query run again, or another
 * layer's estimate of the same groups on the same sample, asks for it again. Computing it is
 * the Gram matrix and the eigen-decomposition of the group's auxiliaries (a few milliseconds a
 * group); looking it up is a comparison of a few hundred numbers.
 *
 * <p>A basis is known by what decides it: the auxiliaries' layers read (by identity: a store
 * opened again has new ones), the sampled items in order with their inclusion probabilities and
 * strata, and the population's moments, compared by value; the cache holds bases of at most
 * {@value #KEPT_VALUES} values in all (eight bytes each), the least recently used dropped first.
 */
final class EstimateBases {
  /** The most values the kept bases hold together. */
  static final long KEPT_VALUES = 8 << 20;

  /** What decides a basis. */
  private record Key(Layer latent, Layer logits, Layer inputScores, int[] items,
      double[] probabilities, int[] strata, double[] moments) {
    @Override public boolean equals(Object o) {
      return o instanceof Key k && k.latent == latent && k.logits == logits
          && k.inputScores == inputScores && Arrays.equals(k.items, items)
          && Arrays.equals(k.probabilities, probabilities) && Arrays.equals(k.strata, strata)
          && Arrays.equals(k.moments, moments);
    }

    @Override public int hashCode() {
      return 31 * (31 * (31 * System.identityHashCode(latent) + System.identityHashCode(logits))
          + Arrays.hashCode(items)) + Arrays.hashCode(moments);
    }
  }

  private static final KeptResults<Key, ModelAssistedMean.Basis> KEPT =
      new KeptResults<>(KEPT_VALUES, (key, basis) -> basis.size());

  private EstimateBases() {
  }

  /**
   * The basis of a group's estimates, computed or found again: its sampled {@code items} in
   * increasing order, each at position {@code drawn} of the source's draw, and the moments of
   * its population's auxiliaries ({@link PopulationMoments}: means, then standard deviations).
   */
  static ModelAssistedMean.Basis of(EstimateSource source, int[] items, int[] drawn,
      double[] moments) {
    int n = items.length;
    int[] strata = new int[n];
    double[] probabilities = new double[n];
    for (int i = 0; i < n; i++) {
      strata[i] = source.stratum(drawn[i]);
      probabilities[i] = source.probability(drawn[i]);
    }
    Key key = new Key(source.latent(), source.logits(), source.inputScores(), items,
        probabilities, strata, moments);
    return KEPT.get(key, () -> {
      EstimateSource.Reader reader = source.new Reader();
      double[][] x = new double[n][];
      for (int i = 0; i < n; i++) {
        x[i] = reader.read(items[i]).clone();
      }
      int q = moments.length / 2;
      return ModelAssistedMean.Basis.of(x, strata, probabilities, Arrays.copyOf(moments, q),
          Arrays.copyOfRange(moments, q, 2 * q));
    });
  }
}
