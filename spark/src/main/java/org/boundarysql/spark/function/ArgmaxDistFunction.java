/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.spark.function;

import org.boundarysql.kernel.ArgmaxDist;

import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

import java.util.List;

/**
 * {@code ARGMAX_DIST(activation)}: for each neuron, the share of rows whose largest neuron it
 * is, by {@link ArgmaxDist}.
 */
public final class ArgmaxDistFunction extends RowKernelAggregate<ArgmaxDist> {
  private static final long serialVersionUID = 1L;

  /** Creates the aggregate of one activation column. */
  public ArgmaxDistFunction(List<Expression> arguments, int mutableOffset, int inputOffset) {
    super(arguments, mutableOffset, inputOffset);
  }

  @Override protected ArgmaxDistFunction copy(List<Expression> arguments, int mutableOffset,
      int inputOffset) {
    return new ArgmaxDistFunction(arguments, mutableOffset, inputOffset);
  }

  @Override protected String name() {
    return "argmax_dist";
  }

  @Override public DataType dataType() {
    return DataTypes.createArrayType(DataTypes.DoubleType, false);
  }

  @Override public ArgmaxDist createAggregationBuffer() {
    return new ArgmaxDist();
  }

  @Override public Object eval(ArgmaxDist buffer) {
    return buffer.count() == 0 ? null : UnsafeArrayData.fromPrimitiveArray(buffer.shares());
  }
}
