/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.util.ImmutableBitSet;
import org.apache.calcite.util.mapping.Mappings;

import java.util.ArrayList;
import java.util.List;

/**
 * Rule that narrows the {@link BoundaryLogicalTableScan} below an aggregate to the columns the
 * aggregate reads. (Calcite merges the projection below an aggregate into it, so
 * {@link BoundaryProjectScanRule} alone would not see it.)
 */
public final class BoundaryAggregateScanRule extends RelRule<BoundaryScanRuleConfig> {
  /** Matches a logical aggregate on a logical scan. */
  static final BoundaryScanRuleConfig DEFAULT_CONFIG = BoundaryScanRuleConfig.of(
      "BoundaryAggregateScanRule", LogicalAggregate.class, BoundaryAggregateScanRule::new);

  BoundaryAggregateScanRule(BoundaryScanRuleConfig config) {
    super(config);
  }

  @Override public void onMatch(RelOptRuleCall call) {
    LogicalAggregate aggregate = call.rel(0);
    BoundaryLogicalTableScan scan = call.rel(1);
    ImmutableBitSet.Builder used = aggregate.getGroupSet().rebuild();
    for (AggregateCall aggCall : aggregate.getAggCallList()) {
      if (!aggCall.rexList.isEmpty()) {
        return;
      }
      used.addAll(aggCall.getArgList());
      if (aggCall.filterArg >= 0) {
        used.set(aggCall.filterArg);
      }
      if (aggCall.distinctKeys != null) {
        used.addAll(aggCall.distinctKeys);
      }
      aggCall.collation.getFieldCollations().forEach(f -> used.set(f.getFieldIndex()));
    }
    int[] kept = used.build().toArray();
    if (kept.length == 0) {
      kept = new int[] {0}; // COUNT(*): one cheap column
    }
    if (kept.length == scan.columns().length) {
      return;
    }
    Mappings.TargetMapping mapping = scan.keeping(kept);
    List<AggregateCall> calls = new ArrayList<>();
    for (AggregateCall aggCall : aggregate.getAggCallList()) {
      calls.add(aggCall.transform(mapping));
    }
    List<ImmutableBitSet> groupSets = new ArrayList<>();
    for (ImmutableBitSet groupSet : aggregate.getGroupSets()) {
      groupSets.add(groupSet.permute(mapping));
    }
    call.transformTo(aggregate.copy(aggregate.getTraitSet(), scan.narrowedTo(kept),
        aggregate.getGroupSet().permute(mapping), groupSets, calls));
  }
}
