/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.kernel;

/**
 * A kernel that accumulates rows of one width, one primitive row at a time; kernels that saw
 * different rows merge into one that saw them all (see {@link ParallelRows}).
 *
 * @param <K> the kernel's own type
 */
public interface RowAccumulator<K extends RowAccumulator<K>> {
  /** Adds one row; every row has the same width. */
  void add(float[] row);

  /** Adds {@code rows} in order, as {@link #add} would one by one. */
  default void addAll(StoredRows rows) {
    rows.forEach(this::add);
  }

  /** Adds every row that {@code other} has accumulated. */
  void merge(K other);

  /** Number of rows added. */
  long count();
}
