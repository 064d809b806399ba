/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.kernel;

import java.io.Serializable;

/**
 * Accumulates linear centered kernel alignment (CKA) between two representations of the same
 * items, one row pair at a time.
 *
 * <p>With column-centered X (n × p) and Y (n × q),
 * CKA = ‖XᵀY‖²_F / (‖XᵀX‖_F ‖YᵀY‖_F), which needs only the sums and the cross-product sums, so
 * memory is O((p + q)²) whatever the number of items.
 */
public final class LinearCka implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int p;
  private final int q;
  // Rows are shifted by the first pair before accumulating; centering removes the shift exactly
  // and the smaller magnitudes keep cancellation in "sum of products minus n·means" small.
  private final float[] shiftA;
  private final float[] shiftB;
  private final double[] da;
  private final double[] db;
  private final double[] sumA;
  private final double[] sumB;
  private final double[] aa;
  private final double[] bb;
  private final double[] ab;
  private long n;

  /** Creates an accumulator for rows of widths {@code p} and {@code q}. */
  public LinearCka(int p, int q) {
    if (p <= 0 || q <= 0) {
      throw new IllegalArgumentException("widths must be positive: " + p + ", " + q);
    }
    this.p = p;
    this.q = q;
    this.shiftA = new float[p];
    this.shiftB = new float[q];
    this.da = new double[p];
    this.db = new double[q];
    this.sumA = new double[p];
    this.sumB = new double[q];
    this.aa = new double[p * p];
    this.bb = new double[q * q];
    this.ab = new double[p * q];
  }

  /** Adds the two representations of one item. */
  public void add(float[] a, float[] b) {
    if (a.length != p || b.length != q) {
      throw new IllegalArgumentException("row widths " + a.length + ", " + b.length
          + " differ from accumulator widths " + p + ", " + q);
    }
    if (n == 0) {
      System.arraycopy(a, 0, shiftA, 0, p);
      System.arraycopy(b, 0, shiftB, 0, q);
    }
    for (int i = 0; i < p; i++) {
      da[i] = a[i] - shiftA[i];
      sumA[i] += da[i];
    }
    for (int i = 0; i < q; i++) {
      db[i] = b[i] - shiftB[i];
      sumB[i] += db[i];
    }
    addOuterUpper(aa, da);
    addOuterUpper(bb, db);
    for (int i = 0; i < p; i++) {
      double x = da[i];
      if (x != 0) {
        int base = i * q;
        for (int j = 0; j < q; j++) {
          ab[base + j] += x * db[j];
        }
      }
    }
    n++;
  }

  /**
   * Adds every pair that {@code other} has accumulated: its sums are moved from its shift to
   * this one (x − s = (x − s') + (s' − s)) and added.
   */
  public void merge(LinearCka other) {
    if (other.p != p || other.q != q) {
      throw new IllegalArgumentException("widths " + other.p + ", " + other.q
          + " differ from accumulator widths " + p + ", " + q);
    }
    if (other.n == 0) {
      return;
    }
    if (n == 0) {
      System.arraycopy(other.shiftA, 0, shiftA, 0, p);
      System.arraycopy(other.shiftB, 0, shiftB, 0, q);
    }
    double[] deltaA = new double[p];
    double[] deltaB = new double[q];
    for (int i = 0; i < p; i++) {
      deltaA[i] = (double) other.shiftA[i] - shiftA[i];
    }
    for (int i = 0; i < q; i++) {
      deltaB[i] = (double) other.shiftB[i] - shiftB[i];
    }
    mergeMoments(aa, other.aa, deltaA, other.sumA, deltaA, other.sumA, other.n, true);
    mergeMoments(bb, other.bb, deltaB, other.sumB, deltaB, other.sumB, other.n, true);
    mergeMoments(ab, other.ab, deltaA, other.sumA, deltaB, other.sumB, other.n, false);
    for (int i = 0; i < p; i++) {
      sumA[i] += other.sumA[i] + other.n * deltaA[i];
    }
    for (int i = 0; i < q; i++) {
      sumB[i] += other.sumB[i] + other.n * deltaB[i];
    }
    n += other.n;
  }

  /**
   * Adds Σ (x + δx)(y + δy)ᵀ = Σ x yᵀ + δx (Σ y)ᵀ + (Σ x) δyᵀ + m δx δyᵀ to {@code target}, the
   * upper triangle only when {@code upper}.
   */
  private static void mergeMoments(double[] target, double[] products, double[] deltaX,
      double[] sumX, double[] deltaY, double[] sumY, long m, boolean upper) {
    int w = deltaY.length;
    for (int i = 0; i < deltaX.length; i++) {
      for (int j = upper ? i : 0; j < w; j++) {
        target[i * w + j] += products[i * w + j] + deltaX[i] * sumY[j] + sumX[i] * deltaY[j]
            + m * deltaX[i] * deltaY[j];
      }
    }
  }

  /** Returns the number of row pairs added. */
  public long count() {
    return n;
  }

  /**
   * Returns CKA in [0, 1]; NaN when either representation is constant over the items (it has no
   * centered variation to align), including when fewer than two pairs were added.
   */
  public double cka() {
    double cross = 0;
    for (int i = 0; i < p; i++) {
      for (int j = 0; j < q; j++) {
        double c = ab[i * q + j] - sumA[i] * sumB[j] / n;
        cross += c * c;
      }
    }
    double normA = Math.sqrt(frobeniusSquared(aa, sumA));
    double normB = Math.sqrt(frobeniusSquared(bb, sumB));
    if (n < 2 || normA == 0 || normB == 0) {
      return Double.NaN;
    }
    return Math.min(1, cross / (normA * normB));
  }

  /** Adds the upper triangle of x·xᵀ; the Gram matrices are symmetric, so half is enough. */
  private static void addOuterUpper(double[] m, double[] x) {
    int w = x.length;
    for (int i = 0; i < w; i++) {
      double xi = x[i];
      if (xi != 0) {
        int base = i * w;
        for (int j = i; j < w; j++) {
          m[base + j] += xi * x[j];
        }
      }
    }
  }

  /** Returns ‖centered Gram‖²_F from the upper triangle of the raw Gram and the column sums. */
  private double frobeniusSquared(double[] m, double[] sums) {
    int w = sums.length;
    double total = 0;
    for (int i = 0; i < w; i++) {
      for (int j = i; j < w; j++) {
        double c = m[i * w + j] - sums[i] * sums[j] / n;
        total += i == j ? c * c : 2 * c * c;
      }
    }
    return total;
  }
}
