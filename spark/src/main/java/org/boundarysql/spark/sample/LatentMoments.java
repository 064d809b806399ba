/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.spark.sample;

import java.io.Serializable;

/** Per-feature sums and sums of squares of latent vectors, the labels seen and the rows. */
final class LatentMoments implements Serializable {
  private static final long serialVersionUID = 1L;

  final double[] sums;
  final double[] squares;
  final boolean[] labels;
  long count;
  int maxRow = -1;

  LatentMoments(int width, int classCount) {
    this.sums = new double[width];
    this.squares = new double[width];
    this.labels = new boolean[classCount];
  }

  void add(int row, int label, float[] point) {
    for (int f = 0; f < sums.length; f++) {
      double value = point[f];
      sums[f] += value;
      squares[f] += value * value;
    }
    labels[label] = true;
    count++;
    maxRow = Math.max(maxRow, row);
  }

  LatentMoments merge(LatentMoments other) {
    for (int f = 0; f < sums.length; f++) {
      sums[f] += other.sums[f];
      squares[f] += other.squares[f];
    }
    for (int c = 0; c < labels.length; c++) {
      labels[c] |= other.labels[c];
    }
    count += other.count;
    maxRow = Math.max(maxRow, other.maxRow);
    return this;
  }
}
