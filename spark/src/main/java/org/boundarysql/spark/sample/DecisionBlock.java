/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.spark.sample;

import java.io.Serializable;
import java.util.Arrays;

/** One partition's items scored by the SVMs: rows, labels, decision values class by class. */
final class DecisionBlock implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int classes;
  private int[] rows = new int[1024];
  private int[] labels = new int[1024];
  private double[] decisions;
  private int size;

  DecisionBlock(int classes) {
    this.classes = classes;
    this.decisions = new double[1024 * classes];
  }

  void add(int row, int label, double[] values) {
    if (size == rows.length) {
      rows = Arrays.copyOf(rows, size * 2);
      labels = Arrays.copyOf(labels, size * 2);
      decisions = Arrays.copyOf(decisions, size * 2 * classes);
    }
    rows[size] = row;
    labels[size] = label;
    System.arraycopy(values, 0, decisions, size * classes, classes);
    size++;
  }

  /**
   * Copies this block into arrays indexed by the position of each row in {@code chosen}
   * (ascending rows, which hold every row of this block).
   */
  void copyTo(int[] chosen, double[][] byClass, int[] allLabels) {
    for (int i = 0; i < size; i++) {
      int position = Arrays.binarySearch(chosen, rows[i]);
      allLabels[position] = labels[i];
      for (int c = 0; c < classes; c++) {
        byClass[c][position] = decisions[i * classes + c];
      }
    }
  }
}
