/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.estimate;

import org.boundarysql.kernel.ArgmaxDistribution;

/**
 * The answers of a multiset of a group's rows, row i counted {@code counts[i]} times: the
 * mean activation and the shares of the largest neuron (each row's largest found once).
 */
final class Answers {
  private final float[][] rows;
  private final int[] argmax;
  private final int width;

  Answers(float[][] rows) {
    this.rows = rows;
    this.width = rows.length == 0 ? 0 : rows[0].length;
    this.argmax = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != width) {
        throw new IllegalArgumentException("rows have different widths: " + width + " and "
            + rows[i].length);
      }
      argmax[i] = ArgmaxDistribution.argmax(rows[i]);
    }
  }

  /** The answer of the rows weighted by {@code counts}, whose sum is {@code total}. */
  double[] of(ErrorMetric.Answer answer, int[] counts, long total) {
    double[] result = new double[width];
    for (int i = 0; i < rows.length; i++) {
      if (counts[i] == 0) {
        continue;
      }
      if (answer == ErrorMetric.Answer.ARGMAX_SHARES) {
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
