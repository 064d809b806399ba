/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.kernel;

/** A kernel that accumulates rows of one width, one primitive row at a time. */
public interface RowAccumulator {
  /** Adds one row; every row has the same width. */
  void add(float[] row);

  /** Number of rows added. */
  long count();
}
