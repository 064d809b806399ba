/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeSystem;
import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;

/**
 * Calcite's type system, except that AVG of an integer or REAL column and SUM of a REAL column
 * are DOUBLE, accumulated in double precision: {@code avg(id)} is 5073.85, not 5073, and
 * {@code avg(activation[1])} is not rounded to float32, as in PostgreSQL, DuckDB and pandas;
 * and DECIMAL has up to 38 digits, so that a BIGINT and a fraction have a common type that
 * keeps both ({@code case when c then id else 0.5 end} was DECIMAL(19, 0): 0.5 became 0); and
 * strings of different lengths have VARCHAR as their common type, as in PostgreSQL: a
 * {@code CASE}, {@code COALESCE}, {@code UNION} or {@code VALUES} of {@code 'lo'} and
 * {@code 'high'} is not CHAR(4), which pads {@code 'lo'} to {@code 'lo  '}.
 */
public final class BoundaryTypeSystem extends RelDataTypeSystemImpl {
  /** The instance connections use ({@code typeSystem=...#INSTANCE}). */
  public static final RelDataTypeSystem INSTANCE = new BoundaryTypeSystem();

  /** Digits of the widest DECIMAL, as in SQL Server, Oracle and Spark. */
  private static final int MAX_DECIMAL_PRECISION = 38;

  private BoundaryTypeSystem() {
  }

  @Override public int getMaxPrecision(SqlTypeName typeName) {
    return typeName == SqlTypeName.DECIMAL ? MAX_DECIMAL_PRECISION
        : super.getMaxPrecision(typeName);
  }

  @Override public int getMaxScale(SqlTypeName typeName) {
    return typeName == SqlTypeName.DECIMAL ? MAX_DECIMAL_PRECISION
        : super.getMaxScale(typeName);
  }

  @Override public boolean shouldConvertRaggedUnionTypesToVarying() {
    return true;
  }

  @Override public RelDataType deriveAvgAggType(RelDataTypeFactory typeFactory,
      RelDataType argumentType) {
    return SqlTypeUtil.isIntType(argumentType) || isSinglePrecision(argumentType)
        ? asDouble(typeFactory, argumentType)
        : super.deriveAvgAggType(typeFactory, argumentType);
  }

  @Override public RelDataType deriveSumType(RelDataTypeFactory typeFactory,
      RelDataType argumentType) {
    return isSinglePrecision(argumentType) ? asDouble(typeFactory, argumentType)
        : super.deriveSumType(typeFactory, argumentType);
  }

  private static boolean isSinglePrecision(RelDataType type) {
    return type.getSqlTypeName() == SqlTypeName.REAL || type.getSqlTypeName() == SqlTypeName.FLOAT;
  }

  private static RelDataType asDouble(RelDataTypeFactory typeFactory, RelDataType type) {
    return typeFactory.createTypeWithNullability(typeFactory.createSqlType(SqlTypeName.DOUBLE),
        type.isNullable());
  }
}
