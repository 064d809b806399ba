/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter.function;

import org.boundarysql.store.Layer;
import org.boundarysql.task.KeptResults;

import java.util.Arrays;

/**
 * The mean and standard deviation of the auxiliaries of a group's items, {@code [mean..., sd...]},
 * kept for the groups computed last: they depend only on the latent layer and logits read and
 * on which rows the group holds, and the same query (or another with the same population: the
 * same store, filter and grouping) asks for them again. Reading every item's auxiliaries is
 * most of an estimate's population side (a few hundred floats per item); looking them up is a
 * comparison of row numbers.
 *
 * <p>A group is known by its layers (by identity: a store opened again has new ones) and its
 * rows, sorted, an item counted once per row it appears in; the cache holds at most
 * {@value #KEPT_ROWS} row numbers in all, the groups used least recently dropped first.
 */
final class PopulationMoments {
  /** The most row numbers the kept groups hold together (4 bytes each). */
  static final int KEPT_ROWS = 8 << 20;

  /** A group: its layers and its sorted rows. */
  private record Group(Layer latent, Layer logits, Layer inputScores, int[] rows) {
    @Override public boolean equals(Object o) {
      return o instanceof Group g && g.latent == latent && g.logits == logits
          && g.inputScores == inputScores && Arrays.equals(g.rows, rows);
    }

    @Override public int hashCode() {
      return 31 * (31 * System.identityHashCode(latent) + System.identityHashCode(logits))
          + Arrays.hashCode(rows);
    }
  }

  /** Each group's moments, weighed by its rows. */
  private static final KeptResults<Group, double[]> KEPT =
      new KeptResults<>(KEPT_ROWS, (group, moments) -> group.rows().length);

  private PopulationMoments() {
  }

  /**
   * The moments of the auxiliaries of {@code count} rows of {@code rows} (sorted here if they
   * are not) from the source's auxiliaries, computed or found again.
   */
  static double[] of(EstimateSource source, int[] rows, int count) {
    int[] sorted = Arrays.copyOf(rows, count);
    for (int i = 1; i < count; i++) {
      if (sorted[i - 1] > sorted[i]) {
        Arrays.sort(sorted);
        break;
      }
    }
    Group group = new Group(source.latent(), source.logits(), source.inputScores(), sorted);
    return KEPT.get(group, () -> compute(source, sorted));
  }

  private static double[] compute(EstimateSource source, int[] rows) {
    EstimateSource.Reader reader = source.new Reader();
    double[] sum = null;
    double[] squares = null;
    for (int row : rows) {
      double[] aux = reader.read(row);
      if (sum == null) {
        sum = new double[aux.length];
        squares = new double[aux.length];
      }
      for (int j = 0; j < aux.length; j++) {
        sum[j] += aux[j];
        squares[j] += aux[j] * aux[j];
      }
    }
    int q = sum.length;
    double[] moments = new double[2 * q];
    for (int j = 0; j < q; j++) {
      double mean = sum[j] / rows.length;
      moments[j] = mean;
      moments[q + j] = Math.sqrt(Math.max(0, squares[j] / rows.length - mean * mean));
    }
    return moments;
  }
}
