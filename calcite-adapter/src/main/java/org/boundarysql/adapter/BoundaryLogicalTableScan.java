/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.util.mapping.Mappings;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Logical scan of a {@link StoreTable}, which the {@link BoundaryRules} rewrite: they push into
 * it the columns a projection or an aggregate uses (only those are built) and the comparisons
 * of item columns with constants in a filter (tested on the store's arrays before a row is
 * built); {@link BoundaryTableScanRule} then makes the enumerable {@link BoundaryTableScan}.
 */
public final class BoundaryLogicalTableScan extends BoundaryScan {
  /** A logical scan of every column. */
  BoundaryLogicalTableScan(RelOptCluster cluster, RelOptTable table, StoreTable storeTable) {
    this(cluster, cluster.traitSetOf(Convention.NONE), table, storeTable, allColumns(table),
        ItemFilter.ALL);
  }

  private BoundaryLogicalTableScan(RelOptCluster cluster, RelTraitSet traits,
      RelOptTable table, StoreTable storeTable, int[] columns, ItemFilter filter) {
    super(cluster, traits, table, storeTable, columns, filter);
  }

  @Override public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new BoundaryLogicalTableScan(getCluster(), traitSet, wholeTable, storeTable, columns,
        filter);
  }

  @Override public void register(RelOptPlanner planner) {
    // Calcite's AGGREGATE_PROJECT_MERGE folds the projection below an aggregate into it: a
    // second plan of the aggregate, over the unprojected scan, whose row count Calcite
    // estimates from that wider input; in the benchmark it won against the narrow scan
    // (docs/results/bench/README.md). The project and aggregate rules narrow the scan
    // themselves, so the merge is not needed; sql-tests' plans.iq pins the resulting plan.
    planner.removeRule(CoreRules.AGGREGATE_PROJECT_MERGE);
    BoundaryRules.RULES.forEach(planner::addRule);
  }

  /** The positions in the whole table of the columns this scan builds, in its row's order. */
  int[] columns() {
    return columns;
  }

  /** The filter this scan applies on the item columns. */
  ItemFilter filter() {
    return filter;
  }

  /** This scan building other columns with another filter. */
  BoundaryLogicalTableScan with(int[] columns, ItemFilter filter) {
    return new BoundaryLogicalTableScan(getCluster(), traitSet, wholeTable, storeTable, columns,
        filter);
  }

  /** The mapping from this scan's row positions to a row of only the {@code kept} ones. */
  Mappings.TargetMapping keeping(int[] kept) {
    Map<Integer, Integer> position = new HashMap<>();
    for (int i = 0; i < kept.length; i++) {
      position.put(kept[i], i);
    }
    return Mappings.target(position, columns.length, kept.length);
  }

  /** This scan building only the columns at the {@code kept} positions of its row. */
  BoundaryLogicalTableScan narrowedTo(int[] kept) {
    int[] narrow = new int[kept.length];
    for (int i = 0; i < kept.length; i++) {
      narrow[i] = columns[kept[i]];
    }
    return with(narrow, filter);
  }
}
