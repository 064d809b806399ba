/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter.function;

import org.boundarysql.kernel.LinearCka;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code LINEAR_CKA(a, b)}: linear centered kernel alignment between two representations of
 * the same items (rows of the group), in [0, 1]; 1 means the same up to rotation and scale.
 *
 * <p>Two ways to the same number. {@link LinearCka} accumulates the (p + q)² cross products
 * of the features, n (p + q)² work for n rows; with the rows kept, the n² Gram matrices of the
 * items give it in n² (p + q). A group keeps its rows while that is clearly cheaper, fewer
 * than (p + q) / 4 of them (a sample's groups, typically), and streams them into
 * {@link LinearCka} beyond.
 */
public final class LinearCkaFunction {
  /** State of one group. */
  public static final class Accumulator {
    private LinearCka kernel;
    private float[] a;
    private float[] b;
    private final List<float[]> keptA = new ArrayList<>();
    private final List<float[]> keptB = new ArrayList<>();
    private int keepLimit = -1;
  }

  public Accumulator init() {
    return new Accumulator();
  }

  public Accumulator add(Accumulator accumulator, List<?> a, List<?> b) {
    if (a == null || b == null) {
      return accumulator;
    }
    if (accumulator.keepLimit < 0) {
      accumulator.keepLimit = (a.size() + b.size()) / 4;
    }
    accumulator.a = Activations.read("LINEAR_CKA", a, accumulator.a);
    accumulator.b = Activations.read("LINEAR_CKA", b, accumulator.b);
    if (accumulator.kernel == null && accumulator.keptA.size() < accumulator.keepLimit) {
      checkWidths(accumulator, accumulator.a, accumulator.b);
      accumulator.keptA.add(accumulator.a.clone());
      accumulator.keptB.add(accumulator.b.clone());
      return accumulator;
    }
    if (accumulator.kernel == null) {
      accumulator.kernel = new LinearCka(accumulator.a.length, accumulator.b.length);
      for (int i = 0; i < accumulator.keptA.size(); i++) {
        accumulator.kernel.add(accumulator.keptA.get(i), accumulator.keptB.get(i));
      }
      accumulator.keptA.clear();
      accumulator.keptB.clear();
    }
    accumulator.kernel.add(accumulator.a, accumulator.b);
    return accumulator;
  }

  public Double result(Accumulator accumulator) {
    if (accumulator.kernel != null) {
      return accumulator.kernel.count() < 2 ? null : accumulator.kernel.cka();
    }
    return accumulator.keptA.size() < 2 ? null : gramCka(accumulator.keptA, accumulator.keptB);
  }

  private static void checkWidths(Accumulator accumulator, float[] a, float[] b) {
    if (!accumulator.keptA.isEmpty() && (a.length != accumulator.keptA.get(0).length
        || b.length != accumulator.keptB.get(0).length)) {
      throw new IllegalArgumentException("LINEAR_CKA: row widths " + a.length + ", "
          + b.length + " differ from the group's first row's " + accumulator.keptA.get(0).length
          + ", " + accumulator.keptB.get(0).length);
    }
  }

  /**
   * ⟨K, L⟩ / (‖K‖ ‖L‖) with K, L the Gram matrices of the column-centred rows, which equals
   * ‖XᵀY‖² / (‖XᵀX‖ ‖YᵀY‖) on centred X, Y; NaN if either representation is constant.
   */
  static double gramCka(List<float[]> a, List<float[]> b) {
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
