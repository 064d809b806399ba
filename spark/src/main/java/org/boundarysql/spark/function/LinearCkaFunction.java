/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.spark.function;

import org.boundarysql.kernel.LinearCka;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

import java.io.Serializable;
import java.util.List;

/**
 * {@code LINEAR_CKA(a, b)}: linear centered kernel alignment of two representations of the
 * group's items, by {@link LinearCka}; null for fewer than two pairs.
 */
public final class LinearCkaFunction extends KernelAggregate<LinearCkaFunction.Buffer> {
  private static final long serialVersionUID = 1L;

  /** The accumulator, created at the first pair, whose widths it takes. */
  public static final class Buffer implements Serializable {
    private static final long serialVersionUID = 1L;
    private LinearCka cka;
  }

  /** Creates the aggregate of two activation columns. */
  public LinearCkaFunction(List<Expression> arguments, int mutableOffset, int inputOffset) {
    super(arguments, mutableOffset, inputOffset);
  }

  @Override protected LinearCkaFunction copy(List<Expression> arguments, int mutableOffset,
      int inputOffset) {
    return new LinearCkaFunction(arguments, mutableOffset, inputOffset);
  }

  @Override protected String name() {
    return "linear_cka";
  }

  @Override public DataType dataType() {
    return DataTypes.DoubleType;
  }

  @Override public Buffer createAggregationBuffer() {
    return new Buffer();
  }

  @Override public Buffer update(Buffer buffer, InternalRow input) {
    float[] a = floats(0, input);
    float[] b = floats(1, input);
    if (a != null && b != null) {
      if (buffer.cka == null) {
        buffer.cka = new LinearCka(a.length, b.length);
      }
      buffer.cka.add(a, b);
    }
    return buffer;
  }

  @Override public Buffer merge(Buffer buffer, Buffer other) {
    if (buffer.cka == null) {
      return other;
    }
    if (other.cka != null) {
      buffer.cka.merge(other.cka);
    }
    return buffer;
  }

  @Override public Object eval(Buffer buffer) {
    return buffer.cka == null || buffer.cka.count() < 2 ? null : buffer.cka.cka();
  }
}
