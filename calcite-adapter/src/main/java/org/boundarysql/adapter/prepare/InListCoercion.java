/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter.prepare;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorScope;
import org.apache.calcite.sql.validate.implicit.TypeCoercionImpl;

import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Calcite's implicit type coercion, except that a whole or decimal number in an {@code IN} list
 * of DOUBLE type is written as a DOUBLE literal ({@code 1} as {@code 1E0}) rather than cast:
 * a list of literals becomes rows of values, and Calcite makes every element it casts a
 * projection of its own, simplified with generated code: {@code confidence in (0, 1, ...)}
 * took 46 s to plan for 10,000 numbers.
 */
final class InListCoercion extends TypeCoercionImpl {
  /** Whether the coercion at work is an IN list's. */
  private boolean inList;

  private InListCoercion(RelDataTypeFactory typeFactory, SqlValidator validator) {
    super(typeFactory, validator);
  }

  /** Creates the coercion of a validator. */
  static InListCoercion create(RelDataTypeFactory typeFactory, SqlValidator validator) {
    return new InListCoercion(typeFactory, validator);
  }

  @Override public boolean inOperationCoercion(SqlCallBinding binding) {
    inList = true;
    try {
      return super.inOperationCoercion(binding);
    } finally {
      inList = false;
    }
  }

  @Override protected boolean coerceColumnType(@Nullable SqlValidatorScope scope,
      SqlNodeList nodeList, int index, RelDataType targetType) {
    if (inList && index < nodeList.size()
        && nodeList.get(index) instanceof SqlNumericLiteral number && number.isExact()
        && targetType.getSqlTypeName() == SqlTypeName.DOUBLE) {
      nodeList.set(index, SqlLiteral.createApproxNumeric(number.bigDecimalValue()
          .toString() + "E0", number.getParserPosition()));
      return true;
    }
    return super.coerceColumnType(scope, nodeList, index, targetType);
  }
}
