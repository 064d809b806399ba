/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.plan.volcano.RelSubset;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.ArrayList;
import java.util.List;

/**
 * Rule that pushes a filter's comparisons of item columns with constants into the
 * {@link TokensTableScan} below it, as {@link BoundaryFilterScanRule} does for the layer tables:
 * the table then reads the tokens of the items that pass only; the other conjuncts stay in the
 * filter. The scan is in enumerable convention from the start, so it is found as its set's
 * original node rather than matched as a logical operand.
 */
public final class TokensFilterRule extends RelRule<BoundaryScanRuleConfig> {
  /** Matches a logical filter; its input is looked at in {@link #onMatch}. */
  static final BoundaryScanRuleConfig DEFAULT_CONFIG = new BoundaryScanRuleConfig(
      "TokensFilterRule", b -> b.operand(LogicalFilter.class).anyInputs(),
      RelFactories.LOGICAL_BUILDER, TokensFilterRule::new);

  TokensFilterRule(BoundaryScanRuleConfig config) {
    super(config);
  }

  /** The node a set was registered with: for a tokens scan, the scan itself. */
  static RelNode original(RelNode rel) {
    return rel instanceof RelSubset subset ? subset.getOriginal() : rel;
  }

  @Override public void onMatch(RelOptRuleCall call) {
    LogicalFilter filter = call.rel(0);
    List<RexNode> rest = new ArrayList<>();
    TokensTableScan filtered = filtered(filter, rest);
    if (filtered == null) {
      return;
    }
    call.transformTo(rest.isEmpty() ? filtered : filter.copy(filter.getTraitSet(), filtered,
        RexUtil.composeConjunction(filter.getCluster().getRexBuilder(), rest)));
  }

  /**
   * The scan below {@code filter} with the filter's pushable conjuncts pushed into its table,
   * adding the others to {@code rest}; null if the filter is not on a tokens scan or pushes
   * nothing.
   */
  static @Nullable TokensTableScan filtered(LogicalFilter filter, List<RexNode> rest) {
    if (!(original(filter.getInput()) instanceof TokensTableScan scan)) {
      return null;
    }
    TokensTableScan filtered = filtered(scan, RelOptUtil.conjunctions(filter.getCondition()),
        rest);
    return filtered == scan ? null : filtered;
  }

  /**
   * {@code scan} with those of {@code conjuncts} (over its columns) that compare item columns
   * with constants pushed into its table, adding the others to {@code rest}; {@code scan}
   * itself if none does.
   */
  static TokensTableScan filtered(TokensTableScan scan, List<RexNode> conjuncts,
      List<RexNode> rest) {
    int[] columns = TokensTable.itemColumns();
    List<ItemFilter.Condition> pushed = new ArrayList<>();
    for (RexNode conjunct : conjuncts) {
      ItemFilter.Condition condition = BoundaryFilterScanRule.condition(conjunct, columns);
      if (condition != null) {
        pushed.add(condition);
      } else {
        rest.add(conjunct);
      }
    }
    return pushed.isEmpty() ? scan : new TokensTableScan(scan.getCluster(), scan.getTable(),
        scan.tokensTable().filtered(ItemFilter.of(pushed)));
  }
}
