/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.spark.function;

import org.boundarysql.kernel.RowAccumulator;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Expression;

import java.io.Serializable;
import java.util.List;

/**
 * A diagnosis aggregate over one activation column whose accumulator is a {@link RowAccumulator}
 * kernel: each row's floats are added to the group's kernel, and the kernels of two tasks merge.
 *
 * @param <K> the kernel
 */
public abstract class RowKernelAggregate<K extends RowAccumulator<K> & Serializable>
    extends KernelAggregate<K> {
  private static final long serialVersionUID = 1L;

  /** Creates the aggregate over its arguments (the activation first), at the given offsets. */
  protected RowKernelAggregate(List<Expression> arguments, int mutableOffset, int inputOffset) {
    super(arguments, mutableOffset, inputOffset);
  }

  @Override public K update(K buffer, InternalRow input) {
    float[] row = floats(0, input);
    if (row != null) {
      buffer.add(row);
    }
    return buffer;
  }

  @Override public K merge(K buffer, K other) {
    buffer.merge(other);
    return buffer;
  }
}
