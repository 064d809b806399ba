/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.spark.function;

import org.boundarysql.kernel.AvgActivation;

import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

import java.util.List;

/** {@code AVG_ACTIVATION(activation)}: the element-wise mean, by {@link AvgActivation}. */
public final class AvgActivationFunction extends RowKernelAggregate<AvgActivation> {
  private static final long serialVersionUID = 1L;

  /** Creates the aggregate of one activation column. */
  public AvgActivationFunction(List<Expression> arguments, int mutableOffset, int inputOffset) {
    super(arguments, mutableOffset, inputOffset);
  }

  @Override protected AvgActivationFunction copy(List<Expression> arguments, int mutableOffset,
      int inputOffset) {
    return new AvgActivationFunction(arguments, mutableOffset, inputOffset);
  }

  @Override protected String name() {
    return "avg_activation";
  }

  @Override public DataType dataType() {
    return DataTypes.createArrayType(DataTypes.DoubleType, false);
  }

  @Override public AvgActivation createAggregationBuffer() {
    return new AvgActivation();
  }

  @Override public Object eval(AvgActivation buffer) {
    return buffer.count() == 0 ? null : UnsafeArrayData.fromPrimitiveArray(buffer.mean());
  }
}
