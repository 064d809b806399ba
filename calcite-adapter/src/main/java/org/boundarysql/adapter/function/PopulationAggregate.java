/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter.function;

import org.apache.calcite.adapter.enumerable.AggImplementor;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.FunctionParameter;
import org.apache.calcite.schema.ImplementableAggFunction;
import org.apache.calcite.schema.impl.AggregateFunctionImpl;
import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.InferTypes;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlUserDefinedAggFunction;
import org.apache.calcite.util.Optionality;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * An aggregate that needs each group's population: how many items the group has when every
 * sample in the query is replaced by its full table, and the design of the sample its rows
 * come from. Its implementation class takes them as two last arguments, {@code long population}
 * and {@code String design}, which SQL does not show; the adapter's planner rule supplies them
 * by joining the group with its population's count and calls {@link #implementation}. The
 * model-assisted estimates take one or two more: the key of their {@link EstimateSource}
 * ({@link #ESTIMATE_BASIS_ARGUMENTS}) and the population's auxiliaries
 * ({@link #ESTIMATE_ARGUMENTS}, {@link PopulationAuxiliariesFunction}).
 *
 * <p>The aggregate as SQL names it has no implementor, so a plan that kept it unrewritten
 * cannot be chosen.
 */
public final class PopulationAggregate implements ImplementableAggFunction {
  /** Number of arguments the planner rule adds: the population and the design. */
  public static final int HIDDEN_ARGUMENTS = 2;
  /** ... and the key of the estimate's source, for {@code ESTIMATE_BASIS}. */
  public static final int ESTIMATE_BASIS_ARGUMENTS = 3;
  /** ... and the population's auxiliaries, for the estimates. */
  public static final int ESTIMATE_ARGUMENTS = 4;

  private final String name;
  private final AggregateFunctionImpl implementation;
  private final Function<RelDataTypeFactory, RelDataType> returnType;
  private final int hidden;

  private PopulationAggregate(String name, AggregateFunctionImpl implementation,
      Function<RelDataTypeFactory, RelDataType> returnType, int hidden) {
    this.name = name;
    this.implementation = implementation;
    this.returnType = returnType;
    this.hidden = hidden;
  }

  /** The aggregate implemented by {@code init/add/result} of a class, returning a scalar. */
  static PopulationAggregate of(String name, Class<?> implementation, SqlTypeName type) {
    return of(name, implementation, type, HIDDEN_ARGUMENTS);
  }

  /** As {@link #of(String, Class, SqlTypeName)}, the class taking {@code hidden} arguments. */
  static PopulationAggregate of(String name, Class<?> implementation, SqlTypeName type,
      int hidden) {
    return new PopulationAggregate(name, AggregateFunctionImpl.create(implementation),
        f -> f.createTypeWithNullability(f.createSqlType(type), true), hidden);
  }

  /** The aggregate implemented by a class, returning an array of {@code elementType}. */
  static PopulationAggregate ofArray(String name, Class<?> implementation,
      SqlTypeName elementType) {
    return ofArray(name, implementation, elementType, HIDDEN_ARGUMENTS);
  }

  /** As {@link #ofArray(String, Class, SqlTypeName)}, taking {@code hidden} arguments. */
  static PopulationAggregate ofArray(String name, Class<?> implementation,
      SqlTypeName elementType, int hidden) {
    return new PopulationAggregate(name, AggregateFunctionImpl.create(implementation),
        f -> f.createTypeWithNullability(
            f.createArrayType(f.createSqlType(elementType), -1), true), hidden);
  }

  /**
   * The aggregate of the population's auxiliaries per group, which the planner rule computes
   * over the population for the estimates ({@link PopulationAuxiliariesFunction}).
   */
  public static SqlAggFunction populationAuxiliaries(RelDataTypeFactory typeFactory) {
    return sqlFunction(PopulationAuxiliariesFunction.NAME,
        AggregateFunctionImpl.create(PopulationAuxiliariesFunction.class),
        typeFactory.createTypeWithNullability(typeFactory.createArrayType(
            typeFactory.createSqlType(SqlTypeName.DOUBLE), -1), true), typeFactory);
  }

  /** The aggregate behind a SQL aggregate function, or null if it is not one of these. */
  public static @Nullable PopulationAggregate of(SqlAggFunction function) {
    return function instanceof SqlUserDefinedAggFunction udf
        && udf.function instanceof PopulationAggregate p ? p : null;
  }

  /** The function's SQL name. */
  public String name() {
    return name;
  }

  @Override public RelDataType getReturnType(RelDataTypeFactory typeFactory) {
    return returnType.apply(typeFactory);
  }

  /** The types of the implementation's parameters, those SQL passes and the hidden ones. */
  public List<RelDataType> parameterTypes(RelDataTypeFactory typeFactory) {
    return implementation.getParameters().stream().map(p -> p.getType(typeFactory)).toList();
  }

  /** How many arguments the planner rule adds after those SQL passes. */
  public int hiddenArguments() {
    return hidden;
  }

  /** The parameters SQL passes; the implementation takes {@link #hiddenArguments} more. */
  @Override public List<FunctionParameter> getParameters() {
    List<FunctionParameter> all = implementation.getParameters();
    return all.subList(0, all.size() - hidden);
  }

  /** None: the planner rule replaces this aggregate by {@link #implementation}. */
  @Override public @Nullable AggImplementor getImplementor(boolean windowContext) {
    return null;
  }

  /**
   * The SQL aggregate function that computes this one, taking the population and the design
   * after the arguments SQL passes.
   */
  public SqlAggFunction implementation(RelDataTypeFactory typeFactory) {
    return sqlFunction(name, implementation, getReturnType(typeFactory), typeFactory);
  }

  private static SqlAggFunction sqlFunction(String name, AggregateFunctionImpl implementation,
      RelDataType type, RelDataTypeFactory typeFactory) {
    List<RelDataType> types = implementation.getParameters().stream()
        .map(p -> p.getType(typeFactory)).toList();
    return new SqlUserDefinedAggFunction(new SqlIdentifier(name, SqlParserPos.ZERO),
        SqlKind.OTHER_FUNCTION, ReturnTypes.explicit(type), InferTypes.explicit(types),
        OperandTypes.operandMetadata(Collections.nCopies(types.size(), SqlTypeFamily.ANY),
            f -> types, i -> implementation.getParameters().get(i).getName(), i -> false),
        new Implemented(implementation, type), false, false, Optionality.FORBIDDEN);
  }

  /** The implementation with every parameter, as the rewritten plan calls it. */
  private record Implemented(AggregateFunctionImpl implementation, RelDataType type)
      implements ImplementableAggFunction {
    @Override public RelDataType getReturnType(RelDataTypeFactory typeFactory) {
      return type;
    }

    @Override public List<FunctionParameter> getParameters() {
      return implementation.getParameters();
    }

    @Override public AggImplementor getImplementor(boolean windowContext) {
      return implementation.getImplementor(windowContext);
    }
  }
}
