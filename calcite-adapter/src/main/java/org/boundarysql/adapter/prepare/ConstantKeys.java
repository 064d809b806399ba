/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter.prepare;

import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.util.ImmutableBitSet;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An aggregate whose every group key is a constant ({@code SELECT DISTINCT 1}, {@code GROUP BY}
 * a CASE that always gives {@code ''}) as what it means: one group if its input has a row, none
 * otherwise. Calcite's decorrelator drops constant keys, making {@code GROUP BY ()}, which gives
 * one row over no rows: {@code select distinct 1 from t where t.x = (select max(...) where
 * correlated)} returned a row where no row passed the WHERE. Written as the aggregate of no key
 * with a count of the rows, kept where the count is not 0, the keys projected.
 */
final class ConstantKeys extends RelHomogeneousShuttle {
  private ConstantKeys() {
  }

  /** The plan with every aggregate of constant keys rewritten. */
  static RelNode rewrite(RelNode rel) {
    return rel.accept(new ConstantKeys());
  }

  @Override public RelNode visit(RelNode other) {
    RelNode rel = super.visit(other);
    if (!(rel instanceof Aggregate aggregate) || aggregate.getGroupSet().isEmpty()
        || aggregate.getGroupType() != Aggregate.Group.SIMPLE
        || !(aggregate.getInput() instanceof Project project)
        || !aggregate.getGroupSet().asList().stream()
            .allMatch(k -> project.getProjects().get(k) instanceof RexLiteral)) {
      return rel;
    }
    RexBuilder rexBuilder = aggregate.getCluster().getRexBuilder();
    List<AggregateCall> calls = new ArrayList<>();
    int keys = aggregate.getGroupCount();
    for (AggregateCall call : aggregate.getAggCallList()) {
      calls.add(call.adaptTo(project, call.getArgList(), call.filterArg, keys, 0));
    }
    calls.add(AggregateCall.create(SqlStdOperatorTable.COUNT, false, List.of(), -1, 0, project,
        null, "$rows"));
    RelNode total = LogicalAggregate.create(project, aggregate.getHints(), ImmutableBitSet.of(),
        null, calls);
    RexNode rows = RexInputRef.of(calls.size() - 1, total.getRowType());
    RelNode some = LogicalFilter.create(total, rexBuilder.makeCall(
        SqlStdOperatorTable.GREATER_THAN, rows, rexBuilder.makeExactLiteral(BigDecimal.ZERO)));
    List<RexNode> row = new ArrayList<>();
    List<RelDataTypeField> fields = aggregate.getRowType().getFieldList();
    for (int k : aggregate.getGroupSet()) {
      row.add(rexBuilder.ensureType(fields.get(row.size()).getType(),
          project.getProjects().get(k), true));
    }
    for (int i = 0; i < aggregate.getAggCallList().size(); i++) {
      // The aggregate's own type: a call NOT NULL per group is NOT NULL over the non-empty
      // input the filter keeps, and the plan above this one was typed by it.
      row.add(rexBuilder.ensureType(fields.get(row.size()).getType(),
          RexInputRef.of(i, total.getRowType()), false));
    }
    return LogicalProject.create(some, List.of(), row, aggregate.getRowType().getFieldNames(),
        Set.of());
  }
}
