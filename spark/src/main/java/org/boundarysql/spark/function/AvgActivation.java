/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.spark.function;

import org.boundarysql.kernel.MeanActivation;

import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

import java.util.List;

/** {@code AVG_ACTIVATION(activation)}: the element-wise mean, by {@link MeanActivation}. */
public final class AvgActivation extends RowKernelAggregate<MeanActivation> {
  private static final long serialVersionUID = 1L;

  /** Creates the aggregate of one activation column. */
  public AvgActivation(List<Expression> arguments, int mutableOffset, int inputOffset) {
    super(arguments, mutableOffset, inputOffset);
  }

  @Override protected AvgActivation copy(List<Expression> arguments, int mutableOffset,
      int inputOffset) {
    return new AvgActivation(arguments, mutableOffset, inputOffset);
  }

  @Override protected String name() {
    return "avg_activation";
  }

  @Override public DataType dataType() {
    return DataTypes.createArrayType(DataTypes.DoubleType, false);
  }

  @Override public MeanActivation createAggregationBuffer() {
    return new MeanActivation();
  }

  @Override public Object eval(MeanActivation buffer) {
    return buffer.count() == 0 ? null : UnsafeArrayData.fromPrimitiveArray(buffer.mean());
  }
}
