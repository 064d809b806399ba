/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.eval;

import org.boundarysql.kernel.RowSource;

/** Some rows of a layer, renumbered: row i is the source's row {@code rows[i]}. */
final class SplitRows implements RowSource {
  private final RowSource source;
  private final int[] rows;

  SplitRows(RowSource source, int[] rows) {
    for (int row : rows) {
      if (row < 0 || row >= source.rows()) {
        throw new IllegalArgumentException("row " + row + " not in [0, " + source.rows() + ")");
      }
    }
    this.source = source;
    this.rows = rows.clone();
  }

  @Override public int rows() {
    return rows.length;
  }

  @Override public int width() {
    return source.width();
  }

  @Override public void read(int row, float[] dst) {
    source.read(rows[row], dst);
  }
}
