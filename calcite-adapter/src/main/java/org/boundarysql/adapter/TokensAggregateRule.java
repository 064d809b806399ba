/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.plan.volcano.RelSubset;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.boundarysql.adapter.function.ScanAggregate;

import java.util.ArrayList;
import java.util.List;

/**
 * Rule that lets a tokens table compute the aggregate on its scan ({@link TokensAggregate})
 * when the aggregate groups by columns before the activation and computes only {@code COUNT}
 * and diagnosis aggregates of the activation, as {@link BoundaryTableAggregateRule} does for
 * the layer tables; a projection between them may pass columns and literals. The scan is in
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

  private static RelNode original(RelNode rel) {
    return rel instanceof RelSubset subset ? subset.getOriginal() : rel;
  }

  @Override public void onMatch(RelOptRuleCall call) {
    LogicalAggregate aggregate = call.rel(0);
    if (aggregate.getGroupType() != Aggregate.Group.SIMPLE) {
      return;
    }
    RelNode input = original(aggregate.getInput());
    List<RexNode> fields = new ArrayList<>();
    if (input instanceof LogicalProject project) {
      fields.addAll(project.getProjects());
      input = original(project.getInput());
    } else {
      for (RelDataTypeField field : input.getRowType().getFieldList()) {
        fields.add(new RexInputRef(field.getIndex(), field.getType()));
      }
    }
    if (!(input instanceof TokensTableScan scan)) {
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

  /** The table column a field passes on, or -1 if it computes a value. */
  private static int column(RexNode field) {
    return field instanceof RexInputRef ref ? ref.getIndex() : -1;
  }
}
