/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter.prepare;

import org.apache.calcite.plan.Strong;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;

import java.util.List;

/**
 * The expressions that are null whatever the row, folded to null literals, comparisons
 * included. Calcite's conversion leaves {@code (CASE WHEN x <> CAST(NULL AS REAL) THEN 'test'
 * END) < t.split} as {@code CASE(null, 'test', null) < $1}; the field trimmer simplifies that
 * to {@code null < $1}, reads it as a predicate of the rows and fails an internal check
 * ("Comparison with NULL in pulledUpPredicates"). Folded here, on the converted plan before
 * trimming, the condition is a null literal: no row passes, as in PostgreSQL.
 */
final class NullComparisons extends RelHomogeneousShuttle {
  private NullComparisons() {
  }

  /** The plan, its sub-queries' included, with null-valued expressions as null literals. */
  static RelNode simplify(RelNode rel) {
    return rel.accept(new NullComparisons());
  }

  @Override public RelNode visit(RelNode other) {
    return super.visit(other).accept(new RexShuttle() {
      @Override public RexNode visitCall(RexCall call) {
        RexNode visited = super.visitCall(call);
        return visited instanceof RexCall folded && folded.getType().isNullable()
            && alwaysNull(folded)
            ? other.getCluster().getRexBuilder().makeNullLiteral(folded.getType())
            : visited;
      }

      @Override public RexNode visitSubQuery(RexSubQuery subQuery) {
        RexSubQuery visited = (RexSubQuery) super.visitSubQuery(subQuery);
        return visited.clone(simplify(visited.rel));
      }
    });
  }

  /**
   * Whether a call is null whatever its input: a strict call (a comparison, arithmetic) with
   * a null operand, or a CASE whose every value that can be taken is null (a branch whose
   * condition is null or false is never taken).
   */
  private static boolean alwaysNull(RexCall call) {
    List<RexNode> operands = call.getOperands();
    if (call.getKind() == SqlKind.CASE) {
      for (int i = 0; i + 1 < operands.size(); i += 2) {
        boolean neverTaken = RexUtil.isNullLiteral(operands.get(i), true)
            || operands.get(i).isAlwaysFalse();
        if (!neverTaken && !RexUtil.isNullLiteral(operands.get(i + 1), true)) {
          return false;
        }
      }
      return RexUtil.isNullLiteral(operands.get(operands.size() - 1), true);
    }
    return Strong.policy(call) == Strong.Policy.ANY
        && operands.stream().anyMatch(operand -> RexUtil.isNullLiteral(operand, true));
  }
}
