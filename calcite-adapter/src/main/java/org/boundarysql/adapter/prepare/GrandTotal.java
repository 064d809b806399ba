/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter.prepare;

import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.logical.LogicalSort;
import org.apache.calcite.rel.logical.LogicalUnion;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.util.ImmutableBitSet;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The grand total of {@code ROLLUP}, {@code CUBE} and {@code GROUPING SETS} over no rows.
 * Calcite's enumerable aggregate of several grouping sets makes its rows from the input's, so
 * over no rows it makes none, where the empty grouping set must still give one row, as
 * {@code GROUP BY ()} does. An aggregate of several sets, one of them empty, becomes
 *
 * <pre>
 * aggregate
 * UNION ALL
 * the empty set's row of the aggregate over no rows, kept only if the input has no row
 * </pre>
 *
 * where the second part reads at most one row of the input (to see whether there is one) and
 * computes its aggregates over none; its row has the aggregate's types, so the union's row
 * type is the aggregate's.
 */
final class GrandTotal extends RelHomogeneousShuttle {
  private GrandTotal() {
  }

  /** The plan with every aggregate over several grouping sets, one empty, completed. */
  static RelNode complete(RelNode rel) {
    return rel.accept(new GrandTotal());
  }

  @Override public RelNode visit(RelNode other) {
    RelNode rel = super.visit(other);
    if (!(rel instanceof Aggregate aggregate)
        || aggregate.getGroupType() == Aggregate.Group.SIMPLE
        || !aggregate.getGroupSets().contains(ImmutableBitSet.of())) {
      return rel;
    }
    return LogicalUnion.create(List.of(aggregate, totalOfNoRows(aggregate)), true);
  }

  /** The empty grouping set's row over no rows, if the input has no row; else no row. */
  private static RelNode totalOfNoRows(Aggregate aggregate) {
    RelNode input = aggregate.getInput();
    RexBuilder rexBuilder = aggregate.getCluster().getRexBuilder();
    List<AggregateCall> calls = new ArrayList<>();
    for (AggregateCall call : aggregate.getAggCallList()) {
      if (!isGrouping(call)) {
        calls.add(call);
      }
    }
    // the aggregates of no rows: over the input cut to none
    RelNode none = LogicalAggregate.create(LogicalSort.create(input, RelCollations.EMPTY, null,
        rexBuilder.makeExactLiteral(BigDecimal.ZERO)), List.of(), ImmutableBitSet.of(), null,
        calls);
    // how many rows the input has, up to one
    RelNode rows = LogicalAggregate.create(LogicalSort.create(input, RelCollations.EMPTY, null,
        rexBuilder.makeExactLiteral(BigDecimal.ONE)), List.of(), ImmutableBitSet.of(), null,
        List.of(AggregateCall.create(SqlStdOperatorTable.COUNT, false, List.of(), -1, 0, input,
            null, "rows")));
    RelNode empty = LogicalFilter.create(rows, rexBuilder.makeCall(SqlStdOperatorTable.EQUALS,
        RexInputRef.of(0, rows.getRowType()), rexBuilder.makeExactLiteral(BigDecimal.ZERO)));
    RelNode joined = LogicalJoin.create(none, empty, List.of(), rexBuilder.makeLiteral(true),
        Set.of(), JoinRelType.INNER);

    List<RelDataTypeField> fields = aggregate.getRowType().getFieldList();
    List<RexNode> row = new ArrayList<>();
    int keys = aggregate.getGroupCount();
    for (int k = 0; k < keys; k++) {
      row.add(rexBuilder.makeNullLiteral(fields.get(k).getType()));
    }
    int next = 0;
    for (AggregateCall call : aggregate.getAggCallList()) {
      RelDataType type = fields.get(row.size()).getType();
      row.add(isGrouping(call)
          // every key is left out of the empty set: a 1 bit per argument
          ? rexBuilder.makeExactLiteral(BigDecimal.valueOf((1L << call.getArgList().size()) - 1),
              type)
          : rexBuilder.ensureType(type, RexInputRef.of(next++, joined.getRowType()), true));
    }
    return LogicalProject.create(joined, List.of(), row, aggregate.getRowType().getFieldNames(),
        Set.of());
  }

  private static boolean isGrouping(AggregateCall call) {
    return call.getAggregation().getKind() == SqlKind.GROUPING
        || call.getAggregation().getKind() == SqlKind.GROUPING_ID
        || call.getAggregation().getKind() == SqlKind.GROUP_ID;
  }
}
