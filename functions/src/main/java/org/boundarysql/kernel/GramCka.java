/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.kernel;

import java.util.List;

/**
 * Linear CKA of a few items from the n × n Gram matrices of their rows: n² (p + q) work, against
 * n (p + q)² for {@link LinearCka}'s cross products, so the cheaper one while n is small.
 */
public final class GramCka {
  private GramCka() {
  }

  /**
   * ⟨K, L⟩ / (‖K‖ ‖L‖) with K, L the Gram matrices of the column-centred rows, which equals
   * ‖XᵀY‖² / (‖XᵀX‖ ‖YᵀY‖) on centred X, Y; NaN if either representation is constant.
   */
  public static double cka(List<float[]> a, List<float[]> b) {
    int n = a.size();
    double[][] k = gram(centred(a));
    double[][] l = gram(centred(b));
    double cross = 0;
    double kk = 0;
    double ll = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        cross += k[i][j] * l[i][j];
        kk += k[i][j] * k[i][j];
        ll += l[i][j] * l[i][j];
      }
    }
    if (kk == 0 || ll == 0) {
      return Double.NaN;
    }
    return Math.min(1, cross / Math.sqrt(kk * ll));
  }

  /** The rows minus their column means. */
  private static double[][] centred(List<float[]> rows) {
    int n = rows.size();
    int width = rows.get(0).length;
    double[] mean = new double[width];
    for (float[] row : rows) {
      for (int c = 0; c < width; c++) {
        mean[c] += row[c];
      }
    }
    for (int c = 0; c < width; c++) {
      mean[c] /= n;
    }
    double[][] centred = new double[n][width];
    for (int i = 0; i < n; i++) {
      float[] row = rows.get(i);
      for (int c = 0; c < width; c++) {
        centred[i][c] = row[c] - mean[c];
      }
    }
    return centred;
  }

  /** The symmetric matrix of the rows' dot products. */
  private static double[][] gram(double[][] rows) {
    int n = rows.length;
    double[][] gram = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = i; j < n; j++) {
        double dot = dot(rows[i], rows[j]);
        gram[i][j] = dot;
        gram[j][i] = dot;
      }
    }
    return gram;
  }

  /** A dot product with four partial sums, which the processor can add in parallel. */
  private static double dot(double[] x, double[] y) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int i = 0;
    for (; i + 3 < x.length; i += 4) {
      s0 += x[i] * y[i];
      s1 += x[i + 1] * y[i + 1];
      s2 += x[i + 2] * y[i + 2];
      s3 += x[i + 3] * y[i + 3];
    }
    for (; i < x.length; i++) {
      s0 += x[i] * y[i];
    }
    return (s0 + s1) + (s2 + s3);
  }
}
