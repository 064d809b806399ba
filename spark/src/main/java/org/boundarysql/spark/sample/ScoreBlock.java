/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.spark.sample;

import org.boundarysql.sample.BoundaryScores;

import java.io.Serializable;
import java.util.Arrays;

/** One partition's items scored by a calibrated MaxMargin: rows, groups and log ratios. */
final class ScoreBlock implements Serializable {
  private static final long serialVersionUID = 1L;

  private int[] rows = new int[1024];
  private int[] groups = new int[1024];
  private double[] logRatios = new double[1024];
  private int size;

  void add(int row, int group, double logRatio) {
    if (size == rows.length) {
      rows = Arrays.copyOf(rows, size * 2);
      groups = Arrays.copyOf(groups, size * 2);
      logRatios = Arrays.copyOf(logRatios, size * 2);
    }
    rows[size] = row;
    groups[size] = group;
    logRatios[size] = logRatio;
    size++;
  }

  /** Sets this block's items in the store-wide scores, indexed by row. */
  void copyTo(BoundaryScores scores) {
    for (int i = 0; i < size; i++) {
      scores.set(rows[i], groups[i], logRatios[i]);
    }
  }
}
