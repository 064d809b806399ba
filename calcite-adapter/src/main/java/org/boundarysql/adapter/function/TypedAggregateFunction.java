/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter.function;

import org.apache.calcite.adapter.enumerable.AggImplementor;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.AggregateFunction;
import org.apache.calcite.schema.FunctionParameter;
import org.apache.calcite.schema.ImplementableAggFunction;
import org.apache.calcite.schema.impl.AggregateFunctionImpl;
import org.apache.calcite.sql.type.SqlTypeName;

import java.util.List;

/**
 * A user-defined aggregate with a declared SQL array result type. Calcite types a Java
 * {@code List} result as {@code ANY ARRAY}; this names the element type.
 */
final class TypedAggregateFunction implements ImplementableAggFunction {
  private final AggregateFunctionImpl implementation;
  private final SqlTypeName elementType;

  private TypedAggregateFunction(AggregateFunctionImpl implementation, SqlTypeName elementType) {
    this.implementation = implementation;
    this.elementType = elementType;
  }

  /** The aggregate implemented by {@code init/add/result} methods of a class. */
  static AggregateFunction of(Class<?> implementation, SqlTypeName elementType) {
    return new TypedAggregateFunction(AggregateFunctionImpl.create(implementation), elementType);
  }

  @Override public RelDataType getReturnType(RelDataTypeFactory typeFactory) {
    return typeFactory.createTypeWithNullability(
        typeFactory.createArrayType(typeFactory.createSqlType(elementType), -1), true);
  }

  @Override public List<FunctionParameter> getParameters() {
    return implementation.getParameters();
  }

  @Override public AggImplementor getImplementor(boolean windowContext) {
    return implementation.getImplementor(windowContext);
  }
}
