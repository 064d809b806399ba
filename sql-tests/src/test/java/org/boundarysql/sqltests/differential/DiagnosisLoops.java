/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sqltests.differential;

import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The diagnosis aggregates computed by plain loops over activation rows, as the README defines
 * them: the expected answers of {@link DiagnosisCheck}.
 */
final class DiagnosisLoops {
  private DiagnosisLoops() {
  }

  /** {@code AVG_ACTIVATION}: the element-wise mean. */
  static double[] mean(List<float[]> rows) {
    double[] sums = new double[rows.get(0).length];
    for (float[] row : rows) {
      for (int i = 0; i < sums.length; i++) {
        sums[i] += row[i];
      }
    }
    for (int i = 0; i < sums.length; i++) {
      sums[i] /= rows.size();
    }
    return sums;
  }

  /** {@code TOPK_NEURONS}: the k neurons of highest mean, highest first, ties to the lower. */
  static int[] topK(double[] mean, int k) {
    return IntStream.range(0, mean.length).boxed()
        .sorted(Comparator.comparingDouble((Integer i) -> -mean[i]).thenComparing(i -> i))
        .limit(k).mapToInt(Integer::intValue).toArray();
  }

  /**
   * {@code ARGMAX_DIST}: the share of rows whose largest neuron is i, the lowest index among
   * equal largest values (as ArgmaxDist in functions/ documents its ties).
   */
  static double[] argmaxShares(List<float[]> rows) {
    double[] counts = new double[rows.get(0).length];
    for (float[] row : rows) {
      int best = 0;
      for (int i = 1; i < row.length; i++) {
        if (row[i] > row[best]) {
          best = i;
        }
      }
      counts[best]++;
    }
    for (int i = 0; i < counts.length; i++) {
      counts[i] /= rows.size();
    }
    return counts;
  }

  /**
   * {@code LINEAR_CKA}: ‖XᵀY‖²_F / (‖XᵀX‖_F ‖YᵀY‖_F) with X and Y the column-centred rows;
   * null for fewer than two rows, NaN if either side is constant.
   */
  static Double cka(List<float[]> a, List<float[]> b) {
    if (a.size() < 2) {
      return null;
    }
    double[][] x = centredColumns(a);
    double[][] y = centredColumns(b);
    double cross = squaredFrobenius(x, y);
    double xx = Math.sqrt(squaredFrobenius(x, x));
    double yy = Math.sqrt(squaredFrobenius(y, y));
    return xx == 0 || yy == 0 ? Double.NaN : cross / (xx * yy);
  }

  /** ‖XᵀY‖²_F, X and Y given by columns. */
  private static double squaredFrobenius(double[][] x, double[][] y) {
    double total = 0;
    for (double[] xi : x) {
      for (double[] yj : y) {
        double dot = 0;
        for (int r = 0; r < xi.length; r++) {
          dot += xi[r] * yj[r];
        }
        total += dot * dot;
      }
    }
    return total;
  }

  /** The rows minus their mean, by column. */
  private static double[][] centredColumns(List<float[]> rows) {
    double[] mean = mean(rows);
    double[][] columns = new double[mean.length][rows.size()];
    for (int r = 0; r < rows.size(); r++) {
      float[] row = rows.get(r);
      for (int i = 0; i < mean.length; i++) {
        columns[i][r] = row[i] - mean[i];
      }
    }
    return columns;
  }
}
