/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.spark.function;

import org.boundarysql.kernel.AvgActivation;
import org.boundarysql.kernel.TopKNeurons;

import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

import java.util.List;

/**
 * {@code TOPK_NEURONS(activation, k)}: the k neurons of highest mean activation, highest first,
 * ties to the lower index, by {@link AvgActivation} and {@link TopKNeurons#indices}.
 */
public final class TopKNeuronsFunction extends RowKernelAggregate<AvgActivation> {
  private static final long serialVersionUID = 1L;

  /** Creates the aggregate of an activation column and a constant k. */
  public TopKNeuronsFunction(List<Expression> arguments, int mutableOffset, int inputOffset) {
    super(arguments, mutableOffset, inputOffset);
  }

  @Override protected TopKNeuronsFunction copy(List<Expression> arguments, int mutableOffset,
      int inputOffset) {
    return new TopKNeuronsFunction(arguments, mutableOffset, inputOffset);
  }

  @Override protected int activationArguments() {
    return 1;
  }

  @Override protected String name() {
    return "topk_neurons";
  }

  @Override public DataType dataType() {
    return DataTypes.createArrayType(DataTypes.IntegerType, false);
  }

  @Override public AvgActivation createAggregationBuffer() {
    return new AvgActivation();
  }

  @Override public Object eval(AvgActivation buffer) {
    return buffer.count() == 0 ? null : UnsafeArrayData.fromPrimitiveArray(
        TopKNeurons.indices(buffer.mean(), ((Number) argument(1).eval(null)).intValue()));
  }
}
