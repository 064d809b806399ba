/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexPermuteInputsShuttle;
import org.apache.calcite.util.ImmutableBitSet;

import java.util.List;

/**
 * Rule that pushes a projection's columns into the {@link BoundaryLogicalTableScan} below it: a
 * projection of columns only becomes the scan, any other keeps its expressions over a scan of
 * the columns they use.
 */
public final class BoundaryProjectScanRule extends RelRule<BoundaryScanRuleConfig> {
  /** Matches a logical project on a logical scan. */
  static final BoundaryScanRuleConfig DEFAULT_CONFIG = BoundaryScanRuleConfig.of(
      "BoundaryProjectScanRule", LogicalProject.class, BoundaryProjectScanRule::new);

  BoundaryProjectScanRule(BoundaryScanRuleConfig config) {
    super(config);
  }

  @Override public void onMatch(RelOptRuleCall call) {
    LogicalProject project = call.rel(0);
    BoundaryLogicalTableScan scan = call.rel(1);
    ImmutableBitSet used = RelOptUtil.InputFinder.bits(project.getProjects(), null);
    if (used.isEmpty()) {
      used = ImmutableBitSet.of(0); // COUNT(*) and the like: one cheap column
    }
    if (project.getProjects().stream().allMatch(e -> e instanceof RexInputRef)) {
      int[] columns = project.getProjects().stream()
          .mapToInt(e -> scan.columns()[((RexInputRef) e).getIndex()]).toArray();
      call.transformTo(scan.with(columns, scan.filter()));
      return;
    }
    if (used.cardinality() == scan.columns().length) {
      return;
    }
    int[] kept = used.toArray();
    List<RexNode> projects = RexPermuteInputsShuttle.of(scan.keeping(kept))
        .visitList(project.getProjects());
    call.transformTo(project.copy(project.getTraitSet(), scan.narrowedTo(kept), projects,
        project.getRowType()));
  }
}
