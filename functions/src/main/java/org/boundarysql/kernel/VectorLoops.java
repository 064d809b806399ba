/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * {@link Lanes}' loops on the incubating Vector API. Each lane of {@code addTo},
 * {@code addScaled} and {@code addRows} adds exactly what the plain loop adds (a product, then
 * a sum: no fused multiply-add), in the same order, so both give the same sums to the last bit.
 */
final class VectorLoops implements LaneLoops {
  private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
  /** As many floats as {@link #DOUBLES} has lanes: one conversion fills one double vector. */
  private static final VectorSpecies<Float> WIDENED = VectorSpecies.of(float.class,
      VectorShape.forBitSize(DOUBLES.vectorBitSize() / 2));
  private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
  /**
   * Bytes of rows that {@code addRows} adds up one block of lanes after another: they stay in
   * the first-level cache until the last block has read them.
   */
  private static final int TILE_BYTES = 16 << 10;

  @Override public void addTo(double[] sums, float[] row) {
    int i = 0;
    for (int bound = WIDENED.loopBound(sums.length); i < bound; i += WIDENED.length()) {
      DoubleVector widened = (DoubleVector) FloatVector.fromArray(WIDENED, row, i)
          .convertShape(VectorOperators.F2D, DOUBLES, 0);
      DoubleVector.fromArray(DOUBLES, sums, i).add(widened).intoArray(sums, i);
    }
    for (; i < sums.length; i++) {
      sums[i] += row[i];
    }
  }

  @Override public void addScaled(double[] sums, double weight, float[] row) {
    int i = 0;
    for (int bound = WIDENED.loopBound(sums.length); i < bound; i += WIDENED.length()) {
      DoubleVector widened = (DoubleVector) FloatVector.fromArray(WIDENED, row, i)
          .convertShape(VectorOperators.F2D, DOUBLES, 0);
      DoubleVector.fromArray(DOUBLES, sums, i).add(widened.mul(weight)).intoArray(sums, i);
    }
    for (; i < sums.length; i++) {
      sums[i] += weight * row[i];
    }
  }

  /**
   * Keeps the sums of four blocks of lanes in registers over a tile of rows, then of the next
   * four: each lane still adds its rows one after another, in order.
   */
  @Override public void addRows(double[] sums, StoredRows rows) {
    ByteBuffer bytes = rows.bytes();
    ByteOrder order = bytes.order();
    int width = sums.length;
    int step = WIDENED.length();
    int stepBytes = step * Float.BYTES;
    int bound = WIDENED.loopBound(width);
    int tile = Math.max(1, TILE_BYTES / Math.max(1, width * Float.BYTES));
    for (int first = 0; first < rows.count(); first += tile) {
      int last = Math.min(rows.count(), first + tile);
      int i = 0;
      for (; i + 4 * step <= bound; i += 4 * step) {
        DoubleVector a = DoubleVector.fromArray(DOUBLES, sums, i);
        DoubleVector b = DoubleVector.fromArray(DOUBLES, sums, i + step);
        DoubleVector c = DoubleVector.fromArray(DOUBLES, sums, i + 2 * step);
        DoubleVector d = DoubleVector.fromArray(DOUBLES, sums, i + 3 * step);
        for (int r = first; r < last; r++) {
          int at = rows.offset(r) + i * Float.BYTES;
          a = a.add(widened(bytes, at, order));
          b = b.add(widened(bytes, at + stepBytes, order));
          c = c.add(widened(bytes, at + 2 * stepBytes, order));
          d = d.add(widened(bytes, at + 3 * stepBytes, order));
        }
        a.intoArray(sums, i);
        b.intoArray(sums, i + step);
        c.intoArray(sums, i + 2 * step);
        d.intoArray(sums, i + 3 * step);
      }
      for (; i < bound; i += step) {
        DoubleVector a = DoubleVector.fromArray(DOUBLES, sums, i);
        for (int r = first; r < last; r++) {
          a = a.add(widened(bytes, rows.offset(r) + i * Float.BYTES, order));
        }
        a.intoArray(sums, i);
      }
      for (; i < width; i++) {
        double sum = sums[i];
        for (int r = first; r < last; r++) {
          sum += bytes.getFloat(rows.offset(r) + i * Float.BYTES);
        }
        sums[i] = sum;
      }
    }
  }

  /** The floats at byte {@code at} of {@code bytes}, as many as {@link #DOUBLES} has lanes. */
  private static DoubleVector widened(ByteBuffer bytes, int at, ByteOrder order) {
    return (DoubleVector) FloatVector.fromByteBuffer(WIDENED, bytes, at, order)
        .convertShape(VectorOperators.F2D, DOUBLES, 0);
  }

  @Override public double sum(ByteBuffer bytes, int from, int to) {
    FloatVector first = FloatVector.zero(FLOATS);
    FloatVector second = FloatVector.zero(FLOATS);
    int step = FLOATS.vectorByteSize();
    int at = from;
    for (; at + 2 * step <= to; at += 2 * step) {
      first = first.add(FloatVector.fromByteBuffer(FLOATS, bytes, at, bytes.order()));
      second = second.add(FloatVector.fromByteBuffer(FLOATS, bytes, at + step, bytes.order()));
    }
    double total = first.add(second).reduceLanes(VectorOperators.ADD);
    for (; at < to; at += Float.BYTES) {
      total += bytes.getFloat(at);
    }
    return total;
  }
}
