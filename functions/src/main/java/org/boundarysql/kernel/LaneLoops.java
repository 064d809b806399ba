/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.kernel;

import java.nio.ByteBuffer;

/** The loops behind {@link Lanes}: one implementation per way of running them. */
interface LaneLoops {
  void addTo(double[] sums, float[] row);

  void addScaled(double[] sums, double weight, float[] row);

  void addRows(double[] sums, StoredRows rows);

  double sum(ByteBuffer bytes, int from, int to);
}
