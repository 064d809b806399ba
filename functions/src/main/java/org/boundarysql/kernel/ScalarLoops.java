/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.kernel;

import java.nio.ByteBuffer;

/** {@link Lanes}' loops as plain Java, for JVMs without the Vector API. */
final class ScalarLoops implements LaneLoops {
  /** Independent partial sums, so that the additions of a streaming read need not wait. */
  private static final int PARTIALS = 8;

  @Override public void addTo(double[] sums, float[] row) {
    for (int i = 0; i < sums.length; i++) {
      sums[i] += row[i];
    }
  }

  @Override public void addScaled(double[] sums, double weight, float[] row) {
    for (int i = 0; i < sums.length; i++) {
      sums[i] += weight * row[i];
    }
  }

  @Override public void addRows(double[] sums, StoredRows rows) {
    ByteBuffer bytes = rows.bytes();
    for (int r = 0; r < rows.count(); r++) {
      int at = rows.offset(r);
      for (int i = 0; i < sums.length; i++) {
        sums[i] += bytes.getFloat(at + i * Float.BYTES);
      }
    }
  }

  @Override public double sum(ByteBuffer bytes, int from, int to) {
    float[] partial = new float[PARTIALS];
    int step = PARTIALS * Float.BYTES;
    int at = from;
    for (; at + step <= to; at += step) {
      for (int i = 0; i < PARTIALS; i++) {
        partial[i] += bytes.getFloat(at + i * Float.BYTES);
      }
    }
    double total = 0;
    for (; at < to; at += Float.BYTES) {
      total += bytes.getFloat(at);
    }
    for (float p : partial) {
      total += p;
    }
    return total;
  }
}
