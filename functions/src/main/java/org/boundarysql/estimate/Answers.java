/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.estimate;

import org.boundarysql.kernel.ArgmaxDist;

import java.util.stream.IntStream;

/**
 * The answers of a multiset of a group's rows, row i counted {@code counts[i]} times: the
 * mean activation and the shares of the largest neuron (each row's largest found once). For
 * the shares, entries past the rows are virtual items whose largest neuron is one the rows
 * never have as largest, in turn.
 */
final class Answers {
  private final float[][] rows;
  private final int[] argmax;
  private final int width;
  /** Neurons no row has as its largest. */
  private final int[] unseen;
  /** Neurons exactly one row has as its largest. */
  private final int singletons;

  Answers(float[][] rows) {
    this.rows = rows;
    this.width = rows.length == 0 ? 0 : rows[0].length;
    this.argmax = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != width) {
        throw new IllegalArgumentException("rows have different widths: " + width + " and "
            + rows[i].length);
      }
      argmax[i] = ArgmaxDist.argmax(rows[i]);
    }
    int[] seen = new int[width];
    for (int a : argmax) {
      seen[a]++;
    }
    this.unseen = IntStream.range(0, width).filter(j -> seen[j] == 0).toArray();
    this.singletons = (int) IntStream.of(seen).filter(c -> c == 1).count();
  }

  /** Number of rows. */
  int rows() {
    return rows.length;
  }

  /**
   * How many of a rebuilt population of {@code size} items are virtual for an answer: none for
   * the mean; for the shares, Good–Turing's share of unseen categories (neurons seen once over
   * rows) of the size − rows unsampled items, if some neuron is unseen.
   */
  int virtualItems(ErrorMetric.Answer answer, int size) {
    if (answer == ErrorMetric.Answer.MEAN || unseen.length == 0) {
      return 0;
    }
    return (int) Math.round((size - rows.length) * (double) singletons / rows.length);
  }

  /**
   * The answer of the rows (and virtual items) weighted by {@code counts}, whose sum is
   * {@code total}.
   */
  double[] of(ErrorMetric.Answer answer, int[] counts, long total) {
    double[] result = new double[width];
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] == 0) {
        continue;
      }
      if (i >= rows.length) {
        result[unseen[(i - rows.length) % unseen.length]] += counts[i];
      } else if (answer == ErrorMetric.Answer.ARGMAX_SHARES) {
        result[argmax[i]] += counts[i];
      } else {
        float[] row = rows[i];
        for (int n = 0; n < width; n++) {
          result[n] += counts[i] * (double) row[n];
        }
      }
    }
    for (int n = 0; n < width; n++) {
      result[n] /= total;
    }
    return result;
  }
}
