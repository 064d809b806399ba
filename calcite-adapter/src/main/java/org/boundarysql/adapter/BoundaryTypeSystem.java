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
 * Calcite's type system, except that AVG of an integer column is DOUBLE: {@code avg(id)} is
 * 5073.85, not 5073, as in PostgreSQL, DuckDB, Spark and pandas.
 */
public final class BoundaryTypeSystem extends RelDataTypeSystemImpl {
  /** The instance connections use ({@code typeSystem=...#INSTANCE}). */
  public static final RelDataTypeSystem INSTANCE = new BoundaryTypeSystem();

  private BoundaryTypeSystem() {
  }

  @Override public RelDataType deriveAvgAggType(RelDataTypeFactory typeFactory,
      RelDataType argumentType) {
    if (SqlTypeUtil.isIntType(argumentType)) {
      return typeFactory.createTypeWithNullability(
          typeFactory.createSqlType(SqlTypeName.DOUBLE), argumentType.isNullable());
    }
    return super.deriveAvgAggType(typeFactory, argumentType);
  }
}
