/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter.prepare;

import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlCase;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql2rel.SqlRexContext;
import org.apache.calcite.sql2rel.SqlRexConvertlet;
import org.apache.calcite.sql2rel.SqlRexConvertletTable;
import org.apache.calcite.sql2rel.StandardConvertletTable;

import java.util.ArrayList;
import java.util.List;

/**
 * Calcite's conversion of SQL calls to expressions, except that a {@code CASE} (and so a
 * {@code COALESCE}) keeps its branches' nullability. Calcite types
 * {@code CASE WHEN x IS NOT NULL THEN x ELSE 11 END} NOT NULL and casts the branch x to NOT NULL;
 * its simplifier then drops the test next to the cast in a filter
 * ({@code coalesce(x, 11) <= 7} becomes {@code CAST(x AS NOT NULL) <= 7}), and the generated
 * code reads a null cast to NOT NULL as 0, so the rows where x is null passed. Without the cast
 * the simplified filter is {@code x <= 7}, which they fail.
 */
final class BoundaryConvertletTable implements SqlRexConvertletTable {
  /** The table. */
  static final BoundaryConvertletTable INSTANCE = new BoundaryConvertletTable();

  private BoundaryConvertletTable() {
  }

  @Override public SqlRexConvertlet get(SqlCall call) {
    return call.getKind() == SqlKind.CASE ? BoundaryConvertletTable::convertCase
        : StandardConvertletTable.INSTANCE.get(call);
  }

  private static RexNode convertCase(SqlRexContext cx, SqlCall call) {
    RexNode converted = StandardConvertletTable.INSTANCE.convertCase(cx, (SqlCase) call);
    if (!(converted instanceof RexCall caseCall) || caseCall.getKind() != SqlKind.CASE) {
      return converted;
    }
    // operands: WHEN, THEN, ..., WHEN, THEN, ELSE
    List<RexNode> operands = new ArrayList<>(caseCall.getOperands());
    boolean changed = false;
    for (int i = 1; i < operands.size(); i++) {
      boolean value = i % 2 == 1 || i == operands.size() - 1;
      if (value && isNullabilityCast(operands.get(i), cx)) {
        operands.set(i, ((RexCall) operands.get(i)).getOperands().get(0));
        changed = true;
      }
    }
    return changed ? caseCall.clone(caseCall.getType(), operands) : caseCall;
  }

  /** Whether a value is a cast of a nullable value to the same type, NOT NULL. */
  private static boolean isNullabilityCast(RexNode value, SqlRexContext cx) {
    if (value.getKind() != SqlKind.CAST || value.getType().isNullable()) {
      return false;
    }
    RexNode operand = ((RexCall) value).getOperands().get(0);
    return operand.getType().isNullable()
        && SqlTypeUtil.equalSansNullability(cx.getTypeFactory(), value.getType(),
            operand.getType());
  }
}
