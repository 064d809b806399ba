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

/**
 * {@link Lanes}' loops on the incubating Vector API. Each lane of {@code addTo} and
 * {@code addScaled} adds exactly what the plain loop adds (a product, then a sum: no fused
 * multiply-add), in the same order, so both give the same sums to the last bit.
 */
final class VectorLoops implements LaneLoops {
  private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
  /** As many floats as {@link #DOUBLES} has lanes: one conversion fills one double vector. */
  private static final VectorSpecies<Float> WIDENED = VectorSpecies.of(float.class,
      VectorShape.forBitSize(DOUBLES.vectorBitSize() / 2));
  private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;

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
