/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.boundarysql.adapter.function.ScanAggregate;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.ArrayList;
import java.util.List;

/**
 * Rule that lets a tokens table compute the aggregate on its scan ({@link TokensAggregate})
 * when the aggregate groups by columns before the activation and computes only {@code COUNT}
 * and diagnosis aggregates of the activation, as {@link BoundaryTableAggregateRule} does for
 * the layer tables; projections between them may pass columns and literals, and filters
 * whose conjuncts all compare item columns with constants are pushed into the table. The scan is in
 * enumerable convention from the start, so it is found as its set's original node rather than
 * matched as a logical operand.
 */
public final class TokensAggregateRule extends RelRule<BoundaryScanRuleConfig> {
  /** Matches a logical aggregate; its input is looked at in {@link #onMatch}. */
  static final BoundaryScanRuleConfig DEFAULT_CONFIG = new BoundaryScanRuleConfig(
      "TokensAggregateRule", b -> b.operand(LogicalAggregate.class).anyInputs(),
      RelFactories.LOGICAL_BUILDER, TokensAggregateRule::new);

  TokensAggregateRule(BoundaryScanRuleConfig config) {
    super(config);
  }

  @Override public void onMatch(RelOptRuleCall call) {
    LogicalAggregate aggregate = call.rel(0);
    if (aggregate.getGroupType() != Aggregate.Group.SIMPLE) {
      return;
    }
    List<RexNode> conditions = new ArrayList<>();
    List<RexNode> fields = fieldsOverScan(aggregate.getInput(), conditions);
    if (fields == null) {
      return;
    }
    List<RexNode> rest = new ArrayList<>();
    TokensTableScan scan = TokensFilterRule.filtered(scan(aggregate.getInput()), conditions,
        rest);
    if (!rest.isEmpty()) {
      return;
    }
    int activation = TokensTable.activationColumn();
    List<Integer> groupSet = aggregate.getGroupSet().asList();
    int[] keys = new int[groupSet.size()];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = column(fields.get(groupSet.get(i)));
      if (keys[i] < 0 || keys[i] >= activation) {
        return;
      }
    }
    ScanAggregate[] aggregates = new ScanAggregate[aggregate.getAggCallList().size()];
    for (int i = 0; i < aggregates.length; i++) {
      aggregates[i] = BoundaryTableAggregateRule.scanAggregate(
          aggregate.getAggCallList().get(i), fields, TokensAggregateRule::column,
          TokensTable::notNull, activation);
      if (aggregates[i] == null) {
        return;
      }
    }
    call.transformTo(new TokensAggregate(
        aggregate.getTraitSet().replace(EnumerableConvention.INSTANCE), scan, keys, aggregates,
        aggregate.getRowType()));
  }

  /**
   * The fields of {@code rel} as expressions over the columns of the tokens scan below it,
   * through projections of columns and literals and filters (whose conditions, over the scan's
   * columns, go to {@code conditions}); null if {@code rel} is anything else.
   */
  private static @Nullable List<RexNode> fieldsOverScan(RelNode rel, List<RexNode> conditions) {
    RelNode node = TokensFilterRule.original(rel);
    if (node instanceof TokensTableScan scan) {
      List<RexNode> fields = new ArrayList<>();
      for (RelDataTypeField field : scan.getRowType().getFieldList()) {
        fields.add(new RexInputRef(field.getIndex(), field.getType()));
      }
      return fields;
    }
    if (node instanceof LogicalFilter filter) {
      List<RexNode> fields = fieldsOverScan(filter.getInput(), conditions);
      if (fields == null) {
        return null;
      }
      conditions.addAll(RelOptUtil.conjunctions(onScan(filter.getCondition(), fields)));
      return fields;
    }
    if (node instanceof LogicalProject project) {
      List<RexNode> below = fieldsOverScan(project.getInput(), conditions);
      if (below == null) {
        return null;
      }
      List<RexNode> fields = new ArrayList<>();
      for (RexNode expression : project.getProjects()) {
        if (expression instanceof RexInputRef ref) {
          fields.add(below.get(ref.getIndex()));
        } else if (expression instanceof RexLiteral) {
          fields.add(expression);
        } else {
          return null;
        }
      }
      return fields;
    }
    return null;
  }

  /** The tokens scan at the bottom of a chain {@link #fieldsOverScan} accepted. */
  private static TokensTableScan scan(RelNode rel) {
    RelNode node = TokensFilterRule.original(rel);
    return node instanceof TokensTableScan scan ? scan : scan(node.getInput(0));
  }

  /** {@code condition} with its field references replaced by what they are over the scan. */
  private static RexNode onScan(RexNode condition, List<RexNode> fields) {
    return condition.accept(new RexShuttle() {
      @Override public RexNode visitInputRef(RexInputRef ref) {
        return fields.get(ref.getIndex());
      }
    });
  }

  /** The table column a field passes on, or -1 if it computes a value. */
  private static int column(RexNode field) {
    return field instanceof RexInputRef ref ? ref.getIndex() : -1;
  }
}
