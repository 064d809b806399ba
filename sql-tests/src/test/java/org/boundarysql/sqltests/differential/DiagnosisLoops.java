/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sqltests.differential;

import java.util.Arrays;
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

  /** {@code ARGMAX}: the largest neuron, the lowest index among equal largest values. */
  static int argmax(float[] row) {
    int best = 0;
    for (int i = 1; i < row.length; i++) {
      if (row[i] > row[best]) {
        best = i;
      }
    }
    return best;
  }

  /** {@code TOPK_PRECISION}: the share of {@code full}'s neurons that {@code sample} names. */
  static double topkPrecision(int[] sample, int[] full) {
    long hits = Arrays.stream(sample).filter(n -> Arrays.stream(full).anyMatch(f -> f == n))
        .count();
    return (double) hits / full.length;
  }

  /**
   * {@code COSINE_DISTANCE}: 1 − a·b / (‖a‖ ‖b‖), in [0, 2]; two zero vectors at 0, a zero
   * vector and another at 1.
   */
  static double cosineDistance(double[] a, double[] b) {
    double dot = 0;
    double aa = 0;
    double bb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      aa += a[i] * a[i];
      bb += b[i] * b[i];
    }
    if (aa == 0 || bb == 0) {
      return aa == bb ? 0 : 1;
    }
    return Math.max(0, Math.min(2, 1 - dot / Math.sqrt(aa) / Math.sqrt(bb)));
  }

  /**
   * {@code JS_DISTANCE}: the square root of the Jensen–Shannon divergence in bits of p and q,
   * each scaled to sum 1; two zero vectors at 0, a zero vector and another at 1.
   */
  static double jsDistance(double[] p, double[] q) {
    double sp = Arrays.stream(p).sum();
    double sq = Arrays.stream(q).sum();
    if (sp == 0 || sq == 0) {
      return sp == sq ? 0 : 1;
    }
    double bits = 0;
    for (int i = 0; i < p.length; i++) {
      double a = p[i] / sp;
      double b = q[i] / sq;
      double m = (a + b) / 2;
      bits += (a > 0 ? a * log2(a / m) : 0) / 2 + (b > 0 ? b * log2(b / m) : 0) / 2;
    }
    return Math.sqrt(Math.max(0, Math.min(1, bits)));
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
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
